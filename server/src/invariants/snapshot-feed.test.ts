import { maxSnapshotSubscribers, SnapshotFeed, TooManySnapshotSubscribers } from './snapshot-feed';

/**
 * The fan-out's timing rules, on jest's fake clock: the computation is a promise the test settles
 * by hand, so "how many computations, when, and who got which result" is exact. The feed with the
 * real database and NOTIFY is tested in money-invariants.test.ts.
 */

const minIntervalMs = 1_000;
const refreshMs = 60_000;

interface Harness {
  feed: SnapshotFeed<string>;
  /** What `current()` awaits first: by default, nothing to report. */
  barrier: { run: () => Promise<void> };
  /** Settles the oldest computation still running with `value` (or rejects it with `error`). */
  finish(value: string): Promise<void>;
  fail(error: Error): Promise<void>;
  computations(): number;
  errors: unknown[];
}

function harness(): Harness {
  const running: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const errors: unknown[] = [];
  const barrier = { run: () => Promise.resolve() };
  const feed = new SnapshotFeed<string>(
    () => new Promise<string>((resolve, reject) => running.push({ resolve, reject })),
    { minIntervalMs, refreshMs, onError: (error) => errors.push(error), barrier: () => barrier.run() },
  );
  const settle = async (action: (computation: (typeof running)[number]) => void) => {
    const computation = running.shift();
    if (!computation) throw new Error('no computation is running');
    action(computation);
    await jest.advanceTimersByTimeAsync(0);
  };
  return {
    feed,
    barrier,
    finish: (value) => settle((computation) => computation.resolve(value)),
    fail: (error) => settle((computation) => computation.reject(error)),
    computations: () => feed.computationsStarted,
    errors,
  };
}

/** The next value of a subscription, or 'nothing yet' if none is ready after the pending timers of this instant. */
async function peek(subscription: AsyncIterableIterator<string>): Promise<string> {
  const next = subscription.next().then((result) => (result.done ? 'done' : result.value));
  const nothing = new Promise<string>((resolve) => setTimeout(() => resolve('nothing yet'), 0));
  await jest.advanceTimersByTimeAsync(0);
  return Promise.race([next, nothing]);
}

