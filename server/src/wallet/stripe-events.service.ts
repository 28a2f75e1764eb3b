import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { JobContext, JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import { parseDispute, parsePaymentIntent, type StripeEventEnvelope } from '../stripe/stripe.types';
import { stripeEvents } from './wallet.tables';
import type { ChargebackService, FetchedPaymentIntent } from './chargeback.service';
import type { TopUpService } from './top-up.service';

/** The job that processes one recorded Stripe event. */
export const processStripeEventTask = 'wallet.process_stripe_event';

export type StripeEventRow = typeof stripeEvents.$inferSelect;

/**
 * What another area plugs in to act on Stripe events without the wallet knowing that area (the
 * payouts area registers its Connect handlers in services.ts). A handler is called by the job of
 * each recorded event of its types: `fetch` first, outside any transaction (Stripe calls belong
 * there: never hold locks across the network), then `apply` inside the transaction that locks the
 * event row and marks it processed, so its effects and "processed" commit together, once.
 * `apply` must be correct in any order and on replays, and returns what it did (the event's
 * outcome, at most 300 characters kept). Throwing fails the job, and the queue retries it.
 */
export interface StripeEventHandler<Fetched = unknown> {
  /** The event types it handles; a type has one handler. */
  readonly types: readonly string[];
  /**
   * When set, the jobs of these events run one at a time, in order, in this graphile-worker queue:
   * for handlers whose `fetch` reads Stripe's current state, so that an older read cannot commit
   * after a newer one. A fixed name (few queues), not one per object.
   */
  readonly queueName?: string;
  fetch?(event: StripeEventRow): Promise<Fetched>;
  apply(tx: Tx, event: StripeEventRow, fetched: Fetched): Promise<string>;
}

/**
 * Stripe webhooks, verified by the HTTP route, are recorded here once by event id (invariant 14)
 * and processed by a job enqueued in the same transaction: the webhook is answered as soon as the
 * event is safely stored, and an event is processed if and only if it was recorded. Processing is
 * idempotent (the event row is locked and marked processed with its effects) and correct in any
 * order (see TopUpService and ChargebackService: each handler completes what an earlier event
 * would have done). Other areas' events reach them through handlers registered at boot
 * (`register`): the payouts area's Connect events (`account.updated`, `payout.*`), and the place
 * for `transfer.reversed` once PayoutService handles it.
 */
export class StripeEventService {
  private readonly handlers = new Map<string, StripeEventHandler>();

  constructor(
    private readonly database: Database,
    private readonly jobs: JobQueue,
    topUps: TopUpService,
    chargebacks: ChargebackService,
    private readonly log: Logger,
  ) {
    for (const handler of walletEventHandlers(topUps, chargebacks)) this.register(handler);
  }

  /**
   * Adds a handler for more event types (at boot, in services.ts, before the app takes webhooks).
   * Events of a type recorded before its handler existed stay recorded as ignored.
   */
  register<Fetched>(handler: StripeEventHandler<Fetched>): void {
    assert(handler.types.length > 0, 'a Stripe event handler handles at least one type');
    for (const type of handler.types) {
      assert(!this.handlers.has(type), `Stripe event type ${type} has two handlers`);
      this.handlers.set(type, handler as StripeEventHandler<unknown>);
    }
  }

  /** The event types CodeSale acts on; every other verified event is recorded and left alone. */
  get handledEventTypes(): string[] {
    return [...this.handlers.keys()].sort();
  }

  registerTasks(jobs: JobQueue): void {
    jobs.register(processStripeEventTask, (payload, job) => this.processJob(payload, job));
  }

  /** Records a verified event; DUPLICATE when its id was recorded before (a retry or a replay). */
  async record(event: StripeEventEnvelope): Promise<'RECORDED' | 'DUPLICATE'> {
    return withTransaction(this.database, async (tx) => {
      const handler = this.handlers.get(event.type);
      const handled = handler !== undefined;
      const [inserted] = await tx
        .insert(stripeEvents)
        .values({
          id: event.id,
          type: event.type,
          livemode: event.livemode,
          account: event.account,
          stripeCreatedAt: new Date(event.created * 1000),
          payload: event.object,
          processedAt: handled ? null : new Date(),
          outcome: handled ? null : 'ignored: event type not handled',
        })
        .onConflictDoNothing({ target: stripeEvents.id })
        .returning({ id: stripeEvents.id });
      if (!inserted) return 'DUPLICATE';
      if (handler) {
        await this.jobs.enqueue(
          tx,
          processStripeEventTask,
          { eventId: event.id },
          {
            jobKey: `stripe_event:${event.id}`,
            ...(handler.queueName ? { queueName: handler.queueName } : {}),
          },
        );
      }
      return 'RECORDED';
    });
  }

  async find(eventId: string): Promise<StripeEventRow | undefined> {
    const [row] = await this.database.select().from(stripeEvents).where(eq(stripeEvents.id, eventId));
    return row;
  }

  private async processJob(payload: unknown, job: JobContext): Promise<void> {
    const eventId = (payload as { eventId?: unknown } | null)?.eventId;
    assert(
      typeof eventId === 'string' && eventId.startsWith('evt_'),
      `${processStripeEventTask} without an event id`,
    );
    const outcome = await this.process(eventId);
    job.log.info({ eventId, outcome }, 'stripe event processed');
  }

  /** Processes one recorded event, once. Throws (and the queue retries) when Stripe is not there yet. */
  async process(eventId: string): Promise<string> {
    const event = await this.find(eventId);
    assert(event, `stripe event ${eventId} is not recorded`);
    if (event.processedAt) return event.outcome ?? 'already processed';
    const handler = this.handlers.get(event.type);
    assert(handler, `stripe event ${eventId} of type ${event.type} has no handler`);
    // Stripe calls happen here, before the transaction: never hold locks across the network.
    const fetched = handler.fetch ? await handler.fetch(event) : undefined;
    return withTransaction(this.database, async (tx) => {
      const [locked] = await tx
        .select({ id: stripeEvents.id })
        .from(stripeEvents)
        .where(and(eq(stripeEvents.id, eventId), isNull(stripeEvents.processedAt)))
        .for('update');
      if (!locked) return 'already processed';
      const outcome = await handler.apply(tx, event, fetched);
      await tx
        .update(stripeEvents)
        .set({ processedAt: new Date(), outcome: outcome.slice(0, 300) })
        .where(eq(stripeEvents.id, eventId));
      this.log.debug({ eventId, type: event.type, outcome }, 'stripe event applied');
      return outcome;
    });
  }
}

/** Top-ups and chargebacks: the wallet's own events. */
function walletEventHandlers(
  topUps: TopUpService,
  chargebacks: ChargebackService,
): StripeEventHandler<FetchedPaymentIntent>[] {
  return [
    {
      types: ['payment_intent.succeeded'],
      apply: (tx, event) => topUps.applyPaymentSucceeded(tx, parsePaymentIntent(event.payload)),
    },
    {
      types: ['payment_intent.canceled'],
      apply: (tx, event) => topUps.applyPaymentCanceled(tx, parsePaymentIntent(event.payload)),
    },
    {
      types: ['payment_intent.payment_failed'],
      apply: (tx, event) => topUps.applyPaymentFailed(tx, parsePaymentIntent(event.payload)),
    },
    {
      types: ['charge.dispute.created'],
      fetch: (event) => chargebacks.fetchForDispute(parseDispute(event.payload)),
      apply: (tx, event, fetched) => chargebacks.applyDisputeOpened(tx, parseDispute(event.payload), fetched),
    },
    {
      types: ['charge.dispute.closed'],
      fetch: (event) => chargebacks.fetchForDispute(parseDispute(event.payload)),
      apply: (tx, event, fetched) => chargebacks.applyDisputeClosed(tx, parseDispute(event.payload), fetched),
    },
  ];
}
