import crypto from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { escrow, platformFees, sellerEarnings, wallet } from '../domain/posting-rules';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase } from '../../test/marketplace';
import { codeReveals, orders } from './checkout.tables';
import { AutoReleaseSweep } from './escrow.jobs';
import { verifyEscrowMirrors } from './escrow-mirror';

describe('purchaseListing', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const balance = (ref: Parameters<TestApp['services']['ledger']['balance']>[1]) =>
    testApp.services.ledger.balance(testApp.services.database, ref);
  const orderCount = async () =>
    (await testApp.services.database.select({ count: sql<number>`count(*)::int` }).from(orders))[0]!.count;

  it('moves the price from the wallet into escrow, sells the code and creates the order, in one step', async () => {
    // given a funded buyer and a listing with one code
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 5_000);
    const { listingId, codes } = await createListing(seller, { price: 1_999 });
    // when the buyer purchases it
    const result = await purchase(buyer, listingId);
    // then the order holds the price in escrow
    expect(result.errors).toEqual([]);
    expect(result.order).toMatchObject({ escrowStatus: 'HELD', price: { amount: 1_999, currency: 'EUR' } });
    const orderId = fromGlobalId(result.order!.id, 'Order')!;
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(3_001);
    expect(await balance(escrow(orderId, 'EUR'))).toBe(1_999);
    // and the code goes to the buyer only, with an audited reveal
    const reveal = await buyer.client.data<{ revealCode: { code: string | null; errors: unknown[] } }>(
      `mutation ($input: OrderInput!) { revealCode(input: $input) { code errors { code } } }`,
      { input: { orderId: result.order!.id } },
    );
    expect(reveal.revealCode.code).toBe(codes[0]);
    const reveals = await testApp.services.database
      .select()
      .from(codeReveals)
      .where(eq(codeReveals.orderId, orderId));
    expect(reveals).toHaveLength(1);
    expect(reveals[0]!.requestId).toBeTruthy();
    const sellerReveal = await seller.client.data<{
      revealCode: { code: string | null; errors: { code: string }[] };
    }>(`mutation ($input: OrderInput!) { revealCode(input: $input) { code errors { code } } }`, {
      input: { orderId: result.order!.id },
    });
    expect(sellerReveal.revealCode).toEqual({ code: null, errors: [{ code: 'ORDER_NOT_FOUND' }] });
  });

  it('refuses each broken rule with a typed error and changes nothing', async () => {
    const seller = await newSeller(testApp);
    const poorBuyer = await newBuyer(testApp);
    await fundWallet(testApp, poorBuyer, 100);
    const { listingId } = await createListing(seller, { price: 1_999 });
    const before = await orderCount();

    expect((await purchase(poorBuyer, listingId)).errors.map((error) => error.code)).toEqual([
      'INSUFFICIENT_FUNDS',
    ]);
    expect((await purchase(seller, listingId)).errors.map((error) => error.code)).toEqual(['OWN_LISTING']);
    const blocked = await newBuyer(testApp);
    await fundWallet(testApp, blocked, 5_000);
    await queryDatabase(testApp, `update users set status = 'DISABLED' where id = $1`, [blocked.rawId]);
    // A disabled account's session is refused outright; the service refuses it too, for other paths.
    const serviceResult = await testApp.services.checkout.purchase(blocked.rawId, {
      listingId: fromGlobalId(listingId, 'Listing'),
      idempotencyKey: 'blocked-1',
    });
    expect('errors' in serviceResult && serviceResult.errors.map((error) => error.code)).toEqual([
      'BUYER_BLOCKED',
    ]);

    const { listingId: empty } = await createListing(seller, { codes: 0 });
    const richBuyer = await newBuyer(testApp);
    await fundWallet(testApp, richBuyer, 50_000);
    expect((await purchase(richBuyer, empty)).errors.map((error) => error.code)).toEqual(['OUT_OF_STOCK']);
    expect((await purchase(richBuyer, 'not-an-id')).errors.map((error) => error.code)).toEqual([
      'LISTING_NOT_FOUND',
    ]);
    expect(
      (await purchase(richBuyer, listingId, 'bad key with spaces')).errors.map((error) => error.code),
    ).toEqual(['INVALID_IDEMPOTENCY_KEY']);

    expect(await orderCount()).toBe(before);
    expect(await balance(wallet(poorBuyer.rawId, 'EUR'))).toBe(100);
    expect(await balance(wallet(blocked.rawId, 'EUR'))).toBe(5_000);
    // the code is still for sale
    expect((await purchase(richBuyer, listingId)).errors).toEqual([]);
  });

  it('returns the first order for a repeated idempotency key and charges once; another request under the key is refused', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 10_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 5 });
    const { listingId: otherListing } = await createListing(seller, { price: 1_000, codes: 5 });
    const key = `order-${crypto.randomUUID()}`;

    const answers = await Promise.all(Array.from({ length: 8 }, () => purchase(buyer, listingId, key)));
    const orderIds = new Set(answers.map((answer) => answer.order?.id));
    expect(orderIds.size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(9_000);

    const reused = await purchase(buyer, otherListing, key);
    expect(reused.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(9_000);
  });

  it('names the one charged order in every answer when 20 retries of one key race for a listing with one code', async () => {
    // given a funded buyer and a listing with exactly one code
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 10_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 1 });
    const key = `retry-${crypto.randomUUID()}`;

    // when 20 requests with the same key arrive at once (the client's retries of one purchase)
    const answers = await Promise.all(Array.from({ length: 20 }, () => purchase(buyer, listingId, key)));

    // then every answer names the one order, none is refused, and the buyer paid once
    expect(answers.flatMap((answer) => answer.errors)).toEqual([]);
    const orderIds = new Set(answers.map((answer) => answer.order?.id));
    expect(orderIds.size).toBe(1);
    expect([...orderIds][0]).toBeDefined();
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(9_000);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);

    // and the same key racing again on this listing and on another one: replays and IDEMPOTENCY_KEY_REUSED
    const { listingId: otherListing } = await createListing(seller, { price: 1_000, codes: 1 });
    const mixed = await Promise.all(
      Array.from({ length: 20 }, (_, index) => purchase(buyer, index % 2 ? otherListing : listingId, key)),
    );
    mixed.forEach((answer, index) => {
      if (index % 2) expect(answer.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      else expect(answer).toMatchObject({ order: { id: [...orderIds][0] }, replayed: true, errors: [] });
    });
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(9_000);
  });

  it('gives one order to a new key raced on two one-code listings, and IDEMPOTENCY_KEY_REUSED to the other listing', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 10_000);
    const listings = [
      (await createListing(seller, { price: 1_000, codes: 1 })).listingId,
      (await createListing(seller, { price: 1_000, codes: 1 })).listingId,
    ];
    const key = `race-${crypto.randomUUID()}`;

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => purchase(buyer, listings[index % 2]!, key)),
    );

    // the first request to hold the key decides which listing the key names; the other listing is refused
    const winner = answers.find((answer) => answer.order)!;
    expect(winner).toBeDefined();
    const winningSide = answers.indexOf(winner) % 2;
    answers.forEach((answer, index) => {
      if (index % 2 === winningSide)
        expect(answer).toMatchObject({ order: { id: winner.order!.id }, errors: [] });
      else expect(answer.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    });
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(9_000);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('sells the last code once when 200 buyers race for it', async () => {
    const seller = await newSeller(testApp);
    const { listingId } = await createListing(seller, { price: 500, codes: 1 });
    // Prepared 20 at a time: sign-ups share the server's bounded password pool (SERVER_BUSY past
    // its queue) and funding shares the pool of connections; only the purchases below race.
    const buyers: Awaited<ReturnType<typeof newBuyer>>[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const prepared = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const buyer = await newBuyer(testApp);
          await fundWallet(testApp, buyer, 500);
          return buyer;
        }),
      );
      buyers.push(...prepared);
    }

    const answers = await Promise.all(buyers.map((buyer) => purchase(buyer, listingId)));

    const sold = answers.filter((answer) => answer.order);
    const outOfStock = answers.filter((answer) => answer.errors[0]?.code === 'OUT_OF_STOCK');
    expect(sold).toHaveLength(1);
    expect(outOfStock).toHaveLength(199);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('gives exactly ten orders to 50 concurrent purchases from a wallet that covers ten', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 10 * 700);
    const { listingId } = await createListing(seller, { price: 700, codes: 60 });

    const answers = await Promise.all(Array.from({ length: 50 }, () => purchase(buyer, listingId)));

    expect(answers.filter((answer) => answer.order)).toHaveLength(10);
    expect(answers.filter((answer) => answer.errors[0]?.code === 'INSUFFICIENT_FUNDS')).toHaveLength(40);
    expect(await balance(wallet(buyer.rawId, 'EUR'))).toBe(0);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });
});

