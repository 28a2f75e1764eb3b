// The catalog's pure parts, without a database: code format, keys, cipher, listing rules, cursors.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { parseCodeKeys } from './code-keys';
import { CodeCipher } from './code-cipher';
import { maxCodeLength, normalizeCode, parseCodeLine } from './code-format';
import { ListingSort, ListingStatus } from './catalog.enums';
import { containsPattern, statusChange } from './catalog.rules';
import { decodeListingCursor, encodeListingCursor } from './listing-cursor';

const key = () => crypto.randomBytes(32).toString('base64');

describe('parseCodeLine', () => {
  test.each([
    ['ABCDE-FGHIJ-KLMNO', 'ABCDEFGHIJKLMNO'],
    ['  abcde fghij  ', 'ABCDEFGHIJ'],
    ['gift.card_01', 'GIFT.CARD_01'],
    ['ab-c de', 'ABCDE'],
  ])('given %j, when parsed, then it is valid and normalises to %j', (raw, normalized) => {
    expect(parseCodeLine(raw)).toEqual({ valid: true, code: raw.trim(), normalized });
  });

  test.each([
    ['an empty line', ''],
    ['a blank line', ' \t '],
    ['only separators', '- - -'],
    ['a control character', 'AB\u0007CD'],
    ['a tab inside', 'AB\tCD'],
    ['a non-ASCII letter', 'ÄBCD'],
    ['a full-width look-alike', 'ＡＢＣＤ'],
    ['a zero-width space', 'AB\u200bCD'],
    ['513 characters', 'x'.repeat(maxCodeLength + 1)],
    ['one character', 'x'],
    ['four characters besides separators', 'AB-C D'],
  ])('given %s, when parsed, then it is invalid with a reason', (_case, raw) => {
    const parsed = parseCodeLine(raw);
    expect(parsed.valid).toBe(false);
    expect(!parsed.valid && parsed.reason.length).toBeGreaterThan(0);
  });

  it('given any code, when its case or dashes and spaces change, then its normalised form does not', () => {
    const printable = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
    fc.assert(
      fc.property(
        printable,
        fc.array(fc.constantFrom('-', ' ', '--'), { maxLength: 5 }),
        (code, separators) => {
          const variant = separators.reduce((text, separator, index) => {
            const at = Math.min(index * 3, text.length);
            return `${text.slice(0, at)}${separator}${text.slice(at)}`;
          }, code.toLowerCase());
          const parsed = parseCodeLine(code);
          const parsedVariant = parseCodeLine(variant);
          if (parsed.valid && parsedVariant.valid) expect(parsedVariant.normalized).toBe(parsed.normalized);
          expect(normalizeCode(normalizeCode(code))).toBe(normalizeCode(code));
        },
      ),
    );
  });
});

describe('parseCodeKeys', () => {
  it('given nothing outside production, when parsed, then deterministic development keys', () => {
    const first = parseCodeKeys(
      { encryptionKeys: undefined, activeKeyId: undefined, fingerprintKey: undefined },
      false,
    );
    const second = parseCodeKeys(
      { encryptionKeys: undefined, activeKeyId: undefined, fingerprintKey: undefined },
      false,
    );
    expect(first).toEqual(second);
    expect('activeKeyId' in first && first.activeKeyId).toBe('dev-1');
  });

  test.each([
    [
      'no keys in production',
      { encryptionKeys: undefined, fingerprintKey: key() },
      true,
      /must be set in production/,
    ],
    [
      'no fingerprint key in production',
      { encryptionKeys: `k1:${key()}` },
      true,
      /FINGERPRINT_KEY must be set/,
    ],
    ['a short key', { encryptionKeys: `k1:${crypto.randomBytes(16).toString('base64')}` }, false, /32 bytes/],
    ['a mistyped key', { encryptionKeys: `k1:${key().slice(0, -4)}!!!!` }, false, /32 bytes/],
    ['a bad key id', { encryptionKeys: `bad id:${key()}` }, false, /keyId:base64key/],
    ['a repeated key id', { encryptionKeys: `k1:${key()},k1:${key()}` }, false, /twice/],
    ['several keys and no active one', { encryptionKeys: `k1:${key()},k2:${key()}` }, false, /must name one/],
    [
      'an active id that is not a key',
      { encryptionKeys: `k1:${key()}`, activeKeyId: 'k9' },
      false,
      /not among/,
    ],
    [
      'a short fingerprint key',
      { fingerprintKey: crypto.randomBytes(16).toString('base64') },
      false,
      /at least 32 bytes/,
    ],
  ])('given %s, when parsed, then an error', (_case, values, production, message) => {
    const result = parseCodeKeys(
      { encryptionKeys: undefined, activeKeyId: undefined, fingerprintKey: undefined, ...values },
      production,
    );
    expect('error' in result && result.error).toMatch(message);
  });

  it('given the development keys set explicitly in production, when parsed, then refused', () => {
    const development = parseCodeKeys(
      { encryptionKeys: undefined, activeKeyId: undefined, fingerprintKey: undefined },
      false,
    );
    if ('error' in development) throw new Error(development.error);
    const devKey = development.encryptionKeys.get('dev-1')!.toString('base64');
    const devFingerprint = development.fingerprintKey.toString('base64');
    expect(
      parseCodeKeys({ encryptionKeys: `k1:${devKey}`, activeKeyId: undefined, fingerprintKey: key() }, true),
    ).toEqual({
      error: expect.stringMatching(/development key/),
    });
    expect(
      parseCodeKeys(
        { encryptionKeys: `k1:${key()}`, activeKeyId: undefined, fingerprintKey: devFingerprint },
        true,
      ),
    ).toEqual({
      error: expect.stringMatching(/development key/),
    });
  });

  it('given two keys and an active id, when parsed, then both are kept and the active one is named', () => {
    const result = parseCodeKeys(
      { encryptionKeys: `old:${key()}, new:${key()}`, activeKeyId: 'new', fingerprintKey: key() },
      true,
    );
    expect('error' in result).toBe(false);
    expect(!('error' in result) && [...result.encryptionKeys.keys()]).toEqual(['old', 'new']);
  });
});

