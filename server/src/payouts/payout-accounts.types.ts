import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import type { BankPayoutStatus as StripeBankPayoutStatus } from '../domain/bank-payout-rules';
import { requirementDescription } from './payout-requirements';
import {
  StartPayoutOnboardingErrorCode,
  type BankPayoutRow,
  type OnboardingLink,
  type PayoutAccountView,
} from './payout-accounts.service';

export enum PayoutAccountStatus {
  NOT_STARTED = 'NOT_STARTED',
  PENDING_VERIFICATION = 'PENDING_VERIFICATION',
  RESTRICTED = 'RESTRICTED',
  ENABLED = 'ENABLED',
  DISCONNECTED = 'DISCONNECTED',
}

registerEnumType(PayoutAccountStatus, {
  name: 'PayoutAccountStatus',
  valuesConfig: {
    NOT_STARTED: {
      description: "Onboarding not finished: open a new onboarding link and complete Stripe's form.",
    },
    PENDING_VERIFICATION: {
      description: 'Everything was provided; Stripe is checking it. Nothing to do but wait.',
    },
    RESTRICTED: { description: 'Stripe needs more: see `requirements`, then open a new onboarding link.' },
    ENABLED: { description: 'Payouts can be sent to this account.' },
    DISCONNECTED: {
      description:
        'Stripe no longer knows this account (deleted at Stripe, or disconnected from CodeSale): nothing is paid to it. Start onboarding again: it opens a new account, in the country given, in its place.',
    },
  },
});

export enum BankPayoutStatus {
  PENDING = 'PENDING',
  IN_TRANSIT = 'IN_TRANSIT',
  PAID = 'PAID',
  FAILED = 'FAILED',
  CANCELED = 'CANCELED',
}

registerEnumType(BankPayoutStatus, {
  name: 'BankPayoutStatus',
  valuesConfig: {
    PENDING: { description: 'Stripe has scheduled it.' },
    IN_TRANSIT: { description: 'On its way to the bank.' },
    PAID: { description: 'The bank has it (expected by `arrivalDate`).' },
    FAILED: {
      description: 'The bank refused it; the money is back on the Stripe account. See `failureMessage`.',
    },
    CANCELED: { description: 'Canceled before it left.' },
  },
});

@ObjectType({ description: 'Something Stripe needs from the seller before payouts can be enabled.' })
export class PayoutRequirement {
  @Field({ description: "Stripe's name for it (e.g. individual.verification.document)." })
  code!: string;

  @Field({ description: 'What it asks for, in words for the seller.' })
  description!: string;

  @Field({ description: 'Past due: Stripe has disabled payouts or transfers until it is provided.' })
  overdue!: boolean;
}

@ObjectType({
  implements: Node,
  description:
    "The seller's Stripe Connect account, where payouts go: its state as Stripe last reported it (`account.updated`).",
})
export class PayoutAccount extends Node {
  sellerRawId!: string;

  @Field(() => PayoutAccountStatus)
  status!: PayoutAccountStatus;

  @Field({ description: 'Stripe lets this account receive payouts to its bank.' })
  payoutsEnabled!: boolean;

  @Field({ description: "The seller has gone through Stripe's onboarding form once." })
  detailsSubmitted!: boolean;

  @Field(() => [PayoutRequirement], {
    description:
      'What the seller must still provide (on a new onboarding link); empty when nothing is missing.',
  })
  requirements!: PayoutRequirement[];

  @Field(() => [String], { description: 'Provided and being checked by Stripe (Stripe names).' })
  pendingVerification!: string[];

  @Field(() => [PayoutRequirement], {
    description:
      'The same as pendingVerification, each with a description in words for the seller (overdue is always false).',
  })
  pendingChecks!: PayoutRequirement[];

  @Field(() => String, {
    nullable: true,
    description: "Stripe's reason when payouts are disabled (requirements.past_due, rejected.fraud, ...).",
  })
  disabledReason!: string | null;

