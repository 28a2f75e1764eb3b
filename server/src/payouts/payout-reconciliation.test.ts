import crypto from 'node:crypto';
import { withTransaction } from '../db/transaction';
import {
  capturedLog,
  createStaff,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { emulatorOf } from '../../test/wallet-helpers';
import { reconcilePayoutsTask } from './payout-reconciliation.jobs';

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
