import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { orders } from '../checkout/checkout.tables';
import { purchaseEffects } from '../checkout/purchase-guards';
import { createDatabase } from '../db/pool';
import { withTransaction } from '../db/transaction';
import { collectPartyHistory } from '../disputes/party-history';
import { queryDatabase, startTestApp, startTestAppOnDatabase, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from '../../test/marketplace';
import { heldOrder } from '../../test/dispute-helpers';
import { enqueueRiskRecompute } from './risk.jobs';
import { RiskService } from './risk.service';

/**
 * Risk recomputes as requests (risk_recompute_requests), not jobs: one row per user however many
 * facts, one recompute per drain from the history as it then is, no request lost to a recompute
 * that was already running, and one statement in the purchase.
 */

let testApp: TestApp;
const maxAttempts = () => testApp.config.jobs.maxAttempts;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

async function requestsOf(party: Party) {
  return queryDatabase(testApp, `select reason, version from risk_recompute_requests where user_id = $1`, [
    party.rawId,
  ]);
}

async function snapshotsOf(party: Party) {
  return queryDatabase(
    testApp,
    `select reason, history::jsonb as history from risk_snapshots where user_id = $1 and role = 'BUYER'
      order by created_at`,
    [party.rawId],
  );
}

async function count(table: string): Promise<number> {
  const [row] = await queryDatabase(testApp, `select count(*)::int as count from ${table}`);
  return row!['count'] as number;
}

describe('enqueueRiskRecompute', () => {
  it('coalesces many purchases by one buyer into one request, scored once from the history with every order, and adds no job', async () => {
    // given a funded buyer and a listing with eight codes
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 8_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 8 });
    const jobsBefore = await count('graphile_worker.jobs');

    // when the buyer makes eight purchases, four at a time
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(Array.from({ length: 4 }, () => purchase(buyer, listingId)));
      expect(answers.map((answer) => answer.errors)).toEqual([[], [], [], []]);
    }

    // then the buyer has one request, asked for eight times, and the queue has no job more
    expect(await requestsOf(buyer)).toEqual([{ reason: 'ORDER_PLACED', version: 8 }]);
    expect(await count('graphile_worker.jobs')).toBe(jobsBefore);

    // when the drain runs
    await testApp.services.jobs.runJobsOnce();

    // then the buyer was scored once, from the history with all eight orders, and the request is gone
    expect(await snapshotsOf(buyer)).toEqual([
      {
        reason: 'ORDER_PLACED',
        history: expect.objectContaining({ asBuyer: expect.objectContaining({ orders: 8 }) }),
      },
    ]);
    expect(await requestsOf(buyer)).toEqual([]);
  });

  it('is one statement in the purchase transaction (purchaseEffects)', async () => {
    // given an order, and a connection that counts what it sends
    const held = await heldOrder(testApp);
    const [order] = await testApp.database.select().from(orders).where(eq(orders.id, held.rawOrderId));
    const database = createDatabase({
      url: testApp.config.database.url!,
      max: 1,
      statementTimeoutMs: 30_000,
    });
    let counting = false;
    let statements = 0;
    const counted = new WeakSet<pg.PoolClient>();
    database.$client.on('acquire', (client) => {
      if (counted.has(client)) return;
      counted.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (counting) statements++;
        return query(...args);
      };
    });
    try {
      const effects = purchaseEffects();
      // when the purchase's effects run in a transaction
      await withTransaction(database, async (tx) => {
        counting = true;
        await effects(tx, { orderId: order!.id, buyerId: order!.buyerId });
        counting = false;
      });
      // then they sent one statement
      expect(statements).toBe(1);
    } finally {
      await database.$client.end();
    }
  });
});

describe('RiskService.drainRecomputeRequests', () => {
  it('keeps a request that arrives while its recompute runs, and serves it in the next pass', async () => {
    // given a buyer with a waiting request, and a drain whose history read lets another request commit
    const buyer = await newBuyer(testApp);
    await withTransaction(testApp.database, (tx) => enqueueRiskRecompute(tx, buyer.rawId, 'ORDER_PLACED'));
    let interrupted = false;
    const drain = new RiskService(
      testApp.database,
      testApp.config.risk,
      async (executor, userId, now) => {
        if (!interrupted) {
          interrupted = true;
          await withTransaction(testApp.database, (tx) => enqueueRiskRecompute(tx, userId, 'MANUAL'));
        }
        return collectPartyHistory(executor, userId, now);
      },
      testApp.services.auth,
    );

    // when the drain serves the buyer
    expect(await drain.recomputeRequested(buyer.rawId, maxAttempts())).toBe('RECOMPUTED');

    // then the recompute recorded the reason it read, and the later request is still waiting
    expect((await snapshotsOf(buyer)).map((snapshot) => snapshot.reason)).toEqual(['ORDER_PLACED']);
    expect(await requestsOf(buyer)).toEqual([{ reason: 'MANUAL', version: 2 }]);

    // and the next pass serves it, with the last reason given
    expect(await drain.recomputeRequested(buyer.rawId, maxAttempts())).toBe('RECOMPUTED');
    expect((await snapshotsOf(buyer)).map((snapshot) => snapshot.reason)).toEqual(['ORDER_PLACED', 'MANUAL']);
    expect(await requestsOf(buyer)).toEqual([]);
  });

  it('serves each request once when two instances drain at the same time', async () => {
    // given twenty buyers with a request each (and no other waiting), and a second API instance
    await testApp.services.jobs.runJobsOnce();
    const buyers = await Promise.all(Array.from({ length: 20 }, () => newBuyer(testApp)));
    await withTransaction(testApp.database, (tx) =>
      enqueueRiskRecompute(
        tx,
        buyers.map((buyer) => buyer.rawId),
        'MANUAL',
      ),
    );
    const other = await startTestAppOnDatabase(testApp.config.database.url!);
    try {
      // when both drain at once
      const outcomes = await Promise.all(
        [testApp, other].map((instance) =>
          instance.services.risk.drainRecomputeRequests({ maxAttempts: maxAttempts() }),
        ),
      );

      // then each buyer was scored once, and no request is left
      expect(outcomes.reduce((sum, outcome) => sum + outcome.processed, 0)).toBe(20);
      for (const buyer of buyers) expect(await snapshotsOf(buyer)).toHaveLength(1);
      expect(await count('risk_recompute_requests')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('scores a user within one interval of the fact, in the long-running worker', async () => {
    // given a worker that drains every second
    const buyer = await newBuyer(testApp);
    const worker = await startTestAppOnDatabase(testApp.config.database.url!, {
      RISK_RECOMPUTE_SWEEP_SECONDS: '1',
    });
    try {
      await worker.services.jobs.start();

      // when a fact of the buyer's commits
      const asked = Date.now();
      await withTransaction(testApp.database, (tx) => enqueueRiskRecompute(tx, buyer.rawId, 'MANUAL'));

      // then the buyer is scored within the interval (and the time a pass takes on a busy machine)
      const deadline = asked + 15_000;
      while ((await snapshotsOf(buyer)).length === 0) {
        if (Date.now() > deadline) throw new Error('the buyer was not scored in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [scored] = await queryDatabase(
        testApp,
        `select created_at from risk_snapshots where user_id = $1 order by created_at limit 1`,
        [buyer.rawId],
      );
      expect(new Date(scored!['created_at']).getTime() - asked).toBeLessThan(1_000 + 4_000);
    } finally {
      await worker.close();
    }
  });
});
