import type pg from 'pg';
import {
  banThroughApi,
  createStaff,
  queryDatabase,
  signUp,
  startTestApp,
  type TestApp,
} from '../../test/harness';
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
 * A money transaction asks for a risk recompute of its parties (a row of risk_recompute_requests,
 * upserted at its end). These tests put the drain exactly where it serves the same user's request:
 * its transaction has read and deleted the request and not yet committed, held until the money
 * transaction is waiting on it, then committed. The money transaction must succeed, and a
 * recompute that sees it must still be asked for. (The job queue's own race, a keyed job taken by
 * a worker while add_job runs, is in queue.test.ts.)
 */
let testApp: TestApp;
const configuredMaxAttempts = 7;

beforeAll(async () => {
  testApp = await startTestApp({ JOBS_MAX_ATTEMPTS: String(configuredMaxAttempts), PAYOUT_HOLD_HOURS: '0' });
});
afterAll(async () => {
  await testApp.close();
});

describe("a risk recompute asked for inside a money transaction while the drain serves the same user's request", () => {
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

  /**
   * Risk recomputes are requests, not jobs (risk_recompute_requests): this holds a drain exactly
   * where its transaction ends, having served `userId`'s request (the user's risk lock taken, the
   * request read and deleted, not yet committed), runs `work` meanwhile, and commits as soon as
   * another backend waits on it.
   */
  async function whileDrainServesRequest<T>(userId: string, work: () => Promise<T>) {
    const drain = await testApp.database.$client.connect();
    try {
      await drain.query('begin');
      await drain.query(`select pg_try_advisory_xact_lock(hashtextextended($1, 0))`, [`risk:${userId}`]);
      const { rows } = await drain.query(
        'delete from risk_recompute_requests where user_id = $1 returning version',
        [userId],
      );
      expect(rows).toHaveLength(1);
      const answer = work();
      await untilSomeoneWaitsOn(drain);
      await drain.query('commit');
      return { answer: await answer };
    } catch (error) {
      await drain.query('rollback');
      throw error;
    } finally {
      drain.release();
    }
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

    // when a drain serves that recompute while the second purchase adds its own
    const { answer } = await whileDrainServesRequest(buyer.rawId, () =>
      buyer.client.graphql<{ purchaseListing: { order: { id: string } | null; errors: unknown[] } }>(
        purchaseMutation,
        { input: { listingId, idempotencyKey: 'second' } },
      ),
    );

    // then the purchase succeeded (no INTERNAL_SERVER_ERROR)
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.purchaseListing).toMatchObject({ errors: [], order: { id: expect.any(String) } });
    // and once that drain is done, a recompute that scores both orders is still asked for
    await testApp.services.jobs.runJobsOnce();
    expect(await lastSnapshotHistory(buyer, 'BUYER')).toMatchObject({ asBuyer: { orders: 2 } });
  });

  it('releaseOrder answers with the released order, and the recompute after it sees the release', async () => {
    // given a held order whose purchase left a pending recompute of the buyer
    const admin = await newStaff(testApp, ['ADMIN']);
    const { buyer, orderId } = await heldOrder(testApp);

    // when a drain serves that recompute while the admin's release adds one
    const { answer } = await whileDrainServesRequest(buyer.rawId, () => decide(admin, 'release', orderId));

    // then the release succeeded
    expect(answer).toMatchObject({ errors: [], order: { escrowStatus: 'RELEASED' } });
    await testApp.services.jobs.runJobsOnce();
    expect(await lastSnapshotHistory(buyer, 'BUYER')).toMatchObject({ asBuyer: { completedOrders: 1 } });
  });
});

describe('JOBS_MAX_ATTEMPTS', () => {
  it('is the max_attempts of every job of every registered task', async () => {
    // given one flow that enqueues each task: a purchase (no job: its risk recompute is a request,
    // its auto-release a sweep), a risk override with an expiry (its recompute), a dispute response
    // request (its deadline), a
    // seller's withdrawal executed (its execution, its transfer) and, last (the onboarding before
    // it drains the queue), a paid top-up (the Stripe event's processing), and a ban (the
    // cancellation of the banned account's unpaid top-ups)
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
    const banned = await signUp(testApp.baseUrl);
    await banThroughApi(admin, banned.userId, 'BUYER');
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
