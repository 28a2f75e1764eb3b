import { formatMoney, type MoneyValue } from '@codesale/client-shared';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** "+€50.00" / "−€19.99": the sign says which way the money went. */
export function formatSignedMoney(money: MoneyValue): string {
  const text = formatMoney({ amount: Math.abs(money.amount), currency: money.currency });
  if (money.amount > 0) return `+${text}`;
  if (money.amount < 0) return `−${text}`;
  return text;
}

/** Minor units as the amount field shows them: 5000 → "50.00". */
export function minorToInput(amount: number): string {
  return (amount / 100).toFixed(2);
}

const entryKindLabels: Record<string, string> = {
  TOP_UP: 'Top-up',
  PURCHASE: 'Purchase',
  REFUND: 'Refund',
  CHARGEBACK: 'Chargeback',
  CHARGEBACK_REVERSAL: 'Chargeback reversed',
  RELEASE: 'Release',
};

export function entryKindLabel(kind: string): string {
  return (
    entryKindLabels[kind] ??
    kind
      .toLowerCase()
      .split('_')
      .map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
      .join(' ')
  );
}
