/**
 * One expensive snapshot shared by every watcher: the money invariant panel's fan-out
 * (`money-invariants.service.ts` computes, this file decides when, and hands the result out).
 *
 * - `changed()` says a change may have committed (a NOTIFY, a reconnect of the listener). The
 *   snapshot becomes stale; it is recomputed only if someone watches.
 * - Bursts are coalesced: at most one computation starts per `minIntervalMs`, the first
 *   of a quiet period at once (on the next tick, so a synchronous burst is one), and a change that
 *   arrives while one runs leads to exactly one more after it. The last change is always followed
 *   by a computation that saw it.
 * - Every computation is shared: all subscribers receive its result, and `current()` callers
 *   waiting for a fresh one get the same result. A fresh snapshot (no change since its computation
 *   started) is handed out without computing; `current()` first waits for the notifications of
 *   changes committed before it (`barrier`), so a caller always sees its own writes.
 * - Each subscriber holds at most one undelivered snapshot, the newest: a slow client skips
 *   intermediate ones and never makes the server buffer.
 * - While someone watches, a snapshot older than `refreshMs` is recomputed even without a
 *   notification: the safety net for one lost on a half-open connection (the events listener reads
 *   every 10 s for the same reason).
 * - A failed computation is reported to `onError`, rejects the `current()` callers waiting for it,
 *   and is retried while someone watches, backing off up to `maxRetryDelayMs`.
 */

export interface SnapshotFeedOptions {
  minIntervalMs: number;
  refreshMs: number;
  onError: (error: unknown) => void;
  /**
   * Resolves once every change committed before the call has been reported through `changed()`
   * (the notifications are asynchronous): `current()` awaits it, so that a caller who just
   * committed a change never gets a snapshot without it. Rejects when it cannot tell.
   */
  barrier: () => Promise<void>;
}

/** Subscribers one feed serves at once; one more is refused (each holds a socket and a slot). */
export const maxSnapshotSubscribers = 1_000;

const maxRetryDelayMs = 30_000;

export class TooManySnapshotSubscribers extends Error {
  override name = 'TooManySnapshotSubscribers';
  constructor() {
    super(`a snapshot feed serves at most ${maxSnapshotSubscribers} subscribers`);
  }
}

interface Waiter<Snapshot> {
  resolve: (snapshot: Snapshot) => void;
  reject: (error: unknown) => void;
}

export class SnapshotFeed<Snapshot> {
  private latest: Snapshot | undefined;
  /** A change may have committed since the latest computation started (or there is none yet). */
  private stale = true;
  private computing: Promise<void> | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private consecutiveFailures = 0;
  private startTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscribers = new Set<LatestSnapshot<Snapshot>>();
  /** `current()` callers served by the computation that runs now (it started after their last change). */
  private waitingForRunning: Waiter<Snapshot>[] = [];
  /** `current()` callers served by the next computation to start. */
  private waitingForNext: Waiter<Snapshot>[] = [];
  private closed = false;
  /** Computations started since the feed was made (tests and the log read it). */
  computationsStarted = 0;

  constructor(
    private readonly compute: () => Promise<Snapshot>,
    private readonly options: SnapshotFeedOptions,
  ) {}

  /** A change may have committed: whoever watches gets a fresh snapshot, at the pace the interval allows. */
  changed(): void {
    this.stale = true;
    if (this.wanted()) this.schedule();
  }

  /** The current snapshot first (without computing when it is fresh), then a new one after each burst of changes. */
  subscribe(): AsyncIterableIterator<Snapshot> {
    if (this.closed) throw new Error('the snapshot feed is closed');
    if (this.subscribers.size >= maxSnapshotSubscribers) throw new TooManySnapshotSubscribers();
    const subscriber: LatestSnapshot<Snapshot> = new LatestSnapshot(() => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.armRefresh();
    });
    this.subscribers.add(subscriber);
    if (this.isFresh()) {
      subscriber.offer(this.latest!);
      if (!this.refreshTimer) this.armRefresh();
    } else {
      this.schedule();
    }
    return subscriber;
  }

  /** A snapshot with every change committed before the call, computed at most once per burst for all callers. */
  async current(): Promise<Snapshot> {
    if (this.closed) throw new Error('the snapshot feed is closed');
    try {
      await this.options.barrier();
    } catch {
      // Changes may have been missed: the cached snapshot cannot be trusted.
      this.stale = true;
    }
    if (this.closed) throw new Error('the snapshot feed is closed');
    if (this.isFresh()) return this.latest!;
    return new Promise<Snapshot>((resolve, reject) => {
      if (this.computing && !this.stale) {
        this.waitingForRunning.push({ resolve, reject });
      } else {
        this.waitingForNext.push({ resolve, reject });
        this.schedule();
      }
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.startTimer);
    clearTimeout(this.refreshTimer);
    for (const subscriber of this.subscribers) subscriber.end();
    const error = new Error('the snapshot feed closed');
    for (const waiter of [...this.waitingForRunning, ...this.waitingForNext]) waiter.reject(error);
    this.waitingForRunning = [];
    this.waitingForNext = [];
  }

  private wanted(): boolean {
    return this.subscribers.size > 0 || this.waitingForNext.length > 0;
  }

  private isFresh(): boolean {
    return this.latest !== undefined && !this.stale && !this.computing;
  }

  private schedule(): void {
    if (this.closed || this.computing || this.startTimer) return;
    // After failures, the interval doubles with each one after the first.
    const backoff = 2 ** Math.min(Math.max(this.consecutiveFailures - 1, 0), 16);
    const spacing = Math.min(maxRetryDelayMs, this.options.minIntervalMs * backoff);
    const delay = Math.max(0, this.lastStartedAt + spacing - Date.now());
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      this.start();
    }, delay);
    this.startTimer.unref();
  }

  private start(): void {
    if (this.closed || !this.wanted()) return;
    this.stale = false;
    this.lastStartedAt = Date.now();
    this.computationsStarted++;
    this.waitingForRunning = this.waitingForNext;
    this.waitingForNext = [];
    this.computing = this.compute()
      .then(
        (snapshot) => {
          this.consecutiveFailures = 0;
          this.latest = snapshot;
          for (const subscriber of this.subscribers) subscriber.offer(snapshot);
          for (const waiter of this.waitingForRunning) waiter.resolve(snapshot);
        },
        (error: unknown) => {
          this.consecutiveFailures++;
          this.stale = true;
          this.options.onError(error);
          for (const waiter of this.waitingForRunning) waiter.reject(error);
        },
      )
      .finally(() => {
        this.waitingForRunning = [];
        this.computing = undefined;
        if (this.closed) return;
        this.armRefresh();
        if (this.stale && this.wanted()) this.schedule();
      });
  }

  private armRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    if (this.subscribers.size === 0) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed();
    }, this.options.refreshMs);
    this.refreshTimer.unref();
  }
}

/** A subscriber's stream: at most one undelivered snapshot, always the newest. */
class LatestSnapshot<Snapshot> implements AsyncIterableIterator<Snapshot> {
  private pending: { snapshot: Snapshot } | undefined;
  private waiting: ((result: IteratorResult<Snapshot>) => void) | undefined;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  offer(snapshot: Snapshot): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: snapshot, done: false });
    } else {
      this.pending = { snapshot };
    }
  }

  next(): Promise<IteratorResult<Snapshot>> {
    if (this.pending) {
      const { snapshot } = this.pending;
      this.pending = undefined;
      return Promise.resolve({ value: snapshot, done: false });
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Snapshot>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending = undefined;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onEnd();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
