import { graphql } from '../../gql';

/** An order as the lookup shows it, in a customer's lists and on its own. */
export const LookupOrderFragment = graphql(`
  fragment LookupOrder on Order {
    id
    createdAt
    escrowStatus
    price {
      amount
      currency
    }
    protectionEndsAt
    codeRevealedAt
    confirmedAt
    releasedAt
    refundedAt
    listing {
      id
      title
    }
    buyer {
      id
      displayName
      email
    }
    seller {
      id
      displayName
      email
    }
    dispute {
      id
      state
    }
    payoutStatus {
      state
      blockedReason
    }
  }
`);

/** A risk profile's headline: the tier in force, the score, and an override when one is set. */
export const LookupRiskFragment = graphql(`
  fragment LookupRisk on RiskProfile {
    id
    role
    score
    tier
    computedTier
    override {
      tier
      expiresAt
    }
  }
`);

/** Who the customer is, their risk in both roles, and their wallets. */
export const LookupCustomerQuery = graphql(`
  query SupportLookupCustomer($userId: ID!) {
    user(id: $userId) {
      id
      displayName
      email
      roles
      createdAt
    }
    buyerRisk: riskProfile(role: BUYER, userId: $userId) {
      ...LookupRisk
    }
    sellerRisk: riskProfile(role: SELLER, userId: $userId) {
      ...LookupRisk
    }
    userWallets(userId: $userId) {
      id
      currency
      status
      balance {
        amount
        currency
      }
      flaggedAt
      flaggedInternalReason
    }
  }
`);

/** The disputes a customer is a party to, as buyer or seller, newest first, a page at a time. */
export const LookupUserDisputesQuery = graphql(`
  query SupportLookupUserDisputes($userId: ID!, $first: Int!, $after: String) {
    disputeQueue(filter: { partyId: $userId, newestFirst: true }, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...QueueDispute
          order {
            id
            listing {
              id
              title
            }
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

/** A customer's orders as buyer or as seller, newest first, a page at a time. */
export const LookupUserOrdersQuery = graphql(`
  query SupportLookupUserOrders($userId: ID!, $party: OrderParty!, $first: Int!, $after: String) {
    userOrders(userId: $userId, party: $party, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...LookupOrder
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const LookupOrderQuery = graphql(`
  query SupportLookupOrder($orderId: ID!) {
    order(id: $orderId) {
      ...LookupOrder
    }
  }
`);

/** A customer's top-ups in every status, newest first, a page at a time. */
export const LookupUserTopUpsQuery = graphql(`
  query SupportLookupUserTopUps($userId: ID!, $first: Int!, $after: String) {
    userTopUps(userId: $userId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          createdAt
          status
          failureCode
          amount {
            amount
            currency
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

/** A seller's payout account: whether payouts can reach them, and what Stripe still needs. */
export const LookupPayoutAccountQuery = graphql(`
  query SupportLookupPayoutAccount($userId: ID!) {
    userPayoutAccount(userId: $userId) {
      id
      status
      payoutsEnabled
      disabledReason
      updatedAt
      requirements {
        code
        description
        overdue
      }
    }
  }
`);

/** Admins only: a seller's withdrawals, newest first. */
export const LookupWithdrawalsQuery = graphql(`
  query SupportLookupWithdrawals($sellerId: ID!, $first: Int!) {
    withdrawals(filter: { sellerId: $sellerId }, first: $first) {
      edges {
        node {
          id
          createdAt
          state
          requested {
            amount
            currency
          }
          orderCount
          failureMessage
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);
