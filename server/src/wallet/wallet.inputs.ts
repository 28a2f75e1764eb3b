import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class CreateTopUpInput {
  @Field(() => Int, { description: 'Minor units, within the configured top-up limits.' })
  amount!: number;

  @Field({ description: 'ISO 4217: EUR, USD or GBP.' })
  currency!: string;

  @Field({ description: 'A new key (e.g. a UUID) per top-up; repeating it returns the first top-up.' })
  idempotencyKey!: string;
}

@InputType()
export class CancelTopUpInput {
  @Field(() => ID, { description: 'One of your unpaid top-ups (PENDING or FAILED).' })
  topUpId!: string;
}

@InputType()
export class LiftWalletFlagInput {
  @Field(() => ID, { description: 'The buyer (a User id) whose flagged wallets are lifted.' })
  buyerId!: string;

  @Field({ description: 'Why the flag is lifted; recorded in the audit log and the wallet history.' })
  reason!: string;
}

@InputType()
export class ResumeTopUpInput {
  @Field(() => ID, { description: 'One of your unpaid top-ups (PENDING or FAILED).' })
  topUpId!: string;
}
