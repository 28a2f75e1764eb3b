import { queryDatabase, type TestApp } from './harness';
import { createListing, fundWallet, newBuyer, purchase, type Party } from './marketplace';
import { onboardedSeller } from './payout-account-helpers';
import { emulatorOf, settle } from './wallet-helpers';

/** Payout fixtures: onboarded sellers with released, eligible orders, built through the public API. */

export { onboardedSeller };

/**
 * `count` orders of `seller` bought by a new buyer and confirmed (released), each at `price`, then
 * tracked by the eligibility job. With PAYOUT_HOLD_HOURS=0 they are ELIGIBLE at once (for an
 * enabled seller). Returns the orders' raw ids, oldest first.
 */
export async function releasedOrders(
  testApp: TestApp,
  seller: Party,
  count: number,
  options: { price?: number; currency?: string } = {},
): Promise<string[]> {
  const price = options.price ?? 1_000;
  const currency = options.currency ?? 'EUR';
  const buyer = await newBuyer(testApp);
  await fundWallet(testApp, buyer, price * count, currency);
  const { listingId } = await createListing(seller, { price, currency, codes: count });
  const orderIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await purchase(buyer, listingId);
    if (!answer.order) throw new Error(`purchase failed: ${JSON.stringify(answer.errors)}`);
    const confirmed = await buyer.client.data<{ confirmDelivery: { errors: unknown[] } }>(
      `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code message } } }`,
      { input: { orderId: answer.order.id } },
    );
    if (confirmed.confirmDelivery.errors.length > 0)
      throw new Error(`confirmDelivery failed: ${JSON.stringify(confirmed.confirmDelivery.errors)}`);
    const [row] = await queryDatabase(
      testApp,
      'select id from orders where seller_id = $1 order by created_at desc limit 1',
      [seller.rawId],
    );
    orderIds.push(String(row!['id']));
  }
  await testApp.services.payoutEligibility.refreshAll();
  return orderIds;
}

/** The platform's Stripe balance, as top-ups would have funded it (transfers draw on it). */
export function fundPlatform(testApp: TestApp, amount: number, currency = 'EUR'): void {
  emulatorOf(testApp).creditBalance(currency, amount);
}

/** Runs jobs and lets webhooks arrive until nothing is left to do (withdrawal → transfer → events). */
export async function runPayoutJobs(testApp: TestApp, rounds = 4): Promise<void> {
  for (let round = 0; round < rounds; round++) await settle(testApp);
}

export async function payoutOrderStates(
  testApp: TestApp,
  orderIds: string[],
): Promise<Record<string, string>> {
  const rows = await queryDatabase(
    testApp,
    'select order_id, state from payout_orders where order_id = any($1::uuid[])',
    [orderIds],
  );
  return Object.fromEntries(rows.map((row) => [String(row['order_id']), String(row['state'])]));
}

/** Transfers the emulator made to `accountId`, newest first. */
export async function transfersTo(testApp: TestApp, accountId: string) {
  const transfers = [];
  for await (const transfer of testApp.services.stripe.listTransfers({})) {
    if (transfer.destination === accountId) transfers.push(transfer);
  }
  return transfers;
}
