import { topUpOffer } from './top-up-offer';

const limits = { minTopUp: 500, maxTopUp: 50_000 };

describe('topUpOffer', () => {
  it('offers the smallest top-up for less than it', () => {
    expect(topUpOffer(50, limits)).toEqual({ amount: 500, bound: 'smallest' });
    expect(topUpOffer(1, limits)).toEqual({ amount: 500, bound: 'smallest' });
  });

  it('offers the amount itself within the limits, the limits included', () => {
    expect(topUpOffer(500, limits)).toEqual({ amount: 500, bound: null });
    expect(topUpOffer(1_250, limits)).toEqual({ amount: 1_250, bound: null });
    expect(topUpOffer(50_000, limits)).toEqual({ amount: 50_000, bound: null });
  });

  it('offers the largest top-up for more than it', () => {
    expect(topUpOffer(50_001, limits)).toEqual({ amount: 50_000, bound: 'largest' });
  });
});
