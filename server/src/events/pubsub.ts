import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { PubSub } from 'type-graphql';
import type { Tx } from '../db/transaction';
import { assert } from '../shared/assert';
import {
  endOfEvents,
  EventFanOut,
  EventQueueOverflow,
  nextOf,
  noEvent,
  type DeliveredEvent,
  type EventQueue,
  type PushSource,
} from './event-fan-out';

/**
 * Subscription events are rows of the append-only `events` table (migrations/0008_events.sql),
 * inserted by the publishing transaction, so an event exists if and only if its data committed.
 *
 * Ordering: an identity drawn at insert would not follow commit order (A draws 10, B draws 11, B
 * commits, a reader moves its mark past 11, then A commits 10 behind it and is never read). So the
 * sequence is drawn at COMMIT, by a deferred trigger, under one advisory lock held until the
 * commit completes: sequence order is commit order, and "the rows after the last one I delivered"
 * is exact. Taken inside COMMIT, the lock is held for the commit alone and never while waiting for
 * a row lock (no deadlock); PostgreSQL already serialises the commits of notifying transactions
 * the same way. Why not a gap-wait or a lock per topic: docs/adr/0007-events-are-rows-numbered-
 * in-commit-order-and-subscriptions-resume-from-a-cursor.md.
 *
 * Delivery: the same trigger NOTIFYs each event's sequence, which wakes every API instance up; the
 * instance reads the rows after the last sequence it delivered and fans them out to its own
 * subscribers. A notification lost while the LISTEN connection reconnects costs nothing: the read
 * after reconnecting finds the rows. A client that reconnects resumes the same way from the last
 * cursor it saw (`resume`).
 */

/** The channel events_assign_sequence() notifies (migrations/0008_events.sql). */
const eventsChannel = 'codesale_events';

/** Channels `watch` accepts: plain lower-case names, quoted nowhere. */
const watchedChannelPattern = /^[a-z][a-z0-9_]{0,62}$/;

/** The LISTEN connection's name in pg_stat_activity (tests terminate it by this name). */
export const listenerApplicationName = 'codesale-listen';

/** Events carry ids and small facts, never documents; subscribers load the rest. */
const maxPayloadBytes = 7_500;
const maxScopeIdLength = 200;
const topicPattern = /^[A-Z][A-Z_]{0,63}$/;

/** Rows per read; a listener that fell far behind reads page after page. */
const readPageSize = 500;

/** A resumed subscription catches up at most this many events; further behind, the client reloads. */
export const maxCatchUpEvents = 1_000;

/** Reconnecting backs off from 100 ms to this. */
const maxReconnectDelayMs = 5_000;

/** A safety net for a notification lost on a half-open connection: read anyway this often. */
const pollIntervalMs = 10_000;
/** After a failed read (the database restarting), try again this soon. */
const readRetryDelayMs = 1_000;

/** Connections for reading events (this instance's listener and clients resuming): a small, separate budget. */
const readerPoolSize = 4;
/** Every read is an indexed range of at most a page; anything slower is a failure, retried. */
const readTimeoutMs = 10_000;

/** A watcher's wake-up call: the notification's payload, or null after the listener (re)connected. */
export type WatchWake = (payload: string | null) => void;

/**
 * Told synchronously of what this instance's listener delivers (`observeDelivery`), for in-process
 * state that events invalidate (auth/session-cache.ts). `current` and `behind` tell whether
 * delivery is complete: an observer must not trust state that events keep fresh while behind.
 */
export interface DeliveryObserver {
  /** Each event, in commit order, as it is delivered to this instance: before its subscribers, and before `flush` resolves. */
  event(event: DeliveredEvent): void;
  /**
   * The listener is connected and a read that started after it (re)connected has delivered
   * everything committed until then: from here on, each commit is delivered within one read.
   */
  current(): void;
  /** The listener lost its connection, or a read failed: commits may go undelivered for a while. */
  behind(): void;
}

/** What a resumed subscription yields when its subscriber fell too far behind; nothing comes after it. */
export interface SubscriberLagged {
  lagged: true;
}

export type ResumedEvent<Payload> = DeliveredEvent<Payload> | SubscriberLagged;

