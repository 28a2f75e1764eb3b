import { verifyLedger, ledgerIsClean } from '../ledger/ledger.service';
import { queryDatabase, startTestApp, startTestAppOnDatabase, type TestApp } from '../../test/harness';
import {
  decide,
  heldOrder,
  newStaff,
  openDispute,
  type HeldOrder,
  type Staff,
} from '../../test/dispute-helpers';
import { AutoReleaseSweep } from './escrow.jobs';

/**
 * Auto-release as a sweep over the orders themselves (escrow.jobs.ts): which orders it releases,
 * when, how often, and against whom it races. Every test makes its own orders due by moving their
 * window's end back in the database, as time would.
 */

let testApp: TestApp;
let admin: Staff;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await newStaff(testApp, ['ADMIN']);
});
afterAll(async () => {
  await testApp.close();
});

const confirmDeliveryMutation = `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { escrowStatus } errors { code } } }`;

/** Moves the orders' window's end to `at` (SQL, default: a minute ago) and returns it per order. */
async function windowEnds(orders: HeldOrder[], at = `now() - interval '1 minute'`): Promise<Date> {
  const rows = await queryDatabase<{ protection_ends_at: Date }>(
    testApp,
    `update orders set protection_ends_at = date_trunc('milliseconds', ${at}) where id = any($1::uuid[])
     returning protection_ends_at`,
    [orders.map((order) => order.rawOrderId)],
  );
  return new Date(rows[0]!.protection_ends_at);
}

async function settlement(order: HeldOrder) {
  const [row] = await queryDatabase(
    testApp,
    `select o.escrow_status, o.settled_by,
            (select count(*)::int from ledger_transactions t where t.order_id = o.id and t.kind = 'RELEASE') as releases,
            (select count(*)::int from ledger_transactions t where t.order_id = o.id and t.kind = 'REFUND') as refunds
       from orders o where o.id = $1`,
    [order.rawOrderId],
  );
  return row!;
}

