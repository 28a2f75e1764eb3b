import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives the memory of closed WebSocket connections back to the system.
 *
 * Why it is needed: V8 (13.6, in Node 24) keeps the heap pages a garbage collection frees in a pool
 * for reuse, and hands them back to the system only during a collection asked to reduce memory. Its
 * own memory reducer asks for one only when it judges the allocation rate low, which it did not do
 * here even on an idle server (traced with --trace-memory-reducer: "high alloc" at every check), so
 * after 2,000 sockets closed the process kept ~200 MB of free pages for good (bench/README.md, the
 * socket soak). The live objects are gone (the heap is back at its idle size after a collection);
 * only the pool stays.
 *
 * So: once the open sockets fell at least `minClosedSockets` below their peak since the last
 * release, and no socket opened or closed for `quietMs`, one memory-reducing collection runs (at
 * most one per `minIntervalMs`). Steady churn (as many sockets opening as closing) never triggers
 * it: new sockets reuse the pool. It pauses the event loop for a few full collections (measured
 * 430-740 ms on this 2-core machine under a load average of 7, a few times a regular full collection),
 * which is why it waits for a quiet moment after the count dropped, and never runs for a few sockets.
 */
export interface MemoryReleaseOptions {
  minClosedSockets: number;
  quietMs: number;
  minIntervalMs: number;
  /** Runs a memory-reducing collection (`memoryReducingCollection()`, or a test's stand-in). */
  collect: () => void;
  /** Told after each release, with how long it took and the resident set before and after. */
  onReleased?: (release: {
    closedSockets: number;
    durationMs: number;
    rssBefore: number;
    rssAfter: number;
  }) => void;
}

export const defaultMemoryRelease = { minClosedSockets: 256, quietMs: 1_000, minIntervalMs: 10_000 };

export class MemoryRelease {
  private open = 0;
  /** The most sockets open at once since the last release. */
  private peak = 0;
  private lastReleaseAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: MemoryReleaseOptions) {}

  socketOpened(): void {
    this.open++;
    this.peak = Math.max(this.peak, this.open);
    this.postpone();
  }

  socketClosed(): void {
    this.open--;
    this.postpone();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Schedules the release for the end of the quiet period that starts now, if the open sockets dropped enough. */
  private postpone(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.peak - this.open < this.options.minClosedSockets) return;
    const delayMs = Math.max(
      this.options.quietMs,
      this.lastReleaseAt + this.options.minIntervalMs - Date.now(),
    );
    this.timer = setTimeout(() => this.release(), delayMs);
    this.timer.unref();
  }

  private release(): void {
    this.timer = undefined;
    const closedSockets = this.peak - this.open;
    this.peak = this.open;
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    this.options.collect();
    this.lastReleaseAt = Date.now();
    this.options.onReleased?.({
      closedSockets,
      durationMs: performance.now() - started,
      rssBefore,
      rssAfter: process.memoryUsage.rss(),
    });
  }
}

let collection: ((options: object) => void) | undefined;

/**
 * One garbage collection that reduces memory: V8's "last resort" collection, the only one
 * JavaScript can ask for that empties the page pool. `gc` is exposed in a new context only (the
 * flag does not add it to contexts that exist already), so no code of the app sees a global `gc`.
 */
export function memoryReducingCollection(): void {
  if (!collection) {
    v8.setFlagsFromString('--expose-gc');
    collection = vm.runInNewContext('gc') as (options: object) => void;
  }
  collection({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
