import { graphql } from '../../gql';

export const SellerSalesQuery = graphql(`
  query SellerSales($first: Int!, $after: String) {
    mySales(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          listingId
          listing {
            id
            title
          }
          createdAt
          price {
            amount
            currency
          }
          platformFee {
            amount
            currency
          }
          netAmount {
            amount
            currency
          }
          escrowStatus
          protectionEndsAt
          confirmedAt
          releasedAt
          refundedAt
          payoutStatus {
            state
            blockedReason
            eligibleFrom
            netAmount {
              amount
              currency
            }
          }
          dispute {
            id
            version
            state
            outcome
            requestedParty
            responseDueAt
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
