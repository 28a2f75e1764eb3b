import { sellerPayoutFailure } from './payout-rules';

/**
 * What a seller reads about a failed payout: where the money is now. Its orders are back in
 * earnings either way, but an account Stripe refuses keeps them blocked until the account is fixed,
 * so only CodeSale's own failures may say the money is available again.
 */
describe('sellerPayoutFailure', () => {
  it.each([
    ['resource_missing', /connect a new one.*waits for the new account/],
    ['account_invalid', /connect a new one.*waits for the new account/],
    [
      'insufficient_capabilities_for_transfer',
      /what Stripe still needs.*waits until Stripe enables the account/,
    ],
    ['account_closed', /what Stripe still needs.*waits until Stripe enables the account/],
  ])(
    'tells a seller whose account Stripe refused (%s) that the money waits for the account',
    (code, said) => {
      const message = sellerPayoutFailure(code);
      expect(message).toMatch(said);
      expect(message).not.toMatch(/available again/);
    },
  );

  it('tells a seller whose payout failed on CodeSale’s side that the money is available again', () => {
    expect(sellerPayoutFailure('balance_insufficient')).toMatch(/problem on our side.*available again/);
  });

  it('tells a held or banned seller why nothing was sent', () => {
    expect(sellerPayoutFailure('SELLER_BANNED')).toMatch(/banned.*frozen/);
    expect(sellerPayoutFailure('ADMIN_HOLD')).toMatch(/paid once the hold is lifted/);
    expect(sellerPayoutFailure('SELLER_AT_RISK')).toMatch(/paused while your account is reviewed/);
  });
});
