import { Authorized, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../auth/roles';
import { PayoutBlockReason } from '../domain/payout-eligibility';
import { sellerPayoutFailure } from '../domain/payout-rules';
import { cursorFieldDescription } from '../graphql/event-subscription';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import type { PayoutChangePayload } from './payout-events';
import type { PayoutHoldRow } from './payout-eligibility.service';
import type { PayoutRow } from './payout.service';
import { LiftPayoutHoldErrorCode, RedrivePayoutErrorCode, SetPayoutHoldErrorCode } from './payouts.errors';
import type { OrderPayoutStatusView, PayoutOrderView, SellerEarningsView } from './payouts.queries';
import {
  CancelWithdrawalErrorCode,
  RequestWithdrawalErrorCode,
  type WithdrawalQuote as WithdrawalQuoteValue,
  type WithdrawalRow,
} from './withdrawal-domain.service';

export enum PayoutState {
  PENDING = 'PENDING',
  PAID = 'PAID',
  FAILED = 'FAILED',
}
registerEnumType(PayoutState, {
  name: 'PayoutState',
  valuesConfig: {
    PENDING: { description: 'Orders allocated, the Stripe transfer not confirmed yet (phases 1 to 3).' },
    PAID: { description: "Stripe made the transfer to the seller's connected account." },
    FAILED: { description: 'Stripe refused the transfer; its orders are available again.' },
  },
});

export enum PayoutSource {
  WITHDRAWAL = 'WITHDRAWAL',
  SWEEP = 'SWEEP',
}
registerEnumType(PayoutSource, {
  name: 'PayoutSource',
  description: "A seller's withdrawal, or the automated sweep of eligible orders.",
});

export enum WithdrawalState {
  REQUESTED = 'REQUESTED',
  EXECUTING = 'EXECUTING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(WithdrawalState, {
  name: 'WithdrawalState',
  description:
    'REQUESTED (cancellable) -> EXECUTING (its payout exists) -> COMPLETED or FAILED; or REQUESTED -> CANCELLED.',
});

export enum PayoutOrderState {
  HELD = 'HELD',
  ELIGIBLE = 'ELIGIBLE',
  ALLOCATED = 'ALLOCATED',
  PAID = 'PAID',
  BLOCKED = 'BLOCKED',
}
registerEnumType(PayoutOrderState, {
  name: 'PayoutOrderState',
  valuesConfig: {
    HELD: { description: 'Released, inside the payout hold window.' },
    ELIGIBLE: { description: 'May be paid out now: a withdrawal or the sweep takes it.' },
    ALLOCATED: { description: 'Taken by a payout that is not paid yet.' },
    PAID: { description: 'Paid out, once and for all.' },
    BLOCKED: { description: 'May not be paid out now; see blockedReason.' },
  },
});

registerEnumType(PayoutBlockReason, {
  name: 'PayoutBlockReason',
  description: 'Why a released order may not be paid out now; the first that applies, in this order.',
  valuesConfig: {
    SELLER_BANNED: { description: 'The seller is banned: funds are frozen.' },
    ADMIN_HOLD: { description: "An admin holds the seller's payouts." },
    SELLER_AT_RISK: { description: "The seller's risk tier is AT_RISK or worse: no new payouts." },
    OPEN_DISPUTE: { description: 'The order has an open dispute.' },
    BUYER_CHARGEBACK: {
      description:
        "The order's buyer has a wallet on hold after a chargeback (the money they paid with may go back to their bank): not paid out until an admin lifts the hold.",
    },
    ACCOUNT_NOT_ENABLED: { description: 'The payout account cannot receive transfers yet.' },
  },
});

export enum PayoutChangeKind {
  PAYOUT_INITIATED = 'PAYOUT_INITIATED',
  PAYOUT_PAID = 'PAYOUT_PAID',
  PAYOUT_FAILED = 'PAYOUT_FAILED',
  PAYOUT_REVERSED = 'PAYOUT_REVERSED',
  WITHDRAWAL_REQUESTED = 'WITHDRAWAL_REQUESTED',
  WITHDRAWAL_CANCELLED = 'WITHDRAWAL_CANCELLED',
  WITHDRAWAL_FAILED = 'WITHDRAWAL_FAILED',
}
registerEnumType(PayoutChangeKind, { name: 'PayoutChangeKind' });