export type ResumeResult<Payload> =
  /** `replayed`: the missed events read for it (before `accept` filters them). */
  | { events: AsyncIterableIterator<ResumedEvent<Payload>>; replayed: number }
  /** The cursor is further back than `maxCatchUpEvents`, or names no event of this database. */
  | { expired: 'TOO_FAR_BEHIND' | 'UNKNOWN_CURSOR' };

export interface ResumeRequest<Payload> {
  topic: string;
  scopeId: string | null;
  /** The sequence of the last event the client received, or null for live events only. */
  after: bigint | null;
  /** Per event, missed or live alike: whether this subscriber may receive it. */
  accept: (payload: Payload) => boolean;
}

interface EventRow {
  /** The sequence as text: pg hands bigint to JavaScript as text (named apart, so SQL orders by the bigint). */
  sequenceText: string;
  topic: string;
  scopeId: string | null;
  payload: unknown;
}

/**
 * Inserts the event row of PostgresPubSub.publish: the event exists if and only if `tx` commits.
 * For code that publishes without holding the PubSub instance (publishViewerEvent); everything
 * else calls `pubsub.publish`, which is this.
 */
export async function insertEvent(tx: Tx, topic: string, payload: unknown, id?: string): Promise<void> {
  assert(topicPattern.test(topic), `event topic ${topic} is not an upper-case name`);
  assert(
    id === undefined || (id.length >= 1 && id.length <= maxScopeIdLength),
    `event scope id is 1 to ${maxScopeIdLength} characters`,
  );
  const encoded = JSON.stringify(payload);
  assert(encoded !== undefined, `event on ${topic} has no payload`);
  if (Buffer.byteLength(encoded) > maxPayloadBytes) {
    throw new Error(
      `event on ${topic} is ${Buffer.byteLength(encoded)} bytes; events carry ids, not documents`,
    );
  }
  await tx.execute(
    sql`insert into events (topic, scope_id, payload) values (${topic}, ${id ?? null}, ${encoded}::jsonb)`,
  );
}

export class PostgresPubSub {
  private readonly fanOut = new EventFanOut();
  private readonly reader: pg.Pool;
  private listener: pg.Client | undefined;
  /** The last sequence handed to this instance's subscribers; undefined until start(). */
  private delivered: bigint | undefined;
  private closed = false;
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private readRequested = false;
  private readsStarted = 0;
  /** Other channels listened to on the same connection (`watch`), each with its wake-up calls. */
  private readonly watches = new Map<string, Set<WatchWake>>();
  /** The LISTEN each listener connection was sent for each watched channel, by channel. */
  private readonly listenedChannels = new WeakMap<pg.Client, Map<string, Promise<unknown>>>();
  private readonly observers = new Set<DeliveryObserver>();
  /** Whether delivery is complete (see DeliveryObserver.current); false until the first read. */
  private current = false;
  /** Counts listener connections, so that a read knows whether it started after the latest one. */
  private connections = 0;
  private readonly flushes = new Set<{
    afterRead: number;
    resolve: () => void;
    reject: (error: Error) => void;
  }>();

  constructor(
    private readonly url: string,
    private readonly onError: (error: unknown) => void = (error) => console.error('pubsub', error),
  ) {
    this.reader = new pg.Pool({
      connectionString: url,
      max: readerPoolSize,
      application_name: 'codesale-events',
      connectionTimeoutMillis: readTimeoutMs,
      statement_timeout: readTimeoutMs,
    });
    this.reader.on('error', (error) => this.onError(error));
  }

  async start(): Promise<void> {
    await this.connect();
    this.pollTimer = setInterval(() => this.requestRead(), pollIntervalMs);
    this.pollTimer.unref();
  }

  /**
   * Publishes `payload` on `topic` (optionally scoped to `id`) if `tx` commits; nothing if it rolls
   * back. The row gets its sequence, and the listeners their notification, when `tx` commits.
   */
  async publish(tx: Tx, topic: string, payload: unknown, id?: string): Promise<void> {
    await insertEvent(tx, topic, payload, id);
  }

  /** Live payloads of `topic` (scoped to `id`), from now on, in commit order. */
  subscribe(topic: string, id?: unknown): AsyncIterable<unknown> {
    const queue = this.fanOut.register(topic, id === undefined ? null : String(id));
    return payloadsOf(queue);
  }

