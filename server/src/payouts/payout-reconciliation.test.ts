import crypto from 'node:crypto';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { withTransaction } from '../db/transaction';
import type { PayoutDiscrepancy } from '../domain/payout-reconciliation';
import { payoutReversedPosting } from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { createStripeGateway } from '../stripe/stripe.gateway';
import {
  capturedLog,
  createStaff,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import type { Party } from '../../test/marketplace';
import { fundPlatform, onboardedSeller, releasedOrders, runPayoutJobs } from '../../test/payout-helpers';
import { emulatorOf } from '../../test/wallet-helpers';
import { reconcilePayoutsTask } from './payout-reconciliation.jobs';
import { PayoutReconciliationService } from './payout-reconciliation.service';

/**
 * Reconciliation (issue 8, point 8): Stripe's transfers against the payouts table and the ledger.
 * Payouts are made through the real flow; what our code would never do (a transfer behind our
 * back, a duplicate with another key) is done through the SDK against the emulator, and the few
 * corruptions no code path can make are written in SQL, said so where they are.
 */

/** A connected account that can receive transfers, and money on the platform to send. */
async function enabledAccount(testApp: TestApp): Promise<string> {
  const account = await testApp.services.stripe.createConnectedAccount({
    sellerId: crypto.randomUUID(),
    email: `elsewhere-${crypto.randomBytes(4).toString('hex')}@example.test`,
    country: 'FR',
    idempotencyKey: crypto.randomUUID(),
  });
  emulatorOf(testApp).updateAccount(account.id, 'complete');
  return account.id;
}

/** Money leaving the platform through Stripe without our code: a transfer made from the dashboard, or by a bug. */
async function transferBehindOurBack(
  testApp: TestApp,
  input: { amount: number; currency?: string; destination?: string; metadata?: Record<string, string> },
): Promise<string> {
  const currency = input.currency ?? 'EUR';
  emulatorOf(testApp).creditBalance(currency, input.amount);
  const transfer = await testApp.services.stripe.client.transfers.create(
    {
      amount: input.amount,
      currency: currency.toLowerCase(),
      destination: input.destination ?? (await enabledAccount(testApp)),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.metadata?.['payout_id'] ? { transfer_group: `payout:${input.metadata['payout_id']}` } : {}),
    },
    { idempotencyKey: crypto.randomUUID() },
  );
  return transfer.id;
}

const reconciliationQuery = `{
  payoutReconciliation {
    id trigger requestedById stripeApi startedAt finishedAt transfersChecked payoutsChecked clean discrepancyCount
    discrepancies { kind message payoutId stripeTransferId expected actual expectedAmount { amount currency } actualAmount { amount currency } }
  }
}`;

const runMutation = `mutation {
  runPayoutReconciliation {
    reconciliation { id trigger clean discrepancyCount transfersChecked discrepancies { kind stripeTransferId actualAmount { amount currency } } }
    errors { code message field }
  }
}`;

interface ReconciliationView {
  id: string;
  trigger: string;
  requestedById: string | null;
  stripeApi: string;
  transfersChecked: number;
  payoutsChecked: number;
  clean: boolean;
  discrepancyCount: number;
  discrepancies: {
    kind: string;
    message: string;
    payoutId: string | null;
    stripeTransferId: string | null;
    expected: string | null;
    actual: string | null;
    expectedAmount: { amount: number; currency: string } | null;
    actualAmount: { amount: number; currency: string } | null;
  }[];
}

