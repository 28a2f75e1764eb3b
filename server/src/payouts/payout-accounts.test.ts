import { requirementDescription } from './payout-requirements';
import crypto from 'node:crypto';
import { withTransaction } from '../db/transaction';
import { createStaff, queryDatabase, startTestApp, type TestApp, type TestClient } from '../../test/harness';
import { newBuyer, newSeller, type Party } from '../../test/marketplace';
import {
  onboard,
  onboardedSeller,
  payoutAccount,
  startPayoutOnboarding,
  startPayoutOnboardingMutation,
  stripeAccountOf,
  submitOnboardingPage,
} from '../../test/payout-account-helpers';
import { emulatorClient } from '../../test/stripe-emulator-helpers';
import { emulatorOf, settle } from '../../test/wallet-helpers';

/**
 * Sellers' Stripe Connect onboarding (the KYC gate) and their bank payouts, end to end: the real
 * app over GraphQL, the real SDK against the Stripe emulator, its onboarding page and its signed
 * webhooks (account.updated, payout.*) processed by the job queue.
 */

let testApp: TestApp;
let admin: TestClient;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = (await createStaff(testApp, ['ADMIN'])).client;
});
afterAll(async () => {
  await testApp.close();
});
afterEach(() => emulatorOf(testApp).resumeDeliveries());

async function accountRows(seller: Party) {
  return queryDatabase(testApp, 'select * from payout_accounts where seller_id = $1', [seller.rawId]);
}

async function eventOutcome(eventId: string): Promise<string | null> {
  return (await testApp.services.stripeEvents.find(eventId))?.outcome ?? null;
}

/** The account.updated events the emulator sent about `accountId`, oldest first. */
function accountEvents(accountId: string) {
  return emulatorOf(testApp)
    .events('account.updated')
    .filter((event) => event.data.object['id'] === accountId);
}