  /**
   * A subscription that first replays the events after `after` it missed (in commit order, at most
   * `maxCatchUpEvents`), then continues live, each event once. Live events are registered before
   * the missed ones are read, so nothing committed in between falls through; what both see is
   * skipped by sequence, which is safe because sequence order is commit order.
   */
  async resume<Payload>(request: ResumeRequest<Payload>): Promise<ResumeResult<Payload>> {
    const live = this.fanOut.register(request.topic, request.scopeId);
    if (request.after === null) {
      return { events: new ResumedEvents<Payload>([], live, null, request.accept), replayed: 0 };
    }
    try {
      const { rows: heads } = await this.reader.query<{ head: string }>(
        'select coalesce(max(sequence), 0)::text as head from events',
      );
      if (request.after > BigInt(heads[0]!.head)) {
        live.close();
        return { expired: 'UNKNOWN_CURSOR' };
      }
      const scope = request.scopeId === null ? 'scope_id is null' : 'scope_id = $4';
      const { rows } = await this.reader.query<EventRow>(
        `select sequence::text as "sequenceText", topic, scope_id as "scopeId", payload from events
         where topic = $1 and ${scope} and sequence > $2 order by sequence limit $3`,
        [
          request.topic,
          String(request.after),
          maxCatchUpEvents + 1,
          ...(request.scopeId === null ? [] : [request.scopeId]),
        ],
      );
      if (rows.length > maxCatchUpEvents) {
        live.close();
        return { expired: 'TOO_FAR_BEHIND' };
      }
      const missed = rows.map(toDeliveredEvent<Payload>);
      const last = missed.at(-1)?.sequence ?? request.after;
      return { events: new ResumedEvents(missed, live, last, request.accept), replayed: missed.length };
    } catch (error) {
      live.close();
      throw error;
    }
  }

  /** How many subscriptions of this instance are registered for live events (for tests and metrics). */
  subscriberCount(): number {
    return this.fanOut.registeredQueues();
  }

  /**
   * Calls `wake` with the payload of every notification on `channel`, received on this instance's
   * one listener connection (no connection of its own), and with null after every (re)connect of
   * that connection: a notification sent while nothing listened is lost, so a reconnect counts as
   * one. For signals that say no more than "look again" (a trigger's NOTIFY); events that must not
   * be missed are rows (`publish`). Resolves, once the channel is listened to (if the listener is
   * connected; otherwise its next connection listens and wakes), to the function that stops watching.
   */
  async watch(channel: string, wake: WatchWake): Promise<() => void> {
    assert(watchedChannelPattern.test(channel), `watched channel ${channel} is not a plain lower-case name`);
    assert(channel !== eventsChannel, `${eventsChannel} carries events: subscribe to them`);
    const wakes = this.watches.get(channel) ?? new Set();
    this.watches.set(channel, wakes);
    wakes.add(wake);
    const stop = () => {
      wakes.delete(wake);
    };
    const listener = this.listener;
    if (!listener) return stop;
    try {
      await this.listenToWatched(listener);
    } catch (error) {
      // The connection broke: the next one listens, then wakes the watcher.
      this.onError(error);
    }
    return stop;
  }

  /**
   * Resolves once every notification committed before the call, on every watched channel, has
   * woken its watchers: a round trip on the listener connection. PostgreSQL signals listening
   * sessions before it acknowledges a commit, and a session sends its pending notifications when
   * it reads the next command, before answering it. Rejects when the listener is not connected
   * (its reconnect wakes every watcher anyway): the caller then cannot know, and must look again.
   */
  async watchBarrier(): Promise<void> {
    const listener = this.listener;
    if (!listener) throw new Error('the listener is not connected');
    await listener.query('select 1');
  }

  /**
   * Tells `observer` of every event delivered from now on, and of every change between current and
   * behind (at once, if delivery is current now). Returns the function that stops observing.
   */
  observeDelivery(observer: DeliveryObserver): () => void {
    this.observers.add(observer);
    if (this.current) observer.current();
    return () => {
      this.observers.delete(observer);
    };
  }

