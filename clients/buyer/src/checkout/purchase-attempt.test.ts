import {
  PurchaseAttempts,
  browserLock,
  browserPendingKeys,
  memoryStorage,
  randomIdempotencyKey,
  storageKey,
  type AttemptStorage,
  type LockRunner,
  type PendingKeys,
} from './purchase-attempt';

/** An exclusive lock per name, like Web Locks: tasks under one name run one after another. */
function fifoLock(): LockRunner {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => T | Promise<T>) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(() => task());
    tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

/**
 * The part of the Web Locks manager browserPendingKeys uses, in memory: shared locks held until
 * their callback's promise settles, and a query of what is held. One per browser (every tab sees it).
 */
function lockManager() {
  const held: { name: string }[] = [];
  return {
    held,
    request<T>(name: string, ...rest: unknown[]): Promise<T> {
      const callback = rest[rest.length - 1] as () => Promise<T> | T;
      const entry = { name };
      held.push(entry);
      return Promise.resolve(callback()).finally(() => held.splice(held.indexOf(entry), 1));
    },
    query: async () => ({ held: held.map((entry) => ({ ...entry })) }),
  };
}

function setup(
  storage: AttemptStorage = window.localStorage,
  lock = fifoLock(),
  pending?: PendingKeys,
  keyPrefix = 'key',
) {
  let clock = 1_000;
  let counter = 0;
  const attempts = new PurchaseAttempts({
    storage,
    lock,
    newKey: () => `${keyPrefix}-${++counter}`,
    now: () => clock,
    ...(pending ? { pending } : {}),
  });
  return {
    attempts,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

beforeEach(() => window.localStorage.clear());

describe('one idempotency key per purchase attempt', () => {
  it('creates a key when the attempt starts', async () => {
    const { attempts } = setup();
    expect(await attempts.begin('L1', 0)).toEqual({ kind: 'attempt', key: 'key-1', resumed: false });
    expect(attempts.peek('L1')).toMatchObject({ state: 'pending', key: 'key-1' });
  });

  it('keeps the key across retries while there is no definitive answer', async () => {
    const { attempts } = setup();
    const first = await attempts.begin('L1', 0);
    await attempts.settle('L1', 'key-1', { kind: 'unknown' }); // network error
    const retry = await attempts.begin('L1', 0);
    await attempts.settle('L1', 'key-1', { kind: 'unknown' }); // timeout
    const again = await attempts.begin('L1', 0);
    expect(first).toEqual({ kind: 'attempt', key: 'key-1', resumed: false });
    expect(retry).toEqual({ kind: 'attempt', key: 'key-1', resumed: true });
    expect(again).toEqual({ kind: 'attempt', key: 'key-1', resumed: true });
  });

  it('gives a double click the same key', async () => {
    const { attempts } = setup();
    const [a, b] = await Promise.all([attempts.begin('L1', 0), attempts.begin('L1', 0)]);
    expect(a.kind === 'attempt' && a.key).toBe('key-1');
    expect(b.kind === 'attempt' && b.key).toBe('key-1');
  });

  it('survives a reload: the key lives in storage, not in the component', async () => {
    const storage = memoryStorage();
    const lock = fifoLock();
    await setup(storage, lock).attempts.begin('L1', 0);
    // A new page (new PurchaseAttempts, new key source) over the same storage resumes the attempt.
    const reloaded = setup(storage, lock).attempts;
    expect(await reloaded.begin('L1', 0)).toEqual({ kind: 'attempt', key: 'key-1', resumed: true });
  });

  it('starts a new key after a business refusal', async () => {
    const { attempts } = setup();
    await attempts.begin('L1', 0);
    await attempts.settle('L1', 'key-1', { kind: 'refused', code: 'INSUFFICIENT_FUNDS' });
    expect(attempts.peek('L1')).toBeNull();
    expect(await attempts.begin('L1', 0)).toEqual({ kind: 'attempt', key: 'key-2', resumed: false });
  });

  it('keeps one key per listing', async () => {
    const { attempts } = setup();
    const a = await attempts.begin('L1', 0);
    const b = await attempts.begin('L2', 0);
    expect(a.kind === 'attempt' && a.key).toBe('key-1');
    expect(b.kind === 'attempt' && b.key).toBe('key-2');
  });
});

describe('two tabs, one purchase', () => {
  it('gives two tabs pressing Buy at once the same key', async () => {
    // Two PurchaseAttempts over the same localStorage and lock manager: two tabs of one origin.
    const lock = fifoLock();
    const tabA = setup(window.localStorage, lock).attempts;
    const tabB = setup(window.localStorage, lock).attempts;
    const [a, b] = await Promise.all([tabA.begin('L1', 0), tabB.begin('L1', 0)]);
    expect(a).toEqual({ kind: 'attempt', key: 'key-1', resumed: false });
    expect(b).toEqual({ kind: 'attempt', key: 'key-1', resumed: true });
  });

  it('gives the same key to a tab whose storage has not yet received the other tab’s pending key (Chromium syncs localStorage across processes asynchronously)', async () => {
    // Two tabs whose storages do not see each other's writes yet, one lock manager.
    const lock = fifoLock();
    const manager = lockManager();
    const pending = browserPendingKeys(manager);
    const tabA = setup(memoryStorage(), lock, pending, 'a').attempts;
    const tabB = setup(memoryStorage(), lock, pending, 'b').attempts;
    const [a, b] = await Promise.all([tabA.begin('L1', 0), tabB.begin('L1', 0)]);
    expect(a).toEqual({ kind: 'attempt', key: 'a-1', resumed: false });
    expect(b).toEqual({ kind: 'attempt', key: 'a-1', resumed: true });
    // Each holds the key while its request is in flight; the answers release it.
    expect(manager.held.map((entry) => entry.name)).toEqual([
      'codesale:purchase-in-flight:L1:a-1',
      'codesale:purchase-in-flight:L1:a-1',
    ]);
    await tabA.settle('L1', 'a-1', { kind: 'order', orderId: 'O1' });
    await tabB.settle('L1', 'a-1', { kind: 'order', orderId: 'O1' });
    expect(manager.held).toEqual([]);
    // Another listing's purchase in flight is not this one's.
    await tabA.begin('L2', 0);
    expect(await tabB.begin('L3', 0)).toEqual({ kind: 'attempt', key: 'b-1', resumed: false });
  });

  it('without the in-flight keys, such a tab would make a second key (the bug the registry closes)', async () => {
    const lock = fifoLock();
    const tabA = setup(memoryStorage(), lock, undefined, 'a').attempts;
    const tabB = setup(memoryStorage(), lock, undefined, 'b').attempts;
    const [a, b] = await Promise.all([tabA.begin('L1', 0), tabB.begin('L1', 0)]);
    expect([a, b].map((result) => result.kind === 'attempt' && result.key)).toEqual(['a-1', 'b-1']);
  });

  it('asks before buying again in a tab opened before the other tab bought', async () => {
    const lock = fifoLock();
    const a = setup(window.localStorage, lock);
    const b = setup(window.localStorage, lock);
    const tabBShownAt = b.now();
    a.advance(10);
    await a.attempts.begin('L1', 0);
    await a.attempts.settle('L1', 'key-1', { kind: 'order', orderId: 'O1' });
    b.advance(20);
    expect(await b.attempts.begin('L1', tabBShownAt)).toEqual({ kind: 'already-bought', orderId: 'O1' });
    // The buyer confirms they want a second code: a new attempt with a new key.
    expect(await b.attempts.begin('L1', tabBShownAt, true)).toEqual({
      kind: 'attempt',
      key: 'key-1',
      resumed: false,
    });
  });

  it('does not ask on a page shown after the purchase', async () => {
    const { attempts, advance, now } = setup();
    await attempts.begin('L1', 0);
    await attempts.settle('L1', 'key-1', { kind: 'order', orderId: 'O1' });
    advance(5_000);
    expect(await attempts.begin('L1', now())).toEqual({ kind: 'attempt', key: 'key-2', resumed: false });
  });

  it('ignores a late answer for a key that is no longer the attempt', async () => {
    const { attempts } = setup();
    await attempts.begin('L1', 0);
    await attempts.settle('L1', 'key-1', { kind: 'refused', code: 'OUT_OF_STOCK' });
    await attempts.begin('L1', 0); // key-2
    await attempts.settle('L1', 'key-1', { kind: 'order', orderId: 'O-late' });
    expect(attempts.peek('L1')).toMatchObject({ state: 'pending', key: 'key-2' });
  });
});

describe('helpers', () => {
  it('ignores a corrupt record and starts afresh', async () => {
    window.localStorage.setItem(storageKey('L1'), '{not json');
    const { attempts } = setup();
    expect(await attempts.begin('L1', 0)).toEqual({ kind: 'attempt', key: 'key-1', resumed: false });
  });

  it('makes keys the server accepts, with or without randomUUID', () => {
    const pattern = /^[A-Za-z0-9._:-]{1,100}$/;
    expect(randomIdempotencyKey()).toMatch(pattern);
    const withoutUuid = { getRandomValues: (array: Uint8Array) => array.fill(7) } as unknown as Crypto;
    expect(randomIdempotencyKey(withoutUuid)).toMatch(pattern);
  });

  it('runs the task directly when Web Locks are missing', async () => {
    await expect(browserLock(undefined)('x', () => 42)).resolves.toBe(42);
  });
});
