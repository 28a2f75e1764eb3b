import { Field, ID, InputType, Int } from 'type-graphql';
import { PayoutChangeKind, PayoutState, WithdrawalState } from './payouts.types';

@InputType()
export class RequestWithdrawalInput {
  @Field(() => Int, {
    description:
      'Minor units. Whole eligible orders, oldest first, are paid while they fit: the quote shows the exact amount.',
  })
  amount!: number;

  @Field({ description: 'EUR, USD or GBP.' })
  currency!: string;

  @Field({
    description:
      'Chosen by the client, unique per request (1 to 100 of letters, digits, ".", "_", ":", "-"): repeating it returns the first request.',
  })
  idempotencyKey!: string;
}

@InputType()
export class CancelWithdrawalInput {
  @Field(() => ID)
  withdrawalId!: string;
}

@InputType()
export class SetPayoutHoldInput {
  @Field(() => ID, { description: 'The seller (a User id).' })
  sellerId!: string;

  @Field({ description: 'Why; 3 to 500 characters. Recorded on the hold and in the audit log.' })
  reason!: string;
}

@InputType()
export class LiftPayoutHoldInput {
  @Field(() => ID, { description: 'The seller (a User id) whose active hold ends now.' })
  sellerId!: string;

  @Field({ description: 'Why; 3 to 500 characters. Recorded on the hold and in the audit log.' })
  reason!: string;
}

@InputType()
export class RedrivePayoutInput {
  @Field(() => ID)
  payoutId!: string;
}

@InputType()
export class PayoutFilter {
  @Field(() => PayoutState, { nullable: true })
  state?: PayoutState | null;

  @Field(() => ID, { nullable: true, description: 'Only this seller (a User id).' })
  sellerId?: string | null;
}

@InputType()
export class WithdrawalFilter {
  @Field(() => WithdrawalState, { nullable: true })
  state?: WithdrawalState | null;

  @Field(() => ID, { nullable: true, description: 'Only this seller (a User id).' })
  sellerId?: string | null;
}

@InputType()
export class PayoutFeedFilter {
  @Field(() => [PayoutChangeKind], { defaultValue: [], description: 'Empty: every kind.' })
  kinds!: PayoutChangeKind[];

  @Field(() => ID, { nullable: true, description: 'Only this seller (a User id).' })
  sellerId?: string | null;
}
