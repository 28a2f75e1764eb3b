import { sellerBadge } from './seller-badge';

describe('sellerBadge', () => {
  it.each([
    [0, true, 'NEW'],
    [4, true, 'NEW'],
    [5, true, 'ESTABLISHED'],
    [49, true, 'ESTABLISHED'],
    [50, true, 'TRUSTED'],
    [5_000, true, 'TRUSTED'],
    [4, false, 'NEW'],
    [5, false, 'ESTABLISHED'],
    [50, false, 'ESTABLISHED'],
    [5_000, false, 'ESTABLISHED'],
  ] as const)('given %i different buyers and a NORMAL tier %s, then %s', (buyers, normal, badge) => {
    expect(sellerBadge(buyers, normal, 365)).toBe(badge);
  });

  it.each([
    [0, 'ESTABLISHED'],
    [29.9, 'ESTABLISHED'],
    [30, 'TRUSTED'],
  ] as const)(
    'given 50 different buyers, a NORMAL tier and an account %d days old, then %s',
    (days, badge) => {
      expect(sellerBadge(50, true, days)).toBe(badge);
    },
  );
});
