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

/** The event types CodeSale acts on; every other verified event is recorded and left alone. */
export const handledEventTypes = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const;
type HandledEventType = (typeof handledEventTypes)[number];

function isHandled(type: string): type is HandledEventType {
  return (handledEventTypes as readonly string[]).includes(type);
}

export type StripeEventRow = typeof stripeEvents.$inferSelect;

/**
 * Stripe webhooks, verified by the HTTP route, are recorded here once by event id (invariant 14)
 * and processed by a job enqueued in the same transaction: the webhook is answered as soon as the
 * event is safely stored, and an event is processed if and only if it was recorded. Processing is
 * idempotent (the event row is locked and marked processed with its effects) and correct in any
 * order (see TopUpService and ChargebackService: each handler completes what an earlier event
 * would have done).
 */
export class StripeEventService {
  constructor(
    private readonly database: Database,
    private readonly jobs: JobQueue,
    private readonly topUps: TopUpService,
    private readonly chargebacks: ChargebackService,
    private readonly log: Logger,
  ) {}

  registerTasks(jobs: JobQueue): void {
    jobs.register(processStripeEventTask, (payload, job) => this.processJob(payload, job));
  }

  /** Records a verified event; DUPLICATE when its id was recorded before (a retry or a replay). */
  async record(event: StripeEventEnvelope): Promise<'RECORDED' | 'DUPLICATE'> {
    return withTransaction(this.database, async (tx) => {
      const handled = isHandled(event.type);
      const [inserted] = await tx
        .insert(stripeEvents)
        .values({
          id: event.id,
          type: event.type,
          livemode: event.livemode,
          stripeCreatedAt: new Date(event.created * 1000),
          payload: event.object,
          processedAt: handled ? null : new Date(),
          outcome: handled ? null : 'ignored: event type not handled',
        })
        .onConflictDoNothing({ target: stripeEvents.id })
        .returning({ id: stripeEvents.id });
      if (!inserted) return 'DUPLICATE';
      if (handled) {
        await this.jobs.enqueue(
          tx,
          processStripeEventTask,
          { eventId: event.id },
          { jobKey: `stripe_event:${event.id}` },
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
    assert(isHandled(event.type), `stripe event ${eventId} of type ${event.type} has no handler`);
    // Stripe calls happen here, before the transaction: never hold locks across the network.
    const fetched = await this.fetchBeforeProcessing(event);
    return withTransaction(this.database, async (tx) => {
      const [locked] = await tx
        .select({ id: stripeEvents.id })
        .from(stripeEvents)
        .where(and(eq(stripeEvents.id, eventId), isNull(stripeEvents.processedAt)))
        .for('update');
      if (!locked) return 'already processed';
      const outcome = await this.apply(tx, event, fetched);
      await tx
        .update(stripeEvents)
        .set({ processedAt: new Date(), outcome: outcome.slice(0, 300) })
        .where(eq(stripeEvents.id, eventId));
      this.log.debug({ eventId, type: event.type, outcome }, 'stripe event applied');
      return outcome;
    });
  }

  private async fetchBeforeProcessing(event: StripeEventRow): Promise<FetchedPaymentIntent> {
    if (event.type === 'charge.dispute.created' || event.type === 'charge.dispute.closed') {
      return this.chargebacks.fetchForDispute(parseDispute(event.payload));
    }
    return null;
  }

  private async apply(tx: Tx, event: StripeEventRow, fetched: FetchedPaymentIntent): Promise<string> {
    const type = event.type as HandledEventType;
    switch (type) {
      case 'payment_intent.succeeded':
        return this.topUps.applyPaymentSucceeded(tx, parsePaymentIntent(event.payload));
      case 'payment_intent.payment_failed':
        return this.topUps.applyPaymentFailed(tx, parsePaymentIntent(event.payload));
      case 'charge.dispute.created':
        return this.chargebacks.applyDisputeOpened(tx, parseDispute(event.payload), fetched);
      case 'charge.dispute.closed':
        return this.chargebacks.applyDisputeClosed(tx, parseDispute(event.payload), fetched);
    }
  }
}
