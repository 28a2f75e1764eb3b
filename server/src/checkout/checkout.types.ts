import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { PurchaseListingErrorCode } from './checkout.service';
import {
  ConfirmDeliveryErrorCode,
  RevealCodeErrorCode,
  RevealDeliveredCodeErrorCode,
} from './delivery.service';
import type { OrderRow } from './escrow.service';

export enum EscrowStatus {
  HELD = 'HELD',
  RELEASED = 'RELEASED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(EscrowStatus, {
  name: 'EscrowStatus',
  description:
    "Mirror of the ledger: HELD in escrow, RELEASED to the seller, or REFUNDED to the buyer's wallet.",
});

/** Which side of its orders a user is read on (Query.userOrders). */
export enum OrderParty {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
}
registerEnumType(OrderParty, {
  name: 'OrderParty',
  description:
    'BUYER: the orders the user placed. SELLER: the orders placed on their listings (their sales).',
});

@ObjectType({ implements: Node })
export class Order extends Node {
  row!: OrderRow;

  @Field()
  listingId!: string;

  @Field(() => Money)
  price!: Money;

  @Field(() => EscrowStatus)
  escrowStatus!: EscrowStatus;

  @Field()
  createdAt!: Date;

  @Field({ description: 'Without confirmation or dispute, escrow is released to the seller at this time.' })
  protectionEndsAt!: Date;

  @Field(() => Date, { nullable: true })
  codeRevealedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  confirmedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  releasedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  refundedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'From this time the order may be paid out to the seller.',
  })
  payoutEligibleAt!: Date | null;

  static from(row: OrderRow): Order {
    return Object.assign(new Order(), {
      row,
      id: toGlobalId('Order', row.id),
      listingId: toGlobalId('Listing', row.listingId),
      price: Money.of({ amount: row.priceAmount, currency: row.currency }),
      escrowStatus: row.escrowStatus as EscrowStatus,
      createdAt: row.createdAt,
      protectionEndsAt: row.protectionEndsAt,
      codeRevealedAt: row.codeRevealedAt,
      confirmedAt: row.confirmedAt,
      releasedAt: row.releasedAt,
      refundedAt: row.refundedAt,
      payoutEligibleAt: row.payoutEligibleAt,
    });
  }
}

export const OrderConnection = Connection(Order, 'Order');

export const PurchaseListingError = UserErrorType('PurchaseListingError', PurchaseListingErrorCode);
export const RevealCodeError = UserErrorType('RevealCodeError', RevealCodeErrorCode);
export const RevealDeliveredCodeError = UserErrorType(
  'RevealDeliveredCodeError',
  RevealDeliveredCodeErrorCode,
);
export const ConfirmDeliveryError = UserErrorType('ConfirmDeliveryError', ConfirmDeliveryErrorCode);

@ObjectType()
export class PurchaseListingPayload {
  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field({ description: 'True when this answers a repeated idempotency key: nothing was charged again.' })
  replayed!: boolean;

  @Field(() => [PurchaseListingError])
  errors!: InstanceType<typeof PurchaseListingError>[];
}

@ObjectType()
export class RevealCodePayload {
  @Field(() => String, { nullable: true, description: 'The purchased code. Every reveal is recorded.' })
  code!: string | null;

  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field(() => [RevealCodeError])
  errors!: InstanceType<typeof RevealCodeError>[];
}

@ObjectType()
export class RevealDeliveredCodePayload {
  @Field(() => String, {
    nullable: true,
    description: 'The code the order delivered. Every such reveal is in the audit log with its reason.',
  })
  code!: string | null;

  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field(() => [RevealDeliveredCodeError])
  errors!: InstanceType<typeof RevealDeliveredCodeError>[];
}

@ObjectType()
export class ConfirmDeliveryPayload {
  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field(() => [ConfirmDeliveryError])
  errors!: InstanceType<typeof ConfirmDeliveryError>[];
}
