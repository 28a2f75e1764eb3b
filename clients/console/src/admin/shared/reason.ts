/**
 * Every admin action that changes someone's money or standing is recorded with a reason. The
 * server's rule (3 to 500 printable characters, after trimming) is checked here too, so a typo is
 * caught before the request; the server's answer is still shown when it refuses.
 */
export const reasonMinLength = 3;
export const reasonMaxLength = 500;

export function validateReason(reason: string): string | null {
  const trimmed = reason.trim();
  if (trimmed.length < reasonMinLength) return `Give a reason of at least ${reasonMinLength} characters.`;
  if (trimmed.length > reasonMaxLength) return `Keep the reason to ${reasonMaxLength} characters at most.`;
  if (/\p{Cc}/u.test(trimmed)) return 'Use printable characters only (no line breaks or tabs).';
  return null;
}
