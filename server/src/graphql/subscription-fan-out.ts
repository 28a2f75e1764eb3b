import crypto from 'node:crypto';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  print,
  subscribe,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import client from 'prom-client';
import type { Viewer } from '../auth/roles';
import type { Database } from '../db/pool';
import { endOfEvents, isPushSource, noEvent, pushSourceOf, type PushSource } from '../events/event-fan-out';
import { assert } from '../shared/assert';
import type { RequestMeta } from '../shared/request-meta';
import type { Context } from './context';
import { createLoaders, type Loaders } from './loaders';

/**
 * Subscription fan-out: an event delivered to many subscribers is executed once per distinct
 * result and serialised once, then written to each subscriber's socket.
 *
 * Who shares a result: subscribers of the same event (the same root object, as the events fan-out
 * hands one object to every queue) whose operation is the same (document text, operation name,
 * variables) and whose viewer is of the same class (signed in or not, roles, session or API key,
 * scopes: what `@Authorized` and the staff checks read). Anything else a result may depend on is
 * recorded while it is computed: the execution's viewer and request metadata are proxies that note
 * every property read (userId when `mayReadDispute` compares it with the parties, sessionId, the
 * request id...). A subscriber takes a result only if it agrees on every fact the result read; if
 * not, that fact joins the operation's key for later events and the subscriber gets its own
 * execution. So a subscriber never receives a result computed for a viewer with other rights, and
 * a field that starts reading the viewer tomorrow is covered without a list to keep up to date.
 * Each subscriber's own `accept` (whether it may receive the event at all) still runs per subscriber,
 * in the event stream, before any of this.
 *
 * Loaders: every execution of one event shares one loader set (`createLoaders`, which takes no
 * viewer: loaders fetch rows, resolvers decide what the viewer may see of them), so subscribers
 * whose results differ still make one batched load per kind of row, and each event starts with
 * empty loaders: an event never shows rows cached for an earlier one.
 *
 * Results live as long as their event is referenced (a WeakMap keyed by the event): once every
 * queue moved past it, the event, its results and its loaders are garbage.
 *
 * Delivery is pushed, not pulled through promises: the events fan-out hands an event to each
 * idle subscription synchronously (events/event-fan-out.ts, PushSource), which takes it, finds the
 * shared result and writes its frame in the same call. The subscribers waiting for a result being
 * computed are written to in one loop the moment it is known. So the first socket is written to
 * before the last subscriber has been handed the event, as a plain loop of `ws.send` would, where
 * a chain of promises per subscriber made every subscriber take each step before any frame left.
 *
 * Per subscriber, order and backpressure are as before: each subscription takes its next event
 * only after the previous frame was handed to its socket, so the bounded event queue
 * (EVENT_SUBSCRIBER_LAGGED) still measures how far a slow client is behind.
 */

/** Where one subscription's `next` messages go: its operation on one socket. */
export interface SubscriptionSink {
  /** The client's operation id (graphql-ws `subscribe` message). */
  id: string;
  /** The operation as the client sent it: with the viewer's class, what makes results shareable. */
  query: string;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | null | undefined;
  /**
   * Writes one complete text frame; calls `done` once the socket took it (or is closed), never
   * synchronously, with the error if the write failed.
   */
  write(frame: Buffer, done: (error?: Error | null) => void): void;
}

export interface SubscriptionFanOutOptions {
  database: Database;
  /** Masks and formats a result's errors for the client (logging unexpected ones under `requestId`). */
  formatErrors(errors: readonly GraphQLError[], requestId: string): GraphQLFormattedError[];
}

/** What the fan-out did, for tests and /metrics. */
export interface SubscriptionFanOutCounts {
  /** Subscription payloads executed (and serialised). */
  executions: number;
  /** `next` messages written. */
  deliveries: number;
}

/** One execution's outcome, shared by everyone who agrees on the facts it read. */
interface SharedResult {
  /** The serialised ExecutionResult, errors masked: the `payload` of the `next` message. */
  payload: Buffer;
  /** Every viewer or request fact the execution read beyond the viewer class, with its value. */
  read: Map<string, unknown>;
}

type Outcome = { result: SharedResult } | { error: unknown };

/** An execution: its outcome once known, and until then who waits for it. */
interface Execution {
  outcome: Outcome | undefined;
  /** Called in order, in one loop, the moment the outcome is known. */
  waiting: ((outcome: Outcome) => void)[];
}

/** Who takes a subscription's frame: its FanOutSubscription. Neither method throws. */
interface FrameTaker {
  frame(frame: Buffer): void;
  fail(error: unknown): void;
}

/** The executions of one event, by operation key; and the loaders they share. */
interface EventExecutions {
  loaders: Loaders | undefined;
  results: Map<string, Execution>;
}

