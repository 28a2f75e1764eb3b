import type { Client } from 'graphql-ws';
import { withTransaction } from '../db/transaction';
import { toGlobalId } from '../graphql/relay';
import {
  firstWebsocketResult,
  queryDatabase,
  rawId,
  startTestApp,
  subscribe,
  type SubscriptionResult,
  type TestApp,
} from '../../test/harness';
import { newStaff, type Staff } from '../../test/dispute-helpers';
import type { Party } from '../../test/marketplace';
import { runPayoutJobs } from '../../test/payout-helpers';
import {
  earnings,
  myPayouts,
  redrivePayoutMutation,
  requestWithdrawal,
  enabledSeller,
  releasedEligibleOrders,
} from '../../test/payout-graphql-helpers';
import { emulatorOf } from '../../test/wallet-helpers';
import { payoutUpdatedTopic, type PayoutChangePayload } from './payout-events';

const changeFields = 'kind payoutId withdrawalId state amount { amount currency } failureCode cursor';
const updatedQuery = (after?: string) =>
  `subscription { payoutUpdated${after ? `(after: "${after}")` : ''} { ${changeFields} payout { id state } withdrawal { id state } } }`;
const feedQuery = (argumentList = '') =>
  `subscription { payoutFeed${argumentList} { ${changeFields} seller { id } payout { id state } } }`;

interface ChangeView {
  kind: string;
  payoutId: string | null;
  withdrawalId: string | null;
  state: string;
  cursor: string;
  seller?: { id: string };
  payout?: { id: string; state: string } | null;
  withdrawal?: { id: string; state: string } | null;
}

/** The change a subscription result carries (failing on an error). */
function changeOf(result: SubscriptionResult, field: 'payoutUpdated' | 'payoutFeed'): ChangeView {
  expect(result.errors).toBeUndefined();
  return result.data![field] as ChangeView;
}

/** kind and ids, to compare sequences of changes. */
function brief(change: ChangeView): [string, string | null, string | null] {
  return [change.kind, change.withdrawalId, change.payoutId];
}

