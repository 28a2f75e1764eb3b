import { Field, Int, ObjectType } from 'type-graphql';
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
