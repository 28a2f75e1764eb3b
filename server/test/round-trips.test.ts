import crypto from 'node:crypto';
import { CheckoutService } from '../src/checkout/checkout.service';
import type { OrderRow } from '../src/checkout/escrow.service';
import { purchaseStatements } from '../src/checkout/purchase-statements';
import { withTransaction } from '../src/db/transaction';
import { fromGlobalId } from '../src/graphql/relay';
import { startTestApp, type TestApp } from './harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from './marketplace';
import { countStatements, type StatementCount } from './statement-counter';

/**
 * Round trips to PostgreSQL of the money paths, BEGIN and COMMIT included, counted on the pool's
 * connections while one operation runs through the real services (issue 11: a purchase took 24;
 * every statement is a write and a wait, on both sides, and the listing stays locked across those
 * after its claim). Each test fails above its limit and names what was sent.
 */
const limits = {
  /** The whole purchase, its effects (purchaseEffects: the buyer's risk recompute request) included. */
  purchase: 6,
  /** The purchase without its effects: BEGIN, read, posting, claim, COMMIT. */
  purchaseOwn: 5,
  /**
   * purchaseListing over HTTP, as a signed-in buyer whose session this instance has cached (issue 11
   * counted 22: a session check and an idempotency lookup came before the transaction's 20).
   */
  request: 6,
  /** A replay of a committed key: BEGIN, read, the order, COMMIT. */
  replay: 4,
  /** EscrowService.release in its own transaction: BEGIN, settle, posting, both parties' risk requests, COMMIT. */
  release: 5,
  /** EscrowService.refund likewise. */
  refund: 5,
  /**
   * The buyer's confirmDelivery: BEGIN, the buyer's order, the disputes area's open-dispute check
   * (it locks the order, then reads its disputes), the release, COMMIT.
   */
  confirmDelivery: 8,
};

function describeStatements(statements: StatementCount): string {
  return statements.texts
    .map((text, index) => `${index + 1}. ${text.replace(/\s+/g, ' ').slice(0, 160)}`)
    .join('\n');
}

describe('round trips to PostgreSQL', () => {
  let testApp: TestApp;
  let buyer: Party;
  let listingId: string;
  let listingGlobalId: string;
  beforeAll(async () => {
    testApp = await startTestApp();
    const seller = await newSeller(testApp);
    buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 100_000);
    listingGlobalId = (await createListing(seller, { price: 1_000, codes: 10 })).listingId;
    listingId = fromGlobalId(listingGlobalId, 'Listing')!;
    // One purchase first: each connection prepares a named statement the first time it runs it.
    await purchaseOnce(testApp.services.checkout);
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function purchaseOnce(checkout: CheckoutService, idempotencyKey: string = crypto.randomUUID()) {
    const result = await checkout.purchase(buyer.rawId, { listingId, idempotencyKey });
    if (!('order' in result)) throw new Error(`purchase refused: ${JSON.stringify(result.errors)}`);
    return result.order;
  }

  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: StatementCount }> {
    return countStatements(testApp.services.database.$client, work);
  }

  it(`purchaseListing without its effects: at most ${limits.purchaseOwn} round trips`, async () => {
    const { services } = testApp;
    // given the purchase's own statements, without the effects hook
    const withoutEffects = new CheckoutService(
      services.database,
      services.ledger,
      purchaseStatements,
      services.config.escrow,
    );
    // when one purchase runs
    const own = await counted(() => purchaseOnce(withoutEffects));
    console.log(
      `purchase without its effects: ${own.statements.count} round trips\n${describeStatements(own.statements)}`,
    );
    // then it stays within the limit
    expect(own.statements.count).toBeLessThanOrEqual(limits.purchaseOwn);
  });

  // The effects hook (purchaseEffects) is one statement: the buyer's risk recompute request. The
  // auto-release needs none (the held order is the sweep's schedule).
  it(`purchaseListing with its effects: at most ${limits.purchase} round trips`, async () => {
    // when one purchase runs through the real services
    const full = await counted(() => purchaseOnce(testApp.services.checkout));
    console.log(`purchase: ${full.statements.count} round trips\n${describeStatements(full.statements)}`);
    // then it stays within the limit
    expect(full.statements.count).toBeLessThanOrEqual(limits.purchase);
  });

  it(`purchaseListing over HTTP, session cached: at most ${limits.request} round trips`, async () => {
    // given a buyer whose session this instance has checked once
    await purchase(buyer, listingGlobalId);
    // when the buyer's next purchase runs through the GraphQL endpoint
    const request = await counted(() => purchase(buyer, listingGlobalId));
    console.log(
      `purchaseListing request: ${request.statements.count} round trips\n${describeStatements(request.statements)}`,
    );
    // then it is bought, with no statement outside the purchase's own
    expect(request.result).toMatchObject({ errors: [], replayed: false, order: { escrowStatus: 'HELD' } });
    expect(request.statements.count).toBeLessThanOrEqual(limits.request);
  });

  it(`purchaseListing replayed: at most ${limits.replay} round trips`, async () => {
    const key = crypto.randomUUID();
    const first = await purchaseOnce(testApp.services.checkout, key);
    const again = await counted(() =>
      testApp.services.checkout.purchase(buyer.rawId, { listingId, idempotencyKey: key }),
    );
    expect(again.result).toMatchObject({ order: { id: first.id }, replayed: true });
    expect(again.statements.count).toBeLessThanOrEqual(limits.replay);
  });

  it(`release and refund: at most ${limits.release} and ${limits.refund} round trips`, async () => {
    const { services } = testApp;
    const settle = (action: 'release' | 'refund', order: OrderRow) =>
      counted(() =>
        withTransaction(services.database, (tx) => services.escrow[action](tx, order.id, 'ADMIN')),
      );
    const released = await settle('release', await purchaseOnce(services.checkout));
    const refunded = await settle('refund', await purchaseOnce(services.checkout));
    console.log(
      `release: ${released.statements.count} round trips\n${describeStatements(released.statements)}\n` +
        `refund: ${refunded.statements.count} round trips\n${describeStatements(refunded.statements)}`,
    );
    expect(released.result).toMatchObject({ replayed: false, order: { escrowStatus: 'RELEASED' } });
    expect(refunded.result).toMatchObject({ replayed: false, order: { escrowStatus: 'REFUNDED' } });
    expect(released.statements.count).toBeLessThanOrEqual(limits.release);
    expect(refunded.statements.count).toBeLessThanOrEqual(limits.refund);
  });

  it(`confirmDelivery: at most ${limits.confirmDelivery} round trips`, async () => {
    const order = await purchaseOnce(testApp.services.checkout);
    const confirmed = await counted(() => testApp.services.delivery.confirmDelivery(buyer.rawId, order.id));
    console.log(
      `confirmDelivery: ${confirmed.statements.count} round trips\n${describeStatements(confirmed.statements)}`,
    );
    expect(confirmed.result).toMatchObject({ order: { escrowStatus: 'RELEASED' } });
    expect(confirmed.statements.count).toBeLessThanOrEqual(limits.confirmDelivery);
  });
});
