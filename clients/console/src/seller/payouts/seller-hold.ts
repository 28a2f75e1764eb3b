/**
 * What holds every payout of the seller, in words, from the reasons their blocked orders give; null
 * when nothing seller-wide does (an order's own dispute, or a buyer's chargeback, holds that order
 * only). The payouts page says it above the figures, where "payouts enabled" would otherwise read as
 * if money could leave.
 */
export function sellerHold(blockedReasons: readonly string[]): string | null {
  const reasons = new Set(blockedReasons);
  const goesOn = ' Your sales go on and their money stays in your earnings: nothing is lost.';
  if (reasons.has('SELLER_BANNED')) return 'This account is banned: its funds are frozen.';
  if (reasons.has('ADMIN_HOLD')) {
    return `CodeSale is holding your payouts while it reviews your account; withdrawals wait until the hold is lifted.${goesOn}`;
  }
  if (reasons.has('SELLER_AT_RISK')) {
    return `Your account is under risk review: no new payouts start until it is over.${goesOn}`;
  }
  return null;
}
