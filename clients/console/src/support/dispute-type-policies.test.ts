import { InMemoryCache } from '@apollo/client';
// Parsed, not gql-tagged: codegen collects tagged documents from src/, and these are only for the cache.
import { parse, print } from 'graphql';
import { disputeQueueFieldPolicy, disputeTypePolicy } from './dispute-type-policies';

function newCache() {
  return new InMemoryCache({
    typePolicies: {
      Dispute: disputeTypePolicy,
      Query: { fields: { disputeQueue: disputeQueueFieldPolicy } },
    },
  });
}

const DisputeState = parse(`
  fragment DisputeState on Dispute {
    id
    version
    state
  }
`);

const DisputeTimeline = parse(`
  fragment DisputeTimeline on Dispute {
    id
    version
    state
    timeline {
      version
      toState
    }
  }
`);

const Queue = parse(`
  query Queue($filter: DisputeQueueFilter, $first: Int!, $after: String) {
    disputeQueue(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          version
          state
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const DisputeQuery = parse(`
  query DisputeQuery($id: ID!) {
    dispute(id: $id) {
      ...DisputeTimeline
    }
  }
  ${print(DisputeTimeline)}
`);

const PayloadQuery = parse(`
  mutation Payload {
    startDisputeReview(input: {}) {
      dispute {
        ...DisputeState
      }
    }
  }
  ${print(DisputeState)}
`);

const cacheId = 'Dispute:d1';

/** As a mutation's answer writes it: the dispute is the value of the payload's `dispute` field. */
const write = (cache: InMemoryCache, version: number, state: string) =>
  cache.writeQuery({
    query: PayloadQuery,
    data: {
      startDisputeReview: {
        __typename: 'StartDisputeReviewPayload',
        dispute: { __typename: 'Dispute', id: 'd1', version, state },
      },
    },
  });
const read = (cache: InMemoryCache) =>
  cache.readFragment<{ version: number; state: string }>({ id: cacheId, fragment: DisputeState });

function page(ids: string[], hasNextPage: boolean) {
  return {
    disputeQueue: {
      __typename: 'DisputeConnection',
      edges: ids.map((id) => ({
        __typename: 'DisputeEdge',
        cursor: `c-${id}`,
        node: { __typename: 'Dispute', id, version: 1, state: 'OPEN' },
      })),
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: `c-${ids[ids.length - 1]}` },
    },
  };
}

describe('Dispute cache policy', () => {
  it('given version 3 then a late version 2, keeps version 3', () => {
    const cache = newCache();
    write(cache, 3, 'NEEDS_RESPONSE');
    write(cache, 2, 'UNDER_REVIEW');
    expect(read(cache)).toMatchObject({ version: 3, state: 'NEEDS_RESPONSE' });
  });

  it('given a newer version, takes it', () => {
    const cache = newCache();
    write(cache, 2, 'UNDER_REVIEW');
    write(cache, 3, 'NEEDS_RESPONSE');
    expect(read(cache)).toMatchObject({ version: 3, state: 'NEEDS_RESPONSE' });
  });

  it('given an older answer with fields the cache lacked, adds them without rolling back the rest', () => {
    const cache = newCache();
    write(cache, 3, 'NEEDS_RESPONSE');
    cache.writeQuery({
      query: DisputeQuery,
      variables: { id: 'd1' },
      data: {
        dispute: {
          __typename: 'Dispute',
          id: 'd1',
          version: 2,
          state: 'UNDER_REVIEW',
          timeline: [{ __typename: 'DisputeEvent', version: 2, toState: 'UNDER_REVIEW' }],
        },
      },
    });
    expect(cache.readFragment({ id: cacheId, fragment: DisputeTimeline })).toMatchObject({
      version: 3,
      state: 'NEEDS_RESPONSE',
      timeline: [{ version: 2 }],
    });
  });

  it('given an older queue page, keeps the newer dispute its rows point to', () => {
    const cache = newCache();
    write(cache, 3, 'NEEDS_RESPONSE');
    cache.writeQuery({ query: Queue, variables: { filter: {}, first: 2 }, data: page(['d1'], false) });
    expect(read(cache)).toMatchObject({ version: 3, state: 'NEEDS_RESPONSE' });
  });
});

describe('disputeQueue field policy', () => {
  const filter = { states: ['OPEN'] };

  it('appends a page fetched after the list’s end, without duplicates', () => {
    const cache = newCache();
    cache.writeQuery({ query: Queue, variables: { filter, first: 2 }, data: page(['d1', 'd2'], true) });
    cache.writeQuery({
      query: Queue,
      variables: { filter, first: 2, after: 'c-d2' },
      data: page(['d2', 'd3'], false),
    });
    const data = cache.readQuery<ReturnType<typeof page>>({ query: Queue, variables: { filter, first: 2 } });
    expect(data?.disputeQueue.edges.map((edge) => edge.node.id)).toEqual(['d1', 'd2', 'd3']);
    expect(data?.disputeQueue.pageInfo.hasNextPage).toBe(false);
  });

  it('replaces the list with an answer without `after`, and drops a page for a stale cursor', () => {
    const cache = newCache();
    cache.writeQuery({ query: Queue, variables: { filter, first: 2 }, data: page(['d1', 'd2'], true) });
    cache.writeQuery({ query: Queue, variables: { filter, first: 2 }, data: page(['d5'], false) });
    cache.writeQuery({
      query: Queue,
      variables: { filter, first: 2, after: 'c-d2' },
      data: page(['d3'], false),
    });
    const data = cache.readQuery<ReturnType<typeof page>>({ query: Queue, variables: { filter, first: 2 } });
    expect(data?.disputeQueue.edges.map((edge) => edge.node.id)).toEqual(['d5']);
  });

  it('keeps one list per filter', () => {
    const cache = newCache();
    cache.writeQuery({ query: Queue, variables: { filter, first: 2 }, data: page(['d1'], false) });
    cache.writeQuery({
      query: Queue,
      variables: { filter: { states: [] }, first: 2 },
      data: page(['d7'], false),
    });
    const open = cache.readQuery<ReturnType<typeof page>>({ query: Queue, variables: { filter, first: 50 } });
    expect(open?.disputeQueue.edges.map((edge) => edge.node.id)).toEqual(['d1']);
  });
});
