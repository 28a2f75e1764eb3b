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
  ] as const)('given %i completed sales and a NORMAL tier %s, then %s', (sales, normal, badge) => {
    expect(sellerBadge(sales, normal)).toBe(badge);
  });
});
