import crypto from 'node:crypto';
import { wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { SessionEndedError } from '../auth/session-ended';
import {
  banThroughApi,
  createStaff,
  queryDatabase,
  someoneWaitsForALock,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import {
  createListing,
  fundWallet,
  heldAfterClaim,
  newBuyer,
  newSeller,
  purchaseMutation,
  type Party,
  type PurchaseAnswer,
} from '../../test/marketplace';
import { disputedOrder, heldOrder } from '../../test/dispute-helpers';

/**
 * A purchase holds the request's session FOR SHARE from its first statement to its end
 * (auth.queries openSessionCondition): a revocation (a ban, a password change, a logout) waits for
 * the purchases already in flight on that session, and a purchase that meets an uncommitted
 * revocation waits for it and is refused. So no purchase commits after the revocation answered,
 * whatever the session cache still believed. Both orders are held deterministically.
 */
describe('a purchase and its session', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (party: Party) =>
    testApp.services.ledger.balance(testApp.services.database, wallet(party.rawId, 'EUR'));

  async function openSession(party: Party): Promise<string> {
    const rows = await queryDatabase(
      testApp,
      'select id from sessions where user_id = $1 and revoked_at is null',
      [party.rawId],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.id as string;
  }

  async function ordersOf(party: Party): Promise<number> {
    const [row] = await queryDatabase(
      testApp,
      'select count(*)::int as count from orders where buyer_id = $1',
      [party.rawId],
    );
    return row!.count as number;
  }

  it('given a purchase in flight on a session, then a ban waits for it, and the buyer is signed out after', async () => {
    const admin = await createStaff(testApp, ['ADMIN']);
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 3 });
    const held = heldAfterClaim(testApp, buyer, listingId, await openSession(buyer));
    await held.reachedClaim;
    // when an admin bans the buyer while the purchase is between its claim and its commit
    let banDone = false;
    const ban = banThroughApi(admin.client, buyer.id, 'BUYER').finally(() => (banDone = true));
    await someoneWaitsForALock(testApp);
    // then the ban waits for the purchase, which commits first
    expect(banDone).toBe(false);
    held.release();
    expect(await held.result).toMatchObject({ replayed: false, order: { priceAmount: 1_000 } });
    await ban;
    // and the ban answered after it: the buyer's next purchase is refused signed out, charging nothing
    const after = await buyer.client.graphql<PurchaseAnswer>(purchaseMutation, {
      input: { listingId, idempotencyKey: crypto.randomUUID() },
    });
    expect(after.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    expect(await balance(buyer)).toBe(4_000);
    expect(await ordersOf(buyer)).toBe(1);
  });

  it('given a revocation of the session not yet committed, then a purchase on it waits, and is refused signed out once it commits', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 3 });
    const sessionId = await openSession(buyer);
    // A revocation behind the API's back (no event): the session cache, if it holds the session, still trusts it.
    const revocation = await testApp.database.$client.connect();
    try {
      await revocation.query('begin');
      await revocation.query(
        `update sessions set revoked_at = now(), revoked_reason = 'TEST' where id = $1`,
        [sessionId],
      );
      // when the buyer buys while the revocation is uncommitted
      const attempt = buyer.client.graphql<PurchaseAnswer>(purchaseMutation, {
        input: { listingId, idempotencyKey: crypto.randomUUID() },
      });
      await someoneWaitsForALock(testApp);
      await revocation.query('commit');
      // then the purchase, which waited for it, is refused signed out
      const answer = await attempt;
      expect(answer.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      expect(answer.errors?.[0]?.message).toMatch(/session has ended/);
    } finally {
      revocation.release();
    }
    // and nothing was charged or sold
    expect(await balance(buyer)).toBe(5_000);
    expect(await ordersOf(buyer)).toBe(0);
  });

  it('given a revoked session, then the purchase service refuses it with SessionEndedError and rolls back', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 1 });
    const sessionId = await openSession(buyer);
    await queryDatabase(
      testApp,
      `update sessions set revoked_at = now(), revoked_reason = 'TEST' where id = $1`,
      [sessionId],
    );
    await expect(
      testApp.services.checkout.purchase(buyer.rawId, {
        listingId: fromGlobalId(listingId, 'Listing'),
        idempotencyKey: crypto.randomUUID(),
        sessionId,
      }),
    ).rejects.toBeInstanceOf(SessionEndedError);
    // and another user's open session is no credential for this buyer either
    const other = await newBuyer(testApp);
    await expect(
      testApp.services.checkout.purchase(buyer.rawId, {
        listingId: fromGlobalId(listingId, 'Listing'),
        idempotencyKey: crypto.randomUUID(),
        sessionId: await openSession(other),
      }),
    ).rejects.toBeInstanceOf(SessionEndedError);
    expect(await balance(buyer)).toBe(5_000);
    expect(await ordersOf(buyer)).toBe(0);
  });

  /** Revokes `sessionId` in a transaction of its own, behind the API's back (no event), held open until `commit`. */
  async function uncommittedRevocation(sessionId: string) {
    const client = await testApp.database.$client.connect();
    await client.query('begin');
    await client.query(`update sessions set revoked_at = now(), revoked_reason = 'TEST' where id = $1`, [
      sessionId,
    ]);
    return {
      commit: async () => {
        await client.query('commit');
        client.release();
      },
    };
  }

  it('given a revocation of the session not yet committed, then a dispute message on it waits, and is refused signed out once it commits', async () => {
    const order = await disputedOrder(testApp);
    const revocation = await uncommittedRevocation(await openSession(order.buyer));
    // when the buyer writes in their dispute while the revocation is uncommitted
    const attempt = order.buyer.client.graphql(
      `mutation ($input: PostDisputeMessageInput!) { postDisputeMessage(input: $input) { errors { code } } }`,
      {
        input: { disputeId: order.disputeId, message: 'Still waiting for a working code.', attachments: [] },
      },
    );
    await someoneWaitsForALock(testApp);
    await revocation.commit();
    // then it is refused signed out, and nothing was written
    expect((await attempt).errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    const messages = await queryDatabase(testApp, 'select body from dispute_messages where dispute_id = $1', [
      order.rawDisputeId,
    ]);
    expect(messages.map((row) => row.body)).not.toContain('Still waiting for a working code.');
  });

  it('given a revocation of the session not yet committed, then revealing a code on it waits, and is refused signed out once it commits', async () => {
    const order = await heldOrder(testApp);
    const revocation = await uncommittedRevocation(await openSession(order.buyer));
    const attempt = order.buyer.client.graphql(
      `mutation ($input: OrderInput!) { revealCode(input: $input) { code errors { code } } }`,
      { input: { orderId: order.orderId } },
    );
    await someoneWaitsForALock(testApp);
    await revocation.commit();
    const answer = await attempt;
    expect(answer.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(answer.data ?? null)).not.toMatch(/KEY-/);
    const reveals = await queryDatabase(
      testApp,
      'select count(*)::int as count from code_reveals where order_id = $1',
      [order.rawOrderId],
    );
    expect(reveals[0]!.count).toBe(0);
  });
});