export enum RedriveOutcome {
  PAID = 'PAID',
  FAILED = 'FAILED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(RedriveOutcome, {
  name: 'RedriveOutcome',
  valuesConfig: {
    PAID: { description: 'Stripe made (or had already made) the transfer; the payout is PAID.' },
    FAILED: {
      description:
        "Stripe refused the transfer, or the seller's payouts came to be held (banned, AT_RISK, an admin's hold) before Stripe made it: the payout is FAILED, nothing was sent, and its orders are back in the seller's earnings.",
    },
    UNKNOWN: {
      description:
        "Stripe's answer is unknown (timeout, error), or another run is calling Stripe for this payout now: the payout stays PENDING and is retried with the same key.",
    },
  },
});

@ObjectType({
  implements: Node,
  description:
    "One Stripe transfer to a seller's connected account, paying whole orders. Readable by its seller and staff.",
})
export class Payout extends Node {
  row!: PayoutRow;

  @Field(() => Money, { description: "The sum of its orders' net amounts." })
  amount!: Money;

  @Field(() => PayoutState)
  state!: PayoutState;

  @Field(() => PayoutSource)
  source!: PayoutSource;

  @Field(() => Int)
  orderCount!: number;

  @Field(() => String, { nullable: true, description: 'Set when PAID.' })
  stripeTransferId!: string | null;

  @Field(() => Int, { description: 'Transfer attempts so far (each with the same idempotency key).' })
  transferAttempts!: number;

  @Authorized(Role.ADMIN)
  @Field(() => String, {
    nullable: true,
    description: 'Admins only: the last unknown outcome while PENDING (timeout, Stripe error).',
  })
  lastError!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "When FAILED: Stripe's refusal code, or the hold that stopped the payout before Stripe made its transfer (SELLER_BANNED, ADMIN_HOLD, SELLER_AT_RISK).",
  })
  failureCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "When FAILED: why, in words for the seller (Stripe's own message is `stripeFailureMessage`).",
  })
  failureMessage!: string | null;

  @Authorized(Role.ADMIN)
  @Field(() => String, {
    nullable: true,
    description:
      "Admins only: Stripe's own message for the refusal, written for the platform's developers (for a hold, what stopped the payout).",
  })
  stripeFailureMessage!: string | null;

  @Field(() => Money, {
    description: 'Brought back by transfer reversals since; credited to earnings, the orders stay paid.',
  })
  reversedAmount!: Money;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt!: Date | null;

  static from(row: PayoutRow): Payout {
    return Object.assign(new Payout(), {
      row,
      id: toGlobalId('Payout', row.id),
      amount: Money.of({ amount: row.amount, currency: row.currency }),
      state: row.state as PayoutState,
      source: row.source as PayoutSource,
      orderCount: row.orderCount,
      stripeTransferId: row.stripeTransferId,
      transferAttempts: row.transferAttempts,
      lastError: row.lastError,
      failureCode: row.failureCode,
      failureMessage: row.failureCode === null ? null : sellerPayoutFailure(row.failureCode),
      stripeFailureMessage: row.failureMessage,
      reversedAmount: Money.of({ amount: row.reversedAmount, currency: row.currency }),
      createdAt: row.createdAt,
      paidAt: row.paidAt,
      failedAt: row.failedAt,
    });
  }
}

export const PayoutConnection = Connection(Payout, 'Payout');

@ObjectType({ description: 'One order a payout took, with what it paid for it.' })
export class PayoutOrder {
  view!: PayoutOrderView;

  @Field(() => ID, { description: 'The order (an Order id).' })
  orderId!: string;

  @Field(() => Money, {
    description: "The seller's earnings from the order: its release posting, net of fees.",
  })
  netAmount!: Money;

  @Field()
  releasedAt!: Date;

  static from(view: PayoutOrderView): PayoutOrder {
    return Object.assign(new PayoutOrder(), {
      view,
      orderId: toGlobalId('Order', view.orderId),
      netAmount: Money.of({ amount: view.netAmount, currency: view.currency }),
      releasedAt: view.releasedAt,
    });
  }
}

export const PayoutOrderConnection = Connection(PayoutOrder, 'PayoutOrder');

