import type { Client } from 'graphql-ws';
import { createApiKey, startTestApp, subscribe, type TestApp } from './harness';
import { createListing, newSeller, purchase, type Party } from './marketplace';
import {
  decide,
  heldOrder,
  newStaff,
  openDispute,
  postMessageMutation,
  requestResponse,
  startReview,
} from './dispute-helpers';
import { createTopUp, newBuyer, pay, settle, type Buyer } from './wallet-helpers';

/**
 * The buyer app and the console refetch what changed when `viewerEvents` says so: WALLET_CHANGED (the
 * wallet's balance or status), TOP_UP_UPDATED, ORDER_UPDATED (the buyer's order), SALE_UPDATED (the
 * seller's), DISPUTE_UPDATED (to both parties), published in the transactions that make the changes
 * and delivered to that user's subscriptions only.
 */

let testApp: TestApp;
const websockets: Client[] = [];

beforeAll(async () => {
  testApp = await startTestApp();
});
afterEach(async () => {
  await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
});
afterAll(async () => {
  await testApp.close();
});

/** A viewerEvents subscription that hears only what is delivered after it: earlier events are delivered first. */
async function listen(client: Buyer['client']) {
  await testApp.services.pubsub.flush();
  const websocket = client.websocket();
  websockets.push(websocket);
  return subscribe(websocket, 'subscription { viewerEvents { kind subjectId } }');
}

interface ViewerEventView {
  kind: string;
  subjectId: string;
}

/** The same buyer as the marketplace helpers name it. */
const party = (buyer: Buyer): Party => ({ client: buyer.client, id: buyer.userId, rawId: buyer.rawId });

async function walletId(buyer: Buyer): Promise<string> {
  return (await buyer.client.data('{ myWallet(currency: "EUR") { id } }')).myWallet.id;
}

/**
 * A bystander seller subscribed: after the test's events, it creates an API key, and the first event
 * it receives must be that one (none of the buyer's came before it).
 */
async function bystander() {
  const seller = await newBuyer(testApp, { sellerAccount: true });
  const events = await listen(seller.client);
  return {
    async expectNothingElse() {
      const { id } = await createApiKey(seller.client);
      expect(await events.next()).toEqual({
        data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: id } },
      });
      expect(events.results).toHaveLength(1);
    },
  };
}

