/**
 * How many missed events one holder (a user, or an address without credentials) may have replayed
 * by resumed subscriptions, per minute, on this instance: a token bucket that refills evenly. A
 * replay reads up to a thousand events and writes each to the socket; a hundred subscriptions on
 * each of fifty sockets resuming from far back would otherwise take the server's CPU from everyone.
 * A client that reconnects after a short gap replays a handful; a reload needs none.
 */
export class ReplayBudget {
  private readonly buckets = new Map<string, { tokens: number; refilledAtMs: number }>();

  constructor(
    private readonly eventsPerMinute: number,
    private readonly now: () => number = Date.now,
    /** Holders tracked at most; the longest-unused are forgotten first (a forgotten holder has a full bucket). */
    private readonly maxHolders = 100_000,
  ) {}

  /**
   * Takes `events` from the holder's budget. Answers null when they fit, else how many seconds
   * until they would (nothing is taken then). A replay larger than a whole minute's budget waits
   * for a full bucket.
   */
  take(holder: string, events: number): number | null {
    if (events <= 0) return null;
    const nowMs = this.now();
    const bucket = this.refilled(holder, nowMs);
    const needed = Math.min(events, this.eventsPerMinute);
    if (bucket.tokens < needed) {
      return Math.max(1, Math.ceil(((needed - bucket.tokens) * 60) / this.eventsPerMinute));
    }
    bucket.tokens -= needed;
    return null;
  }

  private refilled(holder: string, nowMs: number): { tokens: number; refilledAtMs: number } {
    const existing = this.buckets.get(holder);
    if (existing) this.buckets.delete(holder);
    const bucket = existing ?? { tokens: this.eventsPerMinute, refilledAtMs: nowMs };
    const earned = ((nowMs - bucket.refilledAtMs) / 60_000) * this.eventsPerMinute;
    bucket.tokens = Math.min(this.eventsPerMinute, bucket.tokens + earned);
    bucket.refilledAtMs = nowMs;
    // Re-inserted last: the map's order is least recently used first.
    this.buckets.set(holder, bucket);
    if (this.buckets.size > this.maxHolders) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return bucket;
  }
}