/** One subscription, as the fan-out sees it. */
interface Operation {
  args: ExecutionArgs;
  context: Context;
  sink: SubscriptionSink;
  /** Operation and viewer class. */
  baseKey: string;
  /** `{"id":"…","type":"next","payload":` */
  prefix: Buffer;
  /** The full key for the facts last keyed on (recomputed when the operation's facts change). */
  key: { facts: readonly string[]; value: string } | undefined;
}

/** `codesale_subscription_executions_total` and `_deliveries_total` on `registry`, read from `fanOut` when scraped. */
export function registerFanOutMetrics(registry: client.Registry, fanOut: SubscriptionFanOut): void {
  const series = [
    [
      'executions',
      'Subscription payloads executed and serialised (each shared by the subscribers that may take it)',
    ],
    ['deliveries', 'Subscription next messages written to sockets'],
  ] as const;
  for (const [count, help] of series) {
    let reported = 0;
    new client.Counter({
      name: `codesale_subscription_${count}_total`,
      help,
      registers: [registry],
      collect() {
        const total = fanOut.counts()[count];
        this.inc(total - reported);
        reported = total;
      },
    });
  }
}

/** Operation keys whose results read facts beyond the viewer class: that many are remembered. */
const maxRememberedKeys = 10_000;
/** A subscriber that keeps disagreeing with results (facts keep changing) executes on its own after this. */
const maxJoinAttempts = 8;
const messageEnd = Buffer.from('}');
const noFacts: readonly string[] = [];

export class SubscriptionFanOut {
  private readonly sinks = new WeakMap<Context, SubscriptionSink>();
  private readonly executions = new WeakMap<object, EventExecutions>();
  /** Per base key, the facts past results read: they are part of the key from then on. */
  private readonly readFacts = new Map<string, readonly string[]>();
  private readonly counted: SubscriptionFanOutCounts = { executions: 0, deliveries: 0 };

  constructor(private readonly options: SubscriptionFanOutOptions) {}

  /** The socket a subscription's context writes to: graphql-ws's onSubscribe calls this. */
  attach(context: Context, sink: SubscriptionSink): void {
    this.sinks.set(context, sink);
  }

  counts(): SubscriptionFanOutCounts {
    return { ...this.counted };
  }

