import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse } from 'graphql';
import { EventFanOut, type DeliveredEvent } from '../events/event-fan-out';
import type { Database } from '../db/pool';
import type { Context } from './context';
import { SubscriptionFanOut, type SubscriptionSink } from './subscription-fan-out';

/**
 * How the fan-out pushes events: subscribers are written to within the delivery, each at its own
 * pace, and one subscriber's failure stays its own. Built on the events fan-out's real queues and
 * a one-field schema; the sinks stand in for the sockets (they record frames, and call `done` when
 * the test says the socket took the frame).
 */

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      feed: {
        type: GraphQLString,
        subscribe: (_root, _args, context: { events: EventFanOut }) => context.events.register('FEED', null),
        resolve: (event: DeliveredEvent) => event.sequence.toString(),
      },
    },
  }),
});
const query = 'subscription { feed }';
const document = parse(query);

interface Subscriber {
  /** The `feed` values of the frames written, in order. */
  frames: string[];
  /** The write callbacks not called yet (a socket that has not taken the frame). */
  held: (() => void)[];
  /** What the subscription's `next()` settled with, once it did. */
  ended: Promise<unknown>;
}

function setUp() {
  const events = new EventFanOut();
  const fanOut = new SubscriptionFanOut({
    database: undefined as unknown as Database,
    formatErrors: (errors) => errors.map((error) => error.toJSON()),
  });
  let sequence = 0;
  return {
    events,
    fanOut,
    async subscribe(
      write: (subscriber: Subscriber, frame: Buffer, done: () => void) => void,
    ): Promise<Subscriber> {
      const context = { viewer: null, meta: { requestId: 'request' }, events } as unknown as Context;
      const subscriber: Subscriber = { frames: [], held: [], ended: Promise.resolve() };
      const sink: SubscriptionSink = {
        id: '1',
        query,
        operationName: undefined,
        variables: undefined,
        write: (frame, done) => {
          const message = JSON.parse(frame.toString()) as { payload: { data: { feed: string } } };
          subscriber.frames.push(message.payload.data.feed);
          write(subscriber, frame, done);
        },
      };
      fanOut.attach(context, sink);
      const subscription = await fanOut.subscribe({ schema, document, contextValue: context });
      if (!('next' in subscription)) throw new Error('subscribing failed');
      subscriber.ended = subscription.next().then(
        (result) => result,
        (error: unknown) => error,
      );
      return subscriber;
    },
    deliver(): void {
      sequence++;
      events.deliver({ sequence: BigInt(sequence), topic: 'FEED', scopeId: null, payload: {} });
    },
  };
}

const promptly = (_subscriber: Subscriber, _frame: Buffer, done: () => void) => setImmediate(done);
const holding = (subscriber: Subscriber, _frame: Buffer, done: () => void) => subscriber.held.push(done);

/** Lets the event loop turn until `condition` holds (each turn runs every callback due). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1_000 && !condition(); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('SubscriptionFanOut pushes events', () => {
  it('executes an event once for every subscriber waiting, and writes each of them once', async () => {
    // given 200 idle subscribers of one operation
    const fanOut = setUp();
    const subscribers = await Promise.all(Array.from({ length: 200 }, () => fanOut.subscribe(promptly)));

    // when one event is delivered
    fanOut.deliver();
    await until(() => subscribers.every((subscriber) => subscriber.frames.length === 1));

    // then it executed once, and each subscriber got one frame
    expect(fanOut.fanOut.counts()).toEqual({ executions: 1, deliveries: 200 });
  });

  it('writes the next waiting frame within the call that says the socket took the previous one', async () => {
    // given a subscriber whose socket has not taken event 1's frame while event 2 was executed
    const fanOut = setUp();
    const slow = await fanOut.subscribe(holding);
    const fast = await fanOut.subscribe(promptly);
    fanOut.deliver();
    fanOut.deliver();
    await until(() => fast.frames.length === 2);
    expect(slow.frames).toEqual(['1']);

    // when its socket takes the frame
    slow.held.shift()!();

    // then event 2's frame, whose result is known, is written before that call returns
    expect(slow.frames).toEqual(['1', '2']);
    expect(fanOut.fanOut.counts().executions).toBe(2);
  });

  it('holds back only the subscriber whose socket has not taken its frame, and keeps its order', async () => {
    // given a subscriber whose socket takes nothing yet, beside one that takes every frame
    const fanOut = setUp();
    const slow = await fanOut.subscribe(holding);
    const fast = await fanOut.subscribe(promptly);

    // when three events are delivered
    for (let count = 0; count < 3; count++) fanOut.deliver();
    await until(() => fast.frames.length === 3);

    // then the fast one has all three, the slow one the first only, until its socket takes each
    expect(fast.frames).toEqual(['1', '2', '3']);
    expect(slow.frames).toEqual(['1']);
    slow.held.shift()!();
    await until(() => slow.frames.length === 2);
    slow.held.shift()!();
    await until(() => slow.frames.length === 3);
    expect(slow.frames).toEqual(['1', '2', '3']);
  });

  it("ends only the subscription whose write fails, with that failure, while the others' frames go out", async () => {
    // given three subscribers, the socket of the first (whose take starts the execution) and of the
    // third failing as they are written to
    const fanOut = setUp();
    const broken = () => {
      throw new Error('socket broke');
    };
    const failing = await fanOut.subscribe(broken);
    const first = await fanOut.subscribe(promptly);
    const alsoFailing = await fanOut.subscribe(broken);
    const third = await fanOut.subscribe(promptly);

    // when two events are delivered
    fanOut.deliver();
    fanOut.deliver();
    await until(() => first.frames.length === 2 && third.frames.length === 2);

    // then each failing subscription ended with its error, and its queue is gone
    for (const subscriber of [failing, alsoFailing]) {
      await expect(subscriber.ended).resolves.toEqual(new Error('socket broke'));
      expect(subscriber.frames).toEqual(['1']);
    }
    expect(fanOut.events.registeredQueues()).toBe(2);
  });
});
