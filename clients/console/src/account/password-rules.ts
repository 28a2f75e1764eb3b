/**
 * The server's rule for a new password (server/src/auth/auth.service.ts: passwordRefusal): 10 to
 * 256 characters, not one character repeated. Checked here too so a short one is refused before
 * the request; the server's answer is still shown when it refuses.
 */
export const passwordMinLength = 10;
export const passwordMaxLength = 256;

export const passwordRule = `At least ${passwordMinLength} characters.`;

export function validateNewPassword(password: string): string | null {
  if (password.length < passwordMinLength) {
    return `Use at least ${passwordMinLength} characters (this one has ${password.length}).`;
  }
  if (password.length > passwordMaxLength) return `Use at most ${passwordMaxLength} characters.`;
  if (new Set(password).size === 1)
    return 'Use different characters: one character repeated is guessed first.';
  return null;
}