  /**
   * graphql-ws's `subscribe`: the event stream, whose results this fan-out writes to the socket
   * itself (the iterator yields nothing; it ends when the stream does). A context without a sink
   * goes through graphql-js as usual.
   */
  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const context = args.contextValue as Context;
    const sink = this.sinks.get(context);
    if (!sink) return subscribe(args);
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const operation: Operation = {
      args,
      context,
      sink,
      baseKey: baseKeyOf(sink, args, context.viewer),
      prefix: Buffer.from(`{"id":${JSON.stringify(sink.id)},"type":"next","payload":`),
      key: undefined,
    };
    const events = stream[Symbol.asyncIterator]();
    return new FanOutSubscription(this, isPushSource(events) ? events : pushSourceOf(events), operation);
  }

  /**
   * Hands `taker` the `next` frame of `root` for `operation`: at once when a result it may take is
   * known (most subscribers of a busy event), otherwise the moment one is.
   */
  frameOf(root: unknown, operation: Operation, taker: FrameTaker): void {
    // Every failure reaches `taker.fail`: this runs within the delivery of the event to everyone.
    this.resultOf(root, operation, 0, (outcome) => {
      if ('error' in outcome) return taker.fail(outcome.error);
      let frame: Buffer;
      try {
        frame = this.frame(outcome.result, operation);
      } catch (error) {
        return taker.fail(error);
      }
      taker.frame(frame);
    });
  }

  private frame(result: SharedResult, operation: Operation): Buffer {
    this.counted.deliveries++;
    return Buffer.concat([operation.prefix, result.payload, messageEnd]);
  }

  /**
   * The result of `root` this operation may take: one already computed or being computed for its
   * key, if it agrees on the facts that result read; if it does not, those facts join the key and it
   * tries again. After `maxJoinAttempts` disagreements it executes on its own.
   */
  private resultOf(
    root: unknown,
    operation: Operation,
    attempt: number,
    done: (outcome: Outcome) => void,
  ): void {
    if (typeof root !== 'object' || root === null) {
      return whenSettled(this.start(root, operation, { loaders: undefined, results: new Map() }), done);
    }
    let executions = this.executions.get(root);
    if (!executions) {
      executions = { loaders: undefined, results: new Map() };
      this.executions.set(root, executions);
    }
    const key = this.keyOf(operation);
    const existing = attempt < maxJoinAttempts ? executions.results.get(key) : undefined;
    if (!existing) {
      const execution = this.start(root, operation, executions);
      if (attempt < maxJoinAttempts) executions.results.set(key, execution);
      // Computed with this subscriber's own facts: it takes the result as it is.
      return whenSettled(execution, done);
    }
    whenSettled(existing, (outcome) => {
      if ('error' in outcome) return done(outcome);
      try {
        if (differingFacts(outcome.result.read, operation.context).length === 0) return done(outcome);
        // The result depends on a fact this subscriber does not share: key on it from now on.
        const facts = this.readFacts.get(operation.baseKey) ?? noFacts;
        this.rememberFacts(operation.baseKey, [...new Set([...facts, ...outcome.result.read.keys()])].sort());
        this.resultOf(root, operation, attempt + 1, done);
      } catch (error) {
        // Only before `done` was called or passed on: it never throws (frameOf's callback).
        done({ error });
      }
    });
  }

  private start(root: unknown, operation: Operation, executions: EventExecutions): Execution {
    const execution: Execution = { outcome: undefined, waiting: [] };
    const settle = (outcome: Outcome) => {
      execution.outcome = outcome;
      const waiting = execution.waiting;
      execution.waiting = [];
      for (const taker of waiting) taker(outcome);
    };
    this.execute(root, operation, executions).then(
      (result) => settle({ result }),
      (error: unknown) => settle({ error }),
    );
    return execution;
  }

  /** The operation's key for the facts results of its base key are known to read. */
  private keyOf(operation: Operation): string {
    const facts = this.readFacts.get(operation.baseKey) ?? noFacts;
    if (operation.key?.facts !== facts) {
      operation.key = { facts, value: `${operation.baseKey}|${factsKey(facts, operation.context)}` };
    }
    return operation.key.value;
  }

  private async execute(
    root: unknown,
    operation: Operation,
    executions: EventExecutions,
  ): Promise<SharedResult> {
    this.counted.executions++;
    const read = new Map<string, unknown>();
    const own = operation.context;
    executions.loaders ??= createLoaders(this.options.database);
    const context: Context = {
      viewer: own.viewer && recording(own.viewer, 'viewer', viewerClassFacts, read),
      meta: recording(own.meta, 'meta', new Set(), read),
      services: own.services,
      loaders: executions.loaders,
      reply: null,
    };
    const result = await execute({ ...operation.args, rootValue: root, contextValue: context });
    const errors = result.errors && this.options.formatErrors(result.errors, own.meta.requestId);
    const payload = Buffer.from(JSON.stringify(errors ? { ...result, errors } : result));
    return { payload, read };
  }

  private rememberFacts(baseKey: string, facts: readonly string[]): void {
    this.readFacts.delete(baseKey);
    if (this.readFacts.size >= maxRememberedKeys) {
      // The oldest entry goes; forgetting costs that key one shared execution that is then redone.
      const oldest = this.readFacts.keys().next();
      if (!oldest.done) this.readFacts.delete(oldest.value);
    }
    this.readFacts.set(baseKey, facts);
  }
}

/** Calls `done` with the execution's outcome: at once if it is known, otherwise when it is. */
function whenSettled(execution: Execution, done: (outcome: Outcome) => void): void {
  if (execution.outcome) done(execution.outcome);
  else execution.waiting.push(done);
}

/**
 * One subscription's stream: takes an event, writes its frame, takes the next one. graphql-ws calls
 * `next()` once; it settles when the stream ends (or fails), as nothing is yielded. `return()`
 * (the socket closed, or the client completed the operation) ends the event stream at once, which
 * removes the subscriber's queue; any failure does too, before it propagates.
 */
class FanOutSubscription implements AsyncIterableIterator<ExecutionResult>, FrameTaker {
  private closed = false;
  /** The pending `next()`. */
  private pending:
    | { resolve: (result: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void }
    | undefined;

  constructor(
    private readonly fanOut: SubscriptionFanOut,
    private readonly events: AsyncIterator<unknown> & PushSource<unknown>,
    private readonly operation: Operation,
  ) {}

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.closed || this.pending) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.takeNext();
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.closed) {
      this.closed = true;
      await this.events.return?.();
    }
    this.end();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  frame(frame: Buffer): void {
    if (this.closed) return this.end();
    try {
      this.operation.sink.write(frame, this.written);
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error: unknown): void {
    const pending = this.pending;
    this.pending = undefined;
    const reject = () => pending?.reject(error);
    this.return().then(reject, reject);
  }

  /**
   * Takes the next event and has its frame written; with none waiting, asks to be called again
   * when there is (from within the delivery of the event, synchronously).
   */
  private readonly takeNext = (): void => {
    if (this.closed) return this.end();
    try {
      const event = this.events.take();
      if (event === noEvent) return this.events.whenReady(this.takeNext);
      if (event === endOfEvents) return this.end();
      this.fanOut.frameOf(event, this.operation, this);
    } catch (error) {
      this.fail(error);
    }
  };

  private readonly written = (error?: Error | null): void => {
    if (error) this.fail(error);
    else this.takeNext();
  };

  private end(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ value: undefined, done: true });
  }
}