describe('CodeCipher', () => {
  const keys = (spec: string, activeKeyId?: string) => {
    const parsed = parseCodeKeys(
      { encryptionKeys: spec, activeKeyId, fingerprintKey: fingerprintKey },
      false,
    );
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  };
  const fingerprintKey = key();
  const k1 = key();
  const k2 = key();

  it('given a sealed code, when opened, then the code; with a fresh IV every time', () => {
    const cipher = new CodeCipher(keys(`k1:${k1}`));
    const id = crypto.randomUUID();
    const first = cipher.seal(id, 'ABCDE-12345');
    const second = cipher.seal(id, 'ABCDE-12345');
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(cipher.open({ id, ...first })).toBe('ABCDE-12345');
  });

  it('given a rotation, when the new key is active, then old codes still open and new ones are sealed with the new key', () => {
    const before = new CodeCipher(keys(`k1:${k1}`));
    const after = new CodeCipher(keys(`k1:${k1},k2:${k2}`, 'k2'));
    const id = crypto.randomUUID();
    const old = before.seal(id, 'OLD-CODE');
    const fresh = after.seal(id, 'NEW-CODE');
    expect(fresh.keyId).toBe('k2');
    expect(after.open({ id, ...old })).toBe('OLD-CODE');
    expect(after.open({ id, ...fresh })).toBe('NEW-CODE');
    expect(() => before.open({ id, ...fresh })).toThrow(/"k2" is not configured/);
  });

  it('given a tampered tag or ciphertext, when opened, then it throws', () => {
    const cipher = new CodeCipher(keys(`k1:${k1}`));
    const id = crypto.randomUUID();
    const sealed = cipher.seal(id, 'ABCDE-12345');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.open({ id, ...sealed, ciphertext: flipped })).toThrow();
    expect(() => cipher.open({ id, ...sealed, authTag: crypto.randomBytes(16) })).toThrow();
  });

  it('given the same normalised code, when fingerprinted under one key, then the same 32 bytes; under another key, different', () => {
    const cipher = new CodeCipher(keys(`k1:${k1}`));
    expect(cipher.fingerprint('ABC')).toEqual(cipher.fingerprint('ABC'));
    expect(cipher.fingerprint('ABC')).toHaveLength(32);
    const other = parseCodeKeys(
      { encryptionKeys: `k1:${k1}`, activeKeyId: undefined, fingerprintKey: key() },
      false,
    );
    if ('error' in other) throw new Error(other.error);
    expect(new CodeCipher(other).fingerprint('ABC')).not.toEqual(cipher.fingerprint('ABC'));
  });
});

describe('catalog rules', () => {
  test.each([
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['plain', '%plain%'],
  ])('containsPattern(%j) is %j', (term, pattern) => {
    expect(containsPattern(term)).toBe(pattern);
  });

  test.each([
    [ListingStatus.ACTIVE, ListingStatus.PAUSED, 'ALLOWED'],
    [ListingStatus.PAUSED, ListingStatus.ACTIVE, 'ALLOWED'],
    [ListingStatus.ACTIVE, ListingStatus.ARCHIVED, 'ALLOWED'],
    [ListingStatus.PAUSED, ListingStatus.ARCHIVED, 'ALLOWED'],
    [ListingStatus.ACTIVE, ListingStatus.ACTIVE, 'ALREADY_IN_STATUS'],
    [ListingStatus.ARCHIVED, ListingStatus.ARCHIVED, 'ALREADY_IN_STATUS'],
    [ListingStatus.ARCHIVED, ListingStatus.ACTIVE, 'ARCHIVED'],
    [ListingStatus.ARCHIVED, ListingStatus.PAUSED, 'ARCHIVED'],
  ])('statusChange(%s -> %s) is %s', (from, to, expected) => {
    expect(statusChange(from, to)).toBe(expected);
  });

  it('given listing cursors, when decoded, then they round-trip and refuse other sorts and junk', () => {
    const id = crypto.randomUUID();
    const newest = { sort: ListingSort.NEWEST, createdAt: '2025-01-02T03:04:05.123456Z', id } as const;
    const byPrice = { sort: ListingSort.PRICE_ASC, priceAmount: 1_999, id } as const;
    expect(decodeListingCursor(encodeListingCursor(newest), ListingSort.NEWEST)).toEqual(newest);
    expect(decodeListingCursor(encodeListingCursor(byPrice), ListingSort.PRICE_ASC)).toEqual(byPrice);
    expect(decodeListingCursor(encodeListingCursor(byPrice), ListingSort.PRICE_DESC)).toBe('invalid');
    expect(decodeListingCursor(null, ListingSort.NEWEST)).toBeNull();
    for (const junk of ['', 'x', Buffer.from('[1,2,3]').toString('base64url'), 'a'.repeat(300)]) {
      expect(decodeListingCursor(junk, ListingSort.NEWEST)).toBe('invalid');
    }
    const injected = Buffer.from(JSON.stringify(['PRICE_ASC', '1; drop table codes', id])).toString(
      'base64url',
    );
    expect(decodeListingCursor(injected, ListingSort.PRICE_ASC)).toBe('invalid');
  });
});
