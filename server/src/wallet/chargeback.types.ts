import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { ChargebackStatus } from './chargeback.service';
import {
  WriteOffChargebackLossErrorCode,
  type ChargebackListRow,
  type ChargebackWriteOffRow,
} from './chargeback-write-off.service';

registerEnumType(ChargebackStatus, {
  name: 'ChargebackStatus',
  valuesConfig: {
    OPEN: { description: 'The bank has not decided yet; the amount is out of the wallet meanwhile.' },
    WON: { description: 'Decided for the platform: the amount went back to the wallet.' },
    LOST: {
      description:
        'Decided for the card holder: the amount stays out of the wallet; a deficit can be written off.',
    },
  },
});

@ObjectType({
  description:
    "Admin only: a lost chargeback's wallet deficit moved to chargeback losses, with the admin's reason.",
})
export class ChargebackWriteOff {
  /** Raw ids, for resolvers; not in the schema. */
  chargebackRawId!: string;
  writtenOffByRawId!: string;

  @Field(() => ID, { description: 'The Chargeback written off.' })
  chargebackId!: string;

  @Field(() => Money, { description: 'What moved from the wallet to chargeback losses.' })
  amount!: Money;

  @Field()
  reason!: string;

  @Field()
  writtenOffAt!: Date;

  static from(row: ChargebackWriteOffRow): ChargebackWriteOff {
    return Object.assign(new ChargebackWriteOff(), {
      chargebackRawId: row.chargebackId,
      writtenOffByRawId: row.writtenOffBy,
      chargebackId: toGlobalId('Chargeback', row.chargebackId),
      amount: Money.of({ amount: row.amount, currency: row.currency }),
      reason: row.reason,
      writtenOffAt: row.createdAt,
    });
  }
}

@ObjectType({
  implements: Node,
  description:
    "Admin only: a card top-up disputed at the bank (a Stripe dispute); its amount left the buyer's wallet.",
})
export class Chargeback extends Node {
  /** The row and its write-off, for resolvers; not in the schema. */
  row!: ChargebackListRow;

  @Field(() => Money, { description: 'What the bank took back, and the wallet with it.' })
  amount!: Money;

  @Field(() => ChargebackStatus)
  status!: ChargebackStatus;

  @Field({ description: "Stripe's dispute reason (fraudulent, product_not_received, ...)." })
  reason!: string;

  @Field({ description: "Stripe's dispute id, to find it in the Stripe dashboard." })
  stripeDisputeId!: string;

  @Field()
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => ChargebackWriteOff, { nullable: true, description: 'Null until an admin writes it off.' })
  writeOff!: ChargebackWriteOff | null;

  static from(row: ChargebackListRow): Chargeback {
    const { chargeback, writeOff } = row;
    return Object.assign(new Chargeback(), {
      id: toGlobalId('Chargeback', chargeback.id),
      row,
      amount: Money.of({ amount: chargeback.amount, currency: chargeback.currency }),
      status: chargeback.status as ChargebackStatus,
      reason: chargeback.reason,
      stripeDisputeId: chargeback.stripeDisputeId,
      openedAt: chargeback.openedAt,
      closedAt: chargeback.closedAt,
      writeOff: writeOff ? ChargebackWriteOff.from(writeOff) : null,
    });
  }
}

export const ChargebackConnection = Connection(Chargeback, 'Chargeback');

export const WriteOffChargebackLossError = UserErrorType(
  'WriteOffChargebackLossError',
  WriteOffChargebackLossErrorCode,
);

@ObjectType()
export class WriteOffChargebackLossPayload {
  @Field(() => ChargebackWriteOff, { nullable: true })
  writeOff!: ChargebackWriteOff | null;

  @Field({
    description: 'True when this idempotency key was used before and the first write-off is returned.',
  })
  replayed!: boolean;

  @Field(() => [WriteOffChargebackLossError])
  errors!: InstanceType<typeof WriteOffChargebackLossError>[];
}
