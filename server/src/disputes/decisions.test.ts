import crypto from 'node:crypto';
import { escrow, sellerEarnings, wallet } from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { createStaff, queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import {
  decide,
  disputedOrder,
  heldOrder,
  newStaff,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';

describe('refundOrder and releaseOrder', () => {
  let testApp: TestApp;
  let admin: Staff;
  let support: Staff;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = await newStaff(testApp, ['ADMIN']);
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (ref: Parameters<TestApp['services']['ledger']['balance']>[1]) =>
    testApp.services.ledger.balance(testApp.services.database, ref);
  const stripeEvents = () => testApp.services.stripe.emulator!.events().length;

  async function underReview() {
    const order = await disputedOrder(testApp);
    const started = await startReview(support, order.disputeId, 1);
    expect(started.dispute).toMatchObject({ state: 'UNDER_REVIEW', version: 2 });
    return order;
  }

  it('refunds the buyer and, as its side effect, decides the dispute WON and closes it, in one audited transaction', async () => {
    // given a dispute under review
    const { orderId, rawOrderId, rawDisputeId, buyer, price } = await underReview();
    const stripeBefore = stripeEvents();
    // when the admin refunds the order
    const answer = await decide(admin, 'refund', orderId, {
      reason: 'The code was already redeemed.',
      expectedDisputeVersion: 2,
    });
    // then the money is back in the buyer's wallet and out of escrow
    expect(answer.errors).toEqual([]);
    expect(answer.order).toMatchObject({ escrowStatus: 'REFUNDED', payoutEligibleAt: null });
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(price);
    expect(await balance(escrow(rawOrderId, 'EUR'))).toBe(0);
    // and the dispute went UNDER_REVIEW -> WON (the decision) -> CLOSED (the system)
    expect(answer.dispute).toMatchObject({ state: 'CLOSED', outcome: 'WON', version: 4 });
    const events = await queryDatabase(
      testApp,
      `select action, actor_kind, actor_user_id, from_state, to_state from dispute_events where dispute_id = $1 and version > 2 order by version`,
      [rawDisputeId],
    );
    expect(events).toEqual([
      {
        action: 'DECIDE_REFUND',
        actor_kind: 'DECISION',
        actor_user_id: admin.rawId,
        from_state: 'UNDER_REVIEW',
        to_state: 'WON',
      },
      { action: 'CLOSE', actor_kind: 'SYSTEM', actor_user_id: null, from_state: 'WON', to_state: 'CLOSED' },
    ]);
    // and it is audited
    const audit = await queryDatabase(
      testApp,
      `select actor_user_id, action, details from audit_log where subject_id = $1`,
      [rawOrderId],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_user_id: admin.rawId,
        action: 'order.refund',
        details: expect.objectContaining({
          reason: 'The code was already redeemed.',
          disputeId: rawDisputeId,
          disputeOutcome: 'WON',
        }),
      }),
    ]);
    // and Stripe was not called
    expect(stripeEvents()).toBe(stripeBefore);
  });

  it('releases to the seller and marks the order eligible for payout, deciding the dispute LOST', async () => {
    const { orderId, rawOrderId, seller } = await underReview();
    const stripeBefore = stripeEvents();
    const answer = await decide(admin, 'release', orderId);
    expect(answer.order).toMatchObject({ escrowStatus: 'RELEASED' });
    expect(answer.order!.payoutEligibleAt).not.toBeNull();
    expect(answer.dispute).toMatchObject({ state: 'CLOSED', outcome: 'LOST' });
    expect(await balance(sellerEarnings(seller.rawId, 'EUR'))).toBe(1_900);
    expect(await balance(escrow(rawOrderId, 'EUR'))).toBe(0);
    const [order] = await queryDatabase(testApp, `select settled_by from orders where id = $1`, [rawOrderId]);
    expect(order).toEqual({ settled_by: 'ADMIN' });
    expect(stripeEvents()).toBe(stripeBefore);
  });

  it('settles a disputed order once when refund and release race: one wins, the other is refused, the ledger is clean', async () => {
    for (let round = 0; round < 4; round++) {
      // given a dispute under review
      const { orderId, rawDisputeId, buyer, seller, price } = await underReview();
      // when one admin refunds while another releases
      const [refund, release] = await Promise.all([
        decide(admin, 'refund', orderId),
        decide(admin, 'release', orderId),
      ]);
      // then exactly one settled the order
      const winners = [refund, release].filter((answer) => answer.errors.length === 0);
      expect(winners).toHaveLength(1);
      const loser = refund.errors.length > 0 ? refund : release;
      expect(loser.errors.map((error) => error.code)).toEqual([
        refund.errors.length > 0 ? 'ESCROW_ALREADY_RELEASED' : 'ESCROW_ALREADY_REFUNDED',
      ]);
      // and the money and the dispute agree with the winner
      const refunded = refund.errors.length === 0;
      expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(refunded ? price : 0);
      expect(await balance(sellerEarnings(seller.rawId, 'EUR'))).toBe(refunded ? 0 : 1_900);
      const [dispute] = await queryDatabase(testApp, `select state, outcome from disputes where id = $1`, [
        rawDisputeId,
      ]);
      expect(dispute).toEqual({ state: 'CLOSED', outcome: refunded ? 'WON' : 'LOST' });
      const decisions = await queryDatabase(
        testApp,
        `select count(*)::int as count from dispute_events where dispute_id = $1 and actor_kind = 'DECISION'`,
        [rawDisputeId],
      );
      expect(decisions).toEqual([{ count: 1 }]);
    }
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('replays a repeated idempotency key and refuses the key with another order', async () => {
    const { orderId, buyer, price } = await underReview();
    const key = `decision-${crypto.randomUUID()}`;
    const first = await decide(admin, 'refund', orderId, { idempotencyKey: key, reason: 'same' });
    const again = await decide(admin, 'refund', orderId, { idempotencyKey: key, reason: 'same' });
    expect(first).toMatchObject({ replayed: false, errors: [] });
    expect(again).toMatchObject({ replayed: true, errors: [], order: first.order, dispute: first.dispute });
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(price);
    const other = await heldOrder(testApp);
    expect(
      (await decide(admin, 'refund', other.orderId, { idempotencyKey: key, reason: 'same' })).errors.map(
        (error) => error.code,
      ),
    ).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it.each(['refund', 'release'] as const)(
    'names the one %s in every answer to 20 concurrent retries of its key, settles once, and refuses the key on another order',
    async (decision) => {
      // given a dispute under review
      const { orderId, rawOrderId, rawDisputeId, buyer, seller, price } = await underReview();
      const key = `retry-${crypto.randomUUID()}`;
      const input = { idempotencyKey: key, reason: 'Retried', expectedDisputeVersion: 2 };
      // when 20 requests with one key arrive at once
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => decide(admin, decision, orderId, input)),
      );
      // then every answer names the settled order and the decided dispute; none is refused
      const settledAs = decision === 'refund' ? 'REFUNDED' : 'RELEASED';
      for (const answer of answers) {
        expect(answer).toMatchObject({
          errors: [],
          order: { id: orderId, escrowStatus: settledAs },
          dispute: { state: 'CLOSED', outcome: decision === 'refund' ? 'WON' : 'LOST' },
        });
      }
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      // and the money moved once, with one decision and one audit entry
      expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(decision === 'refund' ? price : 0);
      expect(await balance(sellerEarnings(seller.rawId, 'EUR'))).toBe(decision === 'refund' ? 0 : 1_900);
      const decisions = await queryDatabase(
        testApp,
        `select count(*)::int as count from dispute_events where dispute_id = $1 and actor_kind = 'DECISION'`,
        [rawDisputeId],
      );
      expect(decisions).toEqual([{ count: 1 }]);
      const audit = await queryDatabase(
        testApp,
        `select count(*)::int as count from audit_log where subject_id = $1 and action like 'order.%'`,
        [rawOrderId],
      );
      expect(audit).toEqual([{ count: 1 }]);

      // and when the key races again, half on another order: replays and IDEMPOTENCY_KEY_REUSED
      const other = await heldOrder(testApp);
      const mixed = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          decide(admin, decision, index % 2 ? other.orderId : orderId, input),
        ),
      );
      mixed.forEach((answer, index) => {
        if (index % 2) expect(answer.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
        else expect(answer).toMatchObject({ errors: [], replayed: true, order: { id: orderId } });
      });
      const [untouched] = await queryDatabase(testApp, `select escrow_status from orders where id = $1`, [
        other.rawOrderId,
      ]);
      expect(untouched).toEqual({ escrow_status: 'HELD' });
      expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    },
  );

  it("refuses a second admin's decision under another key, with or without the version the first one decided, and replays the first admin's own retry", async () => {
    // given a dispute under review (version 2), which two admins loaded
    const { orderId, rawOrderId, disputeId } = await underReview();
    const other = await newStaff(testApp, ['ADMIN']);
    // when the first refunds it
    const firstKey = crypto.randomUUID();
    const first = await decide(admin, 'refund', orderId, {
      expectedDisputeVersion: 2,
      idempotencyKey: firstKey,
    });
    expect(first).toMatchObject({
      errors: [],
      replayed: false,
      dispute: { state: 'CLOSED', outcome: 'WON' },
    });

    // then the second, deciding on version 2 under their own key, learns the dispute changed
    const second = await decide(other, 'refund', orderId, { expectedDisputeVersion: 2, reason: 'admin two' });
    expect(second.errors.map((error) => error.code)).toEqual(['DISPUTE_STATE_CHANGED']);
    // and so does a release on it
    const release = await decide(other, 'release', orderId, { expectedDisputeVersion: 2 });
    expect(release.errors.map((error) => error.code)).toEqual(['DISPUTE_STATE_CHANGED']);
    // and nothing of theirs was recorded
    const audit = await queryDatabase(
      testApp,
      `select count(*)::int as count from audit_log where subject_id = $1 and action like 'order.%'`,
      [rawOrderId],
    );
    expect(audit).toEqual([{ count: 1 }]);

    // and a refund sent without a version, or on the version it was closed at, is told the order was refunded already
    const unversioned = await decide(other, 'refund', orderId);
    expect(unversioned).toMatchObject({
      order: null,
      replayed: false,
      errors: [{ code: 'ESCROW_ALREADY_REFUNDED', message: expect.stringContaining('another decision') }],
    });
    const current = await decide(other, 'refund', orderId, { expectedDisputeVersion: 4 });
    expect(current.errors.map((error) => error.code)).toEqual(['ESCROW_ALREADY_REFUNDED']);
    // and a release without a version is told it was refunded
    const unversionedRelease = await decide(other, 'release', orderId);
    expect(unversionedRelease.errors.map((error) => error.code)).toEqual(['ESCROW_ALREADY_REFUNDED']);
    // and still only the first decision is audited, the dispute closed as the first admin left it
    expect(
      await queryDatabase(
        testApp,
        `select count(*)::int as count from audit_log where subject_id = $1 and action like 'order.%'`,
        [rawOrderId],
      ),
    ).toEqual([{ count: 1 }]);
    // and the first admin's retry of their own key is still the replay of their refund
    const retried = await decide(admin, 'refund', orderId, {
      expectedDisputeVersion: 2,
      idempotencyKey: firstKey,
    });
    expect(retried).toMatchObject({ errors: [], replayed: true, dispute: { id: disputeId, outcome: 'WON' } });
  });

  it('refuses an admin who sold the order its decision, and support who bought it the review: a colleague handles them', async () => {
    // given an account that is both admin and seller, whose sale the buyer disputed
    const adminSeller = await createStaff(testApp, ['ADMIN', 'SELLER']);
    const adminSellerId = (await adminSeller.client.data<{ me: { id: string } }>('{ me { id } }')).me.id;
    const seller = { client: adminSeller.client, id: adminSellerId, rawId: rawId(adminSellerId) };
    const order = await disputedOrder(testApp, { seller, price: 2_000 });
    expect((await startReview(support, order.disputeId, 1)).errors).toEqual([]);

    // when it decides its own sale, either way, then OWN_ORDER and nothing moves
    for (const decision of ['release', 'refund'] as const) {
      const answer = await decide(seller.client, decision, order.orderId, { expectedDisputeVersion: 2 });
      expect(answer.errors.map((error) => error.code)).toEqual(['OWN_ORDER']);
    }
    const [held] = await queryDatabase(testApp, `select escrow_status from orders where id = $1`, [
      order.rawOrderId,
    ]);
    expect(held).toEqual({ escrow_status: 'HELD' });
    const audit = await queryDatabase(testApp, `select 1 from audit_log where subject_id = $1`, [
      order.rawOrderId,
    ]);
    expect(audit).toHaveLength(0);
    expect(await balance(sellerEarnings(seller.rawId, 'EUR'))).toBe(0);
    // and another admin decides it
    expect((await decide(admin, 'release', order.orderId, { expectedDisputeVersion: 2 })).errors).toEqual([]);

    // given a support agent who also buys, and their own disputed order
    const supportBuyer = await createStaff(testApp, ['SUPPORT', 'BUYER']);
    const supportBuyerId = (await supportBuyer.client.data<{ me: { id: string } }>('{ me { id } }')).me.id;
    const buyer = { client: supportBuyer.client, id: supportBuyerId, rawId: rawId(supportBuyerId) };
    const own = await disputedOrder(testApp, { buyer });
    const agent: Staff = { client: supportBuyer.client, id: supportBuyerId, rawId: buyer.rawId };
    // then they may not review it, nor take it, nor be given it
    expect((await startReview(agent, own.disputeId, 1)).errors.map((error) => error.code)).toEqual([
      'OWN_DISPUTE',
    ]);
    const assigned = await support.client.data<{ assignDispute: { errors: { code: string }[] } }>(
      `mutation ($input: AssignDisputeInput!) { assignDispute(input: $input) { errors { code } } }`,
      { input: { disputeId: own.disputeId, assigneeId: supportBuyerId, expectedVersion: 1 } },
    );
    expect(assigned.assignDispute.errors.map((error) => error.code)).toEqual(['OWN_DISPUTE']);
    // and a dispute's customer buyer is said not to be staff (not to be a party)
    const customers = await disputedOrder(testApp);
    const toBuyer = await support.client.data<{ assignDispute: { errors: { code: string }[] } }>(
      `mutation ($input: AssignDisputeInput!) { assignDispute(input: $input) { errors { code } } }`,
      { input: { disputeId: customers.disputeId, assigneeId: customers.buyer.id, expectedVersion: 1 } },
    );
    expect(toBuyer.assignDispute.errors.map((error) => error.code)).toEqual(['ASSIGNEE_NOT_STAFF']);
    const [untouched] = await queryDatabase(
      testApp,
      `select state, version, assignee_id from disputes where id = $1`,
      [own.rawDisputeId],
    );
    expect(untouched).toEqual({ state: 'OPEN', version: 1, assignee_id: null });
  });

  it('refuses a decision on a stale dispute version and changes nothing', async () => {
    const { orderId, rawOrderId, rawDisputeId } = await underReview();
    const answer = await decide(admin, 'release', orderId, { expectedDisputeVersion: 1 });
    expect(answer.errors.map((error) => error.code)).toEqual(['DISPUTE_STATE_CHANGED']);
    const [order] = await queryDatabase(testApp, `select escrow_status from orders where id = $1`, [
      rawOrderId,
    ]);
    expect(order).toEqual({ escrow_status: 'HELD' });
    const [dispute] = await queryDatabase(testApp, `select state, version from disputes where id = $1`, [
      rawDisputeId,
    ]);
    expect(dispute).toEqual({ state: 'UNDER_REVIEW', version: 2 });
    const audit = await queryDatabase(testApp, `select 1 from audit_log where subject_id = $1`, [rawOrderId]);
    expect(audit).toHaveLength(0);
  });

  it('settles an undisputed held order without touching any dispute', async () => {
    const { orderId, buyer, price } = await heldOrder(testApp);
    const answer = await decide(admin, 'refund', orderId);
    expect(answer).toMatchObject({ errors: [], dispute: null, order: { escrowStatus: 'REFUNDED' } });
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(price);
  });
});
