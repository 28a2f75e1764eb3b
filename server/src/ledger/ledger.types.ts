import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LedgerAccountKind } from '../domain/posting-rules';
import { Money } from '../graphql/money.types';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import type { LedgerAccountRow, LedgerEntryRow } from './ledger.service';

registerEnumType(LedgerAccountKind, { name: 'LedgerAccountKind' });

@ObjectType({ description: 'One line of an account: what moved, why, and the balance right after it.' })
export class LedgerEntry {
  /** The order's raw id, for the order field. */
  orderRawId!: string | null;

  @Field(() => ID)
  id!: string;

  @Field({ description: 'Why the money moved: TOP_UP, PURCHASE, RELEASE, REFUND, CHARGEBACK, ...' })
  kind!: string;

  @Field(() => Money, { description: 'Positive when money came into the account, negative when it left.' })
  amount!: Money;

  @Field(() => Money)
  balanceAfter!: Money;

  @Field(() => ID, { nullable: true, description: 'The order the movement belongs to, if any.' })
  orderId!: string | null;

  @Field()
  createdAt!: Date;

  static from(row: LedgerEntryRow & { kind: string; orderId: string | null }): LedgerEntry {
    return Object.assign(new LedgerEntry(), {
      id: toGlobalId('LedgerEntry', String(row.id)),
      kind: row.kind,
      amount: Money.of({ amount: row.amount, currency: row.currency }),
      balanceAfter: Money.of({ amount: row.balanceAfter, currency: row.currency }),
      orderId: row.orderId ? toGlobalId('Order', row.orderId) : null,
      orderRawId: row.orderId,
      createdAt: row.createdAt,
    });
  }
}

export const LedgerEntryConnection = Connection(LedgerEntry, 'LedgerEntry');

@ObjectType({ implements: Node, description: 'A ledger account: its balance is the sum of its entries.' })
export class LedgerAccount extends Node {
  rawId!: string;
  /** The owning user's and the order's raw ids, for the owner and order fields. */
  ownerRawId!: string | null;
  orderRawId!: string | null;

  @Field(() => LedgerAccountKind)
  kind!: LedgerAccountKind;

  @Field(() => Money)
  balance!: Money;

  @Field(() => ID, { nullable: true })
  ownerId!: string | null;

  @Field(() => ID, { nullable: true })
  orderId!: string | null;

  static from(row: LedgerAccountRow): LedgerAccount {
    return Object.assign(new LedgerAccount(), {
      id: toGlobalId('LedgerAccount', row.id),
      rawId: row.id,
      kind: row.kind as LedgerAccountKind,
      balance: Money.of({ amount: row.balance, currency: row.currency }),
      ownerId: row.ownerUserId ? toGlobalId('User', row.ownerUserId) : null,
      orderId: row.orderId ? toGlobalId('Order', row.orderId) : null,
      ownerRawId: row.ownerUserId ?? null,
      orderRawId: row.orderId ?? null,
    });
  }
}

export const LedgerAccountConnection = Connection(LedgerAccount, 'LedgerAccount');
