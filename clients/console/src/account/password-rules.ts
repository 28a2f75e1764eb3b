/**
 * The server's rule for a new password (server/src/auth/auth.service.ts: passwordMinLength and
 * passwordMaxLength), checked here too so a short one is refused before the request; the server's
 * answer is still shown when it refuses.
 */
export const passwordMinLength = 10;
export const passwordMaxLength = 256;

export const passwordRule = `At least ${passwordMinLength} characters.`;

export function validateNewPassword(password: string): string | null {
  if (password.length < passwordMinLength) {
    return `Use at least ${passwordMinLength} characters (this one has ${password.length}).`;
  }
  if (password.length > passwordMaxLength) return `Use at most ${passwordMaxLength} characters.`;
  return null;
}