describe('payoutReconciliation and runPayoutReconciliation (admins)', () => {
  let testApp: TestApp;
  let admin: TestClient;
  let adminId: string;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
    adminId = (await admin.data<{ me: { id: string } }>('{ me { id } }')).me.id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('shows admins the last run, runs one on request, and refuses buyers, sellers and support', async () => {
    // given no run yet
    const before = await admin.data<{ payoutReconciliation: ReconciliationView | null }>(reconciliationQuery);
    expect(before.payoutReconciliation).toBeNull();

    // when money leaves through Stripe behind our back and an admin runs a reconciliation
    const transferId = await transferBehindOurBack(testApp, { amount: 1_234 });
    const ran = await admin.data<{
      runPayoutReconciliation: { reconciliation: ReconciliationView; errors: unknown[] };
    }>(runMutation);

    // then the run reports it, and is the last run every admin sees
    expect(ran.runPayoutReconciliation.errors).toEqual([]);
    expect(ran.runPayoutReconciliation.reconciliation).toMatchObject({
      trigger: 'ADMIN',
      clean: false,
      discrepancyCount: 1,
      transfersChecked: 1,
      discrepancies: [
        {
          kind: 'TRANSFER_WITHOUT_PAYOUT',
          stripeTransferId: transferId,
          actualAmount: { amount: 1_234, currency: 'EUR' },
        },
      ],
    });
    const last = await admin.data<{ payoutReconciliation: ReconciliationView }>(reconciliationQuery);
    expect(last.payoutReconciliation).toMatchObject({
      id: ran.runPayoutReconciliation.reconciliation.id,
      requestedById: adminId,
      stripeApi: 'the in-process Stripe emulator (only transfers made by this process)',
      payoutsChecked: 0,
      discrepancyCount: 1,
    });
    expect(last.payoutReconciliation.discrepancies[0]).toMatchObject({
      kind: 'TRANSFER_WITHOUT_PAYOUT',
      payoutId: null,
      expected: null,
      actual: '1234',
      expectedAmount: null,
    });
    expect(last.payoutReconciliation.discrepancies[0]!.message).toContain(`${transferId} of 1234 EUR`);

    // and nobody else may read it or run one
    const support = (await createStaff(testApp, ['SUPPORT'])).client;
    const seller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
    const buyer = (await signUp(testApp.baseUrl)).client;
    for (const client of [support, seller, buyer]) {
      const read = await client.graphql(reconciliationQuery);
      const run = await client.graphql(runMutation);
      expect(read.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(run.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    const runs = await queryDatabase(testApp, 'select count(*)::int as count from payout_reconciliations');
    expect(runs[0]!['count']).toBe(1);
  });

  it('answers RECONCILIATION_RUNNING, and stores nothing, while another run holds the lock', async () => {
    // given another run in progress (the command, in another process, holds the session lock)
    const holder = await testApp.database.$client.connect();
    const runsBefore = await queryDatabase(
      testApp,
      'select count(*)::int as count from payout_reconciliations',
    );
    try {
      await holder.query(`select pg_advisory_lock(hashtextextended('payouts:reconciliation', 0))`);
      // when an admin asks for a run
      const refused = await admin.data<{
        runPayoutReconciliation: { reconciliation: null; errors: { code: string }[] };
      }>(runMutation);
      // then it is refused with its code, and nothing was stored
      expect(refused.runPayoutReconciliation).toEqual({
        reconciliation: null,
        errors: [
          {
            code: 'RECONCILIATION_RUNNING',
            message: expect.stringContaining('already running'),
            field: null,
          },
        ],
      });
    } finally {
      await holder.query(`select pg_advisory_unlock(hashtextextended('payouts:reconciliation', 0))`);
      holder.release();
    }
    const runsAfter = await queryDatabase(
      testApp,
      'select count(*)::int as count from payout_reconciliations',
    );
    expect(runsAfter).toEqual(runsBefore);
  });
});

describe('the payouts.reconcile job', () => {
  it('stores its run and logs a warning with the count when Stripe holds money our books do not show', async () => {
    // given a transfer made behind our back
    const captured = capturedLog('info');
    const testApp = await startTestApp({}, { log: captured.log });
    try {
      await transferBehindOurBack(testApp, { amount: 500 });

      // when the scheduled job runs
      await withTransaction(testApp.database, (tx) =>
        testApp.services.jobs.enqueue(tx, reconcilePayoutsTask, {}),
      );
      await testApp.services.jobs.runJobsOnce();

      // then its run is the last one, and the warning says how many and of which kind
      const last = await testApp.services.payoutReconciliation.latest();
      expect(last).toMatchObject({ trigger: 'SCHEDULE', requestedBy: null, discrepancyCount: 1 });
      const warnings = captured.lines.filter((line) => line['level'] === 40);
      expect(warnings).toEqual([
        expect.objectContaining({
          msg: 'payout reconciliation found discrepancies',
          reconciliationId: last!.id,
          discrepancyCount: 1,
          storedByKind: { TRANSFER_WITHOUT_PAYOUT: 1 },
        }),
      ]);
    } finally {
      await testApp.close();
    }
  });
});

/** Price 1000 at a 5% fee: each order pays the seller 950. */
const net = 950;
const payoutSettings = {
  PLATFORM_FEE_BASIS_POINTS: '500',
  PAYOUT_HOLD_HOURS: '0',
  PAYOUT_MIN_WITHDRAWAL_AMOUNT: '500',
  PAYOUT_SWEEP_MIN_AMOUNT: '1500',
};

interface PayoutRowView {
  id: string;
  state: string;
  amount: number;
  stripe_account_id: string;
  stripe_transfer_id: string | null;
  reversed_amount: number;
}

async function payoutOf(testApp: TestApp, seller: Party): Promise<PayoutRowView> {
  const rows = await queryDatabase<PayoutRowView & Record<string, unknown>>(
    testApp,
    'select id, state, amount, stripe_account_id, stripe_transfer_id, reversed_amount from payouts where seller_id = $1',
    [seller.rawId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** A seller with two eligible orders who withdraws both, through the real flow (request, execution job, transfer job, webhooks). */
async function withdrawEverything(testApp: TestApp): Promise<{ seller: Party; accountId: string }> {
  const { seller, accountId } = await onboardedSeller(testApp);
  await releasedOrders(testApp, seller, 2);
  const requested = await testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
    amount: 2 * net,
    currency: 'EUR',
    idempotencyKey: crypto.randomUUID(),
  });
  if (!('withdrawal' in requested)) throw new Error(JSON.stringify(requested.errors));
  await runPayoutJobs(testApp);
  return { seller, accountId };
}

const keyOf = (discrepancy: PayoutDiscrepancy) =>
  `${discrepancy.kind}|${discrepancy.payoutId}|${discrepancy.transferId}`;

describe('reconcile after real payouts', () => {
  let testApp: TestApp;
  let failed: PayoutRowView;
  let paid: PayoutRowView;
  let reversed: PayoutRowView;
  /** What the last run reported: each test looks at what its own step added or removed. */
  let known: PayoutDiscrepancy[] = [];

  async function reconcile(): Promise<{ added: PayoutDiscrepancy[]; removed: PayoutDiscrepancy[] }> {
    const result = await testApp.services.payoutReconciliation.reconcile({ trigger: 'COMMAND' });
    if (result.outcome !== 'COMPLETED') throw new Error('another run holds the lock');
    const now = result.run.discrepancies;
    expect(result.run.discrepancyCount).toBe(now.length);
    const before = new Set(known.map(keyOf));
    const after = new Set(now.map(keyOf));
    const change = {
      added: now.filter((discrepancy) => !before.has(keyOf(discrepancy))),
      removed: known.filter((discrepancy) => !after.has(keyOf(discrepancy))),
    };
    known = now;
    return change;
  }

  beforeAll(async () => {
    testApp = await startTestApp(payoutSettings);
    // A payout Stripe refuses: the platform has no money yet (balance_insufficient), so it FAILED.
    failed = await payoutOf(testApp, (await withdrawEverything(testApp)).seller);
    fundPlatform(testApp, 100_000);
    paid = await payoutOf(testApp, (await withdrawEverything(testApp)).seller);
    // A payout whose transfer Stripe partly reversed; transfer.reversed credited it back to earnings.
    const reversedSeller = (await withdrawEverything(testApp)).seller;
    emulatorOf(testApp).reverseTransfer((await payoutOf(testApp, reversedSeller)).stripe_transfer_id!, 300);
    await runPayoutJobs(testApp);
    reversed = await payoutOf(testApp, reversedSeller);
  });

  afterAll(async () => {
    emulatorOf(testApp).resumeDeliveries();
    await testApp.close();
  });

  it('finds nothing when every payout went through the three phases: paid, refused (FAILED) and partly reversed', async () => {
    // given the three payouts as the flow left them
    expect([failed.state, paid.state, reversed.state]).toEqual(['FAILED', 'PAID', 'PAID']);
    expect(reversed.reversed_amount).toBe(300);
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
    // when reconciled
    const result = await testApp.services.payoutReconciliation.reconcile({ trigger: 'COMMAND' });
    // then every transfer and payout was checked and nothing disagrees
    expect(result).toMatchObject({
      outcome: 'COMPLETED',
      run: { transfersChecked: 2, payoutsChecked: 3, discrepancyCount: 0, discrepancies: [] },
    });
  });

  it('reports a transfer Stripe made for a payout we have as FAILED: money left that our books returned to the seller', async () => {
    // when a transfer names the failed payout (made behind our back, with its metadata)
    const transferId = await transferBehindOurBack(testApp, {
      amount: failed.amount,
      destination: failed.stripe_account_id,
      metadata: { payout_id: failed.id },
    });
    // then it is money without a payout
    const { added, removed } = await reconcile();
    expect(removed).toEqual([]);
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'TRANSFER_WITHOUT_PAYOUT',
        payoutId: failed.id,
        transferId,
        actual: failed.amount,
        currency: 'EUR',
      }),
    ]);
  });

  it('reports a second transfer for a paid payout, made with another idempotency key, as a duplicate', async () => {
    // when the payout's transfer is made again through the SDK under another key (as a retry after the key expired would)
    const duplicateId = await transferBehindOurBack(testApp, {
      amount: paid.amount,
      destination: paid.stripe_account_id,
      metadata: { payout_id: paid.id },
    });
    // then the extra transfer is a duplicate of the payout, and the recorded one is fine
    const { added } = await reconcile();
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'DUPLICATE_TRANSFER',
        payoutId: paid.id,
        transferId: duplicateId,
        actual: paid.amount,
      }),
    ]);
  });

  it('reports a reversal whose event is not processed yet, and clears once it is', async () => {
    // given a reversal at Stripe whose transfer.reversed webhook has not arrived
    emulatorOf(testApp).pauseDeliveries();
    emulatorOf(testApp).reverseTransfer(paid.stripe_transfer_id!, 100);
    // then Stripe is ahead of the payout
    const lagging = await reconcile();
    expect(lagging.added).toEqual([
      expect.objectContaining({
        kind: 'REVERSAL_MISMATCH',
        payoutId: paid.id,
        transferId: paid.stripe_transfer_id,
        expected: 0,
        actual: 100,
      }),
    ]);
    // and once the event is processed, nothing is left of it
    emulatorOf(testApp).resumeDeliveries();
    await runPayoutJobs(testApp);
    const settled = await reconcile();
    expect(settled).toEqual({ added: [], removed: lagging.added });
  });

  it('reports a payout posting the payout does not account for', async () => {
    // when the reversal posting rule is applied by hand with no reversal behind it (no code path does this)
    const [owner] = await queryDatabase(testApp, 'select seller_id from payouts where id = $1', [
      reversed.id,
    ]);
    await withTransaction(testApp.database, (tx) =>
      testApp.services.ledger.post(
        tx,
        payoutReversedPosting({
          payoutId: reversed.id,
          sellerId: String(owner!['seller_id']),
          reversalKey: 'forged',
          amount: 50,
          currency: 'EUR',
        }),
      ),
    );
    // then the ledger disagrees with the payout's reversed amount
    const { added } = await reconcile();
    expect(added).toEqual([
      expect.objectContaining({ kind: 'LEDGER_MISMATCH', payoutId: reversed.id, expected: 300, actual: 350 }),
    ]);
  });

  it('does not report a payout paid, or a transfer reversed, after the listing read Stripe: it reads those transfers again', async () => {
    // given a payout in phase 1, a paid one, and books that agree
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    const lateReversed = await payoutOf(testApp, (await withdrawEverything(testApp)).seller);
    // (phase 1 only: the job queue is not drained until the run below)
    const initiated = await testApp.services.withdrawalExecution.sweepSeller(seller.rawId, 'EUR');
    if (initiated.outcome !== 'INITIATED') throw new Error(JSON.stringify(initiated));
    expect((await reconcile()).added).toEqual([]);
    // when, after a run listed Stripe's transfers and before it reads the database, the first
    // payout goes through phases 2 and 3 and the second's transfer is reversed (and its
    // transfer.reversed processed)
    let interleaved = false;
    const result = await testApp.services.payoutReconciliation.reconcile({
      trigger: 'COMMAND',
      onProgress: async () => {
        if (interleaved) return;
        interleaved = true;
        expect(await testApp.services.payouts.transfer(initiated.payout.id)).toMatchObject({
          outcome: 'PAID',
        });
        emulatorOf(testApp).reverseTransfer(lateReversed.stripe_transfer_id!, 200);
        await runPayoutJobs(testApp);
      },
    });
    // then both are judged on what Stripe holds now: nothing new is reported
    expect(interleaved).toBe(true);
    if (result.outcome !== 'COMPLETED') throw new Error('another run holds the lock');
    expect(await payoutOf(testApp, seller)).toMatchObject({ state: 'PAID' });
    const [reversedNow] = await queryDatabase(testApp, 'select reversed_amount from payouts where id = $1', [
      lateReversed.id,
    ]);
    expect(reversedNow!['reversed_amount']).toBe(200);
    expect(result.run.discrepancies.map(keyOf)).toEqual(known.map(keyOf));
  });

  it("reports a paid payout that records another transfer than Stripe's", async () => {
    // given a new paid payout
    const payout = await payoutOf(testApp, (await withdrawEverything(testApp)).seller);
    expect((await reconcile()).added).toEqual([]);
    // when its recorded transfer id is corrupted: SQL with the trigger that forbids it disabled,
    // only to simulate corruption (no code path can change a recorded transfer id)
    await testApp.database.execute(sql`alter table payouts disable trigger payouts_final_state`);
    await testApp.database.execute(
      sql`update payouts set stripe_transfer_id = 'tr_corrupted' where id = ${payout.id}`,
    );
    await testApp.database.execute(sql`alter table payouts enable trigger payouts_final_state`);
    // then the transfer Stripe made for it is named against the one it records
    const { added } = await reconcile();
    expect(added).toEqual([
      expect.objectContaining({
        kind: 'TRANSFER_ID_MISMATCH',
        payoutId: payout.id,
        transferId: payout.stripe_transfer_id,
        expected: 'tr_corrupted',
        actual: payout.stripe_transfer_id,
      }),
    ]);
  });

  it('reports every paid payout as without its transfer when read against a Stripe that does not have them', async () => {
    // given another Stripe account (a fresh emulator): it holds none of the platform's transfers
    const otherStripe = await createStripeGateway(testApp.config, pino({ level: 'silent' }));
    try {
      const service = new PayoutReconciliationService(
        testApp.database,
        otherStripe,
        testApp.config.payouts,
        'another Stripe account',
      );
      // when reconciled against it
      const result = await service.reconcile({ trigger: 'COMMAND' });
      if (result.outcome !== 'COMPLETED') throw new Error('another run holds the lock');
      // then each PAID payout is one PAYOUT_WITHOUT_TRANSFER, and the FAILED one is fine
      const paidIds = (
        await queryDatabase(testApp, `select id from payouts where state = 'PAID' order by id`)
      ).map((row) => String(row['id']));
      const missing = result.run.discrepancies.filter((found) => found.kind === 'PAYOUT_WITHOUT_TRANSFER');
      expect(missing.map((found) => found.payoutId).sort()).toEqual(paidIds);
      expect(result.run).toMatchObject({ transfersChecked: 0, stripeApi: 'another Stripe account' });
    } finally {
      await otherStripe.close();
    }
  });
});