describe('confirmDelivery and escrow settlement', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ PLATFORM_FEE_BASIS_POINTS: '500', PAYOUT_HOLD_HOURS: '48' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function heldOrder() {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 2_000);
    const { listingId } = await createListing(seller, { price: 2_000 });
    const result = await purchase(buyer, listingId);
    return { seller, buyer, orderId: result.order!.id, rawOrderId: fromGlobalId(result.order!.id, 'Order')! };
  }

  it('releases escrow to the seller less the fee when the buyer confirms, and schedules payout eligibility', async () => {
    const { seller, buyer, orderId } = await heldOrder();
    const feesBefore = await testApp.services.ledger.balance(testApp.services.database, platformFees('EUR'));
    const data = await buyer.client.data<{
      confirmDelivery: {
        order: { escrowStatus: string; releasedAt: string; payoutEligibleAt: string } | null;
      };
    }>(
      `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { escrowStatus releasedAt payoutEligibleAt } errors { code } } }`,
      { input: { orderId } },
    );
    const order = data.confirmDelivery.order!;
    expect(order.escrowStatus).toBe('RELEASED');
    expect(Date.parse(order.payoutEligibleAt) - Date.parse(order.releasedAt)).toBe(48 * 3_600_000);
    expect(
      await testApp.services.ledger.balance(testApp.services.database, sellerEarnings(seller.rawId, 'EUR')),
    ).toBe(1_900);
    expect(
      (await testApp.services.ledger.balance(testApp.services.database, platformFees('EUR'))) - feesBefore,
    ).toBe(100);
  });

  it('is symmetric and idempotent: a second release replays, a refund after release is refused, and vice versa', async () => {
    const { services } = testApp;
    const released = await heldOrder();
    const refunded = await heldOrder();
    const run = <T>(
      work: (tx: Parameters<Parameters<typeof services.database.transaction>[0]>[0]) => Promise<T>,
    ) => services.database.transaction(work);

    expect(await run((tx) => services.escrow.release(tx, released.rawOrderId, 'ADMIN'))).toMatchObject({
      replayed: false,
    });
    expect(await run((tx) => services.escrow.release(tx, released.rawOrderId, 'ADMIN'))).toMatchObject({
      replayed: true,
    });
    expect(await run((tx) => services.escrow.refund(tx, released.rawOrderId, 'ADMIN'))).toMatchObject({
      error: { code: 'ESCROW_ALREADY_RELEASED' },
    });

    expect(await run((tx) => services.escrow.refund(tx, refunded.rawOrderId, 'ADMIN'))).toMatchObject({
      replayed: false,
    });
    expect(await run((tx) => services.escrow.refund(tx, refunded.rawOrderId, 'ADMIN'))).toMatchObject({
      replayed: true,
    });
    expect(await run((tx) => services.escrow.release(tx, refunded.rawOrderId, 'ADMIN'))).toMatchObject({
      error: { code: 'ESCROW_ALREADY_REFUNDED' },
    });
    expect(await services.ledger.balance(services.database, wallet(refunded.buyer.rawId, 'EUR'))).toBe(2_000);
    expect(ledgerIsClean(await verifyLedger(services.database))).toBe(true);
  });

  it('lets exactly one of a racing release and refund win', async () => {
    const { services } = testApp;
    for (let round = 0; round < 5; round++) {
      const { rawOrderId, buyer, seller } = await heldOrder();
      const results = await Promise.all([
        services.database.transaction((tx) => services.escrow.release(tx, rawOrderId, 'ADMIN')),
        services.database.transaction((tx) => services.escrow.refund(tx, rawOrderId, 'ADMIN')),
      ]);
      expect(results.filter((result) => 'order' in result)).toHaveLength(1);
      const walletBalance = await services.ledger.balance(services.database, wallet(buyer.rawId, 'EUR'));
      const earnings = await services.ledger.balance(services.database, sellerEarnings(seller.rawId, 'EUR'));
      const refundWon = walletBalance === 2_000 && earnings === 0;
      const releaseWon = walletBalance === 0 && earnings === 1_900;
      expect(refundWon !== releaseWon).toBe(true);
    }
    expect(ledgerIsClean(await verifyLedger(services.database))).toBe(true);
  });

  it('auto-releases an unconfirmed order after the protection window, and not before', async () => {
    const { rawOrderId } = await heldOrder();
    const [order] = await testApp.services.database.select().from(orders).where(eq(orders.id, rawOrderId));
    // the auto-release sweep, run as of just before the end of the window, leaves the order held
    // (it releases this file's earlier orders, whose windows ended before)
    await new AutoReleaseSweep(testApp.services.delivery).pass(
      undefined,
      new Date(order!.protectionEndsAt.getTime() - 1),
    );
    const [during] = await testApp.services.database.select().from(orders).where(eq(orders.id, rawOrderId));
    expect(during).toMatchObject({ escrowStatus: 'HELD', settledBy: null });
    expect(
      await testApp.services.delivery.autoRelease(
        rawOrderId,
        new Date(order!.protectionEndsAt.getTime() - 1),
      ),
    ).toBe('SKIPPED');
    expect(await testApp.services.delivery.autoRelease(rawOrderId, order!.protectionEndsAt)).toBe('RELEASED');
    const [after] = await testApp.services.database.select().from(orders).where(eq(orders.id, rawOrderId));
    expect(after).toMatchObject({ escrowStatus: 'RELEASED', settledBy: 'AUTO_RELEASE' });
  });

  it('replays a second confirmation, and refuses to confirm an order released without its buyer', async () => {
    const confirm = (buyer: Awaited<ReturnType<typeof heldOrder>>['buyer'], orderId: string) =>
      buyer.client.data<{
        confirmDelivery: {
          order: { escrowStatus: string; confirmedAt: string | null } | null;
          errors: { code: string; message: string }[];
        };
      }>(
        'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { order { escrowStatus confirmedAt } errors { code message } } }',
        { input: { orderId } },
      );
    // given an order its buyer confirmed: confirming again answers the same order
    const confirmed = await heldOrder();
    const first = await confirm(confirmed.buyer, confirmed.orderId);
    const again = await confirm(confirmed.buyer, confirmed.orderId);
    expect(again.confirmDelivery).toEqual(first.confirmDelivery);
    expect(again.confirmDelivery.order?.confirmedAt).not.toBeNull();

    // given orders released by the auto-release and by support
    const autoReleased = await heldOrder();
    const [held] = await testApp.services.database
      .select()
      .from(orders)
      .where(eq(orders.id, autoReleased.rawOrderId));
    expect(await testApp.services.delivery.autoRelease(autoReleased.rawOrderId, held!.protectionEndsAt)).toBe(
      'RELEASED',
    );
    const adminReleased = await heldOrder();
    await testApp.services.database.transaction((tx) =>
      testApp.services.escrow.release(tx, adminReleased.rawOrderId, 'ADMIN'),
    );

    // then their buyers' confirmations are refused, saying who released them, and nothing is confirmed
    const late = await confirm(autoReleased.buyer, autoReleased.orderId);
    expect(late.confirmDelivery.order).toBeNull();
    expect(late.confirmDelivery.errors).toEqual([
      { code: 'ESCROW_ALREADY_RELEASED', message: expect.stringContaining('protection window ended') },
    ]);
    const overruled = await confirm(adminReleased.buyer, adminReleased.orderId);
    expect(overruled.confirmDelivery.errors).toEqual([
      { code: 'ESCROW_ALREADY_RELEASED', message: expect.stringContaining('Support already released') },
    ]);
    const settled = await testApp.services.database
      .select({ confirmedAt: orders.confirmedAt, settledBy: orders.settledBy })
      .from(orders)
      .where(inArray(orders.id, [autoReleased.rawOrderId, adminReleased.rawOrderId]));
    expect(settled.map((row) => row.confirmedAt)).toEqual([null, null]);
  });
});

