import { sql } from 'drizzle-orm';
import type { Tx } from '../db/transaction';
import type { Posting } from '../domain/posting-rules';
import { wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { LedgerService, ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller } from '../../test/marketplace';
import { CheckoutService } from './checkout.service';
import { purchaseStatements, type PurchaseStatements } from './purchase-statements';

/** Each step of the purchase fails in turn, after doing its real work: nothing of the purchase may remain. */
const steps = ['listing', 'buyer', 'code', 'wallet', 'ledger', 'after-order'] as const;
type Step = (typeof steps)[number];

class InjectedFailure extends Error {}

describe('purchaseListing under injected failures', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  function checkoutFailingAt(step: Step): CheckoutService {
    const { services } = testApp;
    const failIf = (at: Step) => {
      if (at === step) throw new InjectedFailure(`injected at ${step}`);
    };
    // The purchase reads the listing, the buyer and the wallet in one statement, and takes the code
    // in its claim statement: each step fails right after the statement that does its real work.
    const statements: PurchaseStatements = {
      read: async (tx, request) => {
        const facts = await purchaseStatements.read(tx, request);
        failIf('listing');
        failIf('buyer');
        failIf('wallet');
        return facts;
      },
      claim: async (tx, order, events) => {
        const claim = await purchaseStatements.claim(tx, order, events);
        failIf('code');
        return claim;
      },
    };
    class FailingLedger extends LedgerService {
      override async post(tx: Tx, posting: Posting) {
        const result = await super.post(tx, posting);
        failIf('ledger');
        return result;
      }
    }
    return new CheckoutService(
      services.database,
      new FailingLedger(),
      statements,
      services.config.escrow,
      async () => failIf('after-order'),
    );
  }

  async function snapshot() {
    const { rows } = await testApp.services.database.execute<{
      orders: number;
      entries: number;
      sold: number;
      jobs: number;
    }>(sql`
      select (select count(*)::int from orders) as orders,
             (select count(*)::int from ledger_entries) as entries,
             (select count(*)::int from codes where status <> 'AVAILABLE') as sold,
             (select count(*)::int from graphile_worker.jobs) as jobs`);
    return rows[0];
  }

  it.each(steps)('leaves no trace when the step "%s" fails', async (step) => {
    // given a funded buyer and a listing with stock
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 1 });
    const before = await snapshot();
    // when the purchase fails at this step
    await expect(
      checkoutFailingAt(step).purchase(buyer.rawId, {
        listingId: fromGlobalId(listingId, 'Listing'),
        idempotencyKey: `k-${step}`,
      }),
    ).rejects.toBeInstanceOf(InjectedFailure);
    // then nothing changed: no order, no entries, the code still for sale, the wallet whole
    expect(await snapshot()).toEqual(before);
    expect(await testApp.services.ledger.balance(testApp.services.database, wallet(buyer.rawId, 'EUR'))).toBe(
      5_000,
    );
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    // and the same purchase then succeeds through the real service
    const retried = await testApp.services.checkout.purchase(buyer.rawId, {
      listingId: fromGlobalId(listingId, 'Listing'),
      idempotencyKey: `k-${step}`,
    });
    expect('order' in retried).toBe(true);
  });
});
