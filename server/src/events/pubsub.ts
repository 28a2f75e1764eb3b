import crypto from 'node:crypto';
import { createPubSub } from '@graphql-yoga/subscription';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { PubSub } from 'type-graphql';
import type { Tx } from '../db/transaction';

/**
 * Subscription events travel through PostgreSQL NOTIFY, which the server delivers only when the
 * publishing transaction commits: an event exists if and only if its data does. Every API
 * instance LISTENs on one channel and fans the events out to its own graphql-ws subscribers.
 */
const channel = 'codesale_events';

/** Marks a flush() barrier; never a subscription topic. */
const flushTopic = '__flush__';

/** NOTIFY payloads are limited to 8000 bytes; events carry ids and small facts, never documents. */
const maxPayloadBytes = 7_500;

interface Envelope {
  topic: string;
  id?: string;
  payload: unknown;
}

export class PostgresPubSub {
  private readonly local = createPubSub();
  private listener: pg.Client | undefined;
  private readonly flushes = new Map<string, () => void>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly onError: (error: unknown) => void = (error) => console.error('pubsub', error),
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'codesale-listen' });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) this.deliver(message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      this.reconnect();
    });
    await client.connect();
    await client.query(`listen ${channel}`);
    this.listener = client;
  }

  /** Publishes `payload` on `topic` (optionally scoped to `id`) when `tx` commits; nothing if it rolls back. */
  async publish(tx: Tx, topic: string, payload: unknown, id?: string): Promise<void> {
    const message = encode({ topic, id, payload });
    await tx.execute(sql`select pg_notify(${channel}, ${message})`);
  }

  subscribe(topic: string, id?: unknown): AsyncIterable<unknown> {
    const key = id === undefined ? topic : `${topic}:${String(id)}`;
    return this.local.subscribe(key);
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
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Resolves once every event committed before the call has been delivered to this instance's
   * subscribers: PostgreSQL delivers notifications in commit order, so a marker sent now arrives
   * after all of them. A barrier for tests and tools; no production path needs to wait.
   */
  async flush(timeoutMs = 10_000): Promise<void> {
    const listener = this.listener;
    if (!listener) throw new Error('the pubsub listener is not connected');
    const marker = crypto.randomUUID();
    const delivered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.flushes.delete(marker);
        reject(new Error(`pubsub flush not delivered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.flushes.set(marker, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await listener.query('select pg_notify($1, $2)', [
      channel,
      encode({ topic: flushTopic, payload: marker }),
    ]);
    await delivered;
  }

  private deliver(raw: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch (error) {
      this.onError(error);
      return;
    }
    if (envelope.topic === flushTopic) {
      const resolve = this.flushes.get(String(envelope.payload));
      this.flushes.delete(String(envelope.payload));
      resolve?.();
      return;
    }
    const key = envelope.id === undefined ? envelope.topic : `${envelope.topic}:${envelope.id}`;
    this.local.publish(key, envelope.payload);
  }

  private reconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const old = this.listener;
    this.listener = undefined;
    old?.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      this.start().catch((error: unknown) => {
        this.onError(error);
        this.reconnect();
      });
    }, 1_000);
  }
}

function encode(envelope: Envelope): string {
  const message = JSON.stringify(envelope);
  if (Buffer.byteLength(message) > maxPayloadBytes) {
    throw new Error(
      `event on ${envelope.topic} is ${Buffer.byteLength(message)} bytes; events carry ids, not documents`,
    );
  }
  return message;
}
