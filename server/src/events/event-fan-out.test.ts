import {
  endOfEvents,
  EventFanOut,
  EventQueueOverflow,
  maxQueuedEvents,
  noEvent,
  pushSourceOf,
  type DeliveredEvent,
} from './event-fan-out';

/**
 * The events fan-out's queues as the subscription fan-out takes from them: synchronously, from
 * within the delivery (PushSource), and through `next()` for every other reader.
 */

function event(sequence: number, topic = 'TOPIC', scopeId: string | null = null): DeliveredEvent {
  return { sequence: BigInt(sequence), topic, scopeId, payload: { sequence } };
}

describe('EventQueue as a PushSource', () => {
  it('hands an event to a waiting reader within the delivery itself, and to nobody else', () => {
    const fanOut = new EventFanOut();
    const queue = fanOut.register('TOPIC', null);
    const other = fanOut.register('TOPIC', 'scope-1');
    expect(queue.take()).toBe(noEvent);
    const taken: unknown[] = [];
    queue.whenReady(() => taken.push(queue.take()));
    other.whenReady(() => taken.push('woken for another scope'));

    const first = event(1);
    fanOut.deliver(first);

    expect(taken).toEqual([first]);
    expect(queue.take()).toBe(noEvent);
    // whenReady is called once: a second event waits in the queue until taken.
    fanOut.deliver(event(2));
    expect(taken).toHaveLength(1);
    expect(queue.take()).toEqual(event(2));
  });

  it('keeps order for a reader that takes later, and cuts it off past the bound, waking it', () => {
    const fanOut = new EventFanOut();
    const queue = fanOut.register('TOPIC', null);
    for (let sequence = 1; sequence <= 3; sequence++) fanOut.deliver(event(sequence));
    expect([queue.take(), queue.take(), queue.take(), queue.take()]).toEqual([
      event(1),
      event(2),
      event(3),
      noEvent,
    ]);

    let woken = 0;
    queue.whenReady(() => woken++);
    for (let sequence = 4; sequence < 4 + maxQueuedEvents + 1; sequence++) fanOut.deliver(event(sequence));
    // Woken by the first event; it did not take, so the rest piled up until the bound.
    expect(woken).toBe(1);
    queue.whenReady(() => woken++);
    fanOut.deliver(event(10_000));
    expect(woken).toBe(1);
    expect(() => queue.take()).toThrow(EventQueueOverflow);
    expect(() => queue.take()).toThrow(EventQueueOverflow);
    expect(fanOut.registeredQueues()).toBe(0);
  });

  it('wakes the reader on overflow and on close', () => {
    const fanOut = new EventFanOut();
    const overflowing = fanOut.register('TOPIC', null);
    for (let sequence = 1; sequence <= maxQueuedEvents; sequence++) fanOut.deliver(event(sequence));
    let woken = false;
    overflowing.whenReady(() => (woken = true));
    fanOut.deliver(event(maxQueuedEvents + 1));
    expect(woken).toBe(true);

    const closing = fanOut.register('TOPIC', null);
    let closed = false;
    closing.whenReady(() => (closed = closing.take() === endOfEvents));
    closing.close();
    expect(closed).toBe(true);
    expect(fanOut.registeredQueues()).toBe(0);
  });

  it('still serves next(): a pending call resolves with the next event, then with the end', async () => {
    const fanOut = new EventFanOut();
    const queue = fanOut.register('TOPIC', null);
    const pending = queue.next();
    fanOut.deliver(event(1));
    await expect(pending).resolves.toEqual({ value: event(1), done: false });
    const waiting = queue.next();
    await queue.return();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    fanOut.deliver(event(2));
    await expect(queue.next()).resolves.toEqual({ value: undefined, done: true });
  });
});

describe('pushSourceOf', () => {
  it("takes an iterator's values in order, wakes its reader as each arrives, then ends", async () => {
    async function* values() {
      yield 'a';
      yield 'b';
    }
    const source = pushSourceOf(values());
    const taken: unknown[] = [];
    for (;;) {
      const value = source.take();
      if (value === endOfEvents) break;
      if (value === noEvent) {
        await new Promise<void>((resolve) => source.whenReady(resolve));
        continue;
      }
      taken.push(value);
    }
    expect(taken).toEqual(['a', 'b']);
  });

  it("throws the iterator's failure from take, and return() ends it", async () => {
    const failing = pushSourceOf<string>({
      next: () => Promise.reject(new Error('feed broke')),
    });
    expect(failing.take()).toBe(noEvent);
    await new Promise<void>((resolve) => failing.whenReady(resolve));
    expect(() => failing.take()).toThrow('feed broke');

    let returned = false;
    const endless = pushSourceOf<string>({
      next: () => new Promise(() => undefined),
      return: async () => {
        returned = true;
        return { value: undefined, done: true };
      },
    });
    expect(endless.take()).toBe(noEvent);
    await endless.return!();
    expect(returned).toBe(true);
    expect(endless.take()).toBe(endOfEvents);
  });
});
