import { Field, ID, InputType } from 'type-graphql';
import { ChargebackStatus } from './chargeback.service';

@InputType()
export class WriteOffChargebackLossInput {
  @Field(() => ID, { description: 'The LOST chargeback whose wallet deficit is written off.' })
  chargebackId!: string;

  @Field({
    description:
      'Why (3 to 500 characters); recorded with the write-off, in the ledger and in the audit log.',
  })
  reason!: string;

  @Field({ description: 'A new key (e.g. a UUID) per write-off; repeating it returns the first write-off.' })
  idempotencyKey!: string;
}

@InputType()
export class ChargebackFilter {
  @Field(() => ChargebackStatus, { nullable: true, description: 'Only chargebacks in this status.' })
  status?: ChargebackStatus | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only written off; false: only not written off (with status LOST: what is left to decide).',
  })
  writtenOff?: boolean | null;
}
