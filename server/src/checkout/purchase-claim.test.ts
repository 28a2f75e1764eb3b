import crypto from 'node:crypto';
import { wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, type Party } from '../../test/marketplace';
import { CheckoutService, type PurchaseResult } from './checkout.service';
import { purchaseStatements, type PurchaseStatements } from './purchase-statements';

/**
 * The purchase reads the listing without a lock, charges the buyer, then claims a code under the
 * listing's lock (purchase-statements.ts), and resolves its idempotency key without a lock of its
 * own. These tests hold a purchase between its steps, deterministically, and change the world there.
 */
describe('purchaseListing between its read and its claim', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (party: Party) =>
    testApp.services.ledger.balance(testApp.services.database, wallet(party.rawId, 'EUR'));

  /** A checkout whose claim first runs `beforeClaim` (once), between the purchase's posting and its claim. */
  function checkoutWithPause(beforeClaim: () => Promise<void>): CheckoutService {
    let paused = false;
    const statements: PurchaseStatements = {
      read: purchaseStatements.read,
      claim: async (tx, order, events) => {
        if (!paused) {
          paused = true;
          await beforeClaim();
        }
        return purchaseStatements.claim(tx, order, events);
      },
    };
    const { services } = testApp;
    return new CheckoutService(services.database, services.ledger, statements, services.config.escrow);
  }

  async function sellerChanges(seller: Party, listingId: string, change: 'price' | 'pause') {
    const mutation =
      change === 'price'
        ? 'mutation ($id: ID!) { updateListing(input: { listingId: $id, price: 1500 }) { errors { code } } }'
        : 'mutation ($id: ID!) { pauseListing(input: { listingId: $id }) { errors { code } } }';
    const data = await seller.client.data<Record<string, { errors: unknown[] }>>(mutation, { id: listingId });
    expect(Object.values(data)[0]!.errors).toEqual([]);
  }

  it('given the seller changes the price after the buyer was charged, then the purchase starts again and charges the new price once', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    // when the price changes between the purchase's posting and its claim
    const checkout = checkoutWithPause(() => sellerChanges(seller, listingId, 'price'));
    const result = await checkout.purchase(buyer.rawId, {
      listingId: fromGlobalId(listingId, 'Listing'),
      idempotencyKey: crypto.randomUUID(),
    });
    // then the order is at the new price, charged once
    expect(result).toMatchObject({ order: { priceAmount: 1_500 }, replayed: false });
    expect(await balance(buyer)).toBe(3_500);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('given the seller pauses the listing after the buyer was charged, then LISTING_NOT_ACTIVE and nothing is charged', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    const checkout = checkoutWithPause(() => sellerChanges(seller, listingId, 'pause'));
    const result = await checkout.purchase(buyer.rawId, {
      listingId: fromGlobalId(listingId, 'Listing'),
      idempotencyKey: crypto.randomUUID(),
    });
    expect('errors' in result && result.errors.map((error) => error.code)).toEqual(['LISTING_NOT_ACTIVE']);
    expect(await balance(buyer)).toBe(5_000);
    const [sold] = await queryDatabase(
      testApp,
      `select count(*)::int as count from codes where listing_id = $1 and status = 'SOLD'`,
      [fromGlobalId(listingId, 'Listing')],
    );
    expect(sold!.count).toBe(0);
  });
});

describe('purchaseListing retried while the first attempt is in flight (issue 5)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Resolves once a connection of this test's database waits for a row lock. */
  async function someoneWaitsForALock(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const [waiting] = await queryDatabase(
        testApp,
        `select count(*)::int as count from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting!.count > 0) return;
    }
    throw new Error('no purchase waited for a lock within 10 s');
  }

  /**
   * The first attempt is held after its claim (its order inserted, not committed) while the retry
   * starts; the retry waits on the buyer's wallet account, which the first attempt's posting locked.
   */
  async function retryDuringFirstAttempt(fixture: { funds: number; codes: number }) {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, fixture.funds);
    const { listingId } = await createListing(seller, { price: 1_000, codes: fixture.codes });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached: () => void = () => undefined;
    const firstAttemptClaimed = new Promise<void>((resolve) => (reached = resolve));
    let firstCall = true;
    const { services } = testApp;
    const checkout = new CheckoutService(
      services.database,
      services.ledger,
      purchaseStatements,
      services.config.escrow,
      async () => {
        if (!firstCall) return;
        firstCall = false;
        reached();
        await held;
      },
    );
    const request = { listingId: fromGlobalId(listingId, 'Listing'), idempotencyKey: crypto.randomUUID() };
    const first = checkout.purchase(buyer.rawId, request);
    await firstAttemptClaimed;
    const retry = checkout.purchase(buyer.rawId, request);
    await someoneWaitsForALock();
    release();
    const answers: PurchaseResult[] = [await first, await retry];
    return { answers, buyer };
  }

  it.each([
    { refusal: 'a second order (orders_idempotency)', funds: 5_000, codes: 5 },
    { refusal: 'OUT_OF_STOCK', funds: 5_000, codes: 1 },
    { refusal: 'INSUFFICIENT_FUNDS', funds: 1_000, codes: 5 },
  ])(
    'given the retry would be refused with $refusal, then it waits and names the first order',
    async (fixture) => {
      const { answers, buyer } = await retryDuringFirstAttempt(fixture);
      const [first, retry] = answers;
      expect(first).toMatchObject({ replayed: false });
      expect(retry).toMatchObject({
        replayed: true,
        order: { id: 'order' in first! ? first.order.id : null },
      });
      expect(
        await testApp.services.ledger.balance(testApp.services.database, wallet(buyer.rawId, 'EUR')),
      ).toBe(fixture.funds - 1_000);
      expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    },
  );
});
