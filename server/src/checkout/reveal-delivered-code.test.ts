import { eq } from 'drizzle-orm';
import { newStaff, openDispute, type Staff } from '../../test/dispute-helpers';
import { queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from '../../test/marketplace';
import { codeReveals, orders } from './checkout.tables';

/**
 * revealDeliveredCode: the code an order delivered, for its seller, for support once the order
 * was disputed, and for admins; each reveal in the audit log with its reason, none of them counted
 * as the buyer's reveal (the dispute evidence).
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

const revealMutation = `mutation ($input: RevealDeliveredCodeInput!) {
  revealDeliveredCode(input: $input) { code order { id } errors { code field } }
}`;

type Reveal = {
  revealDeliveredCode: {
    code: string | null;
    order: { id: string } | null;
    errors: { code: string; field: string | null }[];
  };
};

async function reveal(viewer: Party | Staff, orderId: string, reason = 'Checking the buyer’s screenshot.') {
  return (await viewer.client.data<Reveal>(revealMutation, { input: { orderId, reason } }))
    .revealDeliveredCode;
}

async function sale() {
  const seller = await newSeller(testApp);
  const buyer = await newBuyer(testApp);
  await fundWallet(testApp, buyer, 2_000);
  const { listingId, codes } = await createListing(seller, { price: 2_000 });
  const bought = await purchase(buyer, listingId);
  return { seller, buyer, orderId: bought.order!.id, code: codes[0]! };
}

async function revealsAudited(orderId: string) {
  return queryDatabase(
    testApp,
    `select actor_user_id, details->>'reason' as reason, details->>'as' as as_kind
       from audit_log where action = 'order.code_revealed' and subject_id = $1 order by id`,
    [rawId(orderId)],
  );
}

it('shows the seller the code their sale delivered, and another seller nothing', async () => {
  const { seller, orderId, code } = await sale();
  expect(await reveal(seller, orderId)).toEqual({ code, order: { id: orderId }, errors: [] });
  const stranger = await newSeller(testApp);
  expect(await reveal(stranger, orderId)).toEqual({
    code: null,
    order: null,
    errors: [{ code: 'ORDER_NOT_FOUND', field: 'orderId' }],
  });
  expect(await revealsAudited(orderId)).toEqual([
    { actor_user_id: seller.rawId, reason: 'Checking the buyer’s screenshot.', as_kind: 'SELLER' },
  ]);
});

it('shows support the code only once the order was disputed, and admins any order, each reveal audited', async () => {
  // given a sale, a support agent and an admin
  const { buyer, orderId, code } = await sale();
  const support = await newStaff(testApp, ['SUPPORT']);
  const admin = await newStaff(testApp, ['ADMIN']);

  // then support is refused before a dispute, admins are not
  expect((await reveal(support, orderId)).errors).toEqual([{ code: 'NO_DISPUTE', field: 'orderId' }]);
  expect((await reveal(admin, orderId)).code).toBe(code);

  // and once the buyer disputed it, support sees it
  expect((await openDispute(buyer, orderId)).errors).toEqual([]);
  expect((await reveal(support, orderId, 'Matching the code in the dispute.')).code).toBe(code);
  expect(await revealsAudited(orderId)).toEqual([
    { actor_user_id: admin.rawId, reason: 'Checking the buyer’s screenshot.', as_kind: 'ADMIN' },
    { actor_user_id: support.rawId, reason: 'Matching the code in the dispute.', as_kind: 'SUPPORT' },
  ]);
});

it("leaves the buyer's reveal record alone, and refuses a missing reason or order, recording nothing", async () => {
  const { seller, orderId } = await sale();
  expect((await reveal(seller, orderId, '  ')).errors).toEqual([{ code: 'INVALID_REASON', field: 'reason' }]);
  expect((await reveal(seller, 'T3JkZXI6bm9wZQ')).errors).toEqual([
    { code: 'ORDER_NOT_FOUND', field: 'orderId' },
  ]);
  expect(await revealsAudited(orderId)).toEqual([]);

  expect((await reveal(seller, orderId)).code).not.toBeNull();
  const raw = rawId(orderId);
  expect(await testApp.database.select().from(codeReveals).where(eq(codeReveals.orderId, raw))).toEqual([]);
  const [order] = await testApp.database
    .select({ codeRevealedAt: orders.codeRevealedAt })
    .from(orders)
    .where(eq(orders.id, raw));
  expect(order).toEqual({ codeRevealedAt: null });
});
