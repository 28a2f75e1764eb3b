import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class PurchaseListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field({
    description: 'Chosen by the client, unique per purchase attempt: repeating it never charges twice.',
  })
  idempotencyKey!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "The listing's version the buyer was shown (Listing.version). When given, the purchase goes through only if the seller has changed nothing since (price, region, title, images, ...); otherwise nothing is charged and the answer is LISTING_CHANGED. Clients that show a price should send it. Not part of the request the idempotency key stands for: a retry with the same key and a newer version still answers the first order.",
  })
  expectedVersion?: number | null;
}

@InputType()
export class OrderInput {
  @Field(() => ID)
  orderId!: string;
}

@InputType()
export class RevealDeliveredCodeInput {
  @Field(() => ID)
  orderId!: string;

  @Field({
    description: 'Why you look at the code (recorded in the audit log): 3 to 500 printable characters.',
  })
  reason!: string;
}