describe('payoutUpdated and payoutFeed', () => {
  let testApp: TestApp;
  let admin: Staff;
  /** While set, every payout's phase 3 fails just before its transaction commits. */
  let failPhase3 = false;
  const sockets: Client[] = [];

  beforeAll(async () => {
    testApp = await startTestApp(
      { PAYOUT_HOLD_HOURS: '0', PAYOUT_MIN_WITHDRAWAL_AMOUNT: '1000' },
      {
        services: {
          payouts: {
            onPhase: (point) => {
              if (point === 'PHASE_3_BEFORE_COMMIT' && failPhase3) {
                throw new Error('phase 3 aborted by the test');
              }
            },
          },
        },
      },
    );
    admin = await newStaff(testApp, ['ADMIN']);
  });
  beforeEach(async () => {
    // Every test starts with no work left from the one before (a withdrawal left REQUESTED), and
    // with every event published so far delivered, so a subscriber sees only this test's.
    await runPayoutJobs(testApp);
    await testApp.services.pubsub.flush();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  function socketOf(client: { websocket(): Client }): Client {
    const socket = client.websocket();
    sockets.push(socket);
    return socket;
  }

  /** An enabled seller with one eligible order, and that order's net amount (a whole withdrawal). */
  async function sellerWithAnOrder(): Promise<{ seller: Party; amount: number }> {
    const seller = await enabledSeller(testApp);
    await releasedEligibleOrders(testApp, seller, 1, 2_000);
    return { seller, amount: (await earnings(seller))!.available };
  }

  /** Requests a withdrawal of `amount` and lets the jobs pay it; the withdrawal's and the payout's global ids. */
  async function withdrawAndPay(
    seller: Party,
    amount: number,
  ): Promise<{ withdrawalId: string; payoutId: string }> {
    const answer = await requestWithdrawal(seller, { amount });
    expect(answer.errors).toEqual([]);
    await runPayoutJobs(testApp);
    const payout = (await myPayouts(seller)).find((row) => row.withdrawal?.id === answer.withdrawal!.id);
    return { withdrawalId: answer.withdrawal!.id, payoutId: payout!.id };
  }

  it("brings each seller their own changes only, never another seller's, and admins every transition", async () => {
    // given sellers A and B with an eligible order each, everything before subscribing delivered
    const a = await sellerWithAnOrder();
    const b = await sellerWithAnOrder();
    await testApp.services.pubsub.flush();
    // and subscribers: A and B on payoutUpdated, an admin on the whole feed and on B's alone
    const aUpdates = await subscribe(socketOf(a.seller.client), updatedQuery());
    const bUpdates = await subscribe(socketOf(b.seller.client), updatedQuery());
    const adminSocket = socketOf(admin.client);
    const feed = await subscribe(adminSocket, feedQuery());
    const bFeed = await subscribe(adminSocket, feedQuery(`(filter: { sellerId: "${b.seller.id}" })`));

    // when B withdraws and is paid, then A
    const bPaid = await withdrawAndPay(b.seller, b.amount);
    const aPaid = await withdrawAndPay(a.seller, a.amount);

    // then each seller receives their own three transitions, with the payout as it is now
    const transitions = (paid: { withdrawalId: string; payoutId: string }) => [
      ['WITHDRAWAL_REQUESTED', paid.withdrawalId, null],
      ['PAYOUT_INITIATED', paid.withdrawalId, paid.payoutId],
      ['PAYOUT_PAID', paid.withdrawalId, paid.payoutId],
    ];
    const received = async (
      subscription: typeof aUpdates,
      field: 'payoutUpdated' | 'payoutFeed',
      count: number,
    ) => {
      const changes: ChangeView[] = [];
      for (let index = 0; index < count; index++) changes.push(changeOf(await subscription.next(), field));
      return changes;
    };
    const aChanges = await received(aUpdates, 'payoutUpdated', 3);
    expect(aChanges.map(brief)).toEqual(transitions(aPaid));
    expect(aChanges[2]).toMatchObject({
      state: 'PAID',
      payout: { id: aPaid.payoutId, state: 'PAID' },
      withdrawal: { id: aPaid.withdrawalId, state: 'COMPLETED' },
    });
    expect((await received(bUpdates, 'payoutUpdated', 3)).map(brief)).toEqual(transitions(bPaid));
    // and the admin receives all six in commit order, each naming its seller; the filtered feed B's only
    const feedChanges = await received(feed, 'payoutFeed', 6);
    expect(feedChanges.map(brief)).toEqual([...transitions(bPaid), ...transitions(aPaid)]);
    expect(feedChanges.map((change) => change.seller!.id)).toEqual([
      ...Array(3).fill(b.seller.id),
      ...Array(3).fill(a.seller.id),
    ]);
    expect((await received(bFeed, 'payoutFeed', 3)).map(brief)).toEqual(transitions(bPaid));

    // and when B changes something once more, that reaches B next: nothing of A's came before it
    await releasedEligibleOrders(testApp, b.seller, 1, 2_000);
    const next = await requestWithdrawal(b.seller, { amount: b.amount });
    expect(changeOf(await bUpdates.next(), 'payoutUpdated')).toMatchObject({
      kind: 'WITHDRAWAL_REQUESTED',
      withdrawalId: next.withdrawal!.id,
    });
    expect(bUpdates.results).toHaveLength(4);
  });

  it('cannot be pointed at another seller: payoutUpdated takes no seller, and an event about another seller is withheld', async () => {
    const a = await sellerWithAnOrder();
    const b = await sellerWithAnOrder();
    await testApp.services.pubsub.flush();
    const aSocket = socketOf(a.seller.client);

    // then naming a seller is not even a valid document
    const named = await firstWebsocketResult(
      aSocket,
      `subscription { payoutUpdated(sellerId: "${b.seller.id}") { kind } }`,
    );
    expect(named.errors?.[0]?.message).toMatch(/Unknown argument "sellerId"/);

    // and an event about B that reached A's scope (a publishing bug) is withheld from A
    const aUpdates = await subscribe(aSocket, updatedQuery());
    const aboutB: PayoutChangePayload = {
      kind: 'PAYOUT_PAID',
      sellerId: b.seller.rawId,
      payoutId: crypto.randomUUID(),
      withdrawalId: null,
      state: 'PAID',
      amount: 1,
      currency: 'EUR',
      failureCode: null,
      occurredAt: new Date().toISOString(),
    };
    await withTransaction(testApp.database, (tx) =>
      testApp.services.pubsub.publish(tx, payoutUpdatedTopic, aboutB, a.seller.rawId),
    );
    // while A's own next change reaches A, first
    const own = await requestWithdrawal(a.seller, { amount: a.amount });
    expect(changeOf(await aUpdates.next(), 'payoutUpdated')).toMatchObject({
      kind: 'WITHDRAWAL_REQUESTED',
      withdrawalId: own.withdrawal!.id,
    });
    expect(aUpdates.results).toHaveLength(1);
  });

  it('replays what a seller and an admin missed when they resume with `after`, the seller only their own', async () => {
    // given seller A watched their withdrawal being requested, and kept its cursor
    const a = await sellerWithAnOrder();
    const b = await sellerWithAnOrder();
    await testApp.services.pubsub.flush();
    const aSocket = socketOf(a.seller.client);
    const watching = await subscribe(aSocket, updatedQuery());
    const requested = await requestWithdrawal(a.seller, { amount: a.amount });
    const seen = changeOf(await watching.next(), 'payoutUpdated');
    expect(seen).toMatchObject({ kind: 'WITHDRAWAL_REQUESTED', withdrawalId: requested.withdrawal!.id });
    watching.unsubscribe();

    // when, unwatched, A is paid and B withdraws and is paid
    await runPayoutJobs(testApp);
    const bPaid = await withdrawAndPay(b.seller, b.amount);
    const [aPayout] = await myPayouts(a.seller);

    // then A, resuming from that cursor, receives their two missed transitions and nothing of B's
    const resumed = await subscribe(aSocket, updatedQuery(seen.cursor));
    const missed = [
      changeOf(await resumed.next(), 'payoutUpdated'),
      changeOf(await resumed.next(), 'payoutUpdated'),
    ];
    expect(missed.map(brief)).toEqual([
      ['PAYOUT_INITIATED', requested.withdrawal!.id, aPayout!.id],
      ['PAYOUT_PAID', requested.withdrawal!.id, aPayout!.id],
    ]);
    // and an admin resuming the feed from the same cursor receives all five in commit order
    const feed = await subscribe(socketOf(admin.client), feedQuery(`(after: "${seen.cursor}")`));
    const feedMissed: ChangeView[] = [];
    for (let index = 0; index < 5; index++) feedMissed.push(changeOf(await feed.next(), 'payoutFeed'));
    expect(feedMissed.map(brief)).toEqual([
      ['PAYOUT_INITIATED', requested.withdrawal!.id, aPayout!.id],
      ['PAYOUT_PAID', requested.withdrawal!.id, aPayout!.id],
      ['WITHDRAWAL_REQUESTED', bPaid.withdrawalId, null],
      ['PAYOUT_INITIATED', bPaid.withdrawalId, bPaid.payoutId],
      ['PAYOUT_PAID', bPaid.withdrawalId, bPaid.payoutId],
    ]);
    // and a cursor that is not one is refused
    const refused = await firstWebsocketResult(aSocket, updatedQuery('not-a-cursor'));
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('publishes nothing for a refused withdrawal', async () => {
    // given a seller and an admin watching
    const { seller, amount } = await sellerWithAnOrder();
    await testApp.services.pubsub.flush();
    const updates = await subscribe(socketOf(seller.client), updatedQuery());
    const feed = await subscribe(socketOf(admin.client), feedQuery());

    // when a withdrawal is refused, then one is accepted
    expect((await requestWithdrawal(seller, { amount: amount + 1 })).errors).toMatchObject([
      { code: 'INSUFFICIENT_AVAILABLE' },
    ]);
    const accepted = await requestWithdrawal(seller, { amount });

    // then the accepted one is the first event either receives
    for (const [subscription, field] of [
      [updates, 'payoutUpdated'],
      [feed, 'payoutFeed'],
    ] as const) {
      expect(changeOf(await subscription.next(), field)).toMatchObject({
        kind: 'WITHDRAWAL_REQUESTED',
        withdrawalId: accepted.withdrawal!.id,
      });
      expect(subscription.results).toHaveLength(1);
    }
  });

  it('publishes no PAYOUT_PAID when phase 3 fails to commit; the re-drive that pays it publishes it once', async () => {
    // given a seller and an admin watching, and a phase 3 that will fail just before committing
    const { seller, amount } = await sellerWithAnOrder();
    await testApp.services.pubsub.flush();
    const updates = await subscribe(socketOf(seller.client), updatedQuery());
    const feed = await subscribe(socketOf(admin.client), feedQuery());
    failPhase3 = true;

    // when the seller withdraws and the jobs run: Stripe makes the transfer, phase 3 rolls back
    const requested = await requestWithdrawal(seller, { amount });
    await runPayoutJobs(testApp);
    const [payout] = await myPayouts(seller);
    expect(payout).toMatchObject({ state: 'PENDING', stripeTransferId: null });

    // then no PAYOUT_PAID event exists for it
    const paidEvents = () =>
      queryDatabase(
        testApp,
        `select count(*)::int as count from events where topic = 'PAYOUT_FEED' and payload->>'payoutId' = $1 and payload->>'kind' = 'PAYOUT_PAID'`,
        [rawId(payout!.id)],
      );
    expect(await paidEvents()).toEqual([{ count: 0 }]);

    // and when phase 3 may commit again and an admin re-drives it (the same idempotency key: Stripe
    // answers with the same transfer)
    failPhase3 = false;
    const redriven = await admin.client.data<{ redrivePayout: { outcome: string } }>(redrivePayoutMutation, {
      input: { payoutId: payout!.id },
    });
    expect(redriven.redrivePayout.outcome).toBe('PAID');

    // then both receive requested, initiated, then paid: once
    const expected = [
      ['WITHDRAWAL_REQUESTED', requested.withdrawal!.id, null],
      ['PAYOUT_INITIATED', requested.withdrawal!.id, payout!.id],
      ['PAYOUT_PAID', requested.withdrawal!.id, payout!.id],
    ];
    for (const [subscription, field] of [
      [updates, 'payoutUpdated'],
      [feed, 'payoutFeed'],
    ] as const) {
      const changes: ChangeView[] = [];
      for (let index = 0; index < 3; index++) changes.push(changeOf(await subscription.next(), field));
      expect(changes.map(brief)).toEqual(expected);
    }
    expect(await paidEvents()).toEqual([{ count: 1 }]);
    // and Stripe holds exactly one transfer for the payout
    const transfers = [];
    for await (const transfer of testApp.services.stripe.listTransfers({})) {
      if (transfer.payoutId === rawId(payout!.id)) transfers.push(transfer);
    }
    expect(transfers).toHaveLength(1);
    expect(emulatorOf(testApp).transfer(transfers[0]!.id)).toMatchObject({ amount });
    expect(toGlobalId('Payout', transfers[0]!.payoutId!)).toBe(payout!.id);
  });
});
