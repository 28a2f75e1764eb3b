import { pendingAvailability, type HeldSale } from './pending-availability';

function sale(state: HeldSale['state'], eligibleFrom: string, currency = 'EUR'): HeldSale {
  return { state, eligibleFrom, currency };
}

describe('pendingAvailability', () => {
  const sales = [
    sale('HELD', '2030-01-03T10:00:00.000Z'),
    sale('ELIGIBLE', '2029-12-30T10:00:00.000Z'),
    sale('HELD', '2030-01-01T10:00:00.000Z'),
    sale('HELD', '2030-01-02T10:00:00.000Z', 'USD'),
  ];

  it('given every pending order among the sales read, then it says when the first and the last become available', () => {
    expect(pendingAvailability(sales, 'EUR', 2)).toEqual({
      known: true,
      firstAt: '2030-01-01T10:00:00.000Z',
      lastAt: '2030-01-03T10:00:00.000Z',
    });
    expect(pendingAvailability(sales, 'USD', 1)).toEqual({
      known: true,
      firstAt: '2030-01-02T10:00:00.000Z',
      lastAt: '2030-01-02T10:00:00.000Z',
    });
  });

  it('given pending orders beyond the sales read, then it gives no date', () => {
    expect(pendingAvailability(sales, 'EUR', 3)).toEqual({ known: false });
  });

  it('given nothing pending, then there is nothing to say', () => {
    expect(pendingAvailability(sales, 'GBP', 0)).toBeNull();
  });
});