  /** The view type-graphql needs for @Subscription; publishing goes through `publish(tx, ...)` only. */
  forSchema(): PubSub {
    return {
      publish: () => {
        throw new Error('publish events with PostgresPubSub.publish(tx, ...) inside a transaction');
      },
      subscribe: (topic, id) => this.subscribe(topic, id),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = undefined;
    this.setCurrent(false);
    await listener?.end().catch(() => undefined);
    await this.reading;
    for (const flush of this.flushes) flush.reject(new Error('the pubsub closed before the flush'));
    this.flushes.clear();
    this.fanOut.closeAll();
    await this.reader.end();
  }

  /**
   * Resolves once every event committed before the call has been delivered to this instance's
   * subscribers: it waits for a read of the table that starts after the call. A barrier for tests
   * and tools; no production path needs to wait.
   */
  async flush(timeoutMs = 10_000): Promise<void> {
    if (this.delivered === undefined) throw new Error('the pubsub has not started');
    let flush!: { afterRead: number; resolve: () => void; reject: (error: Error) => void };
    const delivered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.flushes.delete(flush);
        reject(new Error(`pubsub flush not delivered within ${timeoutMs} ms`));
      }, timeoutMs);
      flush = {
        afterRead: this.readsStarted + 1,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    this.flushes.add(flush);
    this.requestRead();
    await delivered;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: listenerApplicationName,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== eventsChannel) {
        this.wakeWatchers(message.channel, message.payload ?? '');
        return;
      }
      // Already read (by a poll, or the read after reconnecting): nothing to do.
      if (this.delivered !== undefined && /^[0-9]{1,19}$/.test(message.payload ?? '')) {
        if (BigInt(message.payload!) <= this.delivered) return;
      }
      this.requestRead();
    });
    client.on('error', (error) => {
      this.onError(error);
      this.dropListener(client);
    });
    client.on('end', () => this.dropListener(client));
    try {
      await client.connect();
      await client.query(`listen ${eventsChannel}`);
      await this.listenToWatched(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.connections++;
    this.reconnectAttempts = 0;
    // A channel watched while this connection was being set up.
    await this.listenToWatched(client);
    // Whatever was notified while no connection listened is lost: every watcher looks again.
    for (const watched of this.watches.keys()) this.wakeWatchers(watched, null);
    // Only now that LISTEN is active: whatever commits from here on wakes us up, and the read below
    // finds whatever committed while no connection was listening.
    if (this.delivered === undefined) this.delivered = await this.head();
    this.requestRead();
  }

  /** Sends LISTEN on `client` for each watched channel it was not sent yet; resolves once all are active. */
  private async listenToWatched(client: pg.Client): Promise<void> {
    const listened = this.listenedChannels.get(client) ?? new Map<string, Promise<unknown>>();
    this.listenedChannels.set(client, listened);
    for (const watched of this.watches.keys()) {
      // The client runs its queries one after another, in the order they were sent.
      if (!listened.has(watched)) listened.set(watched, client.query(`listen ${watched}`));
    }
    await Promise.all(listened.values());
  }

  private wakeWatchers(watched: string, payload: string | null): void {
    for (const wake of this.watches.get(watched) ?? []) {
      try {
        wake(payload);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private dropListener(client: pg.Client): void {
    if (client !== this.listener) return;
    this.listener = undefined;
    this.setCurrent(false);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delayMs = Math.min(maxReconnectDelayMs, 100 * 2 ** this.reconnectAttempts);
    this.reconnectAttempts = Math.min(this.reconnectAttempts + 1, 10);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.onError(error);
        this.scheduleReconnect();
      });
    }, delayMs);
  }

  private setCurrent(current: boolean): void {
    if (this.current === current) return;
    this.current = current;
    this.notifyObservers((observer) => (current ? observer.current() : observer.behind()));
  }

  private notifyObservers(call: (observer: DeliveryObserver) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private async head(): Promise<bigint> {
    const { rows } = await this.reader.query<{ head: string }>(
      'select coalesce(max(sequence), 0)::text as head from events',
    );
    return BigInt(rows[0]!.head);
  }

  /** Reads and delivers what committed since the last delivered event; one read at a time, in order. */
  private requestRead(): void {
    if (this.closed || this.delivered === undefined) return;
    this.readRequested = true;
    if (!this.reading) this.reading = this.readLoop();
  }

  private async readLoop(): Promise<void> {
    try {
      while (this.readRequested && !this.closed) {
        this.readRequested = false;
        const read = ++this.readsStarted;
        const connection = this.listener ? this.connections : undefined;
        try {
          await this.readCommitted();
        } catch (error) {
          this.setCurrent(false);
          this.onError(error);
          this.retryTimer = setTimeout(() => this.requestRead(), readRetryDelayMs);
          return;
        }
        if (this.listener && connection === this.connections) this.setCurrent(true);
        for (const flush of this.flushes) {
          if (flush.afterRead > read) continue;
          this.flushes.delete(flush);
          flush.resolve();
        }
      }
    } finally {
      // In the same turn as the loop's last check: a request arriving later starts a new loop.
      this.reading = undefined;
    }
  }

  private async readCommitted(): Promise<void> {
    for (;;) {
      // Named: each reader connection plans it once (it runs after every commit that publishes).
      const { rows } = await this.reader.query<EventRow>({
        name: 'events.read_after',
        text: `select sequence::text as "sequenceText", topic, scope_id as "scopeId", payload from events
               where sequence > $1 order by sequence limit $2`,
        values: [String(this.delivered), readPageSize],
      });
      for (const row of rows) {
        if (this.closed) return;
        const event = toDeliveredEvent(row);
        assert(event.sequence > this.delivered!, 'events are read in sequence order');
        this.delivered = event.sequence;
        // Observers first: subscribers now run within `deliver` (the fan-out takes events
        // synchronously), and must find the state that events keep fresh already up to date.
        this.notifyObservers((observer) => observer.event(event));
        this.fanOut.deliver(event);
      }
      if (rows.length < readPageSize) return;
    }
  }
}

