/** A risk factor's value in its own unit: ratios come in basis points, account age in days, the rest are counts. */
export function formatRiskFactorValue(name: string, value: number): string {
  if (name.endsWith('Ratio')) return `${(value / 100).toFixed(2)} %`;
  if (name === 'accountAge') return `${value} day${value === 1 ? '' : 's'}`;
  return String(value);
}

const factorLabels: Record<string, string> = {
  chargebacks: 'Chargebacks',
  disputesLost: 'Disputes lost',
  disputesLostRatio: 'Disputes lost, share of orders',
  refundRatio: 'Refunds, share of orders',
  accountAge: 'Account age',
  velocity: 'Velocity',
};

export function riskFactorLabel(name: string): string {
  return factorLabels[name] ?? name;
}
