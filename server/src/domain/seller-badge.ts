/**
 * The badge buyers see next to a seller: how many different buyers completed a purchase from them
 * (released orders, each buyer counted once), never the seller's risk tier. NEW below 5 buyers;
 * ESTABLISHED from 5; TRUSTED from 50 when the seller's risk tier is NORMAL (any other tier shows
 * ESTABLISHED, so the badge cannot be used to read the tier beyond "not trusted").
 *
 * Buyers, not sales: a seller buying their own cheap listing from a second account in a loop (wash
 * trading, which costs nothing where the fee rounds to 0) adds one buyer, not a badge. And time:
 * TRUSTED also needs an account of at least 30 days, since buyers are cheap to make too (the
 * attacker probe: 50 fresh accounts from one address, one card, made a minutes-old seller TRUSTED
 * in 11 s).
 */
export type SellerBadgeValue = 'NEW' | 'ESTABLISHED' | 'TRUSTED';

export const establishedFromBuyers = 5;
export const trustedFromBuyers = 50;
export const trustedAfterDays = 30;

export function sellerBadge(
  distinctBuyers: number,
  riskTierNormal: boolean,
  accountAgeDays: number,
): SellerBadgeValue {
  if (distinctBuyers >= trustedFromBuyers && riskTierNormal && accountAgeDays >= trustedAfterDays)
    return 'TRUSTED';
  if (distinctBuyers >= establishedFromBuyers) return 'ESTABLISHED';
  return 'NEW';
}
