import crypto from 'node:crypto';
import { toGlobalId } from '../src/graphql/relay';
import { createStaff, queryDatabase, rawId, startTestApp, type TestApp, type TestClient } from './harness';
import { createListing, newSeller, purchase } from './marketplace';
import { createTopUp, emulatorOf, pay, paymentIntentOf, settle, type Buyer } from './wallet-helpers';

/**
 * An account may be staff and also buy or sell (createStaffUser takes customer roles). No one
 * decides a case where their own money is at stake: refunds and releases of their own orders are
 * OWN_ORDER (decisions.test.ts), a risk override of their own tier SELF_OVERRIDE, and here their
 * own payout hold, wallet flag and chargeback write-off are OWN_ACCOUNT. A colleague decides them.
 */

let testApp: TestApp;
let colleague: TestClient;

beforeAll(async () => {
  testApp = await startTestApp({ PAYOUT_HOLD_HOURS: '0' });
  colleague = (await createStaff(testApp, ['ADMIN'])).client;
});
afterAll(async () => {
  await testApp.close();
});
afterEach(() => emulatorOf(testApp).resumeDeliveries());

/** An account that is admin, buyer and seller, signed in. */
async function adminCustomer(): Promise<Buyer> {
  const { client } = await createStaff(testApp, ['ADMIN', 'BUYER', 'SELLER']);
  const userId = (await client.data<{ me: { id: string } }>('{ me { id } }')).me.id;
  return { client, userId, rawId: rawId(userId) };
}

/** What a refused decision must leave as it was. */
async function decisionState(userRawId: string): Promise<unknown> {
  const [row] = await queryDatabase(
    testApp,
    `select (select count(*)::int from audit_log) as audit_entries,
            (select count(*)::int from ledger_transactions) as transactions,
            (select count(*)::int from payout_holds where seller_id = $1 and lifted_at is null) as active_holds,
            (select count(*)::int from chargeback_write_offs) as write_offs,
            (select string_agg(status::text, ',') from wallets where buyer_id = $1) as wallets`,
    [userRawId],
  );
  return row;
}

const setHoldMutation = `mutation ($input: SetPayoutHoldInput!) {
  setPayoutHold(input: $input) { hold { id } errors { code message field } } }`;
const liftHoldMutation = `mutation ($input: LiftPayoutHoldInput!) {
  liftPayoutHold(input: $input) { hold { id } errors { code message field } } }`;

type Errors = { code: string; message: string; field: string | null }[];

async function hold(client: TestClient, mutation: string, sellerId: string): Promise<Errors> {
  const data = await client.data<Record<string, { errors: Errors }>>(mutation, {
    input: { sellerId, reason: 'Checking a report about this seller.' },
  });
  return Object.values(data)[0]!.errors;
}

it("refuses an admin who sells their own payout hold, set or lifted, and lets a colleague's stand", async () => {
  // given an admin who also sells, whose payouts a colleague held
  const self = await adminCustomer();
  expect(await hold(colleague, setHoldMutation, self.userId)).toEqual([]);
  const before = await decisionState(self.rawId);

  // when they lift the hold themselves, or set another on themselves
  const lifted = await hold(self.client, liftHoldMutation, self.userId);

  // then OWN_ACCOUNT, and the colleague's hold stands
  expect(lifted).toEqual([
    { code: 'OWN_ACCOUNT', message: expect.stringContaining('another admin'), field: 'sellerId' },
  ]);
  expect(await decisionState(self.rawId)).toEqual(before);
  expect((await hold(colleague, liftHoldMutation, self.userId)).map((error) => error.code)).toEqual([]);
  expect((await hold(self.client, setHoldMutation, self.userId)).map((error) => error.code)).toEqual([
    'OWN_ACCOUNT',
  ]);
});

it('refuses an admin who buys the lifting of their own wallet flag and the write-off of their own lost chargeback; a colleague may', async () => {
  // given an admin who also buys, topped up 20.00 with a card later disputed, spent it all, and lost the chargeback
  const self = await adminCustomer();
  const seller = await newSeller(testApp);
  const emulator = emulatorOf(testApp);
  emulator.pauseDeliveries();
  const topUp = await createTopUp(self, { amount: 2_000 });
  expect(await pay(testApp, topUp.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
  const disputes = emulator.queuedEvents().filter((event) => event.type === 'charge.dispute.created');
  for (const event of emulator.queuedEvents()) {
    if (event.type !== 'charge.dispute.created') await emulator.deliver(event.id);
  }
  await testApp.services.jobs.runJobsOnce();
  const { listingId } = await createListing(seller, { price: 2_000 });
  expect((await purchase({ ...self, id: self.userId }, listingId)).errors).toEqual([]);
  for (const event of disputes) await emulator.deliver(event.id);
  emulator.resumeDeliveries();
  await settle(testApp);
  const stripeDispute = emulator.disputeOf(paymentIntentOf(topUp.clientSecret))!;
  emulator.closeDispute(String(stripeDispute['id']), 'lost');
  await settle(testApp);
  const [chargeback] = await queryDatabase(testApp, 'select id from chargebacks where buyer_id = $1', [
    self.rawId,
  ]);
  const chargebackId = toGlobalId('Chargeback', String(chargeback!['id']));
  const before = await decisionState(self.rawId);
  expect(before).toMatchObject({ wallets: 'WALLET_AT_RISK' });

  // when they write their own loss off, and lift their own flag
  const writeOff = await self.client.data<{ writeOffChargebackLoss: { errors: Errors } }>(
    `mutation ($input: WriteOffChargebackLossInput!) { writeOffChargebackLoss(input: $input) { errors { code message field } } }`,
    { input: { chargebackId, reason: 'Writing off a card loss.', idempotencyKey: crypto.randomUUID() } },
  );
  const liftFlag = (client: TestClient) =>
    client.data<{ liftWalletFlag: { errors: Errors } }>(
      `mutation ($input: LiftWalletFlagInput!) { liftWalletFlag(input: $input) { errors { code message field } } }`,
      { input: { buyerId: self.userId, reason: 'Spoke to the buyer, all fine.' } },
    );
  const lifted = await liftFlag(self.client);

  // then both are OWN_ACCOUNT, and nothing moved or was recorded
  expect(writeOff.writeOffChargebackLoss.errors).toEqual([
    { code: 'OWN_ACCOUNT', message: expect.stringContaining('another admin'), field: 'chargebackId' },
  ]);
  expect(lifted.liftWalletFlag.errors).toEqual([
    { code: 'OWN_ACCOUNT', message: expect.stringContaining('another admin'), field: 'buyerId' },
  ]);
  expect(await decisionState(self.rawId)).toEqual(before);

  // and a colleague may lift the flag
  expect((await liftFlag(colleague)).liftWalletFlag.errors).toEqual([]);
});