describe('SnapshotFeed', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('computes once for a burst of changes and hands the result to every subscriber and caller', async () => {
    const { feed, finish, computations } = harness();
    // given three subscribers
    const subscribers = [feed.subscribe(), feed.subscribe(), feed.subscribe()];
    await jest.advanceTimersByTimeAsync(0);
    expect(computations()).toBe(1);
    await finish('first');
    for (const subscriber of subscribers) expect(await peek(subscriber)).toBe('first');

    // when a hundred changes arrive at once, and a caller asks for the current snapshot
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    for (let change = 0; change < 100; change++) feed.changed();
    const current = feed.current();
    await jest.advanceTimersByTimeAsync(0);

    // then one computation serves them all
    expect(computations()).toBe(2);
    await finish('second');
    await expect(current).resolves.toBe('second');
    for (const subscriber of subscribers) expect(await peek(subscriber)).toBe('second');
    feed.close();
  });

  it('starts at most one computation per interval, and always one after the last change', async () => {
    const { feed, finish, computations } = harness();
    const subscriber = feed.subscribe();
    await jest.advanceTimersByTimeAsync(0);
    await finish('a');
    expect(await peek(subscriber)).toBe('a');

    // given a change right after a computation started
    feed.changed();
    await jest.advanceTimersByTimeAsync(0);
    // then the next waits for the interval since the last start
    expect(computations()).toBe(1);
    await jest.advanceTimersByTimeAsync(minIntervalMs - 1);
    expect(computations()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(computations()).toBe(2);

    // when changes keep arriving while it runs
    feed.changed();
    feed.changed();
    await jest.advanceTimersByTimeAsync(5 * minIntervalMs);
    expect(computations()).toBe(2);
    await finish('b');
    expect(await peek(subscriber)).toBe('b');
    // then exactly one more runs after it (its start is due already), to see them
    await jest.advanceTimersByTimeAsync(0);
    expect(computations()).toBe(3);
    await finish('c');
    expect(await peek(subscriber)).toBe('c');
    // and with no change since, nothing more
    await jest.advanceTimersByTimeAsync(10 * minIntervalMs);
    expect(computations()).toBe(3);
    feed.close();
  });

  it('computes nothing while nobody watches, and serves a fresh snapshot without computing', async () => {
    const { feed, finish, computations } = harness();
    // given nobody watching, changes cost nothing
    for (let change = 0; change < 10; change++) feed.changed();
    await jest.advanceTimersByTimeAsync(10 * minIntervalMs);
    expect(computations()).toBe(0);

    // when two callers ask at once, one computation answers both
    const answers = [feed.current(), feed.current()];
    await jest.advanceTimersByTimeAsync(0);
    expect(computations()).toBe(1);
    await finish('only');
    await expect(Promise.all(answers)).resolves.toEqual(['only', 'only']);

    // then with no change since, a caller and a new subscriber get it without a computation
    await expect(feed.current()).resolves.toBe('only');
    const subscriber = feed.subscribe();
    expect(await peek(subscriber)).toBe('only');
    expect(computations()).toBe(1);
    feed.close();
  });

  it('gives a slow subscriber the newest snapshot only, and a caller who asked mid-run the next one if a change came first', async () => {
    const { feed, finish, computations } = harness();
    const slow = feed.subscribe();
    await jest.advanceTimersByTimeAsync(0);
    await finish('1');
    // a change, then a caller while the computation that saw the change runs: it gets that one
    feed.changed();
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    expect(computations()).toBe(2);
    const midRun = feed.current();
    await jest.advanceTimersByTimeAsync(0);
    // a change after the start: a caller now needs the computation after
    feed.changed();
    const afterChange = feed.current();
    await finish('2');
    await expect(midRun).resolves.toBe('2');
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    await finish('3');
    await expect(afterChange).resolves.toBe('3');
    // the slow subscriber, reading only now, skips 1 and 2
    expect(await peek(slow)).toBe('3');
    expect(await peek(slow)).toBe('nothing yet');
    feed.close();
  });

  it("waits for the notifications of changes committed before a caller's request, so a caller sees its own writes", async () => {
    const { feed, barrier, finish, computations } = harness();
    const first = feed.current();
    await jest.advanceTimersByTimeAsync(0);
    await finish('before');
    await expect(first).resolves.toBe('before');
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    // given a change whose notification arrives only with the barrier (committed, not yet reported)
    barrier.run = async () => feed.changed();
    const afterWrite = feed.current();
    await jest.advanceTimersByTimeAsync(0);
    // then the cached snapshot is not used
    expect(computations()).toBe(2);
    await finish('after');
    await expect(afterWrite).resolves.toBe('after');
    // and when the barrier cannot tell (no listener), the feed computes rather than trust its cache
    barrier.run = () => Promise.reject(new Error('the listener is not connected'));
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    const unsure = feed.current();
    await jest.advanceTimersByTimeAsync(0);
    expect(computations()).toBe(3);
    await finish('recomputed');
    await expect(unsure).resolves.toBe('recomputed');
    feed.close();
  });

  it('reports a failed computation, rejects its callers, and retries with a growing delay while watched', async () => {
    const { feed, fail, finish, computations, errors } = harness();
    const subscriber = feed.subscribe();
    const caller = feed.current();
    await jest.advanceTimersByTimeAsync(0);
    await fail(new Error('database down'));
    await expect(caller).rejects.toThrow('database down');
    expect(errors).toHaveLength(1);
    // retried after the interval, then after twice the interval
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    expect(computations()).toBe(2);
    await fail(new Error('database down'));
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    expect(computations()).toBe(2);
    await jest.advanceTimersByTimeAsync(minIntervalMs);
    expect(computations()).toBe(3);
    await finish('back');
    expect(await peek(subscriber)).toBe('back');
    feed.close();
  });

  it('recomputes a snapshot older than the refresh period while watched, and not once nobody watches', async () => {
    const { feed, finish, computations } = harness();
    const subscriber = feed.subscribe();
    await jest.advanceTimersByTimeAsync(0);
    await finish('old');
    expect(await peek(subscriber)).toBe('old');
    await jest.advanceTimersByTimeAsync(refreshMs - 1);
    expect(computations()).toBe(1);
    // (the refresh marks it stale, and the computation starts on the next timer tick)
    await jest.advanceTimersByTimeAsync(2);
    expect(computations()).toBe(2);
    await finish('refreshed');
    expect(await peek(subscriber)).toBe('refreshed');
    await subscriber.return!();
    await jest.advanceTimersByTimeAsync(10 * refreshMs);
    expect(computations()).toBe(2);
    feed.close();
  });

  it('refuses a subscriber past the limit, and ends every subscription when closed', async () => {
    const { feed } = harness();
    const subscribers = Array.from({ length: maxSnapshotSubscribers }, () => feed.subscribe());
    expect(() => feed.subscribe()).toThrow(TooManySnapshotSubscribers);
    // one leaving makes room
    await subscribers.pop()!.return!();
    subscribers.push(feed.subscribe());
    feed.close();
    await expect(subscribers[0]!.next()).resolves.toEqual({ value: undefined, done: true });
    await expect(feed.current()).rejects.toThrow(/closed/);
  });
});
