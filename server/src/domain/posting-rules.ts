import { assert } from '../shared/assert';
import { isValidAmount, platformFee } from './money';

/**
 * The posting rules: every money movement as a list of legs that sum to zero. Pure functions over
 * plain data; LedgerService writes what they return and nothing else.
 */
export enum LedgerAccountKind {
  BUYER_WALLET = 'BUYER_WALLET',
  ESCROW = 'ESCROW',
  SELLER_EARNINGS = 'SELLER_EARNINGS',
  PLATFORM_FEES = 'PLATFORM_FEES',
  STRIPE_CLEARING = 'STRIPE_CLEARING',
  PAYOUTS_IN_TRANSIT = 'PAYOUTS_IN_TRANSIT',
  CHARGEBACK_LOSSES = 'CHARGEBACK_LOSSES',
}

export enum PostingKind {
  TOP_UP = 'TOP_UP',
  PURCHASE = 'PURCHASE',
  RELEASE = 'RELEASE',
  REFUND = 'REFUND',
  CHARGEBACK = 'CHARGEBACK',
  CHARGEBACK_REVERSAL = 'CHARGEBACK_REVERSAL',
  CHARGEBACK_WRITE_OFF = 'CHARGEBACK_WRITE_OFF',
  PAYOUT_INITIATED = 'PAYOUT_INITIATED',
  PAYOUT_TRANSFERRED = 'PAYOUT_TRANSFERRED',
  PAYOUT_FAILED = 'PAYOUT_FAILED',
  PAYOUT_REVERSED = 'PAYOUT_REVERSED',
}

export interface AccountRef {
  kind: LedgerAccountKind;
  currency: string;
  ownerUserId?: string;
  orderId?: string;
}

export interface Leg {
  account: AccountRef;
  /** Positive: value flows into the account; negative: out of it. */
  amount: number;
}

export interface Posting {
  kind: PostingKind;
  idempotencyKey: string;
  orderId?: string;
  topUpId?: string;
  payoutId?: string;
  description?: string;
  legs: Leg[];
}

export const wallet = (ownerUserId: string, currency: string): AccountRef => ({
  kind: LedgerAccountKind.BUYER_WALLET,
  currency,
  ownerUserId,
});
export const escrow = (orderId: string, currency: string): AccountRef => ({
  kind: LedgerAccountKind.ESCROW,
  currency,
  orderId,
});
export const sellerEarnings = (ownerUserId: string, currency: string): AccountRef => ({
  kind: LedgerAccountKind.SELLER_EARNINGS,
  currency,
  ownerUserId,
});
export const platformFees = (currency: string): AccountRef => ({
  kind: LedgerAccountKind.PLATFORM_FEES,
  currency,
});
export const stripeClearing = (currency: string): AccountRef => ({
  kind: LedgerAccountKind.STRIPE_CLEARING,
  currency,
});

export const payoutsInTransit = (ownerUserId: string, currency: string): AccountRef => ({
  kind: LedgerAccountKind.PAYOUTS_IN_TRANSIT,
  currency,
  ownerUserId,
});
export const chargebackLosses = (currency: string): AccountRef => ({
  kind: LedgerAccountKind.CHARGEBACK_LOSSES,
  currency,
});

function transfer(from: AccountRef, to: AccountRef, amount: number): Leg[] {
  assert(isValidAmount(amount), `posting amount ${amount} is not a valid amount`);
  assert(from.currency === to.currency, 'a transfer stays in one currency');
  return [
    { account: from, amount: -amount },
    { account: to, amount },
  ];
}

/** Money in: a verified Stripe top-up credits the buyer's wallet. */
export function topUpPosting(input: {
  topUpId: string;
  buyerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.TOP_UP,
    idempotencyKey: `top_up:${input.topUpId}`,
    topUpId: input.topUpId,
    legs: transfer(stripeClearing(input.currency), wallet(input.buyerId, input.currency), input.amount),
  };
}

/** Checkout: the price moves from the buyer's wallet into the order's escrow. */
export function purchasePosting(input: {
  orderId: string;
  buyerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.PURCHASE,
    idempotencyKey: `purchase:${input.orderId}`,
    orderId: input.orderId,
    legs: transfer(
      wallet(input.buyerId, input.currency),
      escrow(input.orderId, input.currency),
      input.amount,
    ),
  };
}

/** Release: escrow to the seller's earnings less the platform fee, the fee to platform fees. */
export function releasePosting(input: {
  orderId: string;
  sellerId: string;
  amount: number;
  currency: string;
  feeBasisPoints: number;
}): Posting {
  // Below 100%, the rounded-down fee leaves the seller at least one minor unit: no zero legs.
  assert(
    Number.isInteger(input.feeBasisPoints) && input.feeBasisPoints >= 0 && input.feeBasisPoints < 10_000,
    'fee is 0 to 99.99%',
  );
  assert(isValidAmount(input.amount), `posting amount ${input.amount} is not a valid amount`);
  const fee = platformFee(input.amount, input.feeBasisPoints);
  const legs: Leg[] = [
    { account: escrow(input.orderId, input.currency), amount: -input.amount },
    { account: sellerEarnings(input.sellerId, input.currency), amount: input.amount - fee },
  ];
  if (fee > 0) legs.push({ account: platformFees(input.currency), amount: fee });
  return {
    kind: PostingKind.RELEASE,
    idempotencyKey: `settle:${input.orderId}`,
    orderId: input.orderId,
    legs,
  };
}

