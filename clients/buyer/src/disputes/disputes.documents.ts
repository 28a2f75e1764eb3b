import { graphql } from '../gql';

/** What the buyer's dispute thread shows; the query, the live events and the answer return it. */
export const BuyerDisputeFragment = graphql(`
  fragment BuyerDispute on Dispute {
    id
    version
    state
    reason
    outcome
    createdAt
    updatedAt
    closedAt
    decidedAt
    timeline {
      version
      action
      note
    }
    requestedParty
    responseDueAt
    order {
      id
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

export const BuyerDisputeQuery = graphql(`
  query BuyerDispute($id: ID!) {
    dispute(id: $id) {
      ...BuyerDispute
    }
  }
`);

export const BuyerDisputeUpdatedSubscription = graphql(`
  subscription BuyerDisputeUpdated($id: ID!, $after: String) {
    disputeUpdated(id: $id, after: $after) {
      cursor
      kind
      version
      state
      dispute {
        ...BuyerDispute
      }
    }
  }
`);

export const BuyerPostDisputeMessageMutation = graphql(`
  mutation BuyerPostDisputeMessage($input: PostDisputeMessageInput!) {
    postDisputeMessage(input: $input) {
      dispute {
        ...BuyerDispute
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const BuyerOpenDisputeMutation = graphql(`
  mutation BuyerOpenDispute($input: OpenDisputeInput!) {
    openDispute(input: $input) {
      dispute {
        ...BuyerDispute
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/**
 * For the header's count of disputes awaiting the buyer's answer (use-disputes-awaiting-answer.ts).
 * The API has no count and no filter: one page, the API's largest (100), counted in the browser.
 * `myDisputes` lists oldest first, so past 100 disputes (as buyer or seller) the newest go uncounted;
 * the orders list still marks each of them.
 */
export const BuyerDisputesAwaitingAnswerQuery = graphql(`
  query BuyerDisputesAwaitingAnswer {
    myDisputes(first: 100) {
      edges {
        node {
          id
          state
          requestedParty
          buyer {
            id
          }
        }
      }
    }
  }
`);

/** A fresh signed URL at the moment of download: one loaded with the page may have expired. */
export const BuyerDisputeAttachmentUrlQuery = graphql(`
  query BuyerDisputeAttachmentUrl($id: ID!) {
    disputeAttachment(id: $id) {
      id
      url {
        url
        expiresAt
      }
    }
  }
`);

/** Needs a session: an expired access cookie makes the shared client refresh it (see attachment-upload.ts). */
export const BuyerSessionCheckQuery = graphql(`
  query BuyerSessionCheck {
    myOrders(first: 1) {
      pageInfo {
        hasNextPage
      }
    }
  }
`);

export const BuyerWithdrawDisputeMutation = graphql(`
  mutation BuyerWithdrawDispute($input: WithdrawDisputeInput!) {
    withdrawDispute(input: $input) {
      dispute {
        ...BuyerDispute
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
