/**
 * A counting semaphore with a bounded, first-come first-served wait queue: for work that is CPU-
 * or memory-bound (password hashing, image decoding), so that a burst is queued up to a bound and
 * refused beyond it instead of piling up.
 */
export class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly capacity: number,
    private readonly queueLength: number,
  ) {}

  /** How many wait for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves once a slot is held; null when none is free and the queue is full. */
  acquire(): Promise<void> | null {
    if (this.held < this.capacity) {
      this.held++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLength) return null;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Runs `work` holding a slot, waiting in the queue for one if need be; null, and `work` not run,
   * when none is free and the queue is full.
   */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | null> {
    const acquired = this.acquire();
    if (!acquired) return null;
    await acquired;
    try {
      return { value: await work() };
    } finally {
      this.release();
    }
  }

  /** Hands the slot to the longest waiter, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}

/**
 * Slots shared out by key (a client's address, a seller): each key holds or waits for at most
 * `perKey` of them, so that one client keeping many requests in flight cannot fill the queue and
 * have everyone else refused.
 */
export class KeyedSlots {
  /** Each key's runs, held or waiting. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    readonly slots: Slots,
    private readonly perKey: number,
  ) {}

  /** Runs `work` as Slots.run does, charged to `key`; null, and `work` not run, when `key` already has `perKey` runs. */
  async run<T>(key: string, work: () => Promise<T>): Promise<{ value: T } | null> {
    const mine = this.inFlight.get(key) ?? 0;
    if (mine >= this.perKey) return null;
    this.inFlight.set(key, mine + 1);
    try {
      return await this.slots.run(work);
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left === 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    }
  }
}
