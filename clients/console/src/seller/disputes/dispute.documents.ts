import { graphql } from '../../gql';

/**
 * A seller reads disputes as a party: no evidence snapshot, no risk, no assignee (staff only, see
 * schema/schema.graphql `Dispute`). The list row and the page share the normalised `Dispute`, so an
 * answer or a live event on the page moves the list and the navigation's count too.
 */

/** One row of the disputes list, and what the navigation counts. */
export const SellerDisputeRowFragment = graphql(`
  fragment SellerDisputeRow on Dispute {
    id
    version
    state
    reason
    outcome
    createdAt
    updatedAt
    closedAt
    requestedParty
    responseDueAt
    buyer {
      id
      displayName
    }
    seller {
      id
    }
    order {
      id
      listing {
        id
        title
      }
    }
  }
`);

/** Everything the dispute page shows; the query, the live events and the reply answer with it. */
export const SellerDisputeDetailFragment = graphql(`
  fragment SellerDisputeDetail on Dispute {
    id
    version
    state
    reason
    outcome
    createdAt
    updatedAt
    decidedAt
    closedAt
    requestedParty
    responseDueAt
    buyer {
      id
      displayName
    }
    seller {
      id
    }
    order {
      id
      createdAt
      escrowStatus
      price {
        amount
        currency
      }
      listing {
        id
        title
      }
    }
    timeline {
      version
      action
      actorKind
      fromState
      toState
      note
      createdAt
    }
    messages {
      id
      body
      createdAt
      authorKind
      author {
        id
        displayName
      }
      attachments {
        id
        fileName
        contentType
        sizeBytes
      }
    }
  }
`);

/** The viewer's disputes as buyer or seller, oldest first (the API's order); pages merge (app/type-policies.ts). */
export const SellerDisputesQuery = graphql(`
  query SellerDisputes($first: Int!, $after: String) {
    myDisputes(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...SellerDisputeRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SellerDisputeQuery = graphql(`
  query SellerDispute($id: ID!) {
    dispute(id: $id) {
      ...SellerDisputeRow
      ...SellerDisputeDetail
    }
  }
`);

export const SellerDisputeUpdatedSubscription = graphql(`
  subscription SellerDisputeUpdated($id: ID!, $after: String) {
    disputeUpdated(id: $id, after: $after) {
      cursor
      kind
      version
      state
      dispute {
        ...SellerDisputeRow
        ...SellerDisputeDetail
      }
    }
  }
`);

export const SellerPostDisputeMessageMutation = graphql(`
  mutation SellerPostDisputeMessage($input: PostDisputeMessageInput!) {
    postDisputeMessage(input: $input) {
      dispute {
        ...SellerDisputeRow
        ...SellerDisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
