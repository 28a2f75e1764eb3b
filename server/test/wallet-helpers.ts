import crypto from 'node:crypto';
import { wallet } from '../src/domain/posting-rules';
import type { StripeEmulator } from '../src/stripe/emulator/emulator';
import { signUp, type TestApp, type TestClient, rawId } from './harness';

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
