import { Field, ID, InputType, Int } from 'type-graphql';
import { ListingKind, ListingStatus, Platform, Region } from './catalog.enums';

const expectedVersionDescription =
  'When given, the change applies only if the listing is still at this version.';

@InputType()
export class CreateListingInput {
  @Field({ description: '3 to 120 characters.' })
  title!: string;

  @Field(() => Platform)
  platform!: Platform;

  @Field(() => Region)
  region!: Region;

  @Field(() => ListingKind)
  kind!: ListingKind;

  @Field(() => Int, { description: 'In minor units of `currency`: 1999 is 19.99.' })
  price!: number;

  @Field({ description: 'ISO 4217: EUR, USD or GBP. Fixed for the life of the listing.' })
  currency!: string;

  @Field({ defaultValue: '', description: 'At most 5,000 characters.' })
  description: string = '';
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'In minor units of the listing currency.' })
  price?: number | null;

  @Field(() => Platform, { nullable: true })
  platform?: Platform | null;

  @Field(() => Region, { nullable: true })
  region?: Region | null;

  @Field(() => Int, { nullable: true, description: expectedVersionDescription })
  expectedVersion?: number | null;
}

@InputType()
export class PauseListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => Int, { nullable: true, description: expectedVersionDescription })
  expectedVersion?: number | null;
}

@InputType()
export class ActivateListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => Int, { nullable: true, description: expectedVersionDescription })
  expectedVersion?: number | null;
}

@InputType()
export class ArchiveListingInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => Int, { nullable: true, description: expectedVersionDescription })
  expectedVersion?: number | null;
}

@InputType()
export class AddCodesInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => [String], {
    description:
      'One code per entry, at most 10,000 per call, each 1 to 512 printable ASCII characters once trimmed. ' +
      'A code already on CodeSale (in any letter case, with or without dashes and spaces) is refused as DUPLICATE.',
  })
  codes!: string[];
}

@InputType()
export class SetListingImagesInput {
  @Field(() => ID)
  listingId!: string;

  @Field(() => [ID], {
    description:
      "The listing's images in display order: ids from POST /listing-images (or images already on this listing). " +
      'Images left out are removed; an empty list removes all.',
  })
  imageIds!: string[];

  @Field(() => Int, { nullable: true, description: expectedVersionDescription })
  expectedVersion?: number | null;
}

@InputType()
export class ListingFilter {
  @Field(() => Platform, { nullable: true })
  platform?: Platform | null;

  @Field(() => Region, { nullable: true })
  region?: Region | null;

  @Field(() => ListingKind, { nullable: true })
  kind?: ListingKind | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => Int, { nullable: true, description: 'Minor units, inclusive.' })
  minPrice?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minor units, inclusive.' })
  maxPrice?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the title, any letter case, at most 100 characters. % and _ match themselves.',
  })
  search?: string | null;
}

@InputType()
export class MyListingsFilter {
  @Field(() => ListingStatus, { nullable: true })
  status?: ListingStatus | null;
}
