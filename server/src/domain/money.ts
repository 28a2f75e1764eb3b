/** Money is integer minor units with an ISO 4217 currency; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const supportedCurrencies = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof supportedCurrencies)[number];

/** The largest amount any single posting may carry: 1,000,000.00 in minor units. */
export const maxPostingAmount = 100_000_000;

export function isCurrency(value: string): value is Currency {
  return (supportedCurrencies as readonly string[]).includes(value);
}

export function isValidAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0 && amount <= maxPostingAmount;
}

/** The platform fee on `amount` in basis points, rounded down: the seller never loses a rounding cent to the platform. */
export function platformFee(amount: number, feeBasisPoints: number): number {
  return Math.floor((amount * feeBasisPoints) / 10_000);
}

/**
 * An amount as people read it in a message: `12.34 EUR`. Every supported currency has two decimals;
 * any other is said in minor units.
 */
export function describeMoney(amount: number, currency: string): string {
  if (!isCurrency(currency)) return `${amount} ${currency} minor units`;
  const sign = amount < 0 ? '-' : '';
  const absolute = Math.abs(amount);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')} ${currency}`;
}
