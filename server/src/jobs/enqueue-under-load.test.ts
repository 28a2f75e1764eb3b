import type pg from 'pg';
import { createStaff, queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import {
  createListing,
  fundWallet,
  newBuyer,
  newSeller,
  purchaseMutation,
  type Party,
} from '../../test/marketplace';
import { createTopUp, emulatorOf, pay } from '../../test/wallet-helpers';
import { onboardedSeller, releasedOrders } from '../../test/payout-helpers';
import {
  decide,
  disputedOrder,
  heldOrder,
  newStaff,
  requestResponse,
  startReview,
} from '../../test/dispute-helpers';

/**
 * graphile-worker's add_job returns no job when the job that holds its key is taken by a worker
 * while add_job runs: it clears the keys of jobs already locked, then inserts `on conflict (key)
 * do update ... where locked_at is null`; a worker that locks the job in between (or whose lock
 * add_job waits for) leaves the conflict update with nothing to return. These tests put a
 * worker's lock exactly there: an open transaction that takes the job as graphile-worker's
 * get_job does (attempts + 1, locked_at, locked_by), held until the money transaction is waiting
 * on it, then committed.
 */
let testApp: TestApp;
const configuredMaxAttempts = 7;

beforeAll(async () => {
  testApp = await startTestApp({ JOBS_MAX_ATTEMPTS: String(configuredMaxAttempts), PAYOUT_HOLD_HOURS: '0' });
});
afterAll(async () => {
  await testApp.close();
});

describe('enqueue inside a money transaction while a worker takes the job with the same key', () => {
  /**
   * Takes the pending job with `jobKey` in a transaction of its own and runs `work` while that
   * transaction is open; commits it as soon as another backend waits on it, then returns what
   * `work` answered and the id of the job the "worker" holds.
   */
  async function whileWorkerTakesJob<T>(jobKey: string, work: () => Promise<T>) {
    const worker = await testApp.database.$client.connect();
    try {
      await worker.query('begin');
      const { rows } = await worker.query<{ id: string }>(
        `update graphile_worker._private_jobs
            set attempts = attempts + 1, locked_at = now(), locked_by = 'test-worker'
          where key = $1 and locked_at is null
          returning id::text as id`,
        [jobKey],
      );
      expect(rows).toHaveLength(1);
      const answer = work();
      await untilSomeoneWaitsOn(worker);
      await worker.query('commit');
      return { answer: await answer, heldJobId: rows[0]!.id };
    } catch (error) {
      await worker.query('rollback');
      throw error;
    } finally {
      worker.release();
    }
  }

  /** Polls pg_stat_activity until a backend is blocked by `holder`'s locks (at most 10 s). */
  async function untilSomeoneWaitsOn(holder: pg.PoolClient): Promise<void> {
    const {
      rows: [self],
    } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid');
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await testApp.database.$client.query(
        'select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
        [self!.pid],
      );
      if (rows.length > 0) return;
      if (Date.now() > deadline) throw new Error('no transaction waited on the worker lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The worker finishes the job it held (graphile-worker's complete_job deletes it). */
  async function completeHeldJob(jobId: string): Promise<void> {
    await queryDatabase(testApp, 'delete from graphile_worker._private_jobs where id = $1', [jobId]);
  }

  async function lastSnapshotHistory(party: Party, role: 'BUYER' | 'SELLER') {
    const [row] = await queryDatabase(
      testApp,
      `select history::jsonb as history from risk_snapshots where user_id = $1 and role = $2
        order by created_at desc limit 1`,
      [party.rawId, role],
    );
    return row?.['history'] as Record<string, Record<string, number>> | undefined;
  }

  it('purchaseListing answers with its order, and a recompute that sees the purchase runs after it', async () => {
    // given a buyer whose first purchase left a pending risk recompute
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    await buyer.client.data(purchaseMutation, { input: { listingId, idempotencyKey: 'first' } });

    // when a worker takes that recompute while the second purchase adds its own
    const { answer, heldJobId } = await whileWorkerTakesJob(`risk_recompute:${buyer.rawId}`, () =>
      buyer.client.graphql<{ purchaseListing: { order: { id: string } | null; errors: unknown[] } }>(
        purchaseMutation,
        { input: { listingId, idempotencyKey: 'second' } },
      ),
    );

    // then the purchase succeeded (no INTERNAL_SERVER_ERROR)
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.purchaseListing).toMatchObject({ errors: [], order: { id: expect.any(String) } });
    // and once the held job is done, the queue still holds a recompute that scores both orders
    await completeHeldJob(heldJobId);
    await testApp.services.jobs.runJobsOnce();
    expect(await lastSnapshotHistory(buyer, 'BUYER')).toMatchObject({ asBuyer: { orders: 2 } });
  });

  it('releaseOrder answers with the released order, and the recompute after it sees the release', async () => {
    // given a held order whose purchase left a pending recompute of the buyer
    const admin = await newStaff(testApp, ['ADMIN']);
    const { buyer, orderId } = await heldOrder(testApp);

    // when a worker takes that recompute while the admin's release adds one
    const { answer, heldJobId } = await whileWorkerTakesJob(`risk_recompute:${buyer.rawId}`, () =>
      decide(admin, 'release', orderId),
    );

    // then the release succeeded
    expect(answer).toMatchObject({ errors: [], order: { escrowStatus: 'RELEASED' } });
    await completeHeldJob(heldJobId);
    await testApp.services.jobs.runJobsOnce();
    expect(await lastSnapshotHistory(buyer, 'BUYER')).toMatchObject({ asBuyer: { completedOrders: 1 } });
  });
});

describe('JOBS_MAX_ATTEMPTS', () => {
  it('is the max_attempts of every job of every registered task', async () => {
    // given one flow that enqueues each task: a purchase (auto-release, risk recompute), a risk
    // override with an expiry (its recompute), a dispute response request (its deadline), a
    // seller's withdrawal executed (its execution, its transfer) and, last (the onboarding before
    // it drains the queue), a paid top-up (the Stripe event's processing)
    const support = await newStaff(testApp, ['SUPPORT']);
    const { client: admin } = await createStaff(testApp, ['ADMIN']);
    const order = await disputedOrder(testApp);
    expect((await startReview(support, order.disputeId, 1)).errors).toEqual([]);
    expect((await requestResponse(support, order.disputeId, 2)).errors).toEqual([]);
    const overridden = await admin.data<{ overrideRiskTier: { errors: unknown[] } }>(
      `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
      {
        input: {
          userId: order.buyer.id,
          role: 'BUYER',
          tier: 'NORMAL',
          reason: 'Verified by phone',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    expect(overridden.overrideRiskTier.errors).toEqual([]);
    const buyer = { client: order.buyer.client, userId: order.buyer.id, rawId: order.buyer.rawId };
    // a seller's withdrawal (its execution), executed at once (phase 1 enqueues the transfer)
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    const withdrawal = await testApp.services.withdrawals.requestWithdrawal(seller.rawId, {
      amount: 1_900,
      currency: 'EUR',
      idempotencyKey: 'max-attempts',
    });
    if (!('withdrawal' in withdrawal)) throw new Error(JSON.stringify(withdrawal.errors));
    expect(
      (await testApp.services.withdrawalExecution.executeWithdrawal(withdrawal.withdrawal.id)).outcome,
    ).toBe('INITIATED');

    const topUp = await createTopUp(buyer, { amount: 1_000 });
    await pay(testApp, topUp.clientSecret);
    await emulatorOf(testApp).idle();
    // when the queue is read
    const jobs = await queryDatabase<{ task_identifier: string; max_attempts: number }>(
      testApp,
      'select distinct task_identifier, max_attempts from graphile_worker.jobs order by task_identifier',
    );

    // then every task enqueued by the code has jobs, each carrying the configured max_attempts
    // (scheduled tasks are added by the worker's cron, one attempt per tick)
    const scheduled = new Set(testApp.services.jobs.scheduledTaskNames);
    expect(scheduled.size).toBeGreaterThan(0);
    expect(jobs).toEqual(
      [...testApp.services.jobs.taskNames]
        .filter((task) => !scheduled.has(task))
        .sort()
        .map((task) => ({ task_identifier: task, max_attempts: configuredMaxAttempts })),
    );
  });
});
