import { balanceHistory, type LedgerEntryPoint } from './balance-history';

const entry = (sequence: number, balance: number, createdAt: string): LedgerEntryPoint => ({
  id: `entry-${sequence}`,
  createdAt,
  balanceAfter: { amount: balance, currency: 'EUR' },
});

describe('balanceHistory', () => {
  it('turns newest-first pages into a series oldest first', () => {
    const newestPage = [entry(5, 500, '2026-01-05T00:00:00Z'), entry(4, 400, '2026-01-04T00:00:00Z')];
    const olderPage = [entry(3, 300, '2026-01-03T00:00:00Z'), entry(2, 200, '2026-01-02T00:00:00Z')];

    const series = balanceHistory([newestPage, olderPage]);

    expect(series.map((point) => point.balance)).toEqual([200, 300, 400, 500]);
    expect(series[0]).toEqual({
      time: Date.parse('2026-01-02T00:00:00Z'),
      createdAt: '2026-01-02T00:00:00Z',
      balance: 200,
    });
  });

  it('counts an entry repeated across two pages once, where it was first seen', () => {
    const newestPage = [entry(3, 300, '2026-01-03T00:00:00Z'), entry(2, 200, '2026-01-02T00:00:00Z')];
    const olderPage = [entry(2, 200, '2026-01-02T00:00:00Z'), entry(1, 100, '2026-01-01T00:00:00Z')];

    expect(balanceHistory([newestPage, olderPage]).map((point) => point.balance)).toEqual([100, 200, 300]);
  });

  it("keeps the ledger's order for entries of one instant instead of re-sorting them", () => {
    const sameInstant = '2026-01-01T00:00:00Z';
    const page = [entry(3, -50, sameInstant), entry(2, 150, sameInstant), entry(1, 100, sameInstant)];

    expect(balanceHistory([page]).map((point) => point.balance)).toEqual([100, 150, -50]);
  });

  it('gives an empty series for an account without entries', () => {
    expect(balanceHistory([])).toEqual([]);
    expect(balanceHistory([[]])).toEqual([]);
  });

  it('refuses entries of two currencies: they cannot be one account', () => {
    const mixed = [
      entry(2, 100, '2026-01-02T00:00:00Z'),
      { ...entry(1, 100, '2026-01-01T00:00:00Z'), balanceAfter: { amount: 100, currency: 'USD' } },
    ];
    expect(() => balanceHistory([mixed])).toThrow(/EUR, USD/);
  });
});
