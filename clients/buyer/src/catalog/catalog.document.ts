import { graphql } from '../gql';

/**
 * The catalog page's one request: a page of listings with everything a card shows, images and
 * seller tier included (the API batches them through loaders; no follow-up query per card).
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
            badge
            completedSales
          }
          images {
            id
            alt
            width
            height
            url(width: 640)
            srcSet
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
      version
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
        badge
        completedSales
      }
      images {
        id
        alt
        width
        height
        url(width: 1280)
        srcSet
      }
    }
  }
`);
