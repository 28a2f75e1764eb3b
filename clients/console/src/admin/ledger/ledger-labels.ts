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

/** How a ledger entry's order reads in the explorer: what a person recognises, and the id to copy. */
export interface OrderReference {
  /** The order's listing title when the query has it, else a short form of the id ("Order …c3ZjE0"). */
  label: string;
  /** The order's global id, whole: for the element's title and the copy button. */
  id: string;
  /** Whether `label` is the listing's title (true) or the short id (false). */
  named: boolean;
}

/** Characters of the id kept in its short form: the end (every order id starts the same, "T3JkZXI6"). */
const shortIdLength = 8;

/** "…" and the id's last characters: enough to tell this account's orders apart at a glance. */
export function shortId(id: string): string {
  return id.length <= shortIdLength + 1 ? id : `…${id.slice(-shortIdLength)}`;
}

/**
 * An entry's order for a person. LedgerEntry has only the order's id; the account's order (an
 * escrow account holds one order's price) comes with its listing's title, so that order is named.
 * Any other order (a wallet's purchases, a seller's releases) shows a short id, the whole one beside it.
 */
export function orderReference(
  orderId: string | null | undefined,
  account: {
    orderId?: string | null;
    order?: { id: string; listing?: { title: string } | null } | null;
  },
): OrderReference | null {
  if (!orderId) return null;
  const title = account.order?.id === orderId ? account.order.listing?.title : undefined;
  return title
    ? { label: title, id: orderId, named: true }
    : { label: `Order ${shortId(orderId)}`, id: orderId, named: false };
}
