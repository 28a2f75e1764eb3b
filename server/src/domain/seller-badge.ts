/**
 * The badge buyers see next to a seller: a summary of completed sales (released orders) that
 * never discloses the seller's risk tier. NEW below 5 completed sales; ESTABLISHED from 5;
 * TRUSTED from 50 when the seller's risk tier is NORMAL (any other tier shows ESTABLISHED, so the
 * badge cannot be used to read the tier beyond "not trusted").
 */
export type SellerBadgeValue = 'NEW' | 'ESTABLISHED' | 'TRUSTED';

export const establishedAfterSales = 5;
export const trustedAfterSales = 50;

export function sellerBadge(completedSales: number, riskTierNormal: boolean): SellerBadgeValue {
  if (completedSales >= trustedAfterSales && riskTierNormal) return 'TRUSTED';
  if (completedSales >= establishedAfterSales) return 'ESTABLISHED';
  return 'NEW';
}
