/**
 * `PartyRisk.reasons` lists the factors that added points, as "name: value (+contribution)"
 * (server/src/risk/risk-enforcement.service.ts). Read back into parts so the page can show each
 * factor's contribution; a reason in another shape is shown as its text.
 */
export type RiskFactorLine =
  { kind: 'factor'; name: string; value: number; contribution: number } | { kind: 'text'; text: string };

const factorPattern = /^([A-Za-z][A-Za-z0-9]*): (-?\d+) \(\+(\d+)\)$/;

export function parseRiskReason(reason: string): RiskFactorLine {
  const match = factorPattern.exec(reason.trim());
  if (!match) return { kind: 'text', text: reason };
  return { kind: 'factor', name: match[1]!, value: Number(match[2]), contribution: Number(match[3]) };
}

const factorLabels: Record<string, string> = {
  chargebacks: 'Chargebacks',
  disputesLost: 'Disputes lost',
  disputesLostRatio: 'Share of disputes lost',
  refundRatio: 'Share of orders refunded',
  accountAge: 'Account age',
  velocity: 'Recent volume',
};

export function factorLabel(name: string): string {
  return factorLabels[name] ?? name;
}

/** Ratios are in basis points, account age in days, everything else a count (RiskFactor.value). */
export function formatFactorValue(name: string, value: number): string {
  if (name.endsWith('Ratio')) return `${(value / 100).toFixed(value % 100 === 0 ? 0 : 2)} %`;
  if (name === 'accountAge') return `${value} ${value === 1 ? 'day' : 'days'}`;
  return String(value);
}
