import crypto from 'node:crypto';
import type { Services } from '../services';
import { GraphqlSession } from '../tools/graphql-session';

/** What the seed's parts share: the demo password, logging in, funding a buyer, checking payloads. */
export const demoPassword = 'codesale-demo-password';

export const topUpAmount = 20_000;

export async function logIn(url: string, email: string): Promise<GraphqlSession> {
  const session = new GraphqlSession(url);
  const data = await session.data<{ logIn: { user: { id: string } | null; errors: unknown[] } }>(
    `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code message } } }`,
    { input: { email, password: demoPassword } },
  );
  if (!data.logIn.user) throw new Error(`log in as ${email} failed: ${JSON.stringify(data.logIn.errors)}`);
  return session;
}

/**
 * A top-up paid with Stripe's test card in the emulator; the signed webhook credits the wallet
 * (and the emulator's platform balance, as a real top-up credits the platform's Stripe balance).
 */
export async function fundBuyer(
  services: Services,
  buyer: GraphqlSession,
  always = false,
): Promise<'funded' | 'kept' | 'skipped'> {
  const wallet = await buyer.data<{ myWallet: { balance: { amount: number } } }>(
    `{ myWallet(currency: "EUR") { balance { amount } } }`,
  );
  if (!always && wallet.myWallet.balance.amount >= topUpAmount / 2) return 'kept';
  const emulator = services.stripe.emulator;
  if (!emulator) return 'skipped';
  const topUp = await buyer.data<{ createTopUp: { clientSecret: string | null; errors: unknown[] } }>(
    `mutation ($input: CreateTopUpInput!) { createTopUp(input: $input) { clientSecret errors { code message } } }`,
    { input: { amount: topUpAmount, currency: 'EUR', idempotencyKey: crypto.randomUUID() } },
  );
  const clientSecret = topUp.createTopUp.clientSecret;
  if (!clientSecret) throw new Error(`createTopUp failed: ${JSON.stringify(topUp.createTopUp.errors)}`);
  const paymentIntentId = clientSecret.slice(0, clientSecret.indexOf('_secret_'));
  await services.stripe.client.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
  await emulator.idle();
  await services.jobs.runJobsOnce();
  return 'funded';
}

/** Checks a mutation payload for user errors, so the seed stops where the product refused. */
export function expectNoErrors(name: string, payload: { errors: unknown[] }): void {
  if (payload.errors.length > 0) throw new Error(`${name} refused: ${JSON.stringify(payload.errors)}`);
}
