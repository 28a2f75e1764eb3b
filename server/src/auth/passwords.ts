import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify, so unknown accounts cannot be told apart by timing. */
  verifyAgainstNothing(password: string): Promise<void>;
}

export function createPasswordHasher(memoryCostKib: number): PasswordHasher {
  const options = { algorithm: Algorithm.Argon2id, memoryCost: memoryCostKib, timeCost: 2, parallelism: 1 };
  let decoy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    verifyAgainstNothing: async (password) => {
      decoy ??= hash('decoy-password-for-timing', options);
      await verify(await decoy, password).catch(() => false);
    },
  };
}
