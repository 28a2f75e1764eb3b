import { graphql } from '../gql';

export const OrderSummaryFragment = graphql(`
  fragment BuyerOrderSummary on Order {
    id
    createdAt
    escrowStatus
    protectionEndsAt
    codeRevealedAt
    confirmedAt
    releasedAt
    refundedAt
    price {
      amount
      currency
    }
    listing {
      id
      title
      platform
      region
      kind
    }
    dispute {
      id
      state
      version
      requestedParty
      responseDueAt
    }
  }
`);

export const MyOrdersQuery = graphql(`
  query BuyerOrders($first: Int!, $after: String) {
    myOrders(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...BuyerOrderSummary
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const OrderQuery = graphql(`
  query BuyerOrder($id: ID!) {
    order(id: $id) {
      ...BuyerOrderSummary
    }
  }
`);

export const RevealCodeMutation = graphql(`
  mutation BuyerRevealCode($input: OrderInput!) {
    revealCode(input: $input) {
      code
      order {
        ...BuyerOrderSummary
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ConfirmDeliveryMutation = graphql(`
  mutation BuyerConfirmDelivery($input: OrderInput!) {
    confirmDelivery(input: $input) {
      order {
        ...BuyerOrderSummary
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
