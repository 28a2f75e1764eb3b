import { readsAfter } from './use-payout-updates';

describe('readsAfter: what the payouts page reads again after a change', () => {
  const onScreen = { withdrawalListed: true, payoutListed: true };

  it('reads the earnings after every change, and a list only when the changed row is not on it', () => {
    expect(readsAfter('PAYOUT_PAID', onScreen)).toEqual(['earnings']);
    expect(readsAfter('PAYOUT_INITIATED', { withdrawalListed: false, payoutListed: false })).toEqual([
      'earnings',
      'withdrawals',
      'payouts',
    ]);
  });

  it('reads the payout account again after a failure, which may be the account’s', () => {
    expect(readsAfter('PAYOUT_FAILED', onScreen)).toEqual(['earnings', 'account']);
    expect(readsAfter('WITHDRAWAL_FAILED', onScreen)).toEqual(['earnings', 'account']);
    expect(readsAfter('WITHDRAWAL_CANCELLED', onScreen)).toEqual(['earnings']);
  });
});