describe('verifyEscrowMirrors', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('finds every order consistent with the ledger, and reports one whose mirror was tampered with', async () => {
    const seller = await newSeller(testApp);
    const buyer = await newBuyer(testApp);
    await fundWallet(testApp, buyer, 3_000);
    const { listingId } = await createListing(seller, { price: 1_000, codes: 2 });
    const held = await purchase(buyer, listingId);
    const settled = await purchase(buyer, listingId);
    const settledId = fromGlobalId(settled.order!.id, 'Order')!;
    await testApp.services.database.transaction((tx) =>
      testApp.services.escrow.refund(tx, settledId, 'ADMIN'),
    );
    expect(await verifyEscrowMirrors(testApp.services.database)).toEqual({ orders: 2, mismatches: [] });

    // the database refuses to move a settled order back; behind its trigger, the check still sees it
    await testApp.services.database.execute(
      sql`alter table orders disable trigger orders_escrow_status_final`,
    );
    await testApp.services.database.execute(
      sql`update orders set escrow_status = 'RELEASED', refunded_at = null, released_at = now() where id = ${settledId}`,
    );
    const report = await verifyEscrowMirrors(testApp.services.database);
    expect(report.mismatches).toEqual([
      { orderId: settledId, escrowStatus: 'RELEASED', escrowBalance: 0, settlements: ['REFUND'] },
    ]);
    expect(held.order).not.toBeNull();
  });
});
