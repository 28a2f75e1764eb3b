import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class PurchaseListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field({
    description: 'Chosen by the client, unique per purchase attempt: repeating it never charges twice.',
  })
  idempotencyKey!: string;
}

@InputType()
export class OrderInput {
  @Field(() => ID)
  orderId!: string;
}
