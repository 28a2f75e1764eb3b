import { formatMoney, type MoneyValue } from '@codesale/client-shared';

export interface RefusalView {
  title: string;
  body: string;
  /** The next step, when there is a page for it. */
  action?: { href: string; label: string };
  color: 'red' | 'orange' | 'gray';
}

/**
 * What each purchase refusal tells the buyer, and what to do next. Nothing was charged in any of
 * them (the server rolls a refused purchase back), which every message says.
 * `missing` is what the wallet lacks for INSUFFICIENT_FUNDS, when the balance is known.
 */
export function refusalView(
  code: string,
  context: { price: MoneyValue; missing?: MoneyValue | null; serverMessage?: string },
): RefusalView {
  switch (code) {
    case 'OUT_OF_STOCK':
      return {
        title: 'Sold out',
        body: 'Another buyer took the last code just before you. Nothing was charged. The seller may add more codes later.',
        action: { href: '/', label: 'Find another listing' },
        color: 'orange',
      };
    case 'INSUFFICIENT_FUNDS': {
      const missing = context.missing && context.missing.amount > 0 ? context.missing : null;
      return {
        title: 'Not enough money in your wallet',
        body: missing
          ? `This code costs ${formatMoney(context.price)}; your wallet is ${formatMoney(missing)} short. Nothing was charged. Top up, then press Buy again.`
          : `This code costs ${formatMoney(context.price)}, more than your wallet holds. Nothing was charged. Top up, then press Buy again.`,
        action: {
          href: missing
            ? `/wallet?topup=${missing.amount}&currency=${encodeURIComponent(missing.currency)}`
            : '/wallet',
          label: missing ? `Top up ${formatMoney(missing)}` : 'Top up your wallet',
        },
        color: 'orange',
      };
    }
    case 'WALLET_AT_RISK':
      return {
        title: 'Your wallet is on hold',
        body: 'A card payment that funded your wallet was disputed with your bank, so purchases are paused until the dispute is resolved. Nothing was charged. Your wallet page explains why and what you can do.',
        action: { href: '/wallet', label: 'See your wallet' },
        color: 'red',
      };
    case 'BUYER_BLOCKED':
      return {
        title: 'Your account cannot buy right now',
        body: 'Purchases are blocked on your account after a review. Nothing was charged. Please contact CodeSale support to find out why and how to lift it.',
        action: { href: '/account', label: 'Your account' },
        color: 'red',
      };
    case 'LISTING_NOT_ACTIVE':
    case 'LISTING_NOT_FOUND':
      return {
        title: 'This listing is no longer on sale',
        body: 'The seller took it off sale. Nothing was charged.',
        action: { href: '/', label: 'Back to the catalog' },
        color: 'gray',
      };
    case 'LISTING_CHANGED':
      return {
        title: 'This listing just changed',
        body: 'The seller changed this listing (its price or its details) after you opened it. Nothing was charged. The page now shows it as it is: check it, then press Buy again if you still want it.',
        color: 'orange',
      };
    case 'FORBIDDEN':
      return {
        title: 'This account cannot buy',
        body: 'You are signed in with a staff account (support or admin), which cannot buy. Nothing was charged. Sign in with a buyer account to buy.',
        color: 'gray',
      };
    case 'OWN_LISTING':
      return {
        title: 'This is your own listing',
        body: 'Sellers cannot buy their own codes. Nothing was charged. Manage this listing in the seller console.',
        color: 'gray',
      };
    default:
      return {
        title: 'The purchase did not go through',
        body: `${context.serverMessage ?? 'Something went wrong.'} Nothing was charged; press Buy to try again.`,
        color: 'red',
      };
  }
}