/** The viewer's properties every operation key includes (`baseKeyOf`): reading them needs no recording. */
const viewerClassFacts = new Set<string>(['roles', 'via', 'scopes']);

function baseKeyOf(sink: SubscriptionSink, args: ExecutionArgs, viewer: Viewer | null): string {
  const operation = crypto
    .createHash('sha256')
    .update(JSON.stringify([normalisedOperation(args), sink.variables ?? null]))
    .digest('base64url');
  const viewerClass =
    viewer === null
      ? 'anonymous'
      : JSON.stringify([[...viewer.roles].sort(), viewer.via, [...viewer.scopes].sort()]);
  return `${operation}|${viewerClass}`;
}

/** Per parsed document (the server keeps one per text) and operation name: the normalised text. */
const normalisedTexts = new WeakMap<DocumentNode, Map<string | null, string>>();

/**
 * What decides an operation's result, as text: the operation that runs, printed without its name,
 * and the fragments (validation refuses unused ones), in name order. Documents that differ only in
 * their operation's name, their other operations, spacing or comments share a result (the attacker
 * probe: 250 subscriptions that differed only in their operation name each ran on every event).
 */
function normalisedOperation(args: ExecutionArgs): string {
  const name = args.operationName ?? null;
  let byName = normalisedTexts.get(args.document);
  const known = byName?.get(name);
  if (known !== undefined) return known;
  const operation = getOperationAST(args.document, name);
  const fragments = args.document.definitions
    .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
    .map((fragment) => print(fragment))
    .sort();
  const text = [operation ? print({ ...operation, name: undefined }) : '', ...fragments].join('\n');
  if (!byName) normalisedTexts.set(args.document, (byName = new Map()));
  byName.set(name, text);
  return text;
}

/**
 * `target` seen through a proxy that records in `read` each property read (as `${prefix}.${name}`),
 * except those in `unrecorded`; enumerating it records every property. Writes are refused: the
 * object may be shared by executions for several subscribers.
 */
function recording<Target extends object>(
  target: Target,
  prefix: string,
  unrecorded: ReadonlySet<string>,
  read: Map<string, unknown>,
): Target {
  const note = (property: string | symbol) => {
    if (typeof property !== 'string' || unrecorded.has(property)) return;
    read.set(`${prefix}.${property}`, (target as Record<string, unknown>)[property]);
  };
  const refuse = (): never => {
    throw new Error(`a subscription execution must not change its ${prefix}`);
  };
  return new Proxy(target, {
    get(object, property, receiver) {
      note(property);
      return Reflect.get(object, property, receiver) as unknown;
    },
    has(object, property) {
      note(property);
      return Reflect.has(object, property);
    },
    ownKeys(object) {
      const keys = Reflect.ownKeys(object);
      keys.forEach(note);
      return keys;
    },
    getOwnPropertyDescriptor(object, property) {
      note(property);
      return Reflect.getOwnPropertyDescriptor(object, property);
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
  });
}

function factOf(context: Context, fact: string): unknown {
  const separator = fact.indexOf('.');
  const owner = fact.slice(0, separator);
  const property = fact.slice(separator + 1);
  assert(owner === 'viewer' || owner === 'meta', `recorded fact ${fact} names the viewer or the request`);
  const object: object | null = owner === 'viewer' ? context.viewer : (context.meta as RequestMeta);
  return object === null ? undefined : (object as Record<string, unknown>)[property];
}

/** The recorded facts on which `context` disagrees with the execution that read them. */
function differingFacts(read: Map<string, unknown>, context: Context): string[] {
  const differing: string[] = [];
  for (const [fact, value] of read) if (!Object.is(factOf(context, fact), value)) differing.push(fact);
  return differing;
}

const objectIdentities = new WeakMap<object, number>();
let nextObjectIdentity = 0;

/** `facts` of `context` as part of a key: primitives by value, objects by identity (never shared). */
function factsKey(facts: readonly string[], context: Context): string {
  if (facts.length === 0) return '';
  return JSON.stringify(
    facts.map((fact) => {
      const value = factOf(context, fact);
      if (typeof value !== 'object' || value === null) return [fact, value ?? null];
      let identity = objectIdentities.get(value);
      if (identity === undefined) {
        identity = ++nextObjectIdentity;
        objectIdentities.set(value, identity);
      }
      return [fact, `object#${identity}`];
    }),
  );
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}
