import { graphql } from '../../gql';

/** What a queue row shows; the feed's events carry the same, so a new dispute can be inserted as is. */
export const QueueDisputeFragment = graphql(`
  fragment QueueDispute on Dispute {
    id
    version
    state
    reason
    createdAt
    updatedAt
    responseDueAt
    requestedParty
    assignee {
      id
      displayName
    }
    buyer {
      id
      displayName
    }
    seller {
      id
      displayName
    }
    order {
      id
      price {
        amount
        currency
      }
    }
  }
`);

export const DisputeQueueQuery = graphql(`
  query DisputeQueue($filter: DisputeQueueFilter, $first: Int!, $after: String) {
    disputeQueue(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...QueueDispute
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const DisputeCountsQuery = graphql(`
  query DisputeCounts {
    disputeCounts {
      state
      count
    }
  }
`);

/** Every opening and transition, unfiltered: the console decides what enters or leaves its filter. */
export const DisputeFeedSubscription = graphql(`
  subscription DisputeFeed($after: String) {
    disputeFeed(after: $after) {
      cursor
      kind
      disputeId
      fromState
      state
      version
      occurredAt
      dispute {
        ...QueueDispute
      }
    }
  }
`);
