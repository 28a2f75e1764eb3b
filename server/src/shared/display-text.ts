/**
 * Rules for text that one user writes and others read (display names, listing titles and
 * descriptions, dispute messages, attachment file names).
 *
 * `spoofingCharacters` changes how the text around it is shown without being seen itself: every
 * format character (Unicode category Cf) and every default-ignorable code point, which covers the
 * bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), which show
 * "yek maets" as "steam key" or a name as another one, the zero-width space, the soft hyphen, the
 * word joiner and invisible operators, the Mongolian vowel separator, the Arabic letter mark, the
 * byte order mark, the Hangul fillers and the tag characters; and the braille blank (U+2800), which
 * makes a name look empty. Allowed: the zero-width non-joiner and joiner (U+200C, U+200D) and the
 * left-to-right and right-to-left marks (U+200E, U+200F), which several scripts and emoji need, and
 * the variation selectors (U+FE00 to U+FE0F: the emoji presentation of "❤️").
 */
export const spoofingCharacters =
  /(?![\u200C-\u200F])(?!\p{Variation_Selector})[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/u;

/**
 * More than four combining marks in a row: marks stacked until they cover the text around them.
 * Scripts that stack marks (Vietnamese, Devanagari, Thai) use two or three.
 */
const stackedMarks = /\p{M}{5,}/u;

/** Control characters, the line and paragraph separators included: one-line text has none. */
export const oneLineControlCharacters = /[\p{Cc}\u2028\u2029]/u;

/**
 * Control characters but line feed and tab, and the line and paragraph separators: multi-line text
 * keeps its lines as line feeds (CR LF is made LF first).
 */
export const multiLineControlCharacters = /[^\P{Cc}\n\t]|[\u2028\u2029]/u;

const loneSurrogate = /\p{Cs}/u;

/** One line a person can read as written: no control, spoofing or broken (lone surrogate) character, no stacked marks. */
export function isReadableLine(text: string): boolean {
  return (
    !oneLineControlCharacters.test(text) &&
    !spoofingCharacters.test(text) &&
    !stackedMarks.test(text) &&
    !loneSurrogate.test(text)
  );
}

/** Like isReadableLine, with line feeds and tabs allowed. */
export function isReadableText(text: string): boolean {
  return (
    !multiLineControlCharacters.test(text) &&
    !spoofingCharacters.test(text) &&
    !stackedMarks.test(text) &&
    !loneSurrogate.test(text)
  );
}
