import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { EmulatorFault } from '../stripe/emulator/emulator';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { sellerPayoutLedger } from '../ledger/ledger.queries';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import {
  fundPlatform,
  onboardedSeller,
  payoutOrderStates,
  releasedOrders,
  runPayoutJobs,
  transfersTo,
} from '../../test/payout-helpers';
import { emulatorOf } from '../../test/wallet-helpers';
import type { PayoutPhasePoint } from './payout.service';

/**
 * Invariant 11 under real crashes: a payout worker process (test/payout-crash-child.ts) is killed
 * with SIGKILL at each phase boundary and inside the Stripe call, or meets Stripe faults (applied
 * but the answer lost; an error before anything applied). Then recovery runs in this process.
 * Every payout must end with exactly one transfer at Stripe, paid once, with a clean ledger.
 */

const serverRoot = path.resolve(__dirname, '..', '..');

interface CrashCase {
  name: string;
  crashAt?: PayoutPhasePoint;
  /** Die this long after reaching crashAt (inside a slow Stripe call). */
  delayMs?: number;
  faults?: { fault: EmulatorFault; times: number }[];
  /** The request reached Stripe before the process died: recovery starts once Stripe has applied it. */
  appliedAfterDeath?: boolean;
}

const transfers = { method: 'POST', path: '/v1/transfers' } as const;

const cases: CrashCase[] = [
  { name: 'killed after phase 1 committed, before Stripe was called', crashAt: 'PHASE_1_COMMITTED' },
  {
    name: 'killed inside the Stripe call, after the request was sent and before the answer',
    crashAt: 'TRANSFER_SENDING',
    delayMs: 300,
    faults: [{ fault: { ...transfers, kind: 'latency', ms: 1_500 }, times: 1 }],
    appliedAfterDeath: true,
  },
  { name: 'killed after Stripe answered, before phase 3', crashAt: 'TRANSFER_ANSWERED' },
  { name: 'killed inside the phase 3 transaction, before it committed', crashAt: 'PHASE_3_BEFORE_COMMIT' },
  {
    name: 'the transfer was applied at Stripe but every answer was lost',
    faults: [{ fault: { ...transfers, kind: 'response_lost' }, times: 10 }],
  },
  {
    name: 'Stripe failed before applying anything',
    faults: [{ fault: { ...transfers, kind: 'error_before_apply' }, times: 10 }],
  },
];

/** Resolves once `condition` holds, checking every 50 ms, for at most 10 s. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached within 10 s');
}

function runWorker(
  testApp: TestApp,
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const emulator = emulatorOf(testApp);
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(serverRoot, 'test', 'payout-crash-child.ts')],
    {
      cwd: serverRoot,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: testApp.config.database.url!,
        STRIPE_SECRET_KEY: emulator.secretKey,
        STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
        STRIPE_API_URL: emulator.url,
        STRIPE_MAX_NETWORK_RETRIES: '0',
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe('a payout killed at every phase boundary recovers to exactly one transfer (invariant 11)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ PLATFORM_FEE_BASIS_POINTS: '500', PAYOUT_HOLD_HOURS: '0' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it.each(cases)('$name', async ({ crashAt, delayMs, faults, appliedAfterDeath }) => {
    // given a seller's requested withdrawal of two orders, and a funded platform
    const { seller, accountId } = await onboardedSeller(testApp);
    const orders = await releasedOrders(testApp, seller, 2);
    fundPlatform(testApp, 100_000);
    const requested = await testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
      amount: 1_900,
      currency: 'EUR',
      idempotencyKey: crypto.randomUUID(),
    });
    if (!('withdrawal' in requested)) throw new Error(JSON.stringify(requested.errors));
    const emulator = emulatorOf(testApp);
    for (const { fault, times } of faults ?? []) emulator.injectFault(fault, times);

    // when a worker process executes it and dies (or meets the fault)
    const run = await runWorker(testApp, {
      PAYOUT_CRASH_ACTION: `execute:${requested.withdrawal.id}`,
      ...(crashAt ? { PAYOUT_CRASH_AT: crashAt } : {}),
      ...(delayMs ? { PAYOUT_CRASH_DELAY_MS: String(delayMs) } : {}),
    });
    if (crashAt) {
      expect(run.output).toContain(`crashing at ${crashAt}`);
      expect(run.signal).toBe('SIGKILL');
    } else {
      expect(run.output).toContain('failed:');
    }
    emulator.clearFaults();
    if (appliedAfterDeath) {
      // Stripe finishes a request whose caller died: wait until it has (polling what Stripe shows).
      await until(async () => (await transfersTo(testApp, accountId)).length === 1);
    }

    // and recovery re-drives what was left (and the transfer job phase 1 enqueued runs)
    await testApp.services.payouts.recoverStuck(0);
    await runPayoutJobs(testApp);

    // then there is exactly one transfer for the payout, the payout and its orders are paid once
    const [payout] = await queryDatabase(
      testApp,
      'select id, state, amount, stripe_transfer_id from payouts where seller_id = $1',
      [seller.rawId],
    );
    expect(payout).toMatchObject({ state: 'PAID', amount: 1_900 });
    const made = await transfersTo(testApp, accountId);
    expect(
      made.map((transfer) => ({ id: transfer.id, amount: transfer.amount, payoutId: transfer.payoutId })),
    ).toEqual([{ id: payout!['stripe_transfer_id'], amount: 1_900, payoutId: payout!['id'] }]);
    expect(Object.values(await payoutOrderStates(testApp, orders))).toEqual(['PAID', 'PAID']);
    expect(await sellerPayoutLedger(testApp.database, seller.rawId)).toEqual([
      { currency: 'EUR', earnings: 0, inTransit: 0, transferred: 1_900, reversed: 0 },
    ]);
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  });
});
