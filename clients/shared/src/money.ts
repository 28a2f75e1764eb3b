/** Money travels as integer minor units with its currency; this is the only place it becomes text. */
export interface MoneyValue {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(money: MoneyValue, locale = 'en-US'): string {
  const key = `${locale}:${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency.toUpperCase() });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // Integer arithmetic to the last step: the division happens once, for display only.
  return formatter.format(money.amount / 10 ** digits);
}

/** Parses what a person typed ("12.5", "12,50") into minor units; null when it is not an amount. */
export function parseMoneyInput(text: string): number | null {
  // Two decimals: every currency CodeSale trades in (server/src/domain/money.ts: EUR, USD, GBP).
  const normalised = text.trim().replace(',', '.');
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(normalised);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}
