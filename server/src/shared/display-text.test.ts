import { isReadableLine, isReadableText } from './display-text';

describe('text that one user writes and others read', () => {
  test.each([
    ['plain words', 'Hades — Steam key'],
    ['Arabic', 'مفتاح ستيم'],
    ['Hebrew with a right-to-left mark', 'מפתח\u200F Steam'],
    ['an emoji family (zero-width joiners)', '👨\u200D👩\u200D👧 bundle'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['accents and CJK', 'Été ✓ 游戏'],
    ['an emoji with its variation selector', 'Gift ❤️ card'],
    ['Vietnamese (two marks on a letter)', 'Tiếng Việt'],
    ['Hindi', 'हिन्दी कुंजी'],
  ])('accepts %s', (_case, text) => {
    expect(isReadableLine(text)).toBe(true);
    expect(isReadableText(text)).toBe(true);
  });

  test.each([
    ['a right-to-left override', 'abc\u202Edef'],
    ['a left-to-right embedding', 'abc\u202Adef'],
    ['a pop directional formatting', 'abc\u202Cdef'],
    ['a first-strong isolate', '\u2068abc\u2069'],
    ['a zero-width space', 'ab\u200Bcd'],
    ['a word joiner', 'ab\u2060cd'],
    ['a byte order mark', '\uFEFFabc'],
    ['a Hangul filler', '\u3164'],
    ['a lone surrogate', 'ab\uD800cd'],
    ['a bell', 'ab\u0007cd'],
    ['an escape (terminal colours)', '\u001B[31mred'],
    ['a soft hyphen ("Sup-port" shown as "Support")', 'Sup\u00ADport'],
    ['a Mongolian vowel separator', 'a\u180Eb'],
    ['an Arabic letter mark', 'a\u061Cb'],
    ['a combining grapheme joiner', 'a\u034Fb'],
    ['a Khmer inherent vowel', 'a\u17B4b'],
    ['a braille blank (looks empty)', '\u2800'],
    ['a deprecated format character', 'a\u206Ab'],
    ['an interlinear annotation', 'a\uFFF9b'],
    ['a musical format character', 'a\u{1D173}b'],
    ['a tag character', 'a\u{E0041}b'],
    ['thirty stacked combining marks', `Support${'\u0336'.repeat(30)}`],
  ])('refuses %s', (_case, text) => {
    expect(isReadableLine(text)).toBe(false);
    expect(isReadableText(text)).toBe(false);
  });

  it('keeps line feeds and tabs in multi-line text only', () => {
    expect(isReadableText('line one\n\tline two')).toBe(true);
    expect(isReadableLine('line one\nline two')).toBe(false);
    expect(isReadableLine('a\u2028b')).toBe(false);
    expect(isReadableText('carriage\rreturn')).toBe(false);
    expect(isReadableText('a\u2028b')).toBe(false);
    expect(isReadableText('a\u2029b')).toBe(false);
  });
});
