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
