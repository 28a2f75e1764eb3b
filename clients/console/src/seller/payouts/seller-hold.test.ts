import { sellerHold } from './seller-hold';

describe('sellerHold', () => {
  it('says an admin hold, a risk review or a ban, the gravest first', () => {
    expect(sellerHold(['OPEN_DISPUTE', 'ADMIN_HOLD'])).toMatch(/^CodeSale is holding your payouts/);
    expect(sellerHold(['SELLER_AT_RISK'])).toMatch(/^Your account is under risk review/);
    expect(sellerHold(['ADMIN_HOLD', 'SELLER_BANNED'])).toBe('This account is banned: its funds are frozen.');
  });

  it("is null when only orders' own reasons block them", () => {
    expect(sellerHold([])).toBeNull();
    expect(sellerHold(['OPEN_DISPUTE', 'BUYER_CHARGEBACK', 'ACCOUNT_NOT_ENABLED'])).toBeNull();
  });
});
