import crypto from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { emulatorConfirmPath } from '../http/stripe-emulator.route';
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
 * Where the seed's top-ups are paid and credited. `own`: the seed's app, its Stripe emulator and
 * its job runner (no API running). `runningApi`: an API `npm start` runs on this database: its job
 * worker takes every Stripe event from the shared queue and reads each PaymentIntent from its own
 * emulator, so the top-up is created, paid and credited there, through its public routes, as the
 * buyer app does; the seed runs no job.
 */
export type Funding = { kind: 'own'; services: Services } | { kind: 'runningApi'; origin: string };

/** How long a top-up paid through a running API may take to be credited by its worker. */
const runningApiCreditTimeoutMs = 30_000;

/**
 * A top-up paid with Stripe's test card in the emulator; the signed webhook credits the wallet
 * (and the emulator's platform balance, as a real top-up credits the platform's Stripe balance).
 */
export async function fundBuyer(
  funding: Funding,
  buyer: GraphqlSession,
  always = false,
): Promise<'funded' | 'kept' | 'skipped'> {
  const wallet = await buyer.data<{
    myWallet: { balance: { amount: number } };
    paymentSettings: { publishableKey: string; emulator: boolean };
  }>(`{ myWallet(currency: "EUR") { balance { amount } } paymentSettings { publishableKey emulator } }`);
  if (!always && wallet.myWallet.balance.amount >= topUpAmount / 2) return 'kept';
  if (!wallet.paymentSettings.emulator) return 'skipped';
  const topUp = await buyer.data<{
    createTopUp: { topUp: { id: string } | null; clientSecret: string | null; errors: unknown[] };
  }>(
    `mutation ($input: CreateTopUpInput!) { createTopUp(input: $input) { topUp { id } clientSecret errors { code message } } }`,
    { input: { amount: topUpAmount, currency: 'EUR', idempotencyKey: crypto.randomUUID() } },
  );
  const { clientSecret, topUp: created } = topUp.createTopUp;
  if (!clientSecret || !created)
    throw new Error(`createTopUp failed: ${JSON.stringify(topUp.createTopUp.errors)}`);
  const paymentIntentId = clientSecret.slice(0, clientSecret.indexOf('_secret_'));
  if (funding.kind === 'own') {
    const { services } = funding;
    await services.stripe.client.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
    await services.stripe.emulator!.idle();
    await services.jobs.runJobsOnce();
    return 'funded';
  }
  // As Stripe.js confirms a card in the buyer app: the publishable key and the client secret.
  const confirmed = await fetch(`${funding.origin}${emulatorConfirmPath.replace(':id', paymentIntentId)}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${wallet.paymentSettings.publishableKey}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ payment_method: 'pm_card_visa', client_secret: clientSecret }).toString(),
  });
  if (!confirmed.ok) {
    throw new Error(
      `the running API's Stripe emulator refused the card: ${confirmed.status} ${await confirmed.text()}`,
    );
  }
  await creditedByRunningApi(buyer, created.id);
  return 'funded';
}

/** Waits for the running API's worker to credit the top-up (its webhook is processed by a job). */
async function creditedByRunningApi(buyer: GraphqlSession, topUpId: string): Promise<void> {
  const deadline = Date.now() + runningApiCreditTimeoutMs;
  for (;;) {
    const answer = await buyer.data<{ topUp: { status: string } | null }>(
      `query ($id: ID!) { topUp(id: $id) { status } }`,
      { id: topUpId },
    );
    const status = answer.topUp?.status;
    if (status === 'SUCCEEDED') return;
    if (status !== 'PENDING') {
      throw new Error(`top-up ${topUpId} ended ${status ?? 'missing'} instead of being credited`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `top-up ${topUpId} was paid but not credited within ${runningApiCreditTimeoutMs / 1000} s: ` +
          "is the running API's job worker enabled (JOBS_WORKER_ENABLED)? Its log says why.",
      );
    }
    await setTimeout(200);
  }
}

/** Checks a mutation payload for user errors, so the seed stops where the product refused. */
export function expectNoErrors(name: string, payload: { errors: unknown[] }): void {
  if (payload.errors.length > 0) throw new Error(`${name} refused: ${JSON.stringify(payload.errors)}`);
}
