import {
  generatePassword,
  generatedPasswordLength,
  passwordCharacterClasses,
  type RandomBytes,
} from './generate-password';

const alphabet = Object.values(passwordCharacterClasses).join('');

/** A random source that answers each call with the next list of bytes. */
function scriptedBytes(...draws: number[][]): RandomBytes & { calls: number } {
  const source = Object.assign(
    (array: Uint8Array) => {
      const draw = draws[source.calls] ?? [];
      source.calls += 1;
      array.set(draw.slice(0, array.length));
      return array;
    },
    { calls: 0 },
  );
  return source;
}

describe('generatePassword', () => {
  it('is 16 characters of the alphabet, with a lower-case letter, a capital, a digit and a symbol', () => {
    for (let run = 0; run < 200; run += 1) {
      const password = generatePassword();
      expect(password).toHaveLength(generatedPasswordLength);
      expect([...password].every((character) => alphabet.includes(character))).toBe(true);
      for (const characters of Object.values(passwordCharacterClasses)) {
        expect([...password].some((character) => characters.includes(character))).toBe(true);
      }
    }
  });

  it('meets the server rule of at least 10 characters', () => {
    expect(generatePassword().length).toBeGreaterThanOrEqual(10);
  });

  it('leaves out the characters people confuse when they read a password out', () => {
    expect(alphabet).not.toMatch(/[0O1lI'"`\\\s]/);
    expect(new Set(alphabet).size).toBe(64);
  });

  it('draws from crypto.getRandomValues', () => {
    const getRandomValues = jest.spyOn(crypto, 'getRandomValues');
    try {
      generatePassword();
      expect(getRandomValues).toHaveBeenCalled();
    } finally {
      getRandomValues.mockRestore();
    }
  });

  it('does not repeat itself', () => {
    const passwords = new Set(Array.from({ length: 500 }, () => generatePassword()));
    expect(passwords.size).toBe(500);
  });

  it('draws again when a draw lacks a class, rather than patching it', () => {
    // all "a" (no capital, digit or symbol), then one of each class followed by "a"s
    const lacking = Array.from({ length: 16 }, () => 0);
    const complete = [0, 24, 48, 56, ...Array.from({ length: 12 }, () => 0)];
    const source = scriptedBytes(lacking, complete);
    expect(generatePassword(source)).toBe(`aA2!${'a'.repeat(12)}`);
    expect(source.calls).toBe(2);
  });

  it('maps each byte to one character without bias (256 is a multiple of the 64 characters)', () => {
    const source = scriptedBytes([64, 64 + 24, 128 + 48, 192 + 56, ...Array.from({ length: 12 }, () => 255)]);
    expect(generatePassword(source)).toBe(`aA2!${'@'.repeat(12)}`);
  });

  it('fails plainly when the random source is broken', () => {
    expect(() => generatePassword((array) => array.fill(0))).toThrow(/no password was generated/);
  });
});
