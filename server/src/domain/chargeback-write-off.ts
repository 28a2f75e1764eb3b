import { assert } from '../shared/assert';

/**
 * How much of a wallet's deficit a lost chargeback's write-off takes: the part of the deficit
 * this chargeback can account for, never more than the chargeback took. Open chargebacks of the
 * same wallet are set aside: one of them may still be won, and its reversal would then give the
 * buyer back money that was already written off (the wallet would end above zero, paid for by
 * chargeback losses). Once they are decided, their own write-offs take the rest.
 *
 * 0 means there is nothing to write off now.
 */
export function writeOffAmount(input: {
  chargebackAmount: number;
  walletBalance: number;
  openChargebacksAmount: number;
}): number {
  assert(input.chargebackAmount > 0, 'a chargeback takes a positive amount');
  assert(input.openChargebacksAmount >= 0, 'open chargebacks add up to a non-negative amount');
  const deficit = Math.max(0, -input.walletBalance);
  return Math.max(0, Math.min(input.chargebackAmount, deficit - input.openChargebacksAmount));
}
