import { openPayoutOrderState, PayoutBlockReason, type OrderPayoutFacts } from './payout-eligibility';

const now = new Date('2026-12-03T12:00:00Z');
const clear: OrderPayoutFacts = {
  eligibleFrom: new Date('2026-12-01T12:00:00Z'),
  openDispute: false,
  buyerWalletOnHold: false,
  sellerBanned: false,
  sellerAtRisk: false,
  adminHold: false,
  accountEnabled: true,
};

describe('openPayoutOrderState', () => {
  it('is ELIGIBLE past the hold with nothing in the way, HELD inside it', () => {
    expect(openPayoutOrderState(clear, now)).toEqual({ state: 'ELIGIBLE', blockedReason: null });
    expect(openPayoutOrderState({ ...clear, eligibleFrom: new Date('2026-12-04T00:00:00Z') }, now)).toEqual({
      state: 'HELD',
      blockedReason: null,
    });
  });

  it.each([
    [{ sellerBanned: true, adminHold: true, buyerWalletOnHold: true }, PayoutBlockReason.SELLER_BANNED],
    [{ adminHold: true, sellerAtRisk: true }, PayoutBlockReason.ADMIN_HOLD],
    [{ sellerAtRisk: true, openDispute: true }, PayoutBlockReason.SELLER_AT_RISK],
    [{ openDispute: true, buyerWalletOnHold: true }, PayoutBlockReason.OPEN_DISPUTE],
    [{ buyerWalletOnHold: true, accountEnabled: false }, PayoutBlockReason.BUYER_CHARGEBACK],
    [{ accountEnabled: false }, PayoutBlockReason.ACCOUNT_NOT_ENABLED],
  ] as const)('blocks with the first reason that applies: %j gives %s', (facts, reason) => {
    const blocked = { state: 'BLOCKED', blockedReason: reason };
    expect(openPayoutOrderState({ ...clear, ...facts }, now)).toEqual(blocked);
    // inside the hold too: a block says why, whatever the time
    expect(
      openPayoutOrderState({ ...clear, ...facts, eligibleFrom: new Date('2026-12-04T00:00:00Z') }, now),
    ).toEqual(blocked);
  });
});
