/**
 * The idempotency key of a purchase attempt, and its lifecycle.
 *
 * An attempt starts when the buyer presses Buy and ends with a definitive answer from the server:
 * an order, or a business refusal (out of stock, insufficient funds, ...). Until then its key is
 * KEPT: a network error, a timeout, a double click, a re-render, a reload or a second tab all send
 * the same key again, and the server (checkout.service.ts: one order per buyer and key, concurrent
 * requests queue on an advisory lock, a repeat replays the first order) answers with the same
 * order. Only a definitive answer lets the next press start a new attempt with a new key.
 *
 * "The same purchase submitted from two tabs" is one intent: the buyer opened the listing twice
 * and pressed Buy in both. So the key is not per tab but per listing, in localStorage (shared by
 * every tab of the origin):
 * - both tabs pressing at once read and write the record inside a Web Lock (navigator.locks), so
 *   the second tab finds the first one's pending key instead of creating its own: both requests
 *   carry one key and the server makes one order (the second answer is `replayed`). The record
 *   alone is not enough: Chromium hands a localStorage write to another tab's process
 *   asynchronously, so each key in flight is also a Web Lock of its own name (PendingKeys), which
 *   every tab's query sees at once;
 * - a tab pressing after the other tab's attempt already ended with an order finds that order
 *   recorded after its own page was shown (`since`) and asks the buyer first ("you bought this a
 *   moment ago ... buy another?"): a second code is only bought on purpose.
 * Web Locks rather than BroadcastChannel or the `storage` event: those tell other tabs what
 * happened afterwards, asynchronously, so two tabs could both see "no attempt" and both create a
 * key; a lock makes "read the record, create the key if there is none" one step across tabs.
 * Without Web Locks (old browsers) the step runs unlocked: the window is one synchronous
 * read-then-write of localStorage, and the server's answer stays correct per key.
 *
 * Everything the module touches is passed in (storage, lock, key source, clock): it is pure
 * enough to unit test, and the BuyButton wires the browser's objects.
 */

/** The part of the Web Storage API the attempts use (localStorage in the browser). */
export interface AttemptStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Runs `task` while holding the named lock, exclusively across the origin's tabs. */
export type LockRunner = <T>(name: string, task: () => T | Promise<T>) => Promise<T>;

export type StoredAttempt =
  | { state: 'pending'; key: string; startedAt: number }
  | { state: 'bought'; key: string; orderId: string; settledAt: number };

export type BeginResult =
  /** Send the purchase with this key; `resumed` when it continues an attempt without an answer yet. */
  | { kind: 'attempt'; key: string; resumed: boolean }
  /** This listing was bought (in another tab, or earlier in this one) after the page was shown. */
  | { kind: 'already-bought'; orderId: string };

/** What the server said, reduced to what the key's lifecycle needs. */
export type PurchaseAnswer =
  /** An order exists for this key (created now, or replayed): the attempt is over. */
  | { kind: 'order'; orderId: string }
  /** A business refusal: nothing was bought, the attempt is over, the next press starts a new one. */
  | { kind: 'refused'; code: string }
  /** No definitive answer (network error, server error, timeout, signed out): the key is kept. */
  | { kind: 'unknown' };

/**
 * The keys of the purchases in flight in every tab of the origin, told by the browser at once.
 * localStorage is not enough for that: a write reaches another tab's renderer process
 * asynchronously, so a tab that takes the lock just after another wrote its pending key may read
 * the record as it was before and create a second key (CI saw two orders from two tabs once).
 * The Web Locks manager is one object in the browser process: a lock named after the key, held
 * while its request is in flight, is seen by every tab's query as soon as it is granted.
 */
export interface PendingKeys {
  /** A key some tab is buying `listingId` with right now, or null. */
  find(listingId: string): Promise<string | null>;
  /** Marks `key` as in flight for `listingId` (granted before it resolves) until `release` is called. */
  hold(listingId: string, key: string): Promise<() => void>;
}

