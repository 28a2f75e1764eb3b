import { commandLineMeta } from '../shared/request-meta';
import { newStaff } from '../../test/dispute-helpers';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import type { Party } from '../../test/marketplace';
import { onboardedSeller, releasedOrders } from '../../test/payout-helpers';

/**
 * A crowd probe saw a banned seller's orders still ELIGIBLE on admin screens for minutes, until the
 * next eligibility refresh (no money moved on it: every allocation and send re-checks). A change of
 * a tier in force now re-derives the seller's payout orders in the transaction that changes it.
 */
describe("a seller's payout orders follow their risk tier at once", () => {
  let testApp: TestApp;
  let adminId: string;
  const meta = commandLineMeta('test');

  beforeAll(async () => {
    testApp = await startTestApp({ PAYOUT_HOLD_HOURS: '0' });
    adminId = (await newStaff(testApp, ['ADMIN'])).rawId;
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function orderStates(seller: Party) {
    return queryDatabase(
      testApp,
      'select state, blocked_reason from payout_orders where seller_id = $1 order by order_id',
      [seller.rawId],
    );
  }

  async function override(seller: Party, tier: 'BANNED' | 'AT_RISK') {
    const result = await testApp.services.riskOverrides.overrideTier(
      adminId,
      {
        userId: seller.rawId,
        role: 'SELLER',
        tier,
        reason: 'payout orders follow the tier',
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      meta,
    );
    expect('profile' in result).toBe(true);
  }

  async function clear(seller: Party) {
    const result = await testApp.services.riskOverrides.clearOverride(
      adminId,
      { userId: seller.rawId, role: 'SELLER', reason: 'review done' },
      meta,
    );
    expect('profile' in result).toBe(true);
  }

  it('blocks them when the seller is banned or put AT_RISK, and unblocks them when that ends, with no refresh run', async () => {
    // given a seller with two eligible orders
    const { seller } = await onboardedSeller(testApp);
    await releasedOrders(testApp, seller, 2);
    const eligible = { state: 'ELIGIBLE', blocked_reason: null };
    expect(await orderStates(seller)).toEqual([eligible, eligible]);

    // when an admin bans them, then the orders are blocked in the same transaction
    await override(seller, 'BANNED');
    const banned = { state: 'BLOCKED', blocked_reason: 'SELLER_BANNED' };
    expect(await orderStates(seller)).toEqual([banned, banned]);

    // when the ban is cleared, they are eligible again
    await clear(seller);
    expect(await orderStates(seller)).toEqual([eligible, eligible]);

    // and AT_RISK blocks them with its own reason
    await override(seller, 'AT_RISK');
    const atRisk = { state: 'BLOCKED', blocked_reason: 'SELLER_AT_RISK' };
    expect(await orderStates(seller)).toEqual([atRisk, atRisk]);
  });
});
