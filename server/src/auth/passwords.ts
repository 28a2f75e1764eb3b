import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { RequestMeta } from '../shared/request-meta';
import { KeyedSlots, Slots } from '../shared/slots';

/** What can be done with a password while holding one of the hasher's slots. */
export interface PasswordHashing {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify, so unknown accounts cannot be told apart by timing. */
  verifyAgainstNothing(password: string): Promise<void>;
}

/**
 * Why password work was not done: the request has spent its expensive operations, or every slot is
 * busy and the wait queue is full, or the client's address already has its share of them (retry
 * shortly). Nothing was hashed or changed.
 */
export type PasswordWorkRefusal = 'TOO_MANY_EXPENSIVE_OPERATIONS' | 'SERVER_BUSY';

export interface PasswordHasher {
  /** The hashing slots every address shares (tests hold one to see the queue). */
  readonly slots: Slots;
  /**
   * Runs `work` holding one hashing slot, charged to the request's budget and to its client's
   * address. argon2 is CPU- and memory-bound: at most `concurrency` slots are held at once, at most
   * `queueLength` callers wait, and the rest are refused at once instead of piling up. One address
   * holds or waits for at most `perAddress` of them: without that share, one client keeping 40
   * logins in flight (with a made-up email, or its own account) held the whole queue, and every
   * other user's login and sign-up was refused. Acquire the slot before opening a transaction, so
   * that waiting never holds a database connection.
   */
  run<T>(
    request: Pick<RequestMeta, 'expensiveOperations' | 'address'>,
    work: (hashing: PasswordHashing) => Promise<T>,
  ): Promise<{ value: T } | { refused: PasswordWorkRefusal }>;
}

export interface PasswordHasherOptions {
  memoryCostKib: number;
  concurrency: number;
  queueLength: number;
  perAddress: number;
}

export function createPasswordHasher(options: PasswordHasherOptions): PasswordHasher {
  const argon2Options = {
    algorithm: Algorithm.Argon2id,
    memoryCost: options.memoryCostKib,
    timeCost: 2,
    parallelism: 1,
  };
  let decoy: Promise<string> | undefined;
  const hashing: PasswordHashing = {
    hash: (password) => hash(password, argon2Options),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    verifyAgainstNothing: async (password) => {
      decoy ??= hash('decoy-password-for-timing', argon2Options);
      await verify(await decoy, password).catch(() => false);
    },
  };
  const slots = new KeyedSlots(new Slots(options.concurrency, options.queueLength), options.perAddress);
  return {
    slots: slots.slots,
    run: async (request, work) => {
      if (!request.expensiveOperations.trySpend()) return { refused: 'TOO_MANY_EXPENSIVE_OPERATIONS' };
      return (await slots.run(request.address, () => work(hashing))) ?? { refused: 'SERVER_BUSY' };
    },
  };
}
