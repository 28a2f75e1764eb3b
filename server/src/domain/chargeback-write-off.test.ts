import fc from 'fast-check';
import { writeOffAmount } from './chargeback-write-off';
import { maxPostingAmount } from './money';

describe('writeOffAmount', () => {
  it('takes at most the chargeback and the deficit, and even if every open chargeback is won the wallet ends no higher than zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: maxPostingAmount }),
        fc.integer({ min: -4 * maxPostingAmount, max: maxPostingAmount }),
        fc.integer({ min: 0, max: 3 * maxPostingAmount }),
        (chargebackAmount, walletBalance, openChargebacksAmount) => {
          const written = writeOffAmount({ chargebackAmount, walletBalance, openChargebacksAmount });
          expect(written).toBeGreaterThanOrEqual(0);
          expect(written).toBeLessThanOrEqual(chargebackAmount);
          expect(written).toBeLessThanOrEqual(Math.max(0, -walletBalance));
          // Open chargebacks won give their amounts back: never on top of money written off.
          const allWon = walletBalance + openChargebacksAmount;
          expect(allWon + written).toBeLessThanOrEqual(Math.max(0, allWon));
        },
      ),
    );
  });

  it('is the deficit up to the chargeback, less what open chargebacks may bring back', () => {
    const cases = [
      { chargebackAmount: 5_000, walletBalance: -4_000, openChargebacksAmount: 0, written: 4_000 },
      { chargebackAmount: 1_000, walletBalance: -1_500, openChargebacksAmount: 0, written: 1_000 },
      { chargebackAmount: 1_000, walletBalance: 200, openChargebacksAmount: 0, written: 0 },
      { chargebackAmount: 1_000, walletBalance: -1_500, openChargebacksAmount: 1_000, written: 500 },
      { chargebackAmount: 1_000, walletBalance: -1_000, openChargebacksAmount: 1_000, written: 0 },
    ];
    for (const { written, ...input } of cases) expect(writeOffAmount(input)).toBe(written);
  });
});
