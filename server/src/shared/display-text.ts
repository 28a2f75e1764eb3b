/**
 * Rules for text that one user writes and others read (display names, listing titles and
 * descriptions, dispute messages).
 *
 * `spoofingCharacters` changes how the text around it is shown without being seen itself:
 * - the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069),
 *   which show "yek maets" as "steam key", or a name as another one;
 * - invisible characters: the zero-width space (U+200B), the word joiner and invisible operators
 *   (U+2060 to U+2064), the byte order mark (U+FEFF) and the Hangul fillers (U+115F, U+1160,
 *   U+3164, U+FFA0), which make two names look alike or a name look blank.
 * The zero-width joiner and non-joiner (U+200C, U+200D) and the left-to-right and right-to-left
 * marks (U+200E, U+200F) are allowed: emoji and several scripts need them.
 */
export const spoofingCharacters =
  /[\u202A-\u202E\u2066-\u2069\u200B\u2060-\u2064\uFEFF\u115F\u1160\u3164\uFFA0]/u;

/** Control characters, the line and paragraph separators included: one-line text has none. */
export const oneLineControlCharacters = /[\p{Cc}\u2028\u2029]/u;

/** Control characters but line feed and tab: multi-line text keeps its lines (CR LF is made LF first). */
export const multiLineControlCharacters = /[^\P{Cc}\n\t]/u;

const loneSurrogate = /\p{Cs}/u;

/** One line a person can read as written: no control, spoofing or broken (lone surrogate) character. */
export function isReadableLine(text: string): boolean {
  return !oneLineControlCharacters.test(text) && !spoofingCharacters.test(text) && !loneSurrogate.test(text);
}

/** Like isReadableLine, with line feeds and tabs allowed. */
export function isReadableText(text: string): boolean {
  return (
    !multiLineControlCharacters.test(text) && !spoofingCharacters.test(text) && !loneSurrogate.test(text)
  );
}
