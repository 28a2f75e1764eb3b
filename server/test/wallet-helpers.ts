import crypto from 'node:crypto';
import { wallet } from '../src/domain/posting-rules';
import type { StripeEmulator } from '../src/stripe/emulator/emulator';
import { signatureHeader } from '../src/stripe/emulator/signature';
import { queryDatabase, signUp, type TestApp, type TestClient, rawId } from './harness';

/** Test helpers for wallet top-ups: the real API, the real SDK against the emulator, real webhooks. */

export interface Buyer {
  client: TestClient;
  /** Global id. */
  userId: string;
  rawId: string;
}

export async function newBuyer(testApp: TestApp, options: { sellerAccount?: boolean } = {}): Promise<Buyer> {
  const { client, userId } = await signUp(testApp.baseUrl, options);
  return { client, userId, rawId: rawId(userId) };
}

export const createTopUpMutation = `mutation ($input: CreateTopUpInput!) {
  createTopUp(input: $input) {
    topUp { id amount { amount currency } status failureCode }
    clientSecret
    replayed
    errors { code message field }
  }
}`;

export interface CreateTopUpAnswer {
  topUp: {
    id: string;
    amount: { amount: number; currency: string };
    status: string;
    failureCode: string | null;
  } | null;
  clientSecret: string | null;
  replayed: boolean;
  errors: { code: string; message: string; field: string | null }[];
}

export async function createTopUp(
  buyer: Buyer,
  input: { amount: number; currency?: string; idempotencyKey?: string },
): Promise<CreateTopUpAnswer> {
  const data = await buyer.client.data<{ createTopUp: CreateTopUpAnswer }>(createTopUpMutation, {
    input: { currency: 'EUR', idempotencyKey: crypto.randomUUID(), ...input },
  });
  return data.createTopUp;
}

export function emulatorOf(testApp: TestApp): StripeEmulator {
  const emulator = testApp.services.stripe.emulator;
  if (!emulator) throw new Error('the test app runs without the Stripe emulator');
  return emulator;
}

export function paymentIntentOf(clientSecret: string | null): string {
  if (!clientSecret) throw new Error('no client secret');
  return clientSecret.slice(0, clientSecret.indexOf('_secret_'));
}

/** Confirms the payment with a Stripe test payment method, as Stripe.js would; a declined card is an outcome, not an error. */
export async function pay(
  testApp: TestApp,
  clientSecret: string | null,
  paymentMethod = 'pm_card_visa',
): Promise<string> {
  const paymentIntentId = paymentIntentOf(clientSecret);
  try {
    const confirmed = await testApp.services.stripe.client.paymentIntents.confirm(paymentIntentId, {
      payment_method: paymentMethod,
    });
    return confirmed.status;
  } catch (error) {
    if ((error as { type?: string }).type === 'StripeCardError') return 'declined';
    throw error;
  }
}

/** Waits until every webhook the emulator sent has been answered, then drains the job queue. */
export async function settle(testApp: TestApp): Promise<void> {
  await emulatorOf(testApp).idle();
  await testApp.services.jobs.runJobsOnce();
}

/** Top-up paid by card and processed: the wallet is credited. */
export async function topUpAndPay(
  testApp: TestApp,
  buyer: Buyer,
  amount: number,
  currency = 'EUR',
): Promise<CreateTopUpAnswer> {
  const answer = await createTopUp(buyer, { amount, currency });
  await pay(testApp, answer.clientSecret);
  await settle(testApp);
  return answer;
}

export async function walletBalance(testApp: TestApp, buyerRawId: string, currency = 'EUR'): Promise<number> {
  return testApp.services.ledger.balance(testApp.services.database, wallet(buyerRawId, currency));
}

/**
 * Delivers a correctly signed Stripe event of `type` about `object` to the webhook route (as Stripe
 * would, or whoever holds the secret could), expects it recorded, then drains the job queue.
 * Returns the event's id.
 */
export async function deliverSignedEvent(
  testApp: TestApp,
  type: string,
  object: Record<string, unknown>,
): Promise<string> {
  const id = `evt_${crypto.randomBytes(12).toString('hex')}`;
  const body = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  });
  const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signatureHeader(
        body,
        emulatorOf(testApp).webhookSecret,
        Math.floor(Date.now() / 1000),
      ),
    },
    body,
  });
  if (response.status !== 200)
    throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  await testApp.services.jobs.runJobsOnce();
  return id;
}

/** A recorded Stripe event: processed or not, its outcome, and its jobs still queued. */
export async function stripeEventRecord(
  testApp: TestApp,
  eventId: string,
): Promise<{ processed: boolean; outcome: string | null; jobs: number }> {
  const [event] = await queryDatabase(
    testApp,
    'select processed_at, outcome from stripe_events where id = $1',
    [eventId],
  );
  const [jobs] = await queryDatabase(
    testApp,
    `select count(*)::int as n from graphile_worker.jobs where key = 'stripe_event:' || $1::text`,
    [eventId],
  );
  return { processed: event!['processed_at'] !== null, outcome: event!['outcome'], jobs: jobs!['n'] };
}

/**
 * A top-up of `amount` whose first card is declined (`declineCard`) and whose second succeeds,
 * every webhook held back: deliveries stay paused. Returns the top-up and its PaymentIntent's
 * `payment_failed` and `succeeded` events, for a test to deliver in the order it wants.
 */
export async function declinedThenPaidWithEventsHeld(
  testApp: TestApp,
  buyer: Buyer,
  amount: number,
  declineCard: string,
) {
  const emulator = emulatorOf(testApp);
  const answer = await createTopUp(buyer, { amount });
  await settle(testApp);
  emulator.pauseDeliveries();
  if ((await pay(testApp, answer.clientSecret, declineCard)) !== 'declined')
    throw new Error(`${declineCard} paid`);
  if ((await pay(testApp, answer.clientSecret, 'pm_card_visa')) !== 'succeeded')
    throw new Error('pm_card_visa declined');
  const paymentIntentId = paymentIntentOf(answer.clientSecret);
  const events = emulator.queuedEvents().filter((event) => event.data.object['id'] === paymentIntentId);
  const failed = events.find((event) => event.type === 'payment_intent.payment_failed')!;
  const succeeded = events.find((event) => event.type === 'payment_intent.succeeded')!;
  return { answer, failed, succeeded };
}
