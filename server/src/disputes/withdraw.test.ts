import { escrow } from '../domain/posting-rules';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { queryDatabase, startTestApp, type TestApp, type TestClient } from '../../test/harness';
import { newBuyer } from '../../test/marketplace';
import {
  decide,
  disputedOrder,
  newStaff,
  openDispute,
  postMessageMutation,
  requestResponse,
  startReview,
  type DisputePayloadView,
  withdrawMutation,
  type Staff,
} from '../../test/dispute-helpers';

/**
 * withdrawDispute: the buyer takes an open dispute back. It closes with the outcome WITHDRAWN, no
 * money moves, and the order is held as before the dispute: the buyer confirms, or the
 * auto-release sweep releases it once its protection has ended.
 */
const confirmDeliveryMutation = `mutation ($input: OrderInput!) {
  confirmDelivery(input: $input) { order { escrowStatus } errors { code message } }
}`;

async function withdraw(
  client: TestClient,
  disputeId: string,
  expectedVersion: number,
  message?: string,
): Promise<DisputePayloadView> {
  const data = await client.data<{ withdrawDispute: DisputePayloadView }>(withdrawMutation, {
    input: { disputeId, expectedVersion, message },
  });
  return data.withdrawDispute;
}

describe('withdrawDispute', () => {
  let testApp: TestApp;
  let support: Staff;
  let admin: Staff;

  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
    admin = await newStaff(testApp, ['ADMIN']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const escrowBalance = (rawOrderId: string) =>
    testApp.services.ledger.balance(testApp.services.database, escrow(rawOrderId, 'EUR'));

  /** What a refusal must leave as it was: the dispute, its events and messages, the order, the ledger. */
  async function footprint(rawDisputeId: string) {
    const [row] = await queryDatabase(
      testApp,
      `select d.state, d.version, d.outcome, o.escrow_status,
              (select count(*)::int from dispute_events e where e.dispute_id = d.id) as events,
              (select count(*)::int from dispute_messages m where m.dispute_id = d.id) as messages,
              (select count(*)::int from ledger_transactions) as postings
         from disputes d join orders o on o.id = d.order_id where d.id = $1`,
      [rawDisputeId],
    );
    if (!row) throw new Error(`no dispute ${rawDisputeId}`);
    return row;
  }

  it.each([
    ['OPEN', 0],
    ['UNDER_REVIEW', 1],
    ['NEEDS_RESPONSE', 2],
  ] as const)(
    'closes a dispute %s as WITHDRAWN, moves no money, and leaves the order for the buyer to confirm',
    async (state, steps) => {
      // given a dispute in the state
      const disputed = await disputedOrder(testApp);
      let version = 1;
      if (steps >= 1) version = (await startReview(support, disputed.disputeId, version)).dispute!.version;
      if (steps >= 2)
        version = (await requestResponse(support, disputed.disputeId, version, { party: 'BUYER' })).dispute!
          .version;
      const before = await footprint(disputed.rawDisputeId);
      expect(before).toMatchObject({ state, version });

      // when the buyer withdraws it, saying why
      const answer = await withdraw(
        disputed.buyer.client,
        disputed.disputeId,
        version,
        'It works now, sorry.',
      );

      // then it is closed as withdrawn, in one recorded step by the buyer
      expect(answer.errors).toEqual([]);
      expect(answer.dispute).toMatchObject({
        state: 'CLOSED',
        outcome: 'WITHDRAWN',
        version: version + 1,
        requestedParty: null,
        responseDueAt: null,
      });
      expect(answer.dispute!.closedAt).not.toBeNull();
      const events = await queryDatabase(
        testApp,
        `select action, actor_kind, actor_user_id, from_state, to_state from dispute_events
          where dispute_id = $1 and version = $2`,
        [disputed.rawDisputeId, version + 1],
      );
      expect(events).toEqual([
        {
          action: 'WITHDRAW',
          actor_kind: 'BUYER',
          actor_user_id: disputed.buyer.rawId,
          from_state: state,
          to_state: 'CLOSED',
        },
      ]);
      // and the buyer's reason is their last message
      const [last] = await queryDatabase(
        testApp,
        `select author_kind, body from dispute_messages where dispute_id = $1 order by created_at desc, id desc limit 1`,
        [disputed.rawDisputeId],
      );
      expect(last).toEqual({ author_kind: 'BUYER', body: 'It works now, sorry.' });
      // and no money moved: the price is still in escrow, the order held
      const after = await footprint(disputed.rawDisputeId);
      expect(after).toMatchObject({ escrow_status: 'HELD', postings: before.postings });
      expect(await escrowBalance(disputed.rawOrderId)).toBe(disputed.price);

      // and the buyer may now confirm the delivery, which the open dispute blocked
      const confirmed = await disputed.buyer.client.data<{
        confirmDelivery: { order: { escrowStatus: string } | null; errors: unknown[] };
      }>(confirmDeliveryMutation, { input: { orderId: disputed.orderId } });
      expect(confirmed.confirmDelivery).toEqual({ order: { escrowStatus: 'RELEASED' }, errors: [] });
      expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
    },
  );

  it('leaves a withdrawn dispute’s order to the auto-release sweep once its protection has ended', async () => {
    const disputed = await disputedOrder(testApp);
    expect((await withdraw(disputed.buyer.client, disputed.disputeId, 1)).errors).toEqual([]);
    await queryDatabase(
      testApp,
      `update orders set protection_ends_at = now() - interval '1 minute' where id = $1`,
      [disputed.rawOrderId],
    );

    await testApp.services.jobs.runJobsOnce();

    const [order] = await queryDatabase(
      testApp,
      `select escrow_status, settled_by from orders where id = $1`,
      [disputed.rawOrderId],
    );
    expect(order).toEqual({ escrow_status: 'RELEASED', settled_by: 'AUTO_RELEASE' });
  });

  it('turns the pending response deadline into a no-op', async () => {
    const disputed = await disputedOrder(testApp);
    await startReview(support, disputed.disputeId, 1);
    const asked = await requestResponse(support, disputed.disputeId, 2, { party: 'SELLER' });
    expect(asked.dispute!.state).toBe('NEEDS_RESPONSE');
    expect((await withdraw(disputed.buyer.client, disputed.disputeId, 3)).errors).toEqual([]);

    expect(await testApp.services.disputes.expireResponse(disputed.rawDisputeId, 3)).toBe('SKIPPED');
    expect(await footprint(disputed.rawDisputeId)).toMatchObject({ state: 'CLOSED', outcome: 'WITHDRAWN' });
  });

  it('refuses everyone but the buyer, a stale version, a closed dispute and a bad message, changing nothing', async () => {
    const disputed = await disputedOrder(testApp);
    const stranger = await newBuyer(testApp);
    const before = await footprint(disputed.rawDisputeId);
    const refusals = [
      [await withdraw(disputed.seller.client, disputed.disputeId, 1), 'TRANSITION_NOT_ALLOWED'],
      [await withdraw(stranger.client, disputed.disputeId, 1), 'DISPUTE_NOT_FOUND'],
      [await withdraw(disputed.buyer.client, disputed.disputeId, 7), 'DISPUTE_STATE_CHANGED'],
      [await withdraw(disputed.buyer.client, disputed.disputeId, 1, ' \u202e '), 'INVALID_MESSAGE'],
      [await withdraw(disputed.buyer.client, 'RGlzcHV0ZTpub3BlCg==', 1), 'DISPUTE_NOT_FOUND'],
    ] as const;
    for (const [answer, code] of refusals) {
      expect(answer.dispute).toBeNull();
      expect(answer.errors.map((error) => error.code)).toEqual([code]);
    }
    expect(await footprint(disputed.rawDisputeId)).toEqual(before);

    // a withdrawn dispute, and a decided one, are closed
    expect((await withdraw(disputed.buyer.client, disputed.disputeId, 1)).errors).toEqual([]);
    const again = await withdraw(disputed.buyer.client, disputed.disputeId, 2);
    expect(again.errors).toEqual([
      { code: 'DISPUTE_CLOSED', message: 'You already withdrew this dispute.', field: 'disputeId' },
    ]);
    const decided = await disputedOrder(testApp);
    await startReview(support, decided.disputeId, 1);
    expect((await decide(admin, 'release', decided.orderId)).errors).toEqual([]);
    expect(
      (await withdraw(decided.buyer.client, decided.disputeId, 4)).errors.map((error) => error.code),
    ).toEqual(['DISPUTE_CLOSED']);
  });

  it('closes the conversation and refuses to open the order’s dispute again', async () => {
    const disputed = await disputedOrder(testApp);
    expect((await withdraw(disputed.buyer.client, disputed.disputeId, 1)).errors).toEqual([]);

    const posted = await disputed.seller.client.data<{
      postDisputeMessage: { errors: { code: string; message: string }[] };
    }>(postMessageMutation, {
      input: { disputeId: disputed.disputeId, message: 'Thanks.', attachments: [] },
    });
    expect(posted.postDisputeMessage.errors).toEqual([
      expect.objectContaining({ code: 'DISPUTE_CLOSED', message: expect.stringContaining('withdrew') }),
    ]);

    const reopened = await openDispute(disputed.buyer, disputed.orderId);
    expect(reopened.dispute).toBeNull();
    expect(reopened.errors.map((error) => error.code)).toEqual(['DISPUTE_WITHDRAWN']);
    const counted = await queryDatabase<{ count: number }>(
      testApp,
      `select count(*)::int as count from disputes where order_id = $1`,
      [disputed.rawOrderId],
    );
    expect(counted).toEqual([{ count: 1 }]);
  });

  it('lets exactly one of a withdrawal and an admin’s decision at the same moment win', async () => {
    for (let round = 0; round < 4; round++) {
      const disputed = await disputedOrder(testApp);
      await startReview(support, disputed.disputeId, 1);
      const [withdrawn, decided] = await Promise.all([
        withdraw(disputed.buyer.client, disputed.disputeId, 2),
        decide(admin, round % 2 === 0 ? 'refund' : 'release', disputed.orderId, {
          expectedDisputeVersion: 2,
        }),
      ]);
      const winners = [withdrawn.errors.length === 0, decided.errors.length === 0].filter(Boolean);
      expect(winners).toHaveLength(1);
      const [row] = await queryDatabase(
        testApp,
        `select d.outcome, o.escrow_status from disputes d join orders o on o.id = d.order_id where d.id = $1`,
        [disputed.rawDisputeId],
      );
      if (withdrawn.errors.length === 0) {
        expect(decided.errors.map((error) => error.code)).toEqual(['DISPUTE_STATE_CHANGED']);
        expect(row).toEqual({ outcome: 'WITHDRAWN', escrow_status: 'HELD' });
      } else {
        expect(withdrawn.errors.map((error) => error.code)).toEqual(['DISPUTE_CLOSED']);
        expect(row!.outcome).toBe(round % 2 === 0 ? 'WON' : 'LOST');
      }
    }
    expect(ledgerIsClean(await verifyLedger(testApp.database))).toBe(true);
  });

  it('is guarded by the database: an open dispute closes only as a withdrawal, and an outcome never changes', async () => {
    const open = await disputedOrder(testApp);
    await expect(
      queryDatabase(
        testApp,
        `update disputes set state = 'CLOSED', outcome = 'WON', decided_at = now(), closed_at = now(), version = version + 1
          where id = $1`,
        [open.rawDisputeId],
      ),
    ).rejects.toThrow(/closes from OPEN only as a withdrawal/);

    // a decision's WON, changed on the way to CLOSED, in one transaction as a decision runs
    const reviewed = await disputedOrder(testApp);
    await startReview(support, reviewed.disputeId, 1);
    await expect(
      queryDatabase(
        testApp,
        `do $$ begin
           update disputes set state = 'WON', outcome = 'WON', decided_at = now(), version = version + 1
            where id = '${reviewed.rawDisputeId}';
           update disputes set state = 'CLOSED', outcome = 'WITHDRAWN', closed_at = now(), version = version + 1
            where id = '${reviewed.rawDisputeId}';
         end $$`,
      ),
    ).rejects.toThrow(/outcome WON is final/);
    expect(await footprint(reviewed.rawDisputeId)).toMatchObject({ state: 'UNDER_REVIEW', outcome: null });
  });
});