function toDeliveredEvent<Payload>(row: EventRow): DeliveredEvent<Payload> {
  return {
    sequence: BigInt(row.sequenceText),
    topic: row.topic,
    scopeId: row.scopeId,
    payload: row.payload as Payload,
  };
}

/** The payloads of `queue`'s events. */
function payloadsOf(queue: EventQueue): AsyncIterableIterator<unknown> & PushSource<unknown> {
  return {
    take() {
      const taken = queue.take();
      return taken === noEvent || taken === endOfEvents ? taken : taken.payload;
    },
    whenReady: (ready) => queue.whenReady(ready),
    next() {
      return nextOf(this);
    },
    return: () => queue.return(),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The missed events, then the live ones after them; each once, filtered by `accept`. */
class ResumedEvents<Payload>
  implements AsyncIterableIterator<ResumedEvent<Payload>>, PushSource<ResumedEvent<Payload>>
{
  private position = 0;
  private ended = false;

  constructor(
    private readonly missed: DeliveredEvent<Payload>[],
    private readonly live: EventQueue,
    /** The last sequence already accounted for (missed or not accepted); live events up to it are repeats. */
    private last: bigint | null,
    private readonly accept: (payload: Payload) => boolean,
  ) {}

  take(): ResumedEvent<Payload> | typeof noEvent | typeof endOfEvents {
    while (this.position < this.missed.length) {
      const event = this.missed[this.position++]!;
      if (this.accept(event.payload)) return event;
    }
    for (;;) {
      if (this.ended) return endOfEvents;
      let taken: DeliveredEvent | typeof noEvent | typeof endOfEvents;
      try {
        taken = this.live.take();
      } catch (error) {
        if (!(error instanceof EventQueueOverflow)) throw error;
        this.ended = true;
        return { lagged: true };
      }
      if (taken === noEvent || taken === endOfEvents) return taken;
      const event = taken as DeliveredEvent<Payload>;
      if (this.last !== null && event.sequence <= this.last) continue;
      this.last = event.sequence;
      if (this.accept(event.payload)) return event;
    }
  }

  whenReady(ready: () => void): void {
    this.live.whenReady(ready);
  }

  next(): Promise<IteratorResult<ResumedEvent<Payload>, undefined>> {
    return nextOf(this);
  }

  return(): Promise<IteratorResult<ResumedEvent<Payload>>> {
    this.ended = true;
    this.live.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