/**
 * Refund: escrow back to the buyer's wallet. Release and refund share one idempotency key per
 * order (`settle:`), so the ledger itself holds at most one of them for any order.
 */
export function refundPosting(input: {
  orderId: string;
  buyerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.REFUND,
    idempotencyKey: `settle:${input.orderId}`,
    orderId: input.orderId,
    legs: transfer(
      escrow(input.orderId, input.currency),
      wallet(input.buyerId, input.currency),
      input.amount,
    ),
  };
}

/** A chargeback on a top-up takes the amount back out of the wallet, which may go negative. */
export function chargebackPosting(input: {
  disputeId: string;
  topUpId: string;
  buyerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.CHARGEBACK,
    idempotencyKey: `chargeback:${input.disputeId}`,
    topUpId: input.topUpId,
    legs: transfer(wallet(input.buyerId, input.currency), stripeClearing(input.currency), input.amount),
  };
}

/** A chargeback closed in the platform's favour puts the amount back into the wallet. */
export function chargebackReversalPosting(input: {
  disputeId: string;
  topUpId: string;
  buyerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.CHARGEBACK_REVERSAL,
    idempotencyKey: `chargeback_reversal:${input.disputeId}`,
    topUpId: input.topUpId,
    legs: transfer(stripeClearing(input.currency), wallet(input.buyerId, input.currency), input.amount),
  };
}

/**
 * An admin writes off a lost chargeback's wallet deficit: chargeback losses absorb it and the
 * wallet is back at zero. One per chargeback (`write_off:<chargeback>`).
 */
export function chargebackWriteOffPosting(input: {
  chargebackId: string;
  topUpId: string;
  buyerId: string;
  amount: number;
  currency: string;
  reason: string;
}): Posting {
  return {
    kind: PostingKind.CHARGEBACK_WRITE_OFF,
    idempotencyKey: `write_off:${input.chargebackId}`,
    topUpId: input.topUpId,
    description: input.reason,
    legs: transfer(chargebackLosses(input.currency), wallet(input.buyerId, input.currency), input.amount),
  };
}

/** Payout phase 1: the payout's orders leave the seller's earnings and are in transit to Stripe. */
export function payoutInitiatedPosting(input: {
  payoutId: string;
  sellerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.PAYOUT_INITIATED,
    idempotencyKey: `payout:${input.payoutId}:initiated`,
    payoutId: input.payoutId,
    legs: transfer(
      sellerEarnings(input.sellerId, input.currency),
      payoutsInTransit(input.sellerId, input.currency),
      input.amount,
    ),
  };
}

/** Payout phase 3: Stripe made the transfer; the money has left the platform through Stripe. */
export function payoutTransferredPosting(input: {
  payoutId: string;
  sellerId: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.PAYOUT_TRANSFERRED,
    idempotencyKey: `payout:${input.payoutId}:settled`,
    payoutId: input.payoutId,
    legs: transfer(
      payoutsInTransit(input.sellerId, input.currency),
      stripeClearing(input.currency),
      input.amount,
    ),
  };
}

/**
 * Stripe refused the transfer: phase 1 is reversed, the money is back in the seller's earnings.
 * A payout ends once, so it has at most one of PAYOUT_TRANSFERRED and PAYOUT_FAILED: the two
 * share the key `payout:<id>:settled`, like release and refund share `settle:<order>`.
 */
export function payoutFailedPosting(input: {
  payoutId: string;
  sellerId: string;
  amount: number;
  currency: string;
  reason: string;
}): Posting {
  return {
    kind: PostingKind.PAYOUT_FAILED,
    idempotencyKey: `payout:${input.payoutId}:settled`,
    payoutId: input.payoutId,
    description: input.reason,
    legs: transfer(
      payoutsInTransit(input.sellerId, input.currency),
      sellerEarnings(input.sellerId, input.currency),
      input.amount,
    ),
  };
}

/** Stripe reversed (part of) a transfer: the amount is back on the platform, credited to the seller's earnings. */
export function payoutReversedPosting(input: {
  payoutId: string;
  sellerId: string;
  /** The reversal's own id, so that each reversal of one transfer posts once. */
  reversalKey: string;
  amount: number;
  currency: string;
}): Posting {
  return {
    kind: PostingKind.PAYOUT_REVERSED,
    idempotencyKey: `payout:${input.payoutId}:reversal:${input.reversalKey}`,
    payoutId: input.payoutId,
    legs: transfer(
      stripeClearing(input.currency),
      sellerEarnings(input.sellerId, input.currency),
      input.amount,
    ),
  };
}

/** Which accounts a posting may take below zero. Everything else is refused by the ledger. */
export function mayGoNegative(account: AccountRef, kind: PostingKind): boolean {
  if (account.kind === LedgerAccountKind.STRIPE_CLEARING) return true;
  if (account.kind === LedgerAccountKind.CHARGEBACK_LOSSES) return true;
  return account.kind === LedgerAccountKind.BUYER_WALLET && kind === PostingKind.CHARGEBACK;
}

/** Every posting's legs sum to zero per currency; checked here and again by the database at commit. */
export function isBalanced(legs: Leg[]): boolean {
  const totals = new Map<string, number>();
  for (const leg of legs)
    totals.set(leg.account.currency, (totals.get(leg.account.currency) ?? 0) + leg.amount);
  return legs.length >= 2 && [...totals.values()].every((total) => total === 0);
}