export interface PurchaseAttemptOptions {
  storage: AttemptStorage;
  lock: LockRunner;
  newKey: () => string;
  now: () => number;
  /** The keys in flight across tabs (browserPendingKeys); none where Web Locks do not exist. */
  pending?: PendingKeys;
}

/** A bought record older than this no longer asks "buy another?": it is only cleaned up. */
export const boughtMemoryMs = 60 * 60 * 1000;

export const storageKey = (listingId: string) => `codesale:purchase-attempt:${listingId}`;
export const lockName = (listingId: string) => `codesale:purchase-attempt:${listingId}`;

export function parseStoredAttempt(text: string | null): StoredAttempt | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<StoredAttempt> | null;
    if (!value || typeof value.key !== 'string' || value.key.length === 0) return null;
    if (value.state === 'pending' && typeof value.startedAt === 'number') {
      return { state: 'pending', key: value.key, startedAt: value.startedAt };
    }
    if (
      value.state === 'bought' &&
      typeof value.orderId === 'string' &&
      typeof value.settledAt === 'number'
    ) {
      return { state: 'bought', key: value.key, orderId: value.orderId, settledAt: value.settledAt };
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * The next step of an attempt when Buy is pressed (pure): continue the pending attempt, report a
 * purchase made since `since`, or start a new attempt. `buyAnother` skips the report (the buyer
 * confirmed they want one more).
 */
export function nextAttempt(
  stored: StoredAttempt | null,
  context: { since: number; now: number; newKey: () => string; buyAnother?: boolean },
): { result: BeginResult; store: StoredAttempt | null | 'unchanged' } {
  if (stored?.state === 'pending') {
    return { result: { kind: 'attempt', key: stored.key, resumed: true }, store: 'unchanged' };
  }
  if (
    stored?.state === 'bought' &&
    !context.buyAnother &&
    stored.settledAt >= context.since &&
    context.now - stored.settledAt < boughtMemoryMs
  ) {
    return { result: { kind: 'already-bought', orderId: stored.orderId }, store: 'unchanged' };
  }
  const key = context.newKey();
  return {
    result: { kind: 'attempt', key, resumed: false },
    store: { state: 'pending', key, startedAt: context.now },
  };
}

/** The record after an answer for `key` (pure); 'unchanged' when the answer is not definitive. */
export function settledAttempt(
  stored: StoredAttempt | null,
  key: string,
  answer: PurchaseAnswer,
  now: number,
): StoredAttempt | null | 'unchanged' {
  // An answer for a key that is no longer the listing's attempt (already settled by the other
  // tab, which got the same order) changes nothing.
  if (stored?.key !== key) return 'unchanged';
  switch (answer.kind) {
    case 'order':
      return { state: 'bought', key, orderId: answer.orderId, settledAt: now };
    case 'refused':
      return null;
    case 'unknown':
      return 'unchanged';
  }
}

export class PurchaseAttempts {
  /** This tab's holds on the keys it sent, released when their answer comes. */
  private readonly holds = new Map<string, () => void>();

  constructor(private readonly options: PurchaseAttemptOptions) {}

  /** Buy was pressed on `listingId`, whose page was shown at `since` (options.now's clock). */
  begin(listingId: string, since: number, buyAnother = false): Promise<BeginResult> {
    return this.options.lock(lockName(listingId), async () => {
      let stored = this.read(listingId);
      if (stored?.state !== 'pending' && this.options.pending) {
        // Another tab's purchase may be in flight with a key this tab's storage does not show yet.
        const inFlight = await this.options.pending.find(listingId);
        if (inFlight) stored = { state: 'pending', key: inFlight, startedAt: this.options.now() };
      }
      const { result, store } = nextAttempt(stored, {
        since,
        now: this.options.now(),
        newKey: this.options.newKey,
        buyAnother,
      });
      this.write(listingId, store === 'unchanged' && stored?.state === 'pending' ? stored : store);
      if (result.kind === 'attempt' && this.options.pending && !this.holds.has(result.key)) {
        // Held before the lock is released, so the next tab to take it finds the key.
        this.holds.set(result.key, await this.options.pending.hold(listingId, result.key));
      }
      return result;
    });
  }

  /** The server answered (or failed to answer) the purchase sent with `key`. */
  settle(listingId: string, key: string, answer: PurchaseAnswer): Promise<void> {
    return this.options.lock(lockName(listingId), () => {
      this.write(listingId, settledAttempt(this.read(listingId), key, answer, this.options.now()));
      // The request is over: a new press (here or in another tab) goes by the record from now on.
      this.holds.get(key)?.();
      this.holds.delete(key);
    });
  }

  /** The attempt in progress or last settled for a listing (for display and tests). */
  peek(listingId: string): StoredAttempt | null {
    return this.read(listingId);
  }

  private read(listingId: string): StoredAttempt | null {
    return parseStoredAttempt(this.options.storage.getItem(storageKey(listingId)));
  }

  private write(listingId: string, value: StoredAttempt | null | 'unchanged'): void {
    if (value === 'unchanged') return;
    if (value === null) this.options.storage.removeItem(storageKey(listingId));
    else this.options.storage.setItem(storageKey(listingId), JSON.stringify(value));
  }
}

/** Purchase refusals that end an attempt; anything else leaves the key in place. */
export const definitiveRefusals = new Set([
  'OUT_OF_STOCK',
  'INSUFFICIENT_FUNDS',
  'WALLET_AT_RISK',
  'BUYER_BLOCKED',
  'LISTING_NOT_ACTIVE',
  'LISTING_NOT_FOUND',
  'LISTING_CHANGED',
  'OWN_LISTING',
  // The key itself was refused: a new key is the only way forward.
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_IDEMPOTENCY_KEY',
]);

/** A random key the server accepts (letters, digits and `-`, at most 100 characters). */
export function randomIdempotencyKey(cryptoSource: Crypto = globalThis.crypto): string {
  // randomUUID exists only in secure contexts (https, localhost); a LAN address over http lacks it.
  if (typeof cryptoSource.randomUUID === 'function') return `buy-${cryptoSource.randomUUID()}`;
  const bytes = cryptoSource.getRandomValues(new Uint8Array(16));
  return `buy-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** A storage that lives as long as the page: when localStorage is unavailable (blocked, private mode). */
export function memoryStorage(): AttemptStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T> | T): Promise<T>;
  request<T>(name: string, options: { mode: 'shared' }, callback: () => Promise<T> | T): Promise<T>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

const pendingPrefix = (listingId: string) => `codesale:purchase-in-flight:${listingId}:`;

/** PendingKeys on the browser's Web Locks: a shared lock named after each key in flight. */
export function browserPendingKeys(locks: LockManagerLike | undefined): PendingKeys | undefined {
  if (!locks || typeof locks.query !== 'function') return undefined;
  return {
    find: async (listingId) => {
      const prefix = pendingPrefix(listingId);
      const held = (await locks.query()).held ?? [];
      const name = held.map((lock) => lock.name ?? '').find((lockName) => lockName.startsWith(prefix));
      return name ? name.slice(prefix.length) : null;
    },
    hold: (listingId, key) =>
      new Promise<() => void>((granted) => {
        let release: () => void = () => undefined;
        const released = new Promise<void>((resolve) => (release = resolve));
        void locks.request(`${pendingPrefix(listingId)}${key}`, { mode: 'shared' }, () => {
          granted(release);
          return released;
        });
      }),
  };
}

/** The browser's Web Locks, or running the task directly where they do not exist. */
export function browserLock(locks: LockManagerLike | undefined): LockRunner {
  if (!locks) return async (_name, task) => task();
  return (name, task) => locks.request(name, task);
}
