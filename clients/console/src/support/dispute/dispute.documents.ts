import { graphql } from '../../gql';

/** Everything the dispute page shows; mutations and the live subscription answer the same. */
export const DisputeDetailFragment = graphql(`
  fragment DisputeDetail on Dispute {
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
    assignee {
      id
      displayName
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
    order {
      id
      createdAt
      escrowStatus
      protectionEndsAt
      codeRevealedAt
      listing {
        id
        title
      }
      price {
        amount
        currency
      }
      termsAtPurchase {
        version
        title
        description
        platform
        region
        kind
        changedSince
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
      actor {
        id
        displayName
      }
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
        sha256
      }
    }
    evidence {
      id
      schemaVersion
      sha256
      json
      createdAt
    }
    risk {
      buyer {
        score
        tier
        reasons
      }
      seller {
        score
        tier
        reasons
      }
    }
  }
`);

export const DisputeQuery = graphql(`
  query Dispute($id: ID!) {
    dispute(id: $id) {
      ...DisputeDetail
    }
  }
`);

export const DisputeUpdatedSubscription = graphql(`
  subscription DisputeUpdated($id: ID!, $after: String) {
    disputeUpdated(id: $id, after: $after) {
      cursor
      kind
      version
      state
      dispute {
        ...DisputeDetail
      }
    }
  }
`);

export const AssignDisputeMutation = graphql(`
  mutation AssignDispute($input: AssignDisputeInput!) {
    assignDispute(input: $input) {
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const StartDisputeReviewMutation = graphql(`
  mutation StartDisputeReview($input: StartDisputeReviewInput!) {
    startDisputeReview(input: $input) {
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const RequestDisputeResponseMutation = graphql(`
  mutation RequestDisputeResponse($input: RequestDisputeResponseInput!) {
    requestDisputeResponse(input: $input) {
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const PostDisputeMessageMutation = graphql(`
  mutation PostDisputeMessage($input: PostDisputeMessageInput!) {
    postDisputeMessage(input: $input) {
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const RefundOrderMutation = graphql(`
  mutation RefundOrder($input: OrderDecisionInput!) {
    refundOrder(input: $input) {
      replayed
      order {
        id
        escrowStatus
      }
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

export const ReleaseOrderMutation = graphql(`
  mutation ReleaseOrder($input: OrderDecisionInput!) {
    releaseOrder(input: $input) {
      replayed
      order {
        id
        escrowStatus
      }
      dispute {
        ...DisputeDetail
      }
      errors {
        code
        message
        field
      }
    }
  }
`);

/** A fresh signed URL at the moment of download: the one in a page may have expired (5 minutes). */
export const DisputeAttachmentUrlQuery = graphql(`
  query DisputeAttachmentUrl($id: ID!) {
    disputeAttachment(id: $id) {
      id
      url {
        url
        expiresAt
      }
    }
  }
`);

/** Staff only: who a colleague's id names, shown before handing a dispute over. */
/** Everyone a dispute can be handed to: the active support agents and admins, by name. */
export const StaffMembersQuery = graphql(`
  query StaffMembers {
    staffMembers {
      id
      displayName
      email
      roles
    }
  }
`);

export const StaffColleagueQuery = graphql(`
  query StaffColleague($id: ID!) {
    user(id: $id) {
      id
      displayName
      roles
    }
  }
`);
