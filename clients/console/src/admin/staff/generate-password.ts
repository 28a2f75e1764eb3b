/**
 * Initial passwords for new staff accounts. The admin hands the password over by hand (read out,
 * pasted into a chat), so the alphabet leaves out the characters people confuse (0 and O, 1, l and
 * I), and quotes, backslashes and spaces, which chats and terminals mangle. Its 64 characters make a
 * random byte modulo 64 an unbiased pick. 16 of them carry about 95 bits, far past the server's
 * 10-character minimum; one character of each kind is required, for sign-in rules elsewhere that
 * ask for them.
 */
export const passwordCharacterClasses = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '!#%+-=?@',
} as const;

export const generatedPasswordLength = 16;

const alphabet = Object.values(passwordCharacterClasses).join('');

/** Fills `array` with random bytes: the browser's CSPRNG, replaced in tests. */
export type RandomBytes = (array: Uint8Array) => Uint8Array;

const cryptoRandomBytes: RandomBytes = (array) => crypto.getRandomValues(array);

function hasEveryClass(password: string): boolean {
  return Object.values(passwordCharacterClasses).every((characters) =>
    [...password].some((character) => characters.includes(character)),
  );
}

/**
 * A random password of `generatedPasswordLength` characters with one of each class at least.
 * A draw missing a class (about 1 in 4) is thrown away and drawn again rather than patched, so every
 * password that has all four classes is equally likely.
 */
export function generatePassword(randomBytes: RandomBytes = cryptoRandomBytes): string {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const bytes = randomBytes(new Uint8Array(generatedPasswordLength));
    const password = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
    if (hasEveryClass(password)) return password;
  }
  // Only a broken random source gets here (a real one misses a class 1000 times in a row never).
  throw new Error('The random source keeps repeating itself: no password was generated.');
}
