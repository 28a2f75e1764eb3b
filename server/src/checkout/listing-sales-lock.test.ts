import crypto from 'node:crypto';
import { wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { queryDatabase, someoneWaitsForALock, startTestApp, type TestApp } from '../../test/harness';
import {
  createListing,
  fundWallet,
  heldAfterClaim,
  newBuyer,
  newSeller,
  type Party,
} from '../../test/marketplace';
import type { PurchaseResult } from './checkout.service';

/**
 * Purchases of one listing share it (migration 0019, claimCodeCtes in code-inventory.ts): they hold
 * its sales lock shared and its row FOR KEY SHARE, and a sale's stock decrement runs at COMMIT. A
 * seller's change takes the sales lock exclusive. These tests hold a purchase between its claim and
 * its commit, deterministically, and act on the listing there.
 */
describe('purchases of one listing and its sales lock', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (party: Party) =>
    testApp.services.ledger.balance(testApp.services.database, wallet(party.rawId, 'EUR'));

  const buy = (buyer: Party, listingId: string): Promise<PurchaseResult> =>
    testApp.services.checkout.purchase(buyer.rawId, {
      listingId: fromGlobalId(listingId, 'Listing'),
      idempotencyKey: crypto.randomUUID(),
    });

  async function stock(listingId: string): Promise<{ column: number; available: number }> {
    const [row] = await queryDatabase(
      testApp,
      `select l.available_stock as column,
              (select count(*)::int from codes c where c.listing_id = l.id and c.status = 'AVAILABLE') as available
         from listings l where l.id = $1`,
      [fromGlobalId(listingId, 'Listing')],
    );
    return { column: row!.column, available: row!.available };
  }

  it('given a purchase between its claim and its commit, then another purchase of the same listing completes meanwhile', async () => {
    const seller = await newSeller(testApp);
    const [first, second] = [await newBuyer(testApp), await newBuyer(testApp)];
    await fundWallet(testApp, first, 5_000);
    await fundWallet(testApp, second, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 3 });
    const held = heldAfterClaim(testApp, first, listingId);
    await held.reachedClaim;
    // when another buyer buys the same listing while the first purchase holds it
    const other = await buy(second, listingId);
    // then that purchase is placed without waiting for the first, which then commits too
    expect(other).toMatchObject({ replayed: false, order: { priceAmount: 1_000 } });
    held.release();
    expect(await held.result).toMatchObject({ replayed: false, order: { priceAmount: 1_000 } });
    // and the stock counts both sales, once each
    expect(await stock(listingId)).toEqual({ column: 1, available: 1 });
    expect([await balance(first), await balance(second)]).toEqual([4_000, 4_000]);
  });

  it('given a purchase in flight, then the seller’s pause waits for it, and the next purchase is refused', async () => {
    const seller = await newSeller(testApp);
    const [first, next] = [await newBuyer(testApp), await newBuyer(testApp)];
    await fundWallet(testApp, first, 5_000);
    await fundWallet(testApp, next, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 3 });
    const held = heldAfterClaim(testApp, first, listingId);
    await held.reachedClaim;
    // when the seller pauses the listing while the purchase holds it
    let pauseDone = false;
    const pause = seller.client
      .data<{ pauseListing: { errors: { code: string }[] } }>(
        'mutation ($id: ID!) { pauseListing(input: { listingId: $id }) { errors { code } } }',
        { id: listingId },
      )
      .finally(() => (pauseDone = true));
    await someoneWaitsForALock(testApp, 'advisory');
    // then the pause waits for the purchase, which is placed
    expect(pauseDone).toBe(false);
    held.release();
    expect(await held.result).toMatchObject({ replayed: false });
    expect((await pause).pauseListing.errors).toEqual([]);
    // and a purchase after the pause is refused, and charges nothing
    const after = await buy(next, listingId);
    expect('errors' in after && after.errors.map((error) => error.code)).toEqual(['LISTING_NOT_ACTIVE']);
    expect(await balance(next)).toBe(5_000);
    expect(await stock(listingId)).toEqual({ column: 2, available: 2 });
  });

  it('given a seller’s change holds the sales lock, then a claim waits for it and sees the change', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    const rawListingId = fromGlobalId(listingId, 'Listing');
    // given a change of price that holds the sales lock and has not committed (what lockListing does)
    const change = await testApp.database.$client.connect();
    try {
      await change.query('begin');
      await change.query('select pg_advisory_xact_lock(listing_sales_lock_key($1))', [rawListingId]);
      await change.query('update listings set price_amount = 1500, version = version + 1 where id = $1', [
        rawListingId,
      ]);
      // when a purchase reads the old price, is charged it, and reaches its claim
      const result = buy(buyer, listingId);
      await someoneWaitsForALock(testApp, 'advisory');
      await change.query('commit');
      // then its claim saw the new price: the purchase started again and charged 1500, once
      expect(await result).toMatchObject({ replayed: false, order: { priceAmount: 1_500 } });
    } finally {
      change.release();
    }
    expect(await balance(buyer)).toBe(3_500);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('given a crowd buying one listing, then each code is sold once and the stock matches the codes left', async () => {
    const seller = await newSeller(testApp);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => newBuyer(testApp)));
    for (const buyer of buyers) await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 8 });
    const results = await Promise.all(buyers.map((buyer) => buy(buyer, listingId)));
    const placed = results.filter((result) => 'order' in result);
    const refused = results.flatMap((result) =>
      'errors' in result ? result.errors.map((error) => error.code) : [],
    );
    expect(placed).toHaveLength(8);
    expect(refused).toEqual(Array.from({ length: 4 }, () => 'OUT_OF_STOCK'));
    const codeIds = placed.map((result) => ('order' in result ? result.order.codeId : null));
    expect(new Set(codeIds).size).toBe(8);
    expect(await stock(listingId)).toEqual({ column: 0, available: 0 });
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });
});