describe('reconcile while payouts are in flight', () => {
  let testApp: TestApp;
  /** Three PENDING payouts whose transfer jobs never run in this file: phase 1 committed, then nothing, or a crash. */
  let waiting: PayoutRowView;
  let transferred: PayoutRowView;
  let wronglyPaid: PayoutRowView;
  let transferredId: string;

  async function phaseOneOnly(seller: Party): Promise<PayoutRowView> {
    const outcome = await testApp.services.withdrawalExecution.sweepSeller(seller.rawId, 'EUR');
    expect(outcome.outcome).toBe('INITIATED');
    return payoutOf(testApp, seller);
  }

  beforeAll(async () => {
    testApp = await startTestApp(payoutSettings);
    fundPlatform(testApp, 100_000);
    fundPlatform(testApp, 100_000, 'USD');
    // Every seller first (their set-up drains the job queue), then phase 1 of each payout, after
    // which the queue is never drained again: their transfer jobs wait.
    const sellers = [];
    for (let index = 0; index < 3; index++) {
      const { seller } = await onboardedSeller(testApp);
      await releasedOrders(testApp, seller, 2);
      sellers.push(seller);
    }
    waiting = await phaseOneOnly(sellers[0]!);
    transferred = await phaseOneOnly(sellers[1]!);
    wronglyPaid = await phaseOneOnly(sellers[2]!);
    // Phase 2 as PayoutService makes it, then the process died before phase 3.
    transferredId = (
      await testApp.services.stripe.createTransfer({
        payoutId: transferred.id,
        amount: transferred.amount,
        currency: 'EUR',
        destination: transferred.stripe_account_id,
        idempotencyKey: `payout:${transferred.id}`,
      })
    ).id;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('reports nothing for payouts younger than PAYOUT_STUCK_AFTER_SECONDS, with or without their transfer', async () => {
    const result = await testApp.services.payoutReconciliation.reconcile({ trigger: 'COMMAND' });
    expect(result).toMatchObject({
      outcome: 'COMPLETED',
      run: { payoutsChecked: 3, transfersChecked: 1, discrepancyCount: 0 },
    });
  });

  it("reports a transfer for a pending payout that differs in amount, currency and destination from the payout's", async () => {
    // when a transfer our code would never make names the payout
    const transferId = await transferBehindOurBack(testApp, {
      amount: wronglyPaid.amount + 100,
      currency: 'USD',
      metadata: { payout_id: wronglyPaid.id },
    });
    // then each difference is reported, and nothing else
    const result = await testApp.services.payoutReconciliation.reconcile({ trigger: 'COMMAND' });
    if (result.outcome !== 'COMPLETED') throw new Error('another run holds the lock');
    expect(result.run.discrepancies).toEqual([
      expect.objectContaining({
        kind: 'AMOUNT_MISMATCH',
        payoutId: wronglyPaid.id,
        transferId,
        expected: wronglyPaid.amount,
        actual: wronglyPaid.amount + 100,
      }),
      expect.objectContaining({ kind: 'CURRENCY_MISMATCH', transferId, expected: 'EUR', actual: 'USD' }),
      expect.objectContaining({
        kind: 'DESTINATION_MISMATCH',
        transferId,
        expected: wronglyPaid.stripe_account_id,
      }),
    ]);
  });

  it('reports every payout still PENDING past PAYOUT_STUCK_AFTER_SECONDS as stuck, naming the transfer Stripe made', async () => {
    // when an hour has passed (PAYOUT_STUCK_AFTER_SECONDS is 600 by default)
    const result = await testApp.services.payoutReconciliation.reconcile({
      trigger: 'COMMAND',
      now: new Date(Date.now() + 3_600_000),
    });
    if (result.outcome !== 'COMPLETED') throw new Error('another run holds the lock');
    // then all three are stuck; the one Stripe paid names its transfer
    const stuck = result.run.discrepancies.filter((found) => found.kind === 'STUCK_PAYOUT');
    expect(stuck.map((found) => [found.payoutId, found.transferId]).sort()).toEqual(
      [
        [waiting.id, null],
        [transferred.id, transferredId],
        [wronglyPaid.id, expect.stringMatching(/^tr_/)],
      ].sort((left, right) => String(left[0]).localeCompare(String(right[0]))),
    );
    expect(stuck.find((found) => found.payoutId === transferred.id)!.message).toContain(
      'phase 3 never recorded it',
    );
  });
});