describe('viewerEvents for the buyer app', () => {
  it("given a top-up, when Stripe's webhook credits it, then its buyer hears WALLET_CHANGED and TOP_UP_UPDATED, and another user nothing", async () => {
    // given a buyer listening, with a top-up, and another user listening
    const buyer = await newBuyer(testApp);
    const wallet = await walletId(buyer);
    const events = await listen(buyer.client);
    const other = await bystander();
    const topUp = await createTopUp(buyer, { amount: 2_500 });

    // when the card is paid and the webhook is processed
    expect(await pay(testApp, topUp.clientSecret)).toBe('succeeded');
    await settle(testApp);

    // then the buyer hears both, in the order the transaction published them
    expect([await events.next(), await events.next()]).toEqual([
      { data: { viewerEvents: { kind: 'WALLET_CHANGED', subjectId: wallet } } },
      { data: { viewerEvents: { kind: 'TOP_UP_UPDATED', subjectId: topUp.topUp!.id } } },
    ]);
    expect(
      (await buyer.client.data('{ myWallet(currency: "EUR") { balance { amount } } }')).myWallet,
    ).toEqual({
      balance: { amount: 2_500 },
    });
    await other.expectNothingElse();
  });

  it('given a declined card, then TOP_UP_UPDATED only: the wallet did not change', async () => {
    const buyer = await newBuyer(testApp);
    await walletId(buyer);
    const events = await listen(buyer.client);
    const topUp = await createTopUp(buyer, { amount: 1_000 });

    expect(await pay(testApp, topUp.clientSecret, 'pm_card_chargeDeclined')).toBe('declined');
    await settle(testApp);

    expect(await events.next()).toEqual({
      data: { viewerEvents: { kind: 'TOP_UP_UPDATED', subjectId: topUp.topUp!.id } },
    });
    expect(events.results).toHaveLength(1);
  });

  it('given a funded buyer, when they buy and then confirm delivery, then WALLET_CHANGED and ORDER_UPDATED, then ORDER_UPDATED; the seller hears SALE_UPDATED for each', async () => {
    // given a buyer funded by a real top-up, listening, and the seller listening too
    const buyer = await newBuyer(testApp);
    const wallet = await walletId(buyer);
    const topUp = await createTopUp(buyer, { amount: 5_000 });
    await pay(testApp, topUp.clientSecret);
    await settle(testApp);
    const seller = await newSeller(testApp);
    const { listingId } = await createListing(seller, { price: 1_500 });
    const events = await listen(buyer.client);
    const sellerEvents = await listen(seller.client);

    // when the buyer buys
    const bought = await purchase(party(buyer), listingId);
    expect(bought.errors).toEqual([]);
    const orderId = bought.order!.id;

    // then the wallet and the order changed
    expect([await events.next(), await events.next()]).toEqual([
      { data: { viewerEvents: { kind: 'WALLET_CHANGED', subjectId: wallet } } },
      { data: { viewerEvents: { kind: 'ORDER_UPDATED', subjectId: orderId } } },
    ]);

    // and when the buyer confirms delivery, the order changed again (released)
    const confirmed = await buyer.client.data(
      'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { escrowStatus } errors { code } } }',
      { input: { orderId } },
    );
    expect(confirmed.confirmDelivery).toEqual({ order: { escrowStatus: 'RELEASED' }, errors: [] });
    expect(await events.next()).toEqual({
      data: { viewerEvents: { kind: 'ORDER_UPDATED', subjectId: orderId } },
    });

    // the seller heard of the sale twice (placed, released), and nothing of the buyer's wallet
    const { id } = await createApiKey(seller.client);
    expect([await sellerEvents.next(), await sellerEvents.next(), await sellerEvents.next()]).toEqual([
      { data: { viewerEvents: { kind: 'SALE_UPDATED', subjectId: orderId } } },
      { data: { viewerEvents: { kind: 'SALE_UPDATED', subjectId: orderId } } },
      { data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: id } } },
    ]);
    expect(sellerEvents.results).toHaveLength(3);
    // and may read the order the event names
    expect(
      (await seller.client.data('query ($id: ID!) { order(id: $id) { id } }', { id: orderId })).order,
    ).toEqual({
      id: orderId,
    });
  });

  it('given a dispute, then each step reaches both parties as DISPUTE_UPDATED (and the sale as SALE_UPDATED), and nobody else', async () => {
    // given a held order, its buyer and seller listening, and a bystander
    const order = await heldOrder(testApp);
    const buyerEvents = await listen(order.buyer.client);
    const sellerEvents = await listen(order.seller.client);
    const other = await bystander();
    /**
     * What a party heard since the last call: a marker event of its own ends the list (the seller
     * creates an API key; the buyer's card is declined for a top-up).
     */
    const heard = async (party: Party, events: typeof buyerEvents) => {
      let marker: ViewerEventView;
      if (party === order.seller) {
        marker = { kind: 'API_KEY_CREATED', subjectId: (await createApiKey(party.client)).id };
      } else {
        const topUp = await createTopUp(
          { client: party.client, userId: party.id, rawId: party.rawId },
          { amount: 1_000 },
        );
        await pay(testApp, topUp.clientSecret, 'pm_card_chargeDeclined');
        await settle(testApp);
        marker = { kind: 'TOP_UP_UPDATED', subjectId: topUp.topUp!.id };
      }
      const received: ViewerEventView[] = [];
      for (;;) {
        const event = (await events.next()).data?.viewerEvents as ViewerEventView;
        if (event.kind === marker.kind && event.subjectId === marker.subjectId) return received;
        received.push(event);
      }
    };

    // when the buyer opens a dispute
    const opened = await openDispute(order.buyer, order.orderId);
    const disputeId = opened.dispute!.id;
    // then the buyer hears of the dispute and the order, the seller of the dispute and the sale
    expect(await heard(order.buyer, buyerEvents)).toEqual([
      { kind: 'DISPUTE_UPDATED', subjectId: disputeId },
      { kind: 'ORDER_UPDATED', subjectId: order.orderId },
    ]);
    expect(await heard(order.seller, sellerEvents)).toEqual([
      { kind: 'DISPUTE_UPDATED', subjectId: disputeId },
      { kind: 'SALE_UPDATED', subjectId: order.orderId },
    ]);

    // when support asks the seller to respond, and the seller answers with a message
    const agent = await newStaff(testApp, ['SUPPORT']);
    expect((await startReview(agent, disputeId, 1)).errors).toEqual([]);
    expect((await requestResponse(agent, disputeId, 2)).errors).toEqual([]);
    const answered = await order.seller.client.data(postMessageMutation, {
      input: { disputeId, message: 'The code was valid.', attachments: [] },
    });
    expect(answered.postDisputeMessage.errors).toEqual([]);
    // then both parties hear each step (the review, the request, the answer)
    const steps = await heard(order.seller, sellerEvents);
    expect(steps).toEqual(
      Array.from({ length: 3 }, () => ({ kind: 'DISPUTE_UPDATED', subjectId: disputeId })),
    );
    expect(await heard(order.buyer, buyerEvents)).toEqual(steps);

    // when the buyer writes a message of their own, then the seller hears it
    const written = await order.buyer.client.data(postMessageMutation, {
      input: { disputeId, message: 'I tried the code twice.', attachments: [] },
    });
    expect(written.postDisputeMessage.errors).toEqual([]);
    expect(await heard(order.seller, sellerEvents)).toEqual([
      { kind: 'DISPUTE_UPDATED', subjectId: disputeId },
    ]);
    expect(await heard(order.buyer, buyerEvents)).toEqual([
      { kind: 'DISPUTE_UPDATED', subjectId: disputeId },
    ]);

    // when an admin refunds the buyer
    const admin = await newStaff(testApp, ['ADMIN']);
    expect((await decide(admin, 'refund', order.orderId)).errors).toEqual([]);
    // then the seller hears the sale settled and the dispute decided
    const decided = await heard(order.seller, sellerEvents);
    expect(decided).toContainEqual({ kind: 'SALE_UPDATED', subjectId: order.orderId });
    expect(decided).toContainEqual({ kind: 'DISPUTE_UPDATED', subjectId: disputeId });
    expect(decided.every((event) => event.subjectId === order.orderId || event.subjectId === disputeId)).toBe(
      true,
    );
    // and the seller may read the dispute the events name
    expect(
      (
        await order.seller.client.data('query ($id: ID!) { dispute(id: $id) { id state } }', {
          id: disputeId,
        })
      ).dispute,
    ).toEqual({ id: disputeId, state: 'CLOSED' });
    await other.expectNothingElse();
  });

  it('given a replayed purchase (same idempotency key), then nothing is published again', async () => {
    const buyer = await newBuyer(testApp);
    await walletId(buyer);
    const topUp = await createTopUp(buyer, { amount: 5_000 });
    await pay(testApp, topUp.clientSecret);
    await settle(testApp);
    const seller = await newSeller(testApp);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    const first = await purchase(party(buyer), listingId, 'one-click');
    const events = await listen(buyer.client);

    const again = await purchase(party(buyer), listingId, 'one-click');
    expect(again).toMatchObject({ replayed: true, order: { id: first.order!.id } });

    // a marker event proves the replay published nothing before it
    const topUpAfter = await createTopUp(buyer, { amount: 1_000 });
    await pay(testApp, topUpAfter.clientSecret, 'pm_card_chargeDeclined');
    await settle(testApp);
    expect(await events.next()).toEqual({
      data: { viewerEvents: { kind: 'TOP_UP_UPDATED', subjectId: topUpAfter.topUp!.id } },
    });
  });
});
