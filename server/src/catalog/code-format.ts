/**
 * What a code line may be, and what makes two codes "the same code". Pure: no keys, no I/O.
 *
 * A code is stored as the seller sent it, trimmed: that is what the buyer receives. Its identity
 * (the input of the fingerprint) is a normalised form that ignores what a redeeming platform
 * ignores: letter case, whitespace and dashes. Steam, Xbox, PlayStation, Nintendo and the
 * gift-card issuers accept `abcde-fghij`, `ABCDE FGHIJ` and `ABCDEFGHIJ` as one key, so a seller
 * who could re-upload a code by reformatting it could sell it twice; folding them is what makes
 * the platform-wide uniqueness real. The cost is that two genuinely distinct codes that differ
 * only in case or separators would collide and the second be refused as a duplicate; for issued
 * codes, which are random strings of 10+ characters, that is vanishingly rare, and a refused
 * upload is recoverable (support) where a code sold twice is not. The rule is the same for every
 * listing kind on purpose: fingerprints are compared across all listings, so a per-kind rule
 * would let a code listed as a gift card slip past the same code listed as a game key.
 *
 * Codes are printable ASCII, which every key and gift-card format uses. That also closes the
 * Unicode look-alike route (a Cyrillic "А" or a full-width "Ａ" for a Latin "A").
 *
 * A code has at least `minCodeLength` characters besides dashes and spaces: the shortest issued
 * formats (PIN-style gift cards) have more, and a stray "x" or "1" in an upload is a mistake that
 * would otherwise be sold to a buyer, who then has to open a dispute.
 */
export const maxCodeLength = 512;
export const minCodeLength = 5;

/** Whitespace and the ASCII dash: formatting, not content. */
const separators = /[\s-]+/g;
const printableAscii = /^[\x20-\x7e]+$/;

export type CodeLine = { valid: true; code: string; normalized: string } | { valid: false; reason: string };

export function parseCodeLine(raw: string): CodeLine {
  const code = raw.trim();
  if (code.length === 0) return { valid: false, reason: 'The line is empty.' };
  if (code.length > maxCodeLength) {
    return {
      valid: false,
      reason: `A code is at most ${maxCodeLength} characters; this one has ${code.length}.`,
    };
  }
  if (!printableAscii.test(code)) {
    return {
      valid: false,
      reason: 'A code holds printable ASCII characters only (no control, non-ASCII or invisible characters).',
    };
  }
  const normalized = normalizeCode(code);
  if (normalized.length === 0) return { valid: false, reason: 'The line holds only dashes and spaces.' };
  if (normalized.length < minCodeLength) {
    return {
      valid: false,
      reason: `A code has at least ${minCodeLength} characters besides dashes and spaces; this one has ${normalized.length}. Check that the line holds a whole code.`,
    };
  }
  return { valid: true, code, normalized };
}

/** The form a code's fingerprint is computed from: upper case, without whitespace or dashes. */
export function normalizeCode(code: string): string {
  return code.replace(separators, '').toUpperCase();
}
