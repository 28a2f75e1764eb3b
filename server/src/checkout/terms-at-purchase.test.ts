import { queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase } from '../../test/marketplace';
import { newStaff, openDispute, type Staff } from '../../test/dispute-helpers';

/**
 * What a buyer paid for stays readable after the seller edits the listing (the attacker probe: a
 * seller answered a WRONG_REGION dispute by changing the listing's region and description first,
 * and support saw only the new terms). The order keeps its listing version; listing_revisions keeps
 * the terms each edit replaced (migrations/0036).
 */
describe('the terms an order was sold at', () => {
  let testApp: TestApp;
  let support: Staff;
  beforeAll(async () => {
    testApp = await startTestApp();
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const termsQuery = `query ($id: ID!) {
    order(id: $id) {
      termsAtPurchase { version title description platform region kind price { amount currency } changedSince }
      listing { region description version }
    }
  }`;
  const updateListing = `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { listing { version } errors { code } } }`;

  it('stay as sold when the seller rewrites the listing, for the buyer, the seller and the dispute’s evidence', async () => {
    // given a GLOBAL listing bought at version 1
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 2_000);
    const { listingId } = await createListing(seller, { price: 1_500, codes: 2 });
    const bought = await purchase(buyer, listingId);
    expect(bought.errors).toEqual([]);
    const orderId = bought.order!.id;
    const [{ count: revisionsAfterPurchase }] = (await queryDatabase<{ count: number }>(
      testApp,
      `select count(*)::int as count from listing_revisions where listing_id = $1`,
      [rawId(listingId)],
    )) as [{ count: number }];
    // (a purchase moves the stock, not the terms: nothing is kept for it)
    expect(revisionsAfterPurchase).toBe(0);
    const sold = {
      version: 1,
      region: 'GLOBAL',
      price: { amount: 1_500, currency: 'EUR' },
      changedSince: false,
    };
    const before = await buyer.client.data<{ order: { termsAtPurchase: Record<string, unknown> } }>(
      termsQuery,
      {
        id: orderId,
      },
    );
    expect(before.order.termsAtPurchase).toMatchObject(sold);

    // when the seller makes it US-only, with a new description and price
    const edited = await seller.client.data<{ updateListing: { errors: unknown[] } }>(updateListing, {
      input: { listingId, region: 'US', description: 'US ONLY. No refunds for region.', price: 1_900 },
    });
    expect(edited.updateListing.errors).toEqual([]);

    // then the order still shows what was sold, to the buyer and to the seller, saying it changed since
    for (const reader of [buyer, seller]) {
      const read = await reader.client.data<{
        order: { termsAtPurchase: Record<string, unknown>; listing: { region: string } };
      }>(termsQuery, { id: orderId });
      expect(read.order.termsAtPurchase).toMatchObject({
        ...sold,
        description: 'A test listing',
        changedSince: true,
      });
      expect(read.order.listing.region).toBe('US');
    }

    // and a dispute opened now records the terms sold in its evidence, for support
    const opened = await openDispute(buyer, orderId, {
      reason: 'WRONG_REGION',
      message: 'It was sold as GLOBAL.',
    });
    expect(opened.errors).toEqual([]);
    const evidence = await support.client.data<{
      dispute: { evidence: { schemaVersion: number; json: string } };
    }>(`query ($id: ID!) { dispute(id: $id) { evidence { schemaVersion json } } }`, {
      id: opened.dispute!.id,
    });
    expect(evidence.dispute.evidence.schemaVersion).toBe(2);
    expect(JSON.parse(evidence.dispute.evidence.json).listingAtPurchase).toMatchObject({
      version: 1,
      region: 'GLOBAL',
      description: 'A test listing',
      priceAmount: 1_500,
      changedSince: true,
    });

    // and a second buyer, who buys after the edit, sees the new terms as theirs
    const later = await newBuyer(testApp);
    await fundWallet(testApp, later, 2_000);
    const laterOrder = await purchase(later, listingId);
    expect(laterOrder.errors).toEqual([]);
    const laterRead = await later.client.data<{ order: { termsAtPurchase: Record<string, unknown> } }>(
      termsQuery,
      {
        id: laterOrder.order!.id,
      },
    );
    expect(laterRead.order.termsAtPurchase).toMatchObject({
      version: 2,
      region: 'US',
      price: { amount: 1_900, currency: 'EUR' },
      changedSince: false,
    });
  });

  it('keeps the replaced terms append-only', async () => {
    const seller = await newSeller(testApp);
    const { listingId } = await createListing(seller, { price: 900 });
    const edited = await seller.client.data<{ updateListing: { errors: unknown[] } }>(updateListing, {
      input: { listingId, title: 'A new title for it' },
    });
    expect(edited.updateListing.errors).toEqual([]);
    await expect(
      queryDatabase(testApp, `update listing_revisions set region = 'US' where listing_id = $1`, [
        rawId(listingId),
      ]),
    ).rejects.toThrow();
    await expect(
      queryDatabase(testApp, `delete from listing_revisions where listing_id = $1`, [rawId(listingId)]),
    ).rejects.toThrow();
  });
});
