import { Authorized, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../auth/roles';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import {
  CancelTopUpErrorCode,
  CreateTopUpErrorCode,
  ResumeTopUpErrorCode,
  TopUpStatus,
  type TopUpRow,
} from './top-up.service';
import { LiftWalletFlagErrorCode, WalletStatus, type WalletRow } from './wallet.service';
import { buyerHoldNotice } from './wallet-notices';

registerEnumType(TopUpStatus, {
  name: 'TopUpStatus',
  valuesConfig: {
    PENDING: { description: 'Waiting for the card payment.' },
    SUCCEEDED: { description: 'Paid; the wallet was credited.' },
    FAILED: {
      description: 'The last payment attempt failed; the same top-up can still be paid with another card.',
    },
    CANCELED: {
      description: 'Abandoned by the buyer (cancelTopUp) before it was paid: it can no longer be paid.',
    },
  },
});

registerEnumType(WalletStatus, {
  name: 'WalletStatus',
  valuesConfig: {
    ACTIVE: { description: 'The wallet can be used for purchases.' },
    WALLET_AT_RISK: {
      description: 'A chargeback is open or was lost: purchases are blocked until it is resolved.',
    },
  },
});

@ObjectType({ implements: Node, description: 'Money into a wallet, paid by card through Stripe.' })
export class TopUp extends Node {
  /** Raw ids, for resolvers; not in the schema. */
  rawId!: string;
  buyerRawId!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => TopUpStatus)
  status!: TopUpStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why the last payment attempt failed (card_declined, ...).',
  })
  failureCode!: string | null;

  @Field()
  createdAt!: Date;

  static from(row: TopUpRow): TopUp {
    return Object.assign(new TopUp(), {
      id: toGlobalId('TopUp', row.id),
      rawId: row.id,
      buyerRawId: row.buyerId,
      amount: Money.of({ amount: row.amount, currency: row.currency }),
      status: row.status as TopUpStatus,
      failureCode: row.failureCode,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType({
  implements: Node,
  description: "A buyer's wallet in one currency. Its balance is its ledger account.",
})
export class Wallet extends Node {
  buyerRawId!: string;

  @Field()
  currency!: string;

  @Field(() => Money, { description: 'May be negative after a chargeback.' })
  balance!: Money;

  @Field(() => WalletStatus)
  status!: WalletStatus;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the wallet is on hold and what to do next, in words for its buyer (no internal ids); null when active.',
  })
  flaggedReason!: string | null;

  @Authorized(Role.SUPPORT, Role.ADMIN)
  @Field(() => String, {
    nullable: true,
    description: 'Staff only: the internal reason for the hold, with the Stripe dispute and top-up ids.',
  })
  flaggedInternalReason!: string | null;

  @Field(() => Date, { nullable: true })
  flaggedAt!: Date | null;

  static from(row: WalletRow, balance: number): Wallet {
    return Object.assign(new Wallet(), {
      id: toGlobalId('Wallet', row.id),
      buyerRawId: row.buyerId,
      currency: row.currency,
      balance: Money.of({ amount: balance, currency: row.currency }),
      status: row.status as WalletStatus,
      flaggedReason: buyerHoldNotice(row.status as WalletStatus),
      flaggedInternalReason: row.flaggedReason,
      flaggedAt: row.flaggedAt,
    });
  }
}

export const WalletConnection = Connection(Wallet, 'Wallet');

export const TopUpConnection = Connection(TopUp, 'TopUp');

export const CreateTopUpError = UserErrorType('CreateTopUpError', CreateTopUpErrorCode);
export const LiftWalletFlagError = UserErrorType('LiftWalletFlagError', LiftWalletFlagErrorCode);
export const CancelTopUpError = UserErrorType('CancelTopUpError', CancelTopUpErrorCode);
export const ResumeTopUpError = UserErrorType('ResumeTopUpError', ResumeTopUpErrorCode);

@ObjectType()
export class CancelTopUpPayload {
  @Field(() => TopUp, { nullable: true, description: 'The top-up, CANCELED.' })
  topUp!: TopUp | null;

  @Field(() => [CancelTopUpError])
  errors!: InstanceType<typeof CancelTopUpError>[];
}

@ObjectType()
export class ResumeTopUpPayload {
  @Field(() => TopUp, {
    nullable: true,
    description: 'The top-up, still PENDING or FAILED until Stripe confirms a payment.',
  })
  topUp!: TopUp | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The PaymentIntent's client secret, as createTopUp gave it: confirm the card with Stripe.js. The wallet is credited once Stripe confirms the payment.",
  })
  clientSecret!: string | null;

  @Field(() => [ResumeTopUpError])
  errors!: InstanceType<typeof ResumeTopUpError>[];
}

@ObjectType()
export class CreateTopUpPayload {
  @Field(() => TopUp, { nullable: true })
  topUp!: TopUp | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The PaymentIntent's client secret: confirm the card with Stripe.js. The wallet is credited once Stripe confirms the payment.",
  })
  clientSecret!: string | null;

  @Field({ description: 'True when this idempotency key was used before and the first top-up is returned.' })
  replayed!: boolean;

  @Field(() => [CreateTopUpError])
  errors!: InstanceType<typeof CreateTopUpError>[];
}

@ObjectType()
export class LiftWalletFlagPayload {
  @Field(() => [Wallet])
  wallets!: Wallet[];

  @Field(() => [LiftWalletFlagError])
  errors!: InstanceType<typeof LiftWalletFlagError>[];
}

@ObjectType({ description: 'What a client needs to take a card top-up: the Stripe key and the limits.' })
export class PaymentSettings {
  @Field({
    description:
      "Stripe.js's publishable key (pk_...). With the emulator, the emulator's key: confirm with it at POST /stripe-emulator/v1/payment_intents/:id/confirm on this API's origin.",
  })
  publishableKey!: string;

  @Field({
    description:
      'True when payments go to the in-repo Stripe emulator (development, tests): no Stripe.js; confirm with a test card (pm_card_visa) through /stripe-emulator.',
  })
  emulator!: boolean;

  @Field(() => [String], { description: 'Currencies a wallet and a top-up may be in (ISO 4217).' })
  currencies!: string[];

  @Field(() => Int, { description: 'The smallest top-up, in minor units.' })
  minTopUp!: number;

  @Field(() => Int, { description: 'The largest top-up, in minor units.' })
  maxTopUp!: number;

  @Field(() => [String], {
    description:
      "Countries a seller's payout account (Stripe Connect) may be opened in (ISO 3166-1 alpha-2): startPayoutOnboarding's country is one of them.",
  })
  payoutCountries!: string[];

  @Field(() => Int, {
    description:
      "The platform's fee on a sale, in basis points of the price (500 = 5%), kept when the order is released and rounded down: the seller is credited the price less it (Order.netAmount).",
  })
  platformFeeBasisPoints!: number;
}
