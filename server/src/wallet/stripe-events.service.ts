import { and, eq, isNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import type { JobContext, JobQueue } from '../jobs/queue';
import { assert } from '../shared/assert';
import {
  parseDispute,
  parsePaymentIntent,
  type StripeDispute,
  type StripeEventEnvelope,
  type StripePaymentIntent,
} from '../stripe/stripe.types';
import { stripeEvents, topUps } from './wallet.tables';
import type { ChargebackService, FetchedPaymentIntent } from './chargeback.service';
import {
  topUpIdOfPaymentIntent,
  type CurrentPaymentIntent,
  type TopUpRow,
  type TopUpService,
} from './top-up.service';

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
  /**
   * Why the event contradicts what CodeSale knows (a payment of another amount than its top-up,
   * ...), as its outcome `refused: ...`; null when it does not. Called in the transaction, before
   * `apply`, which a refused event never reaches: it is final, since no retry could apply it, and
   * nothing moves. Only for contradictions that no later event or retry can resolve.
   */
  refuse?(tx: Tx, event: StripeEventRow, fetched: Fetched): Promise<string | null>;
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
    this.register(paymentIntentHandler(topUps));
    for (const handler of disputeHandlers(chargebacks)) this.register(handler);
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

  /**
   * Records a verified event; DUPLICATE when its id was recorded before (a retry or a replay).
   * `livemode` is CodeSale's mode (live keys or not): an event of the other mode is recorded and
   * never acted on, since the payments and accounts it speaks of are not the ones CodeSale's rows name.
   */
  async record(event: StripeEventEnvelope, livemode: boolean): Promise<'RECORDED' | 'DUPLICATE'> {
    return withTransaction(this.database, async (tx) => {
      const handler = event.livemode === livemode ? this.handlers.get(event.type) : undefined;
      const ignored =
        event.livemode !== livemode
          ? `ignored: a ${modeOf(event.livemode)} event; CodeSale runs in ${modeOf(livemode)}`
          : 'ignored: event type not handled';
      const [inserted] = await tx
        .insert(stripeEvents)
        .values({
          id: event.id,
          type: event.type,
          livemode: event.livemode,
          account: event.account,
          stripeCreatedAt: new Date(event.created * 1000),
          payload: event.object,
          processedAt: handler ? null : new Date(),
          outcome: handler ? null : ignored,
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
      const refused = handler.refuse ? await handler.refuse(tx, event, fetched) : null;
      // Not an error of CodeSale's: the event is answered for good, and told to whoever reads the log.
      if (refused) this.log.warn({ eventId, type: event.type, outcome: refused }, 'stripe event refused');
      const outcome = refused ?? (await handler.apply(tx, event, fetched));
      await tx
        .update(stripeEvents)
        .set({ processedAt: new Date(), outcome: outcome.slice(0, 300) })
        .where(eq(stripeEvents.id, eventId));
      this.log.debug({ eventId, type: event.type, outcome }, 'stripe event applied');
      return outcome;
    });
  }
}

function modeOf(livemode: boolean): string {
  return livemode ? 'live mode' : 'test mode';
}

/**
 * Top-ups' payments. The three events are one handler: each is only a prompt to read the
 * PaymentIntent from Stripe, and what Stripe says now is applied, whatever the event's type or its
 * copy say (whoever holds the webhook secret can sign any copy). No queue is needed: a success is
 * final, a failure never undoes a cancellation, and Stripe never leaves `succeeded` or `canceled`,
 * so an older read that commits last changes nothing that matters (at most an earlier decline's code).
 */
function paymentIntentHandler(topUps: TopUpService): StripeEventHandler<CurrentPaymentIntent> {
  return {
    types: ['payment_intent.succeeded', 'payment_intent.canceled', 'payment_intent.payment_failed'],
    fetch: (event) => topUps.fetchPaymentIntent(parsePaymentIntent(event.payload).id),
    refuse: (tx, event, current) => paymentRefusal(tx, parsePaymentIntent(event.payload), current),
    apply: (tx, event, current) => {
      assert(current, `payment intent of event ${event.id} unknown to Stripe, yet not refused`);
      return topUps.applyPaymentIntent(tx, event.type, current);
    },
  };
}

/** Chargebacks: the disputes of top-ups' payments. */
function disputeHandlers(chargebacks: ChargebackService): StripeEventHandler<FetchedPaymentIntent>[] {
  const refuseDispute = (tx: Tx, event: StripeEventRow, fetched: FetchedPaymentIntent) =>
    disputeContradiction(tx, parseDispute(event.payload), fetched);
  return [
    {
      types: ['charge.dispute.created'],
      fetch: (event) => chargebacks.fetchForDispute(parseDispute(event.payload)),
      refuse: refuseDispute,
      apply: (tx, event, fetched) => chargebacks.applyDisputeOpened(tx, parseDispute(event.payload), fetched),
    },
    {
      types: ['charge.dispute.closed'],
      fetch: (event) => chargebacks.fetchForDispute(parseDispute(event.payload)),
      refuse: refuseDispute,
      apply: (tx, event, fetched) => chargebacks.applyDisputeClosed(tx, parseDispute(event.payload), fetched),
    },
  ];
}

/**
 * The top-up a PaymentIntent pays, found as TopUpService finds it (by the PaymentIntent's id, then
 * by the top-up id in its metadata). Unlocked: what is compared (amount, currency, a PaymentIntent
 * once set) never changes (migration 0004's trigger), and a dispute locks the wallet before its top-up.
 */
async function topUpOf(
  tx: Tx,
  paymentIntentId: string,
  topUpId: string | null,
): Promise<TopUpRow | undefined> {
  const [byIntent] = await tx.select().from(topUps).where(eq(topUps.stripePaymentIntentId, paymentIntentId));
  if (byIntent || !topUpId) return byIntent;
  const [byMetadata] = await tx.select().from(topUps).where(eq(topUps.id, topUpId));
  return byMetadata;
}

/**
 * Why the PaymentIntent cannot be the payment of the top-up it points at, or null. TopUpService
 * asserts the same before it changes the top-up, so such an event would fail its job at every retry.
 */
async function paymentContradiction(tx: Tx, paymentIntent: StripePaymentIntent): Promise<string | null> {
  const topUp = await topUpOf(tx, paymentIntent.id, topUpIdOfPaymentIntent(paymentIntent));
  if (!topUp) return null;
  const named = paymentIntent.metadata['top_up_id'];
  if (named !== undefined && named !== topUp.id)
    return `refused: payment intent ${paymentIntent.id} names another top-up than ${topUp.id}`;
  if (topUp.stripePaymentIntentId !== null && topUp.stripePaymentIntentId !== paymentIntent.id)
    return `refused: top-up ${topUp.id} is paid by another payment intent than ${paymentIntent.id}`;
  if (paymentIntent.amount !== topUp.amount || paymentIntent.currency !== topUp.currency) {
    return `refused: amount ${paymentIntent.amount} ${paymentIntent.currency} does not match top-up ${topUp.id} (${topUp.amount} ${topUp.currency})`;
  }
  return null;
}

/**
 * Why a `payment_intent.*` event is answered for good without being applied, or null. Stripe does
 * not know its PaymentIntent: no retry will change that. Stripe's copy contradicts the top-up:
 * TopUpService would fail the job at every retry. The event's own copy contradicts the top-up: it
 * was not sent by Stripe about this payment (forged, or corrupt), and is worth a warning even
 * though nothing in it would be acted on.
 */
async function paymentRefusal(
  tx: Tx,
  copy: StripePaymentIntent,
  current: CurrentPaymentIntent,
): Promise<string | null> {
  if (!current) return `refused: Stripe does not know payment intent ${copy.id}`;
  return (await paymentContradiction(tx, current)) ?? (await paymentContradiction(tx, copy));
}

/** Why the dispute cannot be a chargeback of the top-up its payment paid, or null (ChargebackService asserts the same). */
async function disputeContradiction(
  tx: Tx,
  dispute: StripeDispute,
  fetched: FetchedPaymentIntent,
): Promise<string | null> {
  if (!dispute.paymentIntentId) return null;
  const refused = fetched ? await paymentContradiction(tx, fetched) : null;
  if (refused) return refused;
  const topUp = await topUpOf(tx, dispute.paymentIntentId, fetched ? topUpIdOfPaymentIntent(fetched) : null);
  if (!topUp) return null;
  if (dispute.currency !== topUp.currency || dispute.amount <= 0 || dispute.amount > topUp.amount) {
    return `refused: dispute ${dispute.id} of ${dispute.amount} ${dispute.currency} does not fit top-up ${topUp.id} (${topUp.amount} ${topUp.currency})`;
  }
  return null;
}
