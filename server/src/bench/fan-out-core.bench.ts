import '../tools/node-version.guard';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import type { Context } from '../graphql/context';
import { SubscriptionFanOut } from '../graphql/subscription-fan-out';
import { EventFanOut, type DeliveredEvent } from '../events/event-fan-out';
import type { Database } from '../db/pool';
import { runCli } from '../tools/cli';
import { median, ProgressBar } from './bench-stats';

/**
 * `npm run bench:fanout-core`: the subscription fan-out's own cost, in this process, without
 * sockets or a database. 2,000 subscriptions of one operation and one viewer class on the events
 * fan-out's queues, each with a sink that only counts its frames; 20 events to warm up, then 200
 * measured. Per event: from `deliver` to the first frame and to the last one (medians), and this
 * process's CPU. What the whole bench's fan-out adds beyond this is the sockets' writes, graphql-ws,
 * the database's read and the load generator; this part is the one our code alone decides.
 */

const subscribers = 2_000;
const warmupEvents = 20;
const measuredEvents = 200;

const payloadType = new GraphQLObjectType({
  name: 'Change',
  fields: {
    kind: { type: GraphQLString },
    state: { type: GraphQLString },
    cursor: { type: GraphQLString, resolve: (event: DeliveredEvent) => event.sequence.toString() },
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      feed: {
        type: payloadType,
        subscribe: (_root, _args, context: Context & { events: EventFanOut }) =>
          context.events.register('FEED', null),
        resolve: (event: DeliveredEvent<{ kind: string; state: string }>) => ({ ...event.payload, ...event }),
      },
    },
  }),
});

async function main(): Promise<number> {
  const events = new EventFanOut();
  const fanOut = new SubscriptionFanOut({
    database: undefined as unknown as Database,
    formatErrors: (errors) => errors.map((error) => error.toJSON()),
  });
  const query = 'subscription { feed { kind state cursor } }';
  const document = parse(query);
  let written = 0;
  let started = 0;
  let first = 0;
  let last = 0;
  for (let index = 0; index < subscribers; index++) {
    const context = {
      viewer: null,
      meta: { requestId: `request-${index}`, address: '127.0.0.1', userAgent: null },
      services: {},
      loaders: undefined,
      reply: null,
      events,
    } as unknown as Context;
    fanOut.attach(context, {
      id: String(index),
      query,
      operationName: undefined,
      variables: undefined,
      write: (_frame, done) => {
        const now = performance.now() - started;
        if (written++ % subscribers === 0) first = now;
        last = now;
        setImmediate(done);
      },
    });
    const args: ExecutionArgs = { schema, document, contextValue: context };
    const subscription = await fanOut.subscribe(args);
    if (!('next' in subscription)) throw new Error(`subscribing failed: ${JSON.stringify(subscription)}`);
    void subscription.next();
  }

  const firsts: number[] = [];
  const lasts: number[] = [];
  let cpuAtStart = process.cpuUsage();
  const bar = new ProgressBar('fan-out core: events', warmupEvents + measuredEvents);
  for (let sequence = 1; sequence <= warmupEvents + measuredEvents; sequence++) {
    const target = written + subscribers;
    started = performance.now();
    events.deliver({
      sequence: BigInt(sequence),
      topic: 'FEED',
      scopeId: null,
      payload: { kind: 'TRANSITION', state: 'UNDER_REVIEW' },
    });
    while (written < target) await new Promise((resolve) => setImmediate(resolve));
    // Every write's callback, before the next event.
    await new Promise((resolve) => setImmediate(resolve));
    if (sequence === warmupEvents) cpuAtStart = process.cpuUsage();
    if (sequence > warmupEvents) {
      firsts.push(first);
      lasts.push(last);
    }
    bar.update(sequence);
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const counts = fanOut.counts();
  console.log(
    `fan-out core, ${subscribers} subscribers x ${measuredEvents} events: deliver -> first frame ${median(firsts).toFixed(2)} ms, ` +
      `-> last frame ${median(lasts).toFixed(2)} ms (medians); CPU ${((cpu.user + cpu.system) / 1000 / measuredEvents).toFixed(2)} ms/event; ` +
      `${counts.executions} executions for ${counts.deliveries} frames`,
  );
  if (counts.deliveries !== subscribers * (warmupEvents + measuredEvents)) {
    console.error(
      `expected ${subscribers * (warmupEvents + measuredEvents)} frames, wrote ${counts.deliveries}`,
    );
    return 1;
  }
  return 0;
}

runCli(main);
