/** The wallet's top-up limits, in minor units, as `paymentSettings` gives them (minTopUp, maxTopUp). */
export interface TopUpLimits {
  minTopUp: number;
  maxTopUp: number;
}

/**
 * The top-up to offer for a wanted amount (minor units): the amount itself when the wallet takes
 * it, otherwise the limit it falls outside of, with which one (`bound`), so the offer can say why
 * it is not the amount asked. The wallet refuses a top-up outside the limits: offering €0.50 when
 * the smallest top-up is €5.00 would send the buyer to a refusal.
 */
export function topUpOffer(
  wanted: number,
  limits: TopUpLimits,
): { amount: number; bound: 'smallest' | 'largest' | null } {
  if (wanted < limits.minTopUp) return { amount: limits.minTopUp, bound: 'smallest' };
  if (wanted > limits.maxTopUp) return { amount: limits.maxTopUp, bound: 'largest' };
  return { amount: wanted, bound: null };
}
