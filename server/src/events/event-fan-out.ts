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

/** What `take` answers when no event is waiting yet. */
export const noEvent: unique symbol = Symbol('no event yet');
/** What `take` answers once the stream has ended: nothing more comes. */
export const endOfEvents: unique symbol = Symbol('end of events');

/**
 * A stream of events that can be taken without a promise per event. The subscription fan-out
 * (graphql/subscription-fan-out.ts) takes from it synchronously, from within the delivery itself,
 * so that the first subscriber's frame is written before the last subscriber has even been
 * handed the event. Every stream of this module is also an AsyncIterableIterator, whose `next`
 * waits through `whenReady`.
 */
export interface PushSource<Value> {
  /** The next value if one is waiting, `noEvent` if none is yet, `endOfEvents` once ended; may throw (EventQueueOverflow). */
  take(): Value | typeof noEvent | typeof endOfEvents;
  /**
   * Calls `ready` once, synchronously from the delivery, when `take` may answer something new (a
   * value, the end, a failure). One caller waits at a time: a second call replaces the first.
   */
  whenReady(ready: () => void): void;
}

export function isPushSource(value: object): value is PushSource<unknown> {
  const candidate = value as Partial<PushSource<unknown>>;
  return typeof candidate.take === 'function' && typeof candidate.whenReady === 'function';
}

/** `next` of a PushSource: takes, or waits until there is something to take. */
export async function nextOf<Value>(source: PushSource<Value>): Promise<IteratorResult<Value, undefined>> {
  for (;;) {
    const taken = source.take();
    if (taken === endOfEvents) return { value: undefined, done: true };
    if (taken !== noEvent) return { value: taken, done: false };
    await new Promise<void>((resolve) => source.whenReady(resolve));
  }
}

/**
 * `iterator` as a PushSource, for a stream that is not one (a snapshot feed): each `take` that
 * finds nothing asks the iterator for its next value, and `whenReady` is called when it comes.
 */
export function pushSourceOf<Value>(
  iterator: AsyncIterator<Value>,
): AsyncIterator<Value> & PushSource<Value> {
  let arrived: { value: Value } | { failure: unknown } | typeof endOfEvents | undefined;
  let asking = false;
  let ready: (() => void) | undefined;
  const arrive = (value: typeof arrived) => {
    asking = false;
    arrived = value;
    const waiting = ready;
    ready = undefined;
    waiting?.();
  };
  const source: AsyncIterator<Value> & PushSource<Value> = {
    take() {
      const taken = arrived;
      if (taken === undefined) {
        if (!asking) {
          asking = true;
          iterator.next().then(
            (result) => arrive(result.done ? endOfEvents : { value: result.value }),
            (error: unknown) => arrive({ failure: error }),
          );
        }
        return noEvent;
      }
      if (taken === endOfEvents) return endOfEvents;
      arrived = undefined;
      if ('failure' in taken) throw taken.failure;
      return taken.value;
    },
    whenReady(callback) {
      ready = callback;
    },
    next: () => nextOf(source),
    return: async () => {
      await iterator.return?.();
      arrive(endOfEvents);
      return { value: undefined, done: true };
    },
  };
  return source;
}

/**
 * One subscriber's queue: registered at once (so nothing delivered after `register` is missed, even
 * before the first `take`), bounded, and closed by `return()` even while its reader waits.
 */
export class EventQueue implements AsyncIterableIterator<DeliveredEvent>, PushSource<DeliveredEvent> {
  private readonly buffered: DeliveredEvent[] = [];
  private ready: (() => void) | undefined;
  private state: 'open' | 'overflowed' | 'closed' = 'open';

  constructor(private readonly onClose: () => void) {}

  push(event: DeliveredEvent): void {
    if (this.state !== 'open') return;
    if (this.buffered.length >= maxQueuedEvents) {
      // Dropping silently would leave the client stale; failing tells it to resume from its cursor.
      this.state = 'overflowed';
      this.buffered.length = 0;
      this.onClose();
    } else {
      this.buffered.push(event);
    }
    this.wake();
  }

  take(): DeliveredEvent | typeof noEvent | typeof endOfEvents {
    const event = this.buffered.shift();
    if (event) return event;
    if (this.state === 'overflowed') throw overflow();
    if (this.state === 'closed') return endOfEvents;
    return noEvent;
  }

  whenReady(ready: () => void): void {
    this.ready = ready;
  }

  next(): Promise<IteratorResult<DeliveredEvent, undefined>> {
    return nextOf(this);
  }

  return(): Promise<IteratorResult<DeliveredEvent, undefined>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  close(): void {
    if (this.state === 'open') this.onClose();
    this.state = 'closed';
    this.buffered.length = 0;
    this.wake();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wake(): void {
    const ready = this.ready;
    this.ready = undefined;
    ready?.();
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
