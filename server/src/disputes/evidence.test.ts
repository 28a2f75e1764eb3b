import crypto from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json';
import { queryDatabase, startTestApp, type TestApp, rawId } from '../../test/harness';
import { newSeller } from '../../test/marketplace';
import { createTopUp, emulatorOf, newBuyer as newWalletBuyer, pay, settle } from '../../test/wallet-helpers';
import {
  decide,
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  startReview,
  type Staff,
} from '../../test/dispute-helpers';
import { collectPartyHistory } from './party-history';

describe('evidence', () => {
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

  describe('collectPartyHistory', () => {
    it("counts a party's orders, disputes and chargebacks as they stood at a moment", async () => {
      // given a buyer with three orders from one seller (one confirmed, one disputed and refunded,
      // one still held) and a chargeback on a top-up
      const walletBuyer = await newWalletBuyer(testApp);
      const buyer = { client: walletBuyer.client, id: walletBuyer.userId, rawId: walletBuyer.rawId };
      const seller = await newSeller(testApp);
      const confirmed = await heldOrder(testApp, { buyer, seller });
      await buyer.client.data(
        `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`,
        {
          input: { orderId: confirmed.orderId },
        },
      );
      const refunded = await disputedOrder(testApp, { buyer, seller });
      await startReview(support, refunded.disputeId, 1);
      expect((await decide(admin, 'refund', refunded.orderId)).errors).toEqual([]);
      await heldOrder(testApp, { buyer, seller });
      // (last: a chargeback blocks the wallet's purchases)
      const topUp = await createTopUp(walletBuyer, { amount: 1_000 });
      expect(await pay(testApp, topUp.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
      await settle(testApp);
      expect(emulatorOf(testApp).disputeOf(topUp.clientSecret!.split('_secret_')[0]!)).toBeDefined();

      // when their histories are collected now
      const now = new Date(Date.now() + 1);
      const buyerHistory = await collectPartyHistory(testApp.services.database, buyer.rawId, now);
      const sellerHistory = await collectPartyHistory(testApp.services.database, seller.rawId, now);

      // then they count what happened
      expect(buyerHistory).toMatchObject({
        schemaVersion: 1,
        userId: buyer.rawId,
        accountAgeDays: 0,
        asBuyer: {
          orders: 3,
          completedOrders: 1,
          refundedOrders: 1,
          disputesOpened: 1,
          disputesWon: 1,
          disputesLost: 0,
          chargebacks: 1,
          ordersLast24Hours: 3,
          ordersLast7Days: 3,
        },
        asSeller: {
          sales: 0,
          completedSales: 0,
          refundedSales: 0,
          disputesReceived: 0,
          disputesLost: 0,
          salesLast7Days: 0,
        },
      });
      expect(sellerHistory.asSeller).toEqual({
        sales: 3,
        completedSales: 1,
        refundedSales: 1,
        disputesReceived: 1,
        disputesLost: 1,
        salesLast7Days: 3,
      });
      // and the same moment gives the same history; a moment before it all, none of it
      expect(await collectPartyHistory(testApp.services.database, buyer.rawId, now)).toEqual(buyerHistory);
      const before = new Date(buyerHistory.accountCreatedAt);
      const empty = await collectPartyHistory(testApp.services.database, buyer.rawId, before);
      expect(Object.values(empty.asBuyer).every((value) => value === 0)).toBe(true);
    });
  });

  describe('the evidence snapshot', () => {
    it('records the order, the code reveal audit and both histories, under a stable hash, and cannot be changed', async () => {
      // given a buyer who revealed their code
      const order = await heldOrder(testApp);
      await order.buyer.client.data(`mutation ($input: OrderInput!) { revealCode(input: $input) { code } }`, {
        input: { orderId: order.orderId },
      });
      // when they open a dispute
      const { dispute } = await openDispute(order.buyer, order.orderId, {
        reason: 'INVALID_CODE',
        message: 'Invalid on redemption.',
      });
      const rawDisputeId = rawId(dispute!.id);

      // then the snapshot holds the order, the reveal, and both parties' histories
      const [row] = await queryDatabase(
        testApp,
        `select id, schema_version, content, content_sha256 from dispute_evidence_snapshots where dispute_id = $1`,
        [rawDisputeId],
      );
      const content = row!['content'] as Record<string, any>;
      expect(row!['schema_version']).toBe(2);
      expect(content).toMatchObject({
        schemaVersion: 2,
        disputeId: rawDisputeId,
        claim: { reason: 'INVALID_CODE', message: 'Invalid on redemption.', attachmentIds: [] },
        order: {
          id: order.rawOrderId,
          buyerId: order.buyer.rawId,
          sellerId: order.seller.rawId,
          priceAmount: order.price,
          escrowStatus: 'HELD',
        },
        // (version 2: the listing's terms the order was sold at, unchanged since)
        listingAtPurchase: { version: 1, priceAmount: order.price, changedSince: false },
        buyer: { userId: order.buyer.rawId, asBuyer: { orders: 1, disputesOpened: 0 } },
        seller: { userId: order.seller.rawId, asSeller: { sales: 1 } },
      });
      expect(content['codeReveals']).toEqual([
        expect.objectContaining({ userId: order.buyer.rawId, requestId: expect.any(String) }),
      ]);

      // and its hash is the SHA-256 of its canonical JSON, whatever the order of its keys
      const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
      expect(row!['content_sha256']).toBe(sha256(canonicalJson(content)));
      const reordered = Object.fromEntries(Object.entries(content).reverse());
      expect(sha256(canonicalJson(reordered))).toBe(row!['content_sha256']);
      // and the histories can be collected again at the snapshot's moment, with the same result
      const capturedAt = new Date(content['capturedAt']);
      expect(await collectPartyHistory(testApp.services.database, order.buyer.rawId, capturedAt)).toEqual(
        content['buyer'],
      );
      expect(await collectPartyHistory(testApp.services.database, order.seller.rawId, capturedAt)).toEqual(
        content['seller'],
      );

      // and staff read it through the API, with a hash anyone can check; the parties cannot read it
      const query = `query ($id: ID!) { dispute(id: $id) { evidence { schemaVersion sha256 json } } }`;
      const seen = (await support.client.data(query, { id: dispute!.id }))['dispute']['evidence'];
      expect(seen.sha256).toBe(row!['content_sha256']);
      expect(sha256(seen.json)).toBe(seen.sha256);
      const partyView = await order.buyer.client.graphql(query, { id: dispute!.id });
      expect(partyView.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

      // and the row cannot be changed or removed
      await expect(
        queryDatabase(
          testApp,
          `update dispute_evidence_snapshots set content_sha256 = repeat('0', 64) where id = $1`,
          [row!['id']],
        ),
      ).rejects.toThrow(/append-only/);
      await expect(
        queryDatabase(testApp, `delete from dispute_evidence_snapshots where id = $1`, [row!['id']]),
      ).rejects.toThrow(/append-only/);
      const [after] = await queryDatabase(
        testApp,
        `select content_sha256 from dispute_evidence_snapshots where id = $1`,
        [row!['id']],
      );
      expect(after!['content_sha256']).toBe(row!['content_sha256']);
    });
  });
});