describe('startPayoutOnboarding', () => {
  it("given a seller, when they complete Stripe's onboarding page, then account.updated enables their payout account", async () => {
    // given a seller without a payout account
    const seller = await newSeller(testApp);
    expect(await payoutAccount(seller)).toBeNull();

    // when they start onboarding
    const started = await startPayoutOnboarding(seller);

    // then they have a connected account that is not onboarded yet, and a link to Stripe's page
    expect(started.errors).toEqual([]);
    expect(started.payoutAccount).toMatchObject({ status: 'NOT_STARTED', payoutsEnabled: false });
    expect(started.payoutAccount!.requirements.map((requirement) => requirement.code)).toEqual(
      expect.arrayContaining(['external_account', 'individual.dob.day', 'tos_acceptance.date']),
    );
    expect(started.onboardingLink!.url).toMatch(/\/_emulator\/connect\/onboarding\//);
    expect(new Date(started.onboardingLink!.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const accountId = await stripeAccountOf(testApp, seller);
    expect(emulatorOf(testApp).account(accountId)).toMatchObject({
      type: 'express',
      metadata: { seller_id: seller.rawId },
    });

    // when the seller completes the page, which sends the browser back to the console
    const location = await submitOnboardingPage(started.onboardingLink!.url, 'complete');
    expect(location).toBe(
      new URL('/console/seller/payouts?onboarding=return', testApp.config.publicUrl).toString(),
    );
    // (nothing changes before Stripe's webhook is processed)
    expect((await payoutAccount(seller))!.status).toBe('NOT_STARTED');
    await settle(testApp);

    // then the account is ENABLED, with nothing missing
    expect(await payoutAccount(seller)).toMatchObject({
      status: 'ENABLED',
      payoutsEnabled: true,
      detailsSubmitted: true,
      requirements: [],
      pendingVerification: [],
      disabledReason: null,
    });
    const [event] = accountEvents(accountId);
    expect(await eventOutcome(event!.id)).toBe('account NOT_STARTED -> ENABLED');
    await withTransaction(testApp.database, async (tx) => {
      expect(await testApp.services.payoutAccounts.accountReady(tx, seller.rawId)).toEqual({
        ready: true,
        stripeAccountId: accountId,
      });
    });
  });

  it('given an account, when the seller starts again, then the same account gets a fresh link', async () => {
    const seller = await newSeller(testApp);
    const first = await startPayoutOnboarding(seller);
    const second = await startPayoutOnboarding(seller);

    expect(second.errors).toEqual([]);
    expect(second.payoutAccount!.id).toBe(first.payoutAccount!.id);
    expect(second.onboardingLink!.url).not.toBe(first.onboardingLink!.url);
    expect(await accountRows(seller)).toHaveLength(1);
  });

  it('concurrent starts by one seller end with one connected account', async () => {
    // given a seller who starts onboarding from ten tabs at once
    const seller = await newSeller(testApp);
    const emulator = emulatorOf(testApp);

    // when the ten requests race
    const answers = await Promise.all(Array.from({ length: 10 }, () => startPayoutOnboarding(seller)));

    // then every answer names the one account recorded, which Stripe holds for this seller
    for (const answer of answers) expect(answer.errors).toEqual([]);
    expect(new Set(answers.map((answer) => answer.payoutAccount!.id)).size).toBe(1);
    const rows = await accountRows(seller);
    expect(rows).toHaveLength(1);
    expect(emulator.account(String(rows[0]!['stripe_account_id']))).toMatchObject({
      metadata: { seller_id: seller.rawId },
    });
  });

  it('concurrent first starts naming different countries all answer the one account recorded', async () => {
    // given a seller who starts onboarding from two tabs at once, each choosing another country
    const seller = await newSeller(testApp);

    // when the requests race
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        startPayoutOnboarding(seller, { country: index % 2 ? 'FR' : 'DE' }),
      ),
    );

    // then none fails, and every answer names the one account recorded
    for (const answer of answers) expect(answer.errors).toEqual([]);
    expect(new Set(answers.map((answer) => answer.payoutAccount!.id)).size).toBe(1);
    expect(await accountRows(seller)).toHaveLength(1);
  });

  it('given a recorded account Stripe does not know, when the seller continues onboarding, then a new account takes its place', async () => {
    // given a seller whose recorded account Stripe forgot (a restarted emulator, an account deleted at Stripe)
    const seller = await newSeller(testApp);
    await queryDatabase(
      testApp,
      `insert into payout_accounts (seller_id, stripe_account_id) values ($1, 'acct_forgotten1')`,
      [seller.rawId],
    );

    // when they continue onboarding, from six tabs at once, naming a country
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => startPayoutOnboarding(seller, { country: 'FR' })),
    );

    // then every answer names one new account, opened at Stripe in that country, with a link to it
    for (const answer of answers) expect(answer.errors).toEqual([]);
    const rows = await accountRows(seller);
    expect(rows).toHaveLength(1);
    const accountId = String(rows[0]!['stripe_account_id']);
    expect(accountId).not.toBe('acct_forgotten1');
    expect(rows[0]!['status']).toBe('NOT_STARTED');
    expect(emulatorOf(testApp).account(accountId)).toMatchObject({
      country: 'FR',
      metadata: { seller_id: seller.rawId },
    });
    expect(new Set(answers.map((answer) => answer.payoutAccount!.id)).size).toBe(1);
    // and completing Stripe's page enables it
    await submitOnboardingPage(answers[0]!.onboardingLink!.url, 'complete');
    await settle(testApp);
    expect((await payoutAccount(seller))!.status).toBe('ENABLED');
  });

  it('an account.updated about an account Stripe has since deleted records it DISCONNECTED, blocking its orders', async () => {
    // given an onboarded seller, and an account.updated about their account still on its way when Stripe deletes the account
    const { seller, accountId } = await onboardedSeller(testApp);
    const emulator = emulatorOf(testApp);
    emulator.pauseDeliveries();
    emulator.updateAccount(accountId, 'restricted', ['external_account']);
    await emulatorClient(emulator).accounts.del(accountId);

    // when the event arrives
    emulator.resumeDeliveries();
    await settle(testApp);

    // then the account is DISCONNECTED (the event's own copy is not trusted), and the seller is told what to do
    const [event] = accountEvents(accountId).slice(-1);
    expect(await eventOutcome(event!.id)).toBe('account DISCONNECTED: Stripe does not know it');
    expect(await payoutAccount(seller)).toMatchObject({
      status: 'DISCONNECTED',
      payoutsEnabled: false,
      requirements: [],
    });
    await withTransaction(testApp.database, async (tx) => {
      expect(await testApp.services.payoutAccounts.accountReady(tx, seller.rawId)).toMatchObject({
        ready: false,
        status: 'DISCONNECTED',
      });
    });
  });

  it('a buyer is refused and gets no account', async () => {
    const buyer = await newBuyer(testApp);

    const answer = await buyer.client.graphql(startPayoutOnboardingMutation);

    expect(answer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await accountRows(buyer)).toEqual([]);
  });

  it('a banned seller is refused ACCOUNT_BANNED and gets no account', async () => {
    // given a seller banned by an admin (a ban ends the sessions; this one is reopened to prove the check holds)
    const seller = await newSeller(testApp);
    const banned = await admin.data(
      `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
      {
        input: {
          userId: seller.id,
          role: 'SELLER',
          tier: 'BANNED',
          reason: 'payout onboarding test',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    expect(banned['overrideRiskTier'].errors).toEqual([]);
    await queryDatabase(
      testApp,
      'update sessions set revoked_at = null, revoked_reason = null where user_id = $1',
      [seller.rawId],
    );

    // when the seller starts onboarding
    const answer = await startPayoutOnboarding(seller);

    // then it is refused, and no account exists
    expect(answer).toMatchObject({ payoutAccount: null, onboardingLink: null });
    expect(answer.errors.map((error) => error.code)).toEqual(['ACCOUNT_BANNED']);
    expect(await accountRows(seller)).toEqual([]);
  });

  it('a country outside PAYOUT_CONNECT_COUNTRIES is refused UNSUPPORTED_COUNTRY', async () => {
    const seller = await newSeller(testApp);

    const answer = await startPayoutOnboarding(seller, { country: 'ZZ' });

    expect(answer.errors).toEqual([
      { code: 'UNSUPPORTED_COUNTRY', message: expect.stringContaining('DE'), field: 'country' },
    ]);
    expect(await accountRows(seller)).toEqual([]);
  });
});

describe('account.updated', () => {
  it('restricted: the seller sees each missing requirement, what it means and that it is overdue; no payout may start', async () => {
    // given a seller who leaves Stripe's form with the identity document and the bank account missing
    const seller = await newSeller(testApp);
    await onboard(testApp, seller, 'restricted');

    // then the account is RESTRICTED and names exactly what is missing
    const account = await payoutAccount(seller);
    expect(account).toMatchObject({
      status: 'RESTRICTED',
      payoutsEnabled: false,
      disabledReason: 'requirements.past_due',
    });
    expect(account!.requirements).toEqual([
      { code: 'external_account', description: 'A bank account to receive your payouts.', overdue: true },
      {
        code: 'individual.verification.document',
        description: expect.stringMatching(/identity document/),
        overdue: true,
      },
    ]);
    await withTransaction(testApp.database, async (tx) => {
      expect(await testApp.services.payoutAccounts.accountReady(tx, seller.rawId)).toEqual({
        ready: false,
        status: 'RESTRICTED',
        missing: ['external_account', 'individual.verification.document'],
      });
    });
  });

  it('pending verification: nothing to provide, Stripe is checking; no payout may start', async () => {
    const seller = await newSeller(testApp);
    await onboard(testApp, seller, 'pending');

    expect(await payoutAccount(seller)).toMatchObject({
      status: 'PENDING_VERIFICATION',
      payoutsEnabled: false,
      requirements: [],
      pendingVerification: ['individual.verification.document'],
      // in words for the seller, as requirements are (the console shows these)
      pendingChecks: [
        {
          code: 'individual.verification.document',
          description: requirementDescription('individual.verification.document'),
        },
      ],
    });
    expect(requirementDescription('individual.verification.document')).not.toContain('individual.');
    await withTransaction(testApp.database, async (tx) => {
      expect(await testApp.services.payoutAccounts.accountReady(tx, seller.rawId)).toEqual({
        ready: false,
        status: 'PENDING_VERIFICATION',
        missing: [],
      });
    });
  });

  it("events delivered out of order and replayed end in Stripe's latest state", async () => {
    // given a seller's account that Stripe moves pending -> enabled -> restricted, webhooks held back
    const seller = await newSeller(testApp);
    await startPayoutOnboarding(seller);
    const accountId = await stripeAccountOf(testApp, seller);
    const emulator = emulatorOf(testApp);
    emulator.pauseDeliveries();
    emulator.updateAccount(accountId, 'pending');
    emulator.updateAccount(accountId, 'complete');
    emulator.updateAccount(accountId, 'restricted', ['external_account']);
    const [pending, enabled, restricted] = accountEvents(accountId);
    expect(enabled!.data.object['payouts_enabled']).toBe(true);

    // when they arrive newest first, each processed before the next, then twice more
    for (const event of [restricted!, enabled!, pending!]) {
      expect((await emulator.deliver(event.id)).delivered).toBe(true);
      await testApp.services.jobs.runJobsOnce();
    }
    await emulator.replay(enabled!.id);
    await emulator.replay(pending!.id);
    await settle(testApp);

    // then the account is what Stripe says now: restricted, the bank account missing
    expect(await payoutAccount(seller)).toMatchObject({
      status: 'RESTRICTED',
      payoutsEnabled: false,
      requirements: [{ code: 'external_account', overdue: true, description: expect.any(String) }],
    });
    // and the stale events changed nothing (each read Stripe's current state), the replays were not processed again
    expect(await eventOutcome(restricted!.id)).toBe('account NOT_STARTED -> RESTRICTED');
    expect(await eventOutcome(enabled!.id)).toBe('account unchanged: RESTRICTED');
    expect(await eventOutcome(pending!.id)).toBe('account unchanged: RESTRICTED');
    const processed = await queryDatabase(
      testApp,
      `select count(*)::int as count from stripe_events where type = 'account.updated' and account = $1`,
      [accountId],
    );
    expect(processed[0]!['count']).toBe(3);
  });

  it('given an enabled account, when Stripe restricts it, then no payout may start until it is enabled again', async () => {
    const { seller, accountId } = await onboardedSeller(testApp);
    const emulator = emulatorOf(testApp);

    emulator.updateAccount(accountId, 'restricted', ['individual.verification.document']);
    await settle(testApp);
    expect((await payoutAccount(seller))!.status).toBe('RESTRICTED');

    emulator.updateAccount(accountId, 'complete');
    await settle(testApp);
    expect((await payoutAccount(seller))!.status).toBe('ENABLED');
  });

  it('an account.updated that outran the recording of a new account records it for the seller its metadata names', async () => {
    // given an account Stripe created for a seller, whose recording never happened (a crash after Stripe answered)
    const seller = await newSeller(testApp);
    const account = await testApp.services.stripe.client.accounts.create({
      type: 'express',
      country: 'DE',
      capabilities: { transfers: { requested: true } },
      metadata: { seller_id: seller.rawId },
    });

    // when its account.updated arrives
    emulatorOf(testApp).updateAccount(account.id, 'complete');
    await settle(testApp);

    // then it is the seller's account, and a later start reuses it
    expect((await payoutAccount(seller))!.status).toBe('ENABLED');
    expect(await stripeAccountOf(testApp, seller)).toBe(account.id);
    await startPayoutOnboarding(seller);
    expect(await stripeAccountOf(testApp, seller)).toBe(account.id);
  });

  it("an account that is not a CodeSale seller's is recorded and ignored", async () => {
    const account = await testApp.services.stripe.client.accounts.create({
      type: 'express',
      country: 'DE',
      capabilities: { transfers: { requested: true } },
      metadata: { seller_id: crypto.randomUUID() },
    });

    emulatorOf(testApp).updateAccount(account.id, 'complete');
    await settle(testApp);

    const [event] = accountEvents(account.id);
    expect(await eventOutcome(event!.id)).toBe('ignored: not a CodeSale connected account');
    const rows = await queryDatabase(testApp, 'select 1 from payout_accounts where stripe_account_id = $1', [
      account.id,
    ]);
    expect(rows).toEqual([]);
  });
});

describe('bankPayouts', () => {
  const bankPayoutsQuery = `query ($first: Int, $after: String) {
    bankPayouts(first: $first, after: $after) {
      edges { cursor node { id amount { amount currency } status failureCode failureMessage arrivalDate } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  interface BankPayoutNode {
    id: string;
    amount: { amount: number; currency: string };
    status: string;
    failureCode: string | null;
    failureMessage: string | null;
    arrivalDate: string | null;
  }

  async function bankPayouts(seller: Party, first = 20, after?: string) {
    const data = await seller.client.data<{
      bankPayouts: {
        edges: { node: BankPayoutNode }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }>(bankPayoutsQuery, { first, after });
    return data.bankPayouts;
  }

  /** Money on the seller's connected account, as a transfer from the platform brings it. */
  async function fundConnectedAccount(accountId: string, amount: number): Promise<void> {
    const emulator = emulatorOf(testApp);
    emulator.creditBalance('eur', amount);
    await testApp.services.stripe.client.transfers.create({
      amount,
      currency: 'eur',
      destination: accountId,
    });
  }

  it('paid and failed bank payouts are recorded and shown to their seller only, newest first', async () => {
    // given an onboarded seller with 100.00 on their connected account, and another seller
    const { seller, accountId } = await onboardedSeller(testApp);
    const other = await onboardedSeller(testApp);
    await fundConnectedAccount(accountId, 10_000);
    const emulator = emulatorOf(testApp);

    // when Stripe pays 60.00 to the bank, then fails to pay 40.00 (the bank account is closed)
    emulator.payoutToBank(accountId, { amount: 6_000, currency: 'eur', outcome: 'paid' });
    await settle(testApp);
    emulator.payoutToBank(accountId, { amount: 4_000, currency: 'eur', outcome: 'failed' });
    await settle(testApp);

    // then the seller sees both, newest first, with the failure explained
    const page = await bankPayouts(seller);
    expect(page.edges.map((edge) => edge.node)).toEqual([
      {
        id: expect.any(String),
        amount: { amount: 4_000, currency: 'EUR' },
        status: 'FAILED',
        failureCode: 'account_closed',
        failureMessage: expect.stringMatching(/closed/),
        arrivalDate: expect.any(String),
      },
      {
        id: expect.any(String),
        amount: { amount: 6_000, currency: 'EUR' },
        status: 'PAID',
        failureCode: null,
        failureMessage: null,
        arrivalDate: expect.any(String),
      },
    ]);
    // and pages by cursor
    const first = await bankPayouts(seller, 1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await bankPayouts(seller, 1, first.pageInfo.endCursor!);
    expect(second.edges.map((edge) => edge.node.status)).toEqual(['PAID']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // and the other seller sees none of them
    expect((await bankPayouts(other.seller)).edges).toEqual([]);
  });

  it('a buyer cannot list bank payouts', async () => {
    const buyer = await newBuyer(testApp);
    const answer = await buyer.client.graphql(bankPayoutsQuery, { first: 5 });
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('payout events in any order, and replayed, leave the payout in its latest state', async () => {
    // given a bank payout whose payout.created and payout.paid are held back
    const { seller, accountId } = await onboardedSeller(testApp);
    await fundConnectedAccount(accountId, 5_000);
    const emulator = emulatorOf(testApp);
    emulator.pauseDeliveries();
    const payout = emulator.payoutToBank(accountId, { amount: 5_000, currency: 'eur', outcome: 'paid' });
    const events = emulator
      .queuedEvents()
      .filter((event) => event.type.startsWith('payout.') && event.data.object['id'] === payout['id']);
    expect(events.map((event) => event.type)).toEqual(['payout.created', 'payout.paid']);

    // when payout.paid arrives first, then payout.created, then both again
    for (const event of [...events].reverse()) {
      await emulator.deliver(event.id);
      await testApp.services.jobs.runJobsOnce();
    }
    for (const event of events) await emulator.replay(event.id);
    await settle(testApp);

    // then the payout is PAID
    const page = await bankPayouts(seller);
    expect(page.edges.map((edge) => edge.node.status)).toEqual(['PAID']);
    expect(await eventOutcome(events[0]!.id)).toBe('ignored: bank payout already paid');
  });

  it("a payout of an account that is not a CodeSale seller's is ignored", async () => {
    const account = await testApp.services.stripe.client.accounts.create({
      type: 'express',
      country: 'DE',
      capabilities: { transfers: { requested: true } },
    });
    const emulator = emulatorOf(testApp);
    emulator.updateAccount(account.id, 'complete');
    await fundConnectedAccount(account.id, 1_000);

    emulator.payoutToBank(account.id, { amount: 1_000, currency: 'eur', outcome: 'paid' });
    await settle(testApp);

    const [paid] = emulator.events('payout.paid').filter((event) => event.account === account.id);
    expect(await eventOutcome(paid!.id)).toBe('ignored: not a CodeSale connected account');
    const rows = await queryDatabase(
      testApp,
      'select 1 from connect_bank_payouts where stripe_account_id = $1',
      [account.id],
    );
    expect(rows).toEqual([]);
  });
});
