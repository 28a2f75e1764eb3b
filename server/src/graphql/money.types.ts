import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import type { Money as MoneyValue } from '../domain/money';

@ObjectType({
  description: 'An amount in integer minor units (cents) of an ISO 4217 currency. Never a float.',
})
export class Money {
  @Field(() => Int, { description: 'Minor units: 1999 EUR is €19.99.' })
  amount!: number;

  @Field({ description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;

  static of(value: MoneyValue): Money {
    return Object.assign(new Money(), { amount: value.amount, currency: value.currency });
  }
}

@ObjectType({
  description:
    'A total of many amounts (a whole ledger, every order held in escrow), in integer minor units: it may exceed 32 bits, so it is a SafeInt (up to 2^53 - 1). Never a float.',
})
export class MoneyTotal {
  @Field(() => GraphQLSafeInt, { description: 'Minor units.' })
  amount!: number;

  @Field({ description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;

  static of(value: MoneyValue): MoneyTotal {
    return Object.assign(new MoneyTotal(), { amount: value.amount, currency: value.currency });
  }
}