  @Field({ description: 'When CodeSale last recorded a change Stripe reported.' })
  updatedAt!: Date;

  static from(view: PayoutAccountView): PayoutAccount {
    const overdue = new Set(view.overdue);
    return Object.assign(new PayoutAccount(), {
      id: toGlobalId('PayoutAccount', view.sellerId),
      sellerRawId: view.sellerId,
      status: view.status as PayoutAccountStatus,
      payoutsEnabled: view.payoutsEnabled,
      detailsSubmitted: view.detailsSubmitted,
      requirements: view.missing.map((code) =>
        Object.assign(new PayoutRequirement(), {
          code,
          description: requirementDescription(code),
          overdue: overdue.has(code),
        }),
      ),
      pendingVerification: view.pendingVerification,
      pendingChecks: view.pendingVerification.map((code) =>
        Object.assign(new PayoutRequirement(), {
          code,
          description: requirementDescription(code),
          overdue: false,
        }),
      ),
      disabledReason: view.disabledReason,
      updatedAt: view.updatedAt,
    });
  }
}

@ObjectType({
  description: "Stripe's hosted onboarding page for the account: single use, valid a few minutes.",
})
export class PayoutOnboardingLink {
  @Field({ description: 'Send the seller here; Stripe sends them back to the console when done.' })
  url!: string;

  @Field()
  expiresAt!: Date;

  static from(link: OnboardingLink): PayoutOnboardingLink {
    return Object.assign(new PayoutOnboardingLink(), { url: link.url, expiresAt: link.expiresAt });
  }
}

export const StartPayoutOnboardingError = UserErrorType(
  'StartPayoutOnboardingError',
  StartPayoutOnboardingErrorCode,
);

@ObjectType()
export class StartPayoutOnboardingPayload {
  @Field(() => PayoutAccount, { nullable: true })
  payoutAccount!: PayoutAccount | null;

  @Field(() => PayoutOnboardingLink, { nullable: true })
  onboardingLink!: PayoutOnboardingLink | null;

  @Field(() => [StartPayoutOnboardingError])
  errors!: InstanceType<typeof StartPayoutOnboardingError>[];
}

const bankPayoutStatuses: Record<StripeBankPayoutStatus, BankPayoutStatus> = {
  pending: BankPayoutStatus.PENDING,
  in_transit: BankPayoutStatus.IN_TRANSIT,
  paid: BankPayoutStatus.PAID,
  failed: BankPayoutStatus.FAILED,
  canceled: BankPayoutStatus.CANCELED,
};

@ObjectType({
  implements: Node,
  description:
    "Money Stripe sends from the seller's Connect account to their bank (Stripe's own payout schedule).",
})
export class BankPayout extends Node {
  @Field(() => Money)
  amount!: Money;

  @Field(() => BankPayoutStatus)
  status!: BankPayoutStatus;

  @Field(() => String, {
    nullable: true,
    description: "Stripe's failure code (account_closed, ...) when FAILED.",
  })
  failureCode!: string | null;

  @Field(() => String, { nullable: true, description: "Stripe's explanation when FAILED." })
  failureMessage!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the bank is expected to have it.' })
  arrivalDate!: Date | null;

  @Field({ description: 'When CodeSale first heard of it.' })
  createdAt!: Date;

  @Field({ description: 'When its status last changed.' })
  updatedAt!: Date;

  static from(row: BankPayoutRow): BankPayout {
    return Object.assign(new BankPayout(), {
      id: toGlobalId('BankPayout', row.id),
      amount: Money.of({ amount: row.amount, currency: row.currency }),
      status: bankPayoutStatuses[row.status as StripeBankPayoutStatus],
      failureCode: row.failureCode,
      failureMessage: row.failureMessage,
      arrivalDate: row.arrivalDate,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}

export const BankPayoutConnection = Connection(BankPayout, 'BankPayout');
