import type { Client } from 'graphql-ws';
import { createApiKey, startTestApp, subscribe, type TestApp } from './harness';
import { createListing, newSeller, purchase, type Party } from './marketplace';
import { createTopUp, newBuyer, pay, settle, type Buyer } from './wallet-helpers';

/**
 * The buyer app refetches what changed when `viewerEvents` says so: WALLET_CHANGED (the wallet's
 * balance or status), TOP_UP_UPDATED, ORDER_UPDATED, published in the transactions that make the
 * changes and delivered to that buyer's subscriptions only.
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

  it('given a funded buyer, when they buy and then confirm delivery, then WALLET_CHANGED and ORDER_UPDATED, then ORDER_UPDATED; the seller hears none of it', async () => {
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

    // the seller's subscription heard nothing of the buyer's order: its first event is its own
    const { id } = await createApiKey(seller.client);
    expect(await sellerEvents.next()).toEqual({
      data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: id } },
    });
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
