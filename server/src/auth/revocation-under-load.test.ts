import { sql } from 'drizzle-orm';
import pg from 'pg';
import { withTransaction } from '../db/transaction';
import { fromGlobalId } from '../graphql/relay';
import {
  logIn,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  untilWaitingBehind,
  type TestApp,
} from '../../test/harness';
import { createListing, fundWallet, newSeller, purchaseMutation, type Party } from '../../test/marketplace';

/**
 * A revocation is not starved by the purchases it must end. Each purchase share-locks its session
 * and wallets until it commits; PostgreSQL lets a new share locker in beside the ones holding a row
 * while an UPDATE waits for them, so a buyer (or a thief with their session) buying in a loop kept
 * the session row locked without a gap, and a ban, a password change or a sign-out everywhere waited
 * until its statement timed out (the crowd probe: 16 purchase loops, 15 s, INTERNAL_SERVER_ERROR).
 * Now the revocation takes the account's gate first (db/account-gate.ts): it waits for the purchases
 * in flight only, and the next purchase waits for it, then finds its session ended.
 */
describe('a revocation while the account is buying', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const purchaseAnswer = (buyer: TestClient, listingId: string) =>
    buyer.graphql<{ purchaseListing: { order: { id: string } | null; errors: { code: string }[] } }>(
      purchaseMutation,
      {
        input: { listingId, idempotencyKey: crypto.randomUUID() },
      },
    );

  it('signs out everywhere between two purchases, and the purchase that came after it is refused', async () => {
    // given a buyer signed in on two browsers, one of them buying, and a listing whose row the test
    // holds, so that a purchase stays in flight with its session share-locked
    const seller = await newSeller(testApp);
    const account = await signUp(testApp.baseUrl);
    const buyer: Party = {
      client: account.client,
      id: account.userId,
      rawId: fromGlobalId(account.userId, 'User')!,
    };
    await fundWallet(testApp, buyer, 10_000);
    const { listingId } = await createListing(seller, { price: 100, codes: 5 });
    const owner = new TestClient(testApp.baseUrl);
    await logIn(owner, account.email, account.password);
    const holder = new pg.Client({ connectionString: testApp.config.database.url });
    await holder.connect();
    const answered: string[] = [];
    try {
      await holder.query('begin');
      await holder.query('select 1 from listings where id = $1 for update', [
        fromGlobalId(listingId, 'Listing'),
      ]);
      const first = purchaseAnswer(buyer.client, listingId).finally(() => answered.push('first purchase'));
      await untilWaitingBehind(testApp, holder, 1);

      // when the owner signs out everywhere from the other browser, and the buyer buys again meanwhile
      const signOut = owner
        .data(`mutation { logOut(input: { allSessions: true }) { loggedOut } }`)
        .finally(() => answered.push('sign-out everywhere'));
      await untilWaitingBehind(testApp, holder, 2);
      const second = purchaseAnswer(buyer.client, listingId).finally(() => answered.push('second purchase'));
      await untilWaitingBehind(testApp, holder, 3);
      await holder.query('commit');

      // then the purchase in flight commits, the sign-out lands after it and before the next
      // purchase, which is refused as signed out
      const [firstAnswer, , secondAnswer] = await Promise.all([first, signOut, second]);
      expect(firstAnswer.data?.purchaseListing.order).not.toBeNull();
      expect(answered).toEqual(['first purchase', 'sign-out everywhere', 'second purchase']);
      expect(secondAnswer.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(
        await queryDatabase(testApp, 'select count(*)::int as count from orders where buyer_id = $1', [
          buyer.rawId,
        ]),
      ).toEqual([{ count: 1 }]);
    } finally {
      await holder.end();
    }
  });

  it('flags a wallet (a chargeback) between two purchases, and the purchase that came after it is refused', async () => {
    // given a buyer's purchase in flight, its wallet share-locked, as above
    const seller = await newSeller(testApp);
    const account = await signUp(testApp.baseUrl);
    const buyer: Party = {
      client: account.client,
      id: account.userId,
      rawId: fromGlobalId(account.userId, 'User')!,
    };
    await fundWallet(testApp, buyer, 10_000);
    const { listingId } = await createListing(seller, { price: 100, codes: 5 });
    const holder = new pg.Client({ connectionString: testApp.config.database.url });
    await holder.connect();
    const answered: string[] = [];
    try {
      await holder.query('begin');
      await holder.query('select 1 from listings where id = $1 for update', [
        fromGlobalId(listingId, 'Listing'),
      ]);
      const first = purchaseAnswer(buyer.client, listingId).finally(() => answered.push('first purchase'));
      await untilWaitingBehind(testApp, holder, 1);

      // when a chargeback flags the wallet, as ChargebackService does (lockWallet first), and the
      // buyer buys again meanwhile
      const flagging = withTransaction(testApp.services.database, async (tx) => {
        const wallet = await testApp.services.wallet.lockWallet(tx, buyer.rawId, 'EUR');
        await tx.execute(
          sql`update wallets set status = 'WALLET_AT_RISK', flagged_reason = 'CHARGEBACK', flagged_at = now()
               where id = ${wallet.id}`,
        );
      }).finally(() => answered.push('wallet flagged'));
      await untilWaitingBehind(testApp, holder, 2);
      const second = purchaseAnswer(buyer.client, listingId).finally(() => answered.push('second purchase'));
      await untilWaitingBehind(testApp, holder, 3);
      await holder.query('commit');

      // then the purchase in flight commits, the flag lands before the next purchase, which reads it
      // (its gate taken with BEGIN, before its read: a read that waited for the gate within itself
      // bought from the flagged wallet) and is refused
      const [firstAnswer, , secondAnswer] = await Promise.all([first, flagging, second]);
      expect(firstAnswer.data?.purchaseListing.order).not.toBeNull();
      expect(answered).toEqual(['first purchase', 'wallet flagged', 'second purchase']);
      expect(secondAnswer.data?.purchaseListing.errors.map((error) => error.code)).toEqual([
        'WALLET_AT_RISK',
      ]);
    } finally {
      await holder.end();
    }
  });
});