@ObjectType({
  implements: Node,
  description: "A seller's request to be paid an amount, mapped onto whole eligible orders, oldest first.",
})
export class Withdrawal extends Node {
  row!: WithdrawalRow;

  @Field(() => Money, { description: 'What the seller asked for.' })
  requested!: Money;

  @Field(() => Money, {
    description: 'The whole orders, oldest first, that fit in the request: exactly what the payout pays.',
  })
  payable!: Money;

  @Field(() => Int)
  orderCount!: number;

  @Field(() => WithdrawalState)
  state!: WithdrawalState;

  @Field(() => String, {
    nullable: true,
    description: 'When FAILED: why (a block reason, ELIGIBILITY_CHANGED, or TRANSFER_REFUSED).',
  })
  failureCode!: string | null;

  @Field(() => String, { nullable: true })
  failureMessage!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(row: WithdrawalRow): Withdrawal {
    return Object.assign(new Withdrawal(), {
      row,
      id: toGlobalId('Withdrawal', row.id),
      requested: Money.of({ amount: row.requestedAmount, currency: row.currency }),
      payable: Money.of({ amount: row.payableAmount, currency: row.currency }),
      orderCount: row.orderCount,
      state: row.state as WithdrawalState,
      failureCode: row.failureCode,
      failureMessage: row.failureMessage,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}

export const WithdrawalConnection = Connection(Withdrawal, 'Withdrawal');

@ObjectType({ description: 'What requesting an amount would pay now; shown before the seller confirms.' })
export class WithdrawalQuote {
  @Field(() => Money)
  requested!: Money;

  @Field(() => Money, {
    description:
      'Whole eligible orders, oldest first, while they fit in the request: what a request now would pay, unless `refusal` says it would be refused.',
  })
  payable!: Money;

  @Field(() => Int)
  orderCount!: number;

  @Field(() => Money, { description: 'Everything eligible now in this currency.' })
  available!: Money;

  @Field(() => Money, { description: 'The smallest withdrawal (PAYOUT_MIN_WITHDRAWAL_AMOUNT).' })
  minimum!: Money;

  @Field(() => RequestWithdrawalErrorCode, {
    nullable: true,
    description:
      "What requestWithdrawal would answer for this amount now, by the amount alone (BELOW_MINIMUM, INSUFFICIENT_AVAILABLE, NO_WHOLE_ORDER_FITS), or null when it fits; the account's state (ACCOUNT_NOT_ENABLED, PAYOUTS_HELD, an open withdrawal) is the request's to check.",
  })
  refusal!: RequestWithdrawalErrorCode | null;

  @Field(() => String, {
    nullable: true,
    description: "The refusal in words, as requestWithdrawal's error would say it.",
  })
  refusalMessage!: string | null;

  static from(quote: WithdrawalQuoteValue): WithdrawalQuote {
    const money = (amount: number) => Money.of({ amount, currency: quote.currency });
    return Object.assign(new WithdrawalQuote(), {
      requested: money(quote.requestedAmount),
      payable: money(quote.payableAmount),
      orderCount: quote.orderCount,
      available: money(quote.availableAmount),
      minimum: money(quote.minimumAmount),
      refusal: quote.refusal?.code ?? null,
      refusalMessage: quote.refusal?.message ?? null,
    });
  }
}

@ObjectType({ description: 'An amount and the number of orders it is made of.' })
export class OrderTotal {
  @Field(() => Money)
  amount!: Money;

  @Field(() => Int)
  orderCount!: number;
}

@ObjectType({ description: 'Blocked earnings for one reason.' })
export class BlockedEarnings {
  @Field(() => PayoutBlockReason)
  reason!: PayoutBlockReason;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Int)
  orderCount!: number;
}

@ObjectType({
  description:
    "A seller's earnings in one currency by payout state. Every figure comes from ledger facts: per-order " +
    "amounts are the earnings legs of the orders' release postings. " +
    'available + pending + blocked + unattributed = earningsBalance (the SELLER_EARNINGS account); ' +
    'inTransit is the PAYOUTS_IN_TRANSIT account; paid is what completed payouts transferred less what reversals brought back.',
})
export class SellerEarnings {
  @Field()
  currency!: string;

  @Field(() => Money, { description: "The ledger balance of the seller's earnings account." })
  earningsBalance!: Money;

  @Field(() => OrderTotal, { description: 'ELIGIBLE orders: what a withdrawal may take now.' })
  available!: OrderTotal;

  @Field(() => OrderTotal, {
    description:
      'HELD orders: released, inside the payout hold window; and releases of a moment ago whose hold is not checked yet (the eligibility job checks them within PAYOUT_ELIGIBILITY_REFRESH_MINUTES; a withdrawal request checks them at once).',
  })
  pending!: OrderTotal;

  @Field(() => OrderTotal, { description: 'BLOCKED orders, all reasons together.' })
  blocked!: OrderTotal;

  @Field(() => [BlockedEarnings], { description: 'BLOCKED orders by reason.' })
  blockedByReason!: BlockedEarnings[];

  @Field(() => Money, {
    description:
      'In earnings but in no order awaiting payout: amounts credited back by transfer reversals (their orders stay paid).',
  })
  unattributed!: Money;

  @Field(() => OrderTotal, {
    description:
      'Allocated to payouts not paid yet: the PAYOUTS_IN_TRANSIT account, and the ALLOCATED orders.',
  })
  inTransit!: OrderTotal;

  @Field(() => OrderTotal, {
    description: 'Transferred by completed payouts less reversals, and the PAID orders.',
  })
  paid!: OrderTotal;

  @Field(() => Money, { description: 'Brought back by transfer reversals, all time.' })
  reversed!: Money;

  static from(view: SellerEarningsView): SellerEarnings {
    const money = (amount: number) => Money.of({ amount, currency: view.currency });
    const total = (amount: number, orderCount: number) =>
      Object.assign(new OrderTotal(), { amount: money(amount), orderCount });
    return Object.assign(new SellerEarnings(), {
      currency: view.currency,
      earningsBalance: money(view.earningsBalance),
      available: total(view.available.amount, view.available.orders),
      pending: total(view.pending.amount, view.pending.orders),
      blocked: total(view.blocked.amount, view.blocked.orders),
      blockedByReason: view.blockedByReason.map((row) =>
        Object.assign(new BlockedEarnings(), {
          reason: row.reason as PayoutBlockReason,
          amount: money(row.amount),
          orderCount: row.orders,
        }),
      ),
      unattributed: money(view.unattributed),
      inTransit: total(view.inTransit, view.allocatedOrders),
      paid: total(view.paid, view.paidOrders),
      reversed: money(view.reversed),
    });
  }
}

@ObjectType({ description: "A released order's payout state. For the order's seller and staff." })
export class OrderPayoutStatus {
  view!: OrderPayoutStatusView;

  @Field(() => PayoutOrderState)
  state!: PayoutOrderState;

  @Field(() => PayoutBlockReason, { nullable: true, description: 'When BLOCKED.' })
  blockedReason!: PayoutBlockReason | null;

  @Field(() => Money, { description: "The seller's earnings from the order (its release posting)." })
  netAmount!: Money;

  @Field({ description: 'The end of the payout hold window.' })
  eligibleFrom!: Date;

  @Field(() => Payout, { nullable: true, description: 'When ALLOCATED or PAID: the payout that took it.' })
  payout!: Payout | null;

  static from(view: OrderPayoutStatusView): OrderPayoutStatus {
    return Object.assign(new OrderPayoutStatus(), {
      view,
      state: view.state as PayoutOrderState,
      blockedReason: view.blockedReason as PayoutBlockReason | null,
      netAmount: Money.of({ amount: view.netAmount, currency: view.currency }),
      eligibleFrom: view.eligibleFrom,
      payout: view.payout ? Payout.from(view.payout) : null,
    });
  }
}

@ObjectType({
  implements: Node,
  description: "An admin's hold on a seller's payouts, set and lifted with a reason.",
})
export class PayoutHold extends Node {
  row!: PayoutHoldRow;

  @Field()
  reason!: string;

  @Field()
  setAt!: Date;

  @Field(() => Date, { nullable: true })
  liftedAt!: Date | null;

  @Field(() => String, { nullable: true })
  liftReason!: string | null;

  @Field({ description: "Not lifted yet: the seller's orders are BLOCKED (ADMIN_HOLD)." })
  active!: boolean;

  static from(row: PayoutHoldRow): PayoutHold {
    return Object.assign(new PayoutHold(), {
      row,
      id: toGlobalId('PayoutHold', row.id),
      reason: row.reason,
      setAt: row.setAt,
      liftedAt: row.liftedAt,
      liftReason: row.liftReason,
      active: row.liftedAt === null,
    });
  }
}

@ObjectType({ description: 'A payout or withdrawal changed, as it committed.' })
export class PayoutChange {
  payload!: PayoutChangePayload;

  @Field(() => PayoutChangeKind)
  kind!: PayoutChangeKind;

  @Field(() => ID, { nullable: true, description: 'The payout (a Payout id), for PAYOUT_* changes.' })
  payoutId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The withdrawal (a Withdrawal id), when there is one.' })
  withdrawalId!: string | null;

  @Field({
    description:
      "The payout's state after the change (a PayoutState), or, without a payout, the withdrawal's.",
  })
  state!: string;

  @Field(() => Money, { description: 'The amount the change is about (a reversal: the amount reversed).' })
  amount!: Money;

  @Field(() => String, { nullable: true })
  failureCode!: string | null;

  @Field()
  occurredAt!: Date;

  @Field({ description: cursorFieldDescription })
  cursor!: string;

  static from(payload: PayoutChangePayload, cursor: string): PayoutChange {
    return Object.assign(new PayoutChange(), {
      payload,
      cursor,
      kind: payload.kind as PayoutChangeKind,
      payoutId: payload.payoutId ? toGlobalId('Payout', payload.payoutId) : null,
      withdrawalId: payload.withdrawalId ? toGlobalId('Withdrawal', payload.withdrawalId) : null,
      state: payload.state,
      amount: Money.of({ amount: payload.amount, currency: payload.currency }),
      failureCode: payload.failureCode,
      occurredAt: new Date(payload.occurredAt),
    });
  }
}

export const RequestWithdrawalError = UserErrorType('RequestWithdrawalError', RequestWithdrawalErrorCode);
export const CancelWithdrawalError = UserErrorType('CancelWithdrawalError', CancelWithdrawalErrorCode);
export const SetPayoutHoldError = UserErrorType('SetPayoutHoldError', SetPayoutHoldErrorCode);
export const LiftPayoutHoldError = UserErrorType('LiftPayoutHoldError', LiftPayoutHoldErrorCode);
export const RedrivePayoutError = UserErrorType('RedrivePayoutError', RedrivePayoutErrorCode);

@ObjectType()
export class RequestWithdrawalPayload {
  @Field(() => Withdrawal, { nullable: true })
  withdrawal!: Withdrawal | null;

  @Field({
    description: 'True when this idempotency key was used before with the same input: the first request.',
  })
  replayed!: boolean;

  @Field(() => [RequestWithdrawalError])
  errors!: InstanceType<typeof RequestWithdrawalError>[];
}

@ObjectType()
export class CancelWithdrawalPayload {
  @Field(() => Withdrawal, { nullable: true })
  withdrawal!: Withdrawal | null;

  @Field(() => [CancelWithdrawalError])
  errors!: InstanceType<typeof CancelWithdrawalError>[];
}

@ObjectType()
export class SetPayoutHoldPayload {
  @Field(() => PayoutHold, { nullable: true })
  hold!: PayoutHold | null;

  @Field(() => [SetPayoutHoldError])
  errors!: InstanceType<typeof SetPayoutHoldError>[];
}

@ObjectType()
export class LiftPayoutHoldPayload {
  @Field(() => PayoutHold, { nullable: true })
  hold!: PayoutHold | null;

  @Field(() => [LiftPayoutHoldError])
  errors!: InstanceType<typeof LiftPayoutHoldError>[];
}

@ObjectType()
export class RedrivePayoutPayload {
  @Field(() => Payout, { nullable: true, description: 'The payout after the attempt.' })
  payout!: Payout | null;

  @Field(() => RedriveOutcome, { nullable: true })
  outcome!: RedriveOutcome | null;

  @Field(() => [RedrivePayoutError])
  errors!: InstanceType<typeof RedrivePayoutError>[];
}
