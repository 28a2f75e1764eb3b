import { isRealUtcTimestamp, isUuid, nulCharacterPath } from './input-validation';

describe('isRealUtcTimestamp', () => {
  it.each([
    '2024-02-29T00:00:00.000Z',
    '2024-12-31T23:59:59.999999Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.9Z',
    '0050-06-15T12:00:00.000Z',
  ])('accepts %s, a moment that exists', (value) => {
    expect(isRealUtcTimestamp(value)).toBe(true);
  });

  it.each([
    ['31 February', '2024-02-31T00:00:00.000Z'],
    ['29 February of a common year', '2023-02-29T00:00:00.000Z'],
    ['month 13', '2024-13-01T00:00:00.000Z'],
    ['day 0', '2024-01-00T00:00:00.000Z'],
    ['hour 24', '2024-01-01T24:00:00.000Z'],
    ['minute 60', '2024-01-01T00:60:00.000Z'],
    ['a leap second', '2016-12-31T23:59:60.000Z'],
    ['year 0', '0000-01-01T00:00:00.000Z'],
    ['a six-digit year', '+099999-01-01T00:00:00.000Z'],
    ['a time zone offset', '2024-01-01T00:00:00.000+01:00'],
    ['seven fraction digits', '2024-01-01T00:00:00.0000000Z'],
    ['a date alone', '2024-01-01'],
    ['trailing text', '2024-01-01T00:00:00.000Z; drop table users'],
  ])('refuses %s', (_name, value) => {
    expect(isRealUtcTimestamp(value)).toBe(false);
  });
});

describe('isUuid', () => {
  it('accepts a uuid as PostgreSQL prints it, and nothing else', () => {
    expect(isUuid('6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01')).toBe(true);
    expect(isUuid('6f1c4a0e3b7d4a8e9c2f1d5e8b7a9c01')).toBe(false);
    expect(isUuid('6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01 ')).toBe(false);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });
});

describe('nulCharacterPath', () => {
  it('finds U+0000 in a string, an array item, an object value or an object key, at any depth', () => {
    expect(nulCharacterPath('a\u0000')).toEqual([]);
    expect(nulCharacterPath(['a', ['b', 'c\u0000']])).toEqual([1, 1]);
    expect(nulCharacterPath({ input: { email: 'x\u0000@example.test' } })).toEqual(['input', 'email']);
    expect(nulCharacterPath({ input: { 'e\u0000mail': 'x@example.test' } })).toEqual([
      'input',
      'e\u0000mail',
    ]);
    expect(
      nulCharacterPath({ input: { email: 'x@example.test', count: 3, ok: true, none: null } }),
    ).toBeNull();
  });

  it('names the first place in document order', () => {
    expect(nulCharacterPath({ codes: ['A', 'B\u0000', 'C\u0000'], name: '\u0000' })).toEqual(['codes', 1]);
  });

  it('walks a value nested far deeper than the call stack allows', () => {
    // given a list nested 200,000 deep (an 8 MB request body can carry millions of levels)
    let value: unknown = 'bottom\u0000';
    for (let depth = 0; depth < 200_000; depth++) value = [value];

    // then the walk reaches the bottom without overflowing the stack
    expect(nulCharacterPath(value)).toHaveLength(200_000);
  });
});
