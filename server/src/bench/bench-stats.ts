/**
 * Small helpers shared by the bench's processes: latency summaries, a progress bar on stderr, and
 * a wall clock with sub-millisecond resolution (to compare a receipt in the load generator with a
 * commit timestamp from PostgreSQL, both read from the machine's realtime clock).
 */

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The value below which `fraction` of `sorted` (ascending) lies: nearest rank. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 0.5), 2),
    p95Ms: round(percentile(sorted, 0.95), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN, 2),
  };
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 0.5);
}

/**
 * A progress bar on stderr, redrawn at most every 100 ms (stdout keeps the table alone). On a
 * terminal it redraws one line; in a log (not a TTY) it writes a line per quarter.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastQuarter = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const now = performance.now();
    const finished = done >= this.total;
    if (process.stderr.isTTY) {
      if (!finished && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.min(width, Math.round((done / this.total) * width));
      process.stderr.write(
        `\r${this.label.padEnd(34)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.min(done, this.total)}/${this.total}`,
      );
      if (finished) process.stderr.write('\n');
      return;
    }
    const quarter = Math.min(4, Math.floor((done / this.total) * 4));
    if (quarter === this.lastQuarter) return;
    this.lastQuarter = quarter;
    process.stderr.write(`${this.label}: ${quarter * 25}%\n`);
  }

  /** A bar over a fixed duration: advances every 250 ms until `promise` settles. */
  static async during<T>(label: string, durationMs: number, promise: Promise<T>): Promise<T> {
    const steps = Math.max(1, Math.round(durationMs / 250));
    const bar = new ProgressBar(label, steps);
    const started = performance.now();
    const timer = setInterval(
      () => bar.update(Math.min(steps - 1, Math.floor((performance.now() - started) / 250))),
      250,
    );
    try {
      return await promise;
    } finally {
      clearInterval(timer);
      bar.update(steps);
    }
  }
}

/**
 * Wall-clock time in milliseconds with microsecond resolution: performance.now() shifted by an
 * offset taken at a tick of Date.now() (busy-waiting at most 1 ms for the tick). Re-calibrate
 * before each measurement: the two clocks may drift apart (NTP slewing) over minutes.
 */
export class WallClock {
  private offsetMs = 0;

  constructor() {
    this.calibrate();
  }

  calibrate(): void {
    const start = Date.now();
    let tick = Date.now();
    while (tick === start) tick = Date.now();
    this.offsetMs = tick - performance.now();
  }

  fromPerformance(performanceMs: number): number {
    return performanceMs + this.offsetMs;
  }

  now(): number {
    return this.fromPerformance(performance.now());
  }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
