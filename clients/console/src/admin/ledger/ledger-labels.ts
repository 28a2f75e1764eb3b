import type { LedgerAccountKind } from '../../gql/graphql';

/** The kinds of ledger account, in the words of the explorer's menu. */
export const accountKindLabels: Record<LedgerAccountKind, string> = {
  ESCROW: 'Escrow (one per order)',
  BUYER_WALLET: 'Buyer wallets',
  SELLER_EARNINGS: 'Seller earnings',
  PAYOUTS_IN_TRANSIT: 'Payouts in transit',
  PLATFORM_FEES: 'Platform fees',
  STRIPE_CLEARING: 'Stripe clearing',
  CHARGEBACK_LOSSES: 'Chargeback losses',
};

/** One account of a kind, for captions and badges: "escrow account", "buyer wallet". */
export const accountKindSingular: Record<LedgerAccountKind, string> = {
  ESCROW: 'escrow account',
  BUYER_WALLET: 'buyer wallet',
  SELLER_EARNINGS: 'seller earnings account',
  PAYOUTS_IN_TRANSIT: 'payouts in transit account',
  PLATFORM_FEES: 'platform fees account',
  STRIPE_CLEARING: 'Stripe clearing account',
  CHARGEBACK_LOSSES: 'chargeback losses account',
};

/** Why money moved (the posting's kind, LedgerEntry.kind), in words. */
const postingKindLabels: Record<string, string> = {
  TOP_UP: 'Top-up',
  PURCHASE: 'Purchase',
  RELEASE: 'Release to the seller',
  REFUND: 'Refund',
  CHARGEBACK: 'Chargeback',
  CHARGEBACK_REVERSAL: 'Chargeback reversed',
  CHARGEBACK_WRITE_OFF: 'Chargeback written off',
  PAYOUT_INITIATED: 'Payout started',
  PAYOUT_TRANSFERRED: 'Payout transferred',
  PAYOUT_FAILED: 'Payout failed',
  PAYOUT_REVERSED: 'Payout reversed',
};

/** A posting kind in words; one this console does not know yet, from its code ("NEW_KIND": "New kind"). */
export function postingKindLabel(kind: string): string {
  const known = postingKindLabels[kind];
  if (known) return known;
  const words = kind.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Who or what an account belongs to, for a person: the owner's name and email, or the order's listing. */
export function accountParty(account: {
  owner?: { displayName: string; email?: string | null } | null;
  order?: { listing?: { title: string } | null } | null;
  orderId?: string | null;
}): string {
  if (account.owner) {
    return account.owner.email
      ? `${account.owner.displayName} (${account.owner.email})`
      : account.owner.displayName;
  }
  if (account.order) return `Order: ${account.order.listing?.title ?? 'a listing no longer readable'}`;
  if (account.orderId) return 'An order';
  return 'The platform';
}
