import { formatMoney, type MoneyValue } from '@codesale/client-shared';
import { topUpOffer, type TopUpLimits } from '../wallet/top-up-offer';
import { walletHoldNotice } from '../wallet/wallet-hold';

export interface RefusalView {
  title: string;
  body: string;
  /** Paragraphs after the body that say why and what comes next (a wallet on hold: the wallet page's own words). */
  explanation?: readonly string[];
  /** The next step, when there is a page for it. */
  action?: { href: string; label: string };
  color: 'red' | 'orange' | 'gray';
}

/** A wallet on hold, in the wallet page's words (walletHoldNotice): Buy and the wallet say the same. */
function walletOnHoldView(): RefusalView {
  return {
    title: walletHoldNotice.title,
    body: 'Nothing was charged.',
    explanation: walletHoldNotice.explanation,
    action: { href: '/wallet', label: 'See your wallet' },
    color: 'red',
  };
}

/**
 * What each purchase refusal tells the buyer, and what to do next. Nothing was charged in any of
 * them (the server rolls a refused purchase back), which every message says.
 * `missing` is what the wallet lacks for INSUFFICIENT_FUNDS, when the balance is known;
 * `topUpLimits` the wallet's top-up limits (paymentSettings), when known: the top-up offered is one
 * the wallet takes. `walletOnHold`: the buyer's wallet is WALLET_AT_RISK, which explains a
 * BUYER_BLOCKED refusal too (the chargebacks that hold the wallet also restrict the account).
 */
export function refusalView(
  code: string,
  context: {
    price: MoneyValue;
    missing?: MoneyValue | null;
    topUpLimits?: TopUpLimits | null;
    walletOnHold?: boolean;
    serverMessage?: string;
    /** The page the buyer was buying on: the top-up offers the way back to it once paid. */
    returnTo?: string;
  },
): RefusalView {
  switch (code) {
    case 'OUT_OF_STOCK':
      return {
        title: 'Sold out',
        body: 'The last code was sold just before you pressed Buy: if you bought it yourself a moment ago or in another tab, it is in your orders. Nothing was charged. The seller may add more codes later.',
        action: { href: '/', label: 'Find another listing' },
        color: 'orange',
      };
    case 'INSUFFICIENT_FUNDS': {
      const missing = context.missing && context.missing.amount > 0 ? context.missing : null;
      if (!missing) {
        return {
          title: 'Not enough money in your wallet',
          body: `This code costs ${formatMoney(context.price)}, more than your wallet holds. Nothing was charged. Top up, then press Buy again.`,
          action: { href: '/wallet', label: 'Top up your wallet' },
          color: 'orange',
        };
      }
      // Without the limits (their query failed), the missing amount: the wallet page brings it within them.
      const offer = context.topUpLimits
        ? topUpOffer(missing.amount, context.topUpLimits)
        : { amount: missing.amount, bound: null };
      const offered = formatMoney({ amount: offer.amount, currency: missing.currency });
      const why =
        offer.bound === 'smallest'
          ? ` The smallest top-up is ${offered}.`
          : offer.bound === 'largest'
            ? ` The largest top-up is ${offered}: top up more than once.`
            : '';
      return {
        title: 'Not enough money in your wallet',
        body: `This code costs ${formatMoney(context.price)}; your wallet is ${formatMoney(missing)} short.${why} Nothing was charged. Top up, then press Buy again.`,
        action: {
          href: `/wallet?topup=${offer.amount}&currency=${encodeURIComponent(missing.currency)}${
            context.returnTo ? `&return=${encodeURIComponent(context.returnTo)}` : ''
          }`,
          label: `Top up ${offered}${offer.bound ? ` (the ${offer.bound} top-up)` : ''}`,
        },
        color: 'orange',
      };
    }
    case 'WALLET_AT_RISK':
      return walletOnHoldView();
    case 'BUYER_BLOCKED':
      // The account's refusal comes first (the server checks it before the wallet): when the wallet
      // is on hold too, that hold is what the buyer can see and act on, so it is what is said.
      if (context.walletOnHold) return walletOnHoldView();
      return {
        title: 'Your account cannot buy right now',
        body: 'CodeSale has paused purchases on your account. Nothing was charged. You can still open your orders and reveal their codes.',
        action: { href: '/orders', label: 'Your orders' },
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
