/** A committed event as subscribers receive it. */
export interface DeliveredEvent<Payload = unknown> {
  /** Its position in commit order (the `events` row); clients hold it as an opaque cursor. */
  sequence: bigint;
  topic: string;
  /** The scope it was published under (a dispute id, a user id), or null for the whole topic. */
  scopeId: string | null;
  payload: Payload;
}

/** How many events one subscription may have waiting before it is cut off (it resumes from its cursor). */
export const maxQueuedEvents = 1_000;

/** Thrown by `next()` once a subscriber fell more than `maxQueuedEvents` behind; nothing more comes. */
export class EventQueueOverflow extends Error {
  override name = 'EventQueueOverflow';
}

export function subscriptionKey(topic: string, scopeId: string | null): string {
  return scopeId === null ? topic : `${topic}:${scopeId}`;
}

/**
 * One subscriber's queue: registered at once (so nothing delivered after `register` is missed, even
 * before the first `next()`), bounded, and closed by `return()` even while a `next()` is pending.
 */
export class EventQueue implements AsyncIterableIterator<DeliveredEvent> {
  private readonly buffered: DeliveredEvent[] = [];
  private waiting: ((result: IteratorResult<DeliveredEvent>) => void) | undefined;
  private state: 'open' | 'overflowed' | 'closed' = 'open';

  constructor(private readonly onClose: () => void) {}

  push(event: DeliveredEvent): void {
    if (this.state !== 'open') return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: event, done: false });
      return;
    }
    if (this.buffered.length >= maxQueuedEvents) {
      // Dropping silently would leave the client stale; failing tells it to resume from its cursor.
      this.state = 'overflowed';
      this.buffered.length = 0;
      this.onClose();
      return;
    }
    this.buffered.push(event);
  }

  next(): Promise<IteratorResult<DeliveredEvent>> {
    const event = this.buffered.shift();
    if (event) return Promise.resolve({ value: event, done: false });
    if (this.state === 'overflowed') return Promise.reject(overflow());
    if (this.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<DeliveredEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    if (this.state === 'open') this.onClose();
    this.state = 'closed';
    this.buffered.length = 0;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

function overflow(): EventQueueOverflow {
  return new EventQueueOverflow(`the subscriber fell more than ${maxQueuedEvents} events behind`);
}

/** This instance's subscribers, by topic and scope; `deliver` hands each committed event to them in order. */
export class EventFanOut {
  private readonly queues = new Map<string, Set<EventQueue>>();

  register(topic: string, scopeId: string | null): EventQueue {
    const key = subscriptionKey(topic, scopeId);
    let queues = this.queues.get(key);
    if (!queues) {
      queues = new Set();
      this.queues.set(key, queues);
    }
    const registered = queues;
    const queue = new EventQueue(() => {
      registered.delete(queue);
      if (registered.size === 0 && this.queues.get(key) === registered) this.queues.delete(key);
    });
    registered.add(queue);
    return queue;
  }

  deliver(event: DeliveredEvent): void {
    const queues = this.queues.get(subscriptionKey(event.topic, event.scopeId));
    if (!queues) return;
    // A copy: a queue that overflows removes itself while we iterate.
    for (const queue of [...queues]) queue.push(event);
  }

  /** How many queues are registered: every open subscription holds one, and gives it back when it ends. */
  registeredQueues(): number {
    let count = 0;
    for (const queues of this.queues.values()) count += queues.size;
    return count;
  }

  closeAll(): void {
    for (const queues of [...this.queues.values()]) for (const queue of [...queues]) queue.close();
  }
}
