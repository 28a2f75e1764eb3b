import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { textCost } from '../graphql/document-limits';
import { descriptionMaxLength } from './catalog.rules';
import { establishedFromBuyers, trustedAfterDays, trustedFromBuyers } from '../domain/seller-badge';
import { Money } from '../graphql/money.types';
import { Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { CodeLineStatus, ListingKind, ListingStatus, Platform, Region } from './catalog.enums';
import {
  ActivateListingErrorCode,
  AddCodesErrorCode,
  ArchiveListingErrorCode,
  CreateListingErrorCode,
  PauseListingErrorCode,
  SetListingImagesErrorCode,
  UpdateListingErrorCode,
} from './catalog.errors';
import type { ListingImageRow, ListingRow, ListingTerms as ListingTerms_ } from './catalog.queries';

export enum SellerBadge {
  NEW = 'NEW',
  ESTABLISHED = 'ESTABLISHED',
  TRUSTED = 'TRUSTED',
}
registerEnumType(SellerBadge, {
  name: 'SellerBadge',
  description: `A seller's standing as buyers see it, from how many different buyers completed a purchase from them (released orders; each buyer counts once, however many times they bought). It never reveals the seller's risk tier.`,
  valuesConfig: {
    NEW: { description: `Fewer than ${establishedFromBuyers} different buyers.` },
    ESTABLISHED: {
      description: `${establishedFromBuyers} or more different buyers (and not TRUSTED).`,
    },
    TRUSTED: {
      description: `${trustedFromBuyers} or more different buyers, an account of at least ${trustedAfterDays} days, and in good standing with CodeSale.`,
    },
  },
});

@ObjectType({ description: 'What buyers may know about a seller.' })
export class Seller {
  /** Raw user id, for resolvers; not in the schema. */
  rawId!: string;

  @Field(() => ID, { description: "The seller's User id." })
  id!: string;

  @Field()
  displayName!: string;
}

@ObjectType({ implements: Node, description: 'Codes of one product at one price, from one seller.' })
export class Listing extends Node {
  /** Raw ids, for resolvers; not in the schema. */
  rawId!: string;
  sellerId!: string;

  @Field()
  title!: string;

  @Field()
  @Extensions(textCost(descriptionMaxLength))
  description!: string;

  @Field(() => Platform)
  platform!: Platform;

  @Field(() => Region)
  region!: Region;

  @Field(() => ListingKind)
  kind!: ListingKind;

  @Field(() => Money)
  price!: Money;

  @Field(() => ListingStatus)
  status!: ListingStatus;

  @Field(() => Int, { description: 'Codes available for sale now.' })
  stock!: number;

  @Field(() => Int, {
    description: 'Bumped by every change of the seller; pass it as expectedVersion to change safely.',
  })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  static from(row: ListingRow): Listing {
    return Object.assign(new Listing(), {
      id: toGlobalId('Listing', row.id),
      rawId: row.id,
      sellerId: row.sellerId,
      title: row.title,
      description: row.description,
      platform: row.platform,
      region: row.region,
      kind: row.kind,
      price: Money.of({ amount: row.priceAmount, currency: row.currency }),
      status: row.status,
      stock: row.availableStock,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}

@ObjectType({
  description:
    'An image of a listing, checked by content, re-encoded and stripped of metadata. Served resized: ask `url` for a width and use `srcSet` in an <img>.',
})
export class ListingImage {
  /** The row, for the url and srcSet resolvers; not in the schema. */
  row!: ListingImageRow;

  @Field(() => ID)
  id!: string;

  @Field({ description: "A text alternative: the listing's title and the image's place among its images." })
  alt!: string;

  @Field(() => Int, { description: 'Of the stored (normalised) image, in pixels.' })
  width!: number;

  @Field(() => Int)
  height!: number;

  static from(row: ListingImageRow, listingTitle: string, index: number, total: number): ListingImage {
    return Object.assign(new ListingImage(), {
      row,
      id: toGlobalId('ListingImage', row.id),
      alt: total > 1 ? `${listingTitle} (image ${index + 1} of ${total})` : listingTitle,
      width: row.width,
      height: row.height,
    });
  }
}

@ObjectType({
  description:
    "A listing's terms at one version: what an order's buyer paid for, kept when the seller edits the listing later.",
})
export class ListingTerms {
  @Field(() => Int, { description: "The listing's version the order was sold at." })
  version!: number;

  @Field()
  title!: string;

  @Field()
  @Extensions(textCost(descriptionMaxLength))
  description!: string;

  @Field(() => Platform)
  platform!: Platform;

  @Field(() => Region)
  region!: Region;

  @Field(() => ListingKind)
  kind!: ListingKind;

  @Field(() => Money, { description: 'The price the listing asked at that version.' })
  price!: Money;

  @Field({
    description:
      'The seller has changed the title, description, platform, region or price since: the listing reads otherwise now.',
  })
  changedSince!: boolean;

  static from(terms: ListingTerms_): ListingTerms {
    return Object.assign(new ListingTerms(), {
      version: terms.version,
      title: terms.title,
      description: terms.description,
      platform: terms.platform,
      region: terms.region,
      kind: terms.kind,
      price: Money.of({ amount: terms.priceAmount, currency: terms.currency }),
      changedSince: terms.changedSince,
    });
  }
}

@ObjectType({ description: 'A line of an addCodes call that was not stored, and why.' })
export class RejectedCodeLine {
  @Field(() => Int, { description: '1-based position in the `codes` list.' })
  line!: number;

  @Field(() => CodeLineStatus)
  status!: CodeLineStatus;

  @Field()
  message!: string;
}

export const CreateListingError = UserErrorType('CreateListingError', CreateListingErrorCode);
export const UpdateListingError = UserErrorType('UpdateListingError', UpdateListingErrorCode);
export const PauseListingError = UserErrorType('PauseListingError', PauseListingErrorCode);
export const ActivateListingError = UserErrorType('ActivateListingError', ActivateListingErrorCode);
export const ArchiveListingError = UserErrorType('ArchiveListingError', ArchiveListingErrorCode);
export const AddCodesError = UserErrorType('AddCodesError', AddCodesErrorCode);
export const SetListingImagesError = UserErrorType('SetListingImagesError', SetListingImagesErrorCode);

@ObjectType()
export class SetListingImagesPayload {
  @Field(() => Listing, { nullable: true, description: 'The listing with its new images and version.' })
  listing!: Listing | null;

  @Field(() => [SetListingImagesError])
  errors!: InstanceType<typeof SetListingImagesError>[];
}

@ObjectType()
export class CreateListingPayload {
  @Field(() => Listing, { nullable: true })
  listing!: Listing | null;

  @Field(() => [CreateListingError])
  errors!: InstanceType<typeof CreateListingError>[];
}

@ObjectType()
export class UpdateListingPayload {
  @Field(() => Listing, { nullable: true })
  listing!: Listing | null;

  @Field(() => [UpdateListingError])
  errors!: InstanceType<typeof UpdateListingError>[];
}

@ObjectType()
export class PauseListingPayload {
  @Field(() => Listing, { nullable: true })
  listing!: Listing | null;

  @Field(() => [PauseListingError])
  errors!: InstanceType<typeof PauseListingError>[];
}

@ObjectType()
export class ActivateListingPayload {
  @Field(() => Listing, { nullable: true })
  listing!: Listing | null;

  @Field(() => [ActivateListingError])
  errors!: InstanceType<typeof ActivateListingError>[];
}

@ObjectType()
export class ArchiveListingPayload {
  @Field(() => Listing, { nullable: true })
  listing!: Listing | null;

  @Field(() => [ArchiveListingError])
  errors!: InstanceType<typeof ArchiveListingError>[];
}

@ObjectType({
  description:
    'Each line is stored or listed in rejectedLines. With errors, the call was refused as a whole and nothing was stored.',
})
export class AddCodesPayload {
  @Field(() => Listing, { nullable: true, description: 'The listing after the upload, with its new stock.' })
  listing!: Listing | null;

  @Field(() => Int, { description: 'Codes stored by this call.' })
  addedCount!: number;

  @Field(() => Int)
  duplicateCount!: number;

  @Field(() => Int)
  invalidCount!: number;

  @Field(() => [RejectedCodeLine], {
    description: 'The lines that were not stored, in line order. Empty when all were.',
  })
  rejectedLines!: RejectedCodeLine[];

  @Field(() => [AddCodesError])
  errors!: InstanceType<typeof AddCodesError>[];
}
