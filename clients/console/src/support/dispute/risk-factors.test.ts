import { formatFactorValue, parseRiskReason } from './risk-factors';

describe('parseRiskReason', () => {
  it('reads the server’s "name: value (+contribution)" back into its parts', () => {
    expect(parseRiskReason('chargebacks: 2 (+500)')).toEqual({
      kind: 'factor',
      name: 'chargebacks',
      value: 2,
      contribution: 500,
    });
  });

  it('keeps a reason of another shape as its text', () => {
    expect(parseRiskReason('manual review requested')).toEqual({
      kind: 'text',
      text: 'manual review requested',
    });
  });

  it('shows ratios from basis points, account age in days, counts as they are', () => {
    expect(formatFactorValue('refundRatio', 2_500)).toBe('25 %');
    expect(formatFactorValue('disputesLostRatio', 1_234)).toBe('12.34 %');
    expect(formatFactorValue('accountAge', 1)).toBe('1 day');
    expect(formatFactorValue('velocity', 31)).toBe('31');
  });
});
