import { graphql } from '../gql';

/**
 * The catalog page's one request: a page of listings with everything a card shows (no follow-up
 * queries per card). Listing.images and Seller.badge join once their API lands on main.
 */
export const CatalogQuery = graphql(`
  query Catalog($filter: ListingFilter, $sort: ListingSort!, $first: Int!, $after: String) {
    listings(filter: $filter, sort: $sort, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          title
          platform
          region
          kind
          stock
          price {
            amount
            currency
          }
          seller {
            id
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ListingQuery = graphql(`
  query ListingPage($id: ID!) {
    listing(id: $id) {
      id
      title
      description
      platform
      region
      kind
      stock
      status
      createdAt
      price {
        amount
        currency
      }
      seller {
        id
        displayName
      }
    }
  }
`);
