import { graphql, useFragment as readFragment, type FragmentType } from '../../gql';
import type { SellerListingFragment } from '../../gql/graphql';

/** Every field the listing screens show; mutations answer with it so the cache stays whole. */
export const SellerListingFields = graphql(`
  fragment SellerListing on Listing {
    id
    title
    description
    kind
    platform
    region
    price {
      amount
      currency
    }
    status
    stock
    version
    createdAt
    updatedAt
    images {
      id
      alt
      url(width: 320)
    }
  }
`);

export const SellerListingsQuery = graphql(`
  query SellerListings($first: Int!, $after: String, $filter: MyListingsFilter) {
    myListings(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          ...SellerListing
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SellerListingQuery = graphql(`
  query SellerListingById($id: ID!) {
    listing(id: $id) {
      ...SellerListing
      seller {
        id
      }
    }
  }
`);

export const CreateListingMutation = graphql(`
  mutation CreateListing($input: CreateListingInput!) {
    createListing(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const UpdateListingMutation = graphql(`
  mutation UpdateListing($input: UpdateListingInput!) {
    updateListing(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const SetListingImagesMutation = graphql(`
  mutation SetListingImages($input: SetListingImagesInput!) {
    setListingImages(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const PauseListingMutation = graphql(`
  mutation PauseListing($input: PauseListingInput!) {
    pauseListing(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ActivateListingMutation = graphql(`
  mutation ActivateListing($input: ActivateListingInput!) {
    activateListing(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ArchiveListingMutation = graphql(`
  mutation ArchiveListing($input: ArchiveListingInput!) {
    archiveListing(input: $input) {
      listing {
        ...SellerListing
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** Reads the listing out of a masked fragment reference (codegen's fragment masking; not a React hook). */
export function readListing(reference: FragmentType<typeof SellerListingFields>): SellerListingFragment {
  return readFragment(SellerListingFields, reference);
}

/** The platform's fee on a sale, shown next to the price a seller sets. */
export const ListingFeeQuery = graphql(`
  query ListingFee {
    paymentSettings {
      platformFeeBasisPoints
    }
  }
`);