/** Polls until `condition` holds (at most `timeoutMs`): for the long-running worker, which nobody can await. */
async function until(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the auto-release sweep', () => {
  it('releases the held, undisputed orders whose window has ended, and leaves every other order as it is', async () => {
    // given a held order past its window, one still in it, one confirmed, one refunded, one disputed
    const due = await heldOrder(testApp);
    const inWindow = await heldOrder(testApp);
    const confirmed = await heldOrder(testApp);
    await confirmed.buyer.client.data(confirmDeliveryMutation, { input: { orderId: confirmed.orderId } });
    const refunded = await heldOrder(testApp);
    expect((await decide(admin, 'refund', refunded.orderId)).errors).toEqual([]);
    const disputed = await heldOrder(testApp);
    expect((await openDispute(disputed.buyer, disputed.orderId)).errors).toEqual([]);
    await windowEnds([due, confirmed, refunded, disputed]);

    // when the sweep runs
    await testApp.services.jobs.runJobsOnce();

    // then only the due order is released, by the sweep, once
    expect(await settlement(due)).toEqual({
      escrow_status: 'RELEASED',
      settled_by: 'AUTO_RELEASE',
      releases: 1,
      refunds: 0,
    });
    expect(await settlement(inWindow)).toMatchObject({ escrow_status: 'HELD', releases: 0 });
    expect(await settlement(confirmed)).toEqual({
      escrow_status: 'RELEASED',
      settled_by: 'BUYER_CONFIRMATION',
      releases: 1,
      refunds: 0,
    });
    expect(await settlement(refunded)).toMatchObject({ escrow_status: 'REFUNDED', releases: 0, refunds: 1 });
    expect(await settlement(disputed)).toMatchObject({ escrow_status: 'HELD', releases: 0 });
    // and no purchase left a job for its order
    const [jobs] = await queryDatabase(
      testApp,
      `select count(*)::int as count from graphile_worker._private_jobs where payload ->> 'orderId' = any($1)`,
      [[due, inWindow, confirmed, refunded, disputed].map((order) => order.rawOrderId)],
    );
    expect(jobs).toEqual({ count: 0 });
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  });

  it('never releases before the end of the window: a pass as of a millisecond before leaves the order, a pass as of the end releases it', async () => {
    const order = await heldOrder(testApp);
    const ends = await windowEnds([order], `now() + interval '1 hour'`);
    const sweep = new AutoReleaseSweep(testApp.services.delivery);

    await sweep.pass(undefined, new Date(ends.getTime() - 1));
    expect(await settlement(order)).toMatchObject({ escrow_status: 'HELD', releases: 0 });

    await sweep.pass(undefined, ends);
    expect(await settlement(order)).toMatchObject({ escrow_status: 'RELEASED', releases: 1 });
  });

  it('passes over a disputed order at the front and releases the orders behind it, batch after batch', async () => {
    // given a disputed order whose window ended first, and three due orders after it
    const disputed = await heldOrder(testApp);
    expect((await openDispute(disputed.buyer, disputed.orderId)).errors).toEqual([]);
    await windowEnds([disputed], `now() - interval '2 hours'`);
    const behind = [await heldOrder(testApp), await heldOrder(testApp), await heldOrder(testApp)];
    await windowEnds(behind, `now() - interval '1 hour'`);

    // when sweeps of one order per pass run until the walk ends
    const sweep = new AutoReleaseSweep(testApp.services.delivery, 1);
    let passes = 0;
    for (let outcome = { processed: 0, more: true }; outcome.more; passes++) {
      outcome = await sweep.pass();
    }

    // then every order behind it is released, and the disputed one is still held
    for (const order of behind) expect(await settlement(order)).toMatchObject({ escrow_status: 'RELEASED' });
    expect(await settlement(disputed)).toMatchObject({ escrow_status: 'HELD', releases: 0 });
    expect(passes).toBeGreaterThanOrEqual(4);
  });

  it('releases each order once when two instances sweep at the same time', async () => {
    // given twenty due orders, and a second API instance on the same database
    const orders: HeldOrder[] = [];
    for (let index = 0; index < 20; index++) orders.push(await heldOrder(testApp, { price: 1_000 }));
    await windowEnds(orders);
    const other = await startTestAppOnDatabase(testApp.config.database.url!);
    try {
      // when both sweep at once, until neither has work
      const sweeps = [
        new AutoReleaseSweep(testApp.services.delivery),
        new AutoReleaseSweep(other.services.delivery),
      ];
      let released = 0;
      for (let more = true; more;) {
        const outcomes = await Promise.all(sweeps.map((sweep) => sweep.pass()));
        released += outcomes.reduce((sum, outcome) => sum + outcome.processed, 0);
        more = outcomes.some((outcome) => outcome.more);
      }

      // then the two released twenty orders between them, each once
      expect(released).toBe(20);
      for (const order of orders) {
        expect(await settlement(order)).toEqual({
          escrow_status: 'RELEASED',
          settled_by: 'AUTO_RELEASE',
          releases: 1,
          refunds: 0,
        });
      }
      expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('racing the buyer confirmation, releases the order once, by one or the other', async () => {
    for (let round = 0; round < 5; round++) {
      const order = await heldOrder(testApp);
      await windowEnds([order]);
      const [, confirmed] = await Promise.all([
        new AutoReleaseSweep(testApp.services.delivery).pass(),
        order.buyer.client.data<{ confirmDelivery: { errors: { code: string }[] } }>(
          confirmDeliveryMutation,
          {
            input: { orderId: order.orderId },
          },
        ),
      ]);
      // the buyer's confirmation either released it, or is told the window's end did first
      const codes = confirmed.confirmDelivery.errors.map((error) => error.code);
      expect(await settlement(order)).toMatchObject({
        escrow_status: 'RELEASED',
        settled_by: codes.length === 0 ? 'BUYER_CONFIRMATION' : 'AUTO_RELEASE',
        releases: 1,
        refunds: 0,
      });
      if (codes.length > 0) expect(codes).toEqual(['ESCROW_ALREADY_RELEASED']);
    }
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  });

  it('racing a dispute opened at the end of the window, either releases the order or leaves it disputed, never both', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 5; round++) {
      // given an order whose window ends in a moment
      const order = await heldOrder(testApp);
      const ends = await windowEnds([order], `now() + interval '150 milliseconds'`);
      // when the buyer opens a dispute while a sweep runs as of the window's end
      const [opened] = await Promise.all([
        openDispute(order.buyer, order.orderId),
        new AutoReleaseSweep(testApp.services.delivery).pass(undefined, ends),
      ]);
      // (a sweep that found the order locked by a dispute opening that then failed leaves it to
      // the next pass)
      await new AutoReleaseSweep(testApp.services.delivery).pass(undefined, ends);

      // then the order is disputed and held, or released with the dispute refused
      const settled = await settlement(order);
      if (opened.errors.length === 0) {
        expect(settled).toMatchObject({ escrow_status: 'HELD', releases: 0 });
        outcomes.add('DISPUTED');
      } else {
        expect(opened.errors.map((error) => error.code)).toEqual([
          expect.stringMatching(/^(ORDER_ALREADY_SETTLED|PROTECTION_WINDOW_ENDED)$/),
        ]);
        expect(settled).toMatchObject({ escrow_status: 'RELEASED', releases: 1 });
        outcomes.add('RELEASED');
      }
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });
});

describe('the auto-release sweep in the long-running worker', () => {
  it('releases an order within one interval of its window ending, in an instance that never saw the purchase', async () => {
    // given orders bought through the first instance, and a second one (a restarted process, say)
    // whose worker sweeps every second
    const orders = [await heldOrder(testApp), await heldOrder(testApp)];
    const worker = await startTestAppOnDatabase(testApp.config.database.url!, {
      AUTO_RELEASE_SWEEP_SECONDS: '1',
    });
    try {
      await worker.services.jobs.start();

      // when their windows end
      const ends = await windowEnds(orders, 'clock_timestamp()');

      // then the worker releases them, within the interval (and the time a pass takes on a busy machine)
      await until(async () =>
        (await Promise.all(orders.map(settlement))).every((row) => row['escrow_status'] === 'RELEASED'),
      );
      const released = await queryDatabase<{ released_at: Date }>(
        testApp,
        'select released_at from orders where id = any($1::uuid[])',
        [orders.map((order) => order.rawOrderId)],
      );
      for (const row of released) {
        const after = new Date(row.released_at).getTime() - ends.getTime();
        expect(after).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThan(1_000 + 4_000);
      }
    } finally {
      await worker.close();
    }
  });
});
