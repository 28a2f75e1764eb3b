import type { PayoutOrderState } from '../../gql/graphql';

/** A sale as the pending figure needs it: its payout state, and when its hold window ends. */
export interface HeldSale {
  state: PayoutOrderState;
  eligibleFrom: string;
  currency: string;
}

export type PendingAvailability =
  /** Every pending order was seen: the first and the last end of a hold window. */
  | { known: true; firstAt: string; lastAt: string }
  /** Some pending orders were not among the sales read: no date would be honest. */
  | { known: false };

/**
 * When the pending (HELD) earnings in `currency` become available. The earnings figures carry no
 * date, each sale carries its own (`payoutStatus.eligibleFrom`): the dates are those of the sales
 * read, and only when they account for all `pendingOrderCount` pending orders. Null without any.
 */
export function pendingAvailability(
  sales: readonly HeldSale[],
  currency: string,
  pendingOrderCount: number,
): PendingAvailability | null {
  if (pendingOrderCount === 0) return null;
  const ends = sales
    .filter((sale) => sale.state === 'HELD' && sale.currency === currency)
    .map((sale) => sale.eligibleFrom)
    .sort((first, second) => Date.parse(first) - Date.parse(second));
  if (ends.length !== pendingOrderCount) return { known: false };
  return { known: true, firstAt: ends[0]!, lastAt: ends[ends.length - 1]! };
}
