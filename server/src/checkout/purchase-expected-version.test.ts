import crypto from 'node:crypto';
import { wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { queryDatabase, someoneWaitsForALock, startTestApp, type TestApp } from '../../test/harness';
import {
  createListing,
  fundWallet,
  newBuyer,
  newSeller,
  purchaseMutation,
  type Party,
  type PurchaseAnswer,
} from '../../test/marketplace';
import { CheckoutService } from './checkout.service';
import { purchaseStatements } from './purchase-statements';

/**
 * purchaseListing's expectedVersion: the buyer pays the terms they were shown or nothing. A seller
 * who changes the listing (price, region, title, ...) just before a purchase, or while it runs,
 * gets no sale at terms the buyer never saw.
 */
describe('purchaseListing with expectedVersion', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (party: Party) =>
    testApp.services.ledger.balance(testApp.services.database, wallet(party.rawId, 'EUR'));

  const buy = async (
    buyer: Party,
    listingId: string,
    expectedVersion: number | undefined,
    idempotencyKey = crypto.randomUUID(),
  ) =>
    (
      await buyer.client.data<PurchaseAnswer>(purchaseMutation, {
        input: { listingId, idempotencyKey, expectedVersion },
      })
    ).purchaseListing;

  async function listingState(listingId: string) {
    const [row] = await queryDatabase(
      testApp,
      `select l.version, l.available_stock as stock,
              (select count(*)::int from orders o where o.listing_id = l.id) as orders
         from listings l where l.id = $1`,
      [fromGlobalId(listingId, 'Listing')],
    );
    return row as { version: number; stock: number; orders: number };
  }

  async function update(seller: Party, listingId: string, change: Record<string, unknown>): Promise<number> {
    const data = await seller.client.data<{
      updateListing: { listing: { version: number } | null; errors: unknown[] };
    }>(
      `mutation ($input: UpdateListingInput!) { updateListing(input: $input) { listing { version } errors { code } } }`,
      { input: { listingId, ...change } },
    );
    expect(data.updateListing.errors).toEqual([]);
    return data.updateListing.listing!.version;
  }

  it('refuses with LISTING_CHANGED and charges nothing when the seller changed the listing since the buyer saw it', async () => {
    // given a buyer shown a listing at 100 (version 1)
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 100, codes: 2 });
    const shown = (await listingState(listingId)).version;
    // when the seller raises the price to 5000 and moves it to another region before the buyer presses Buy
    const changed = await update(seller, listingId, { price: 5_000, region: 'ASIA' });
    const refused = await buy(buyer, listingId, shown);
    // then nothing is sold or charged, and the answer says why
    expect(refused).toMatchObject({
      order: null,
      errors: [{ code: 'LISTING_CHANGED', field: 'expectedVersion' }],
    });
    expect(await balance(buyer)).toBe(5_000);
    expect(await listingState(listingId)).toEqual({ version: changed, stock: 2, orders: 0 });
    // and a purchase at the version now shown goes through at the new price
    expect(await buy(buyer, listingId, changed)).toMatchObject({
      errors: [],
      order: { price: { amount: 5_000, currency: 'EUR' } },
    });
    expect(await balance(buyer)).toBe(0);
  });

  it('is not part of the request the key stands for: a retry with a newer version answers the first order', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 700, codes: 2 });
    const key = crypto.randomUUID();
    // given a purchase that went through at version 1
    const first = await buy(buyer, listingId, 1, key);
    expect(first.errors).toEqual([]);
    // when the seller edits the title and the buyer's client retries the key with the version it now shows
    const changed = await update(seller, listingId, { title: 'Renamed after the sale' });
    const retried = await buy(buyer, listingId, changed, key);
    // then the retry is the first order, replayed, and nothing more is charged
    expect(retried).toMatchObject({ replayed: true, errors: [], order: { id: first.order!.id } });
    expect(await balance(buyer)).toBe(4_300);
  });

  /**
   * Runs `purchase` while a seller's change of the listing's region (same price) holds its sales
   * lock uncommitted: the purchase reads the old version, is charged, and waits at its claim until
   * the change commits. Returns the purchase's answer.
   */
  async function purchaseDuringRegionChange<T>(listingId: string, purchase: () => Promise<T>): Promise<T> {
    const rawListingId = fromGlobalId(listingId, 'Listing');
    const change = await testApp.database.$client.connect();
    try {
      await change.query('begin');
      await change.query('select pg_advisory_xact_lock(listing_sales_lock_key($1))', [rawListingId]);
      await change.query(`update listings set region = 'ASIA', version = version + 1 where id = $1`, [
        rawListingId,
      ]);
      const result = purchase();
      await someoneWaitsForALock(testApp, 'advisory');
      await change.query('commit');
      return await result;
    } finally {
      change.release();
    }
  }

  async function fundedBuyerAndListing() {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    return { buyer, listingId };
  }

  it('refuses a purchase whose listing changed while it ran, after it was charged and before its claim', async () => {
    // given a purchase that saw version 1, running while the seller changes the region
    const { buyer, listingId } = await fundedBuyerAndListing();
    const answer = await purchaseDuringRegionChange(listingId, () => buy(buyer, listingId, 1));
    // then its claim saw the change, and the purchase was refused, not sold at the new terms
    expect(answer).toMatchObject({ order: null, errors: [{ code: 'LISTING_CHANGED' }] });
    expect(await balance(buyer)).toBe(5_000);
    expect(await listingState(listingId)).toEqual({ version: 2, stock: 2, orders: 0 });
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('without expectedVersion, buys the listing as it is: a change while the purchase ran starts it again', async () => {
    const { buyer, listingId } = await fundedBuyerAndListing();
    const answer = await purchaseDuringRegionChange(listingId, () => buy(buyer, listingId, undefined));
    expect(answer).toMatchObject({ errors: [], order: { price: { amount: 1_000 } } });
    expect(await balance(buyer)).toBe(4_000);
    expect(await listingState(listingId)).toEqual({ version: 2, stock: 1, orders: 1 });
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('refuses LISTING_CHANGED, not a server error, when the seller changes the listing during every attempt', async () => {
    const { buyer, listingId } = await fundedBuyerAndListing();
    const rawListingId = fromGlobalId(listingId, 'Listing');
    // given a seller whose edit lands between each attempt's read and its claim (a repricing bot)
    const { services } = testApp;
    let edits = 0;
    const checkout = new CheckoutService(
      services.database,
      services.ledger,
      {
        read: purchaseStatements.read,
        claim: async (tx, order, events) => {
          edits++;
          await queryDatabase(testApp, 'update listings set version = version + 1 where id = $1', [
            rawListingId,
          ]);
          return purchaseStatements.claim(tx, order, events);
        },
      },
      services.config.escrow,
    );
    // when a buyer who sent no expectedVersion buys
    const result = await checkout.purchase(buyer.rawId, {
      listingId: rawListingId,
      idempotencyKey: crypto.randomUUID(),
    });
    // then after three attempts the answer is a typed refusal, and nothing was charged or sold
    expect(result).toMatchObject({ errors: [{ code: 'LISTING_CHANGED' }] });
    expect(edits).toBe(3);
    expect(await balance(buyer)).toBe(5_000);
    expect(await listingState(listingId)).toMatchObject({ stock: 2, orders: 0 });
  });
});
