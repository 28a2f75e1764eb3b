import { InMemoryCache } from '@apollo/client';
import { typePolicies } from '../../app/type-policies';
import type { DisputeState, QueueDisputeFragment } from '../../gql/graphql';
import { CountedChanges, emptyQueueFilter, type DisputeFeedChange, type QueueFilter } from '../dispute-cache';
import { writeFeedChange } from './queue-cache-writer';
import { DisputeCountsQuery, DisputeFeedSubscription, DisputeQueueQuery } from './queue.documents';

/**
 * The feed's writes into a real Apollo cache with the console's type policies: the list the queue
 * page reads back, after events in and out of order, as the subscription itself writes them.
 */

const now = new Date('2026-03-01T12:00:00.000Z');

/** As the API sends it, with the __typename fields the generated types leave out. */
function dispute(id: string, overrides: Partial<QueueDisputeFragment> = {}): QueueDisputeFragment {
  const sent = {
    __typename: 'Dispute',
    id,
    version: 1,
    state: 'OPEN' as const,
    reason: 'INVALID_CODE' as const,
    createdAt: `2026-03-01T10:00:0${id.slice(-1)}.000Z`,
    updatedAt: '2026-03-01T10:00:00.000Z',
    responseDueAt: null,
    requestedParty: null,
    assignee: null,
    buyer: { __typename: 'User', id: `buyer-${id}`, displayName: 'Bea' },
    seller: { __typename: 'User', id: `seller-${id}`, displayName: 'Sam' },
    order: {
      __typename: 'Order',
      id: `order-${id}`,
      price: { __typename: 'Money', amount: 1250, currency: 'EUR' },
    },
    ...overrides,
  };
  return sent;
}

function setUp(filter: QueueFilter, listed: QueueDisputeFragment[], hasNextPage = false) {
  const cache = new InMemoryCache({ typePolicies });
  const serverFilter = { states: [...filter.states], unassignedOnly: filter.unassignedOnly };
  const variables = { filter: serverFilter, first: 100 };
  cache.writeQuery({
    query: DisputeQueueQuery,
    variables,
    data: {
      disputeQueue: {
        __typename: 'DisputeConnection',
        edges: listed.map((node) => ({ __typename: 'DisputeEdge', cursor: `c-${node.id}`, node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: 'c-last' },
      },
    } as never,
  });
  cache.writeQuery({
    query: DisputeCountsQuery,
    data: {
      disputeCounts: (['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE', 'WON', 'LOST', 'CLOSED'] as const).map(
        (state) => ({
          __typename: 'DisputeStateCount' as const,
          state,
          count: listed.filter((node) => node.state === state).length,
        }),
      ),
    },
  });
  const counted = new CountedChanges();

  /** What Apollo does with a subscription result (markSubscriptionResult), then the console's handler. */
  const deliver = (node: QueueDisputeFragment, fromState: DisputeState | null, withDispute = true) => {
    const event = {
      __typename: 'DisputeChange' as const,
      cursor: `${node.id}@${node.version}`,
      kind: fromState === null ? ('OPENED' as const) : ('TRANSITIONED' as const),
      disputeId: node.id,
      fromState,
      state: node.state,
      version: node.version,
      occurredAt: node.updatedAt,
      dispute: withDispute ? node : null,
    };
    cache.write({
      query: DisputeFeedSubscription,
      variables: { after: null },
      dataId: 'ROOT_SUBSCRIPTION',
      result: { disputeFeed: event } as never,
    });
    const change: DisputeFeedChange<QueueDisputeFragment> = { ...event, dispute: event.dispute };
    writeFeedChange(cache, change, { serverFilter, filter, now }, counted);
  };

  const read = () => {
    const data = cache.readQuery({ query: DisputeQueueQuery, variables });
    return (data?.disputeQueue.edges ?? []).map((edge) => edge.node as unknown as QueueDisputeFragment);
  };
  const count = (state: DisputeState) =>
    cache.readQuery({ query: DisputeCountsQuery })?.disputeCounts.find((entry) => entry.state === state)
      ?.count;
  return { deliver, read, count };
}

describe('writeFeedChange', () => {
  it('given a new dispute, inserts it in queue order and counts it', () => {
    const queue = setUp(emptyQueueFilter, [dispute('d1'), dispute('d3')]);
    queue.deliver(dispute('d2'), null);
    expect(queue.read().map((node) => node.id)).toEqual(['d1', 'd2', 'd3']);
    expect(queue.count('OPEN')).toBe(3);
  });

  it('given a transition out of the filter, removes the row and moves the counts', () => {
    const onlyOpen = { ...emptyQueueFilter, states: ['OPEN'] as DisputeState[] };
    const queue = setUp(onlyOpen, [dispute('d1'), dispute('d2')]);
    queue.deliver(dispute('d1', { version: 2, state: 'UNDER_REVIEW' }), 'OPEN');
    expect(queue.read().map((node) => node.id)).toEqual(['d2']);
    expect([queue.count('OPEN'), queue.count('UNDER_REVIEW')]).toEqual([1, 1]);
  });

  it('given version 3 then a late version 2, shows version 3 and keeps the counts exact', () => {
    const queue = setUp(emptyQueueFilter, [dispute('d1', { version: 1 })]);
    queue.deliver(
      dispute('d1', { version: 3, state: 'NEEDS_RESPONSE', responseDueAt: '2026-03-02T00:00:00.000Z' }),
      'UNDER_REVIEW',
    );
    queue.deliver(dispute('d1', { version: 2, state: 'UNDER_REVIEW' }), 'OPEN');
    expect(queue.read()).toEqual([
      expect.objectContaining({ id: 'd1', version: 3, state: 'NEEDS_RESPONSE' }),
    ]);
    expect([queue.count('OPEN'), queue.count('UNDER_REVIEW'), queue.count('NEEDS_RESPONSE')]).toEqual([
      0, 0, 1,
    ]);
  });

  it('given a replay of the same event, changes nothing', () => {
    const queue = setUp(emptyQueueFilter, []);
    queue.deliver(dispute('d1'), null);
    queue.deliver(dispute('d1'), null);
    expect(queue.read().map((node) => node.id)).toEqual(['d1']);
    expect(queue.count('OPEN')).toBe(1);
  });

  it('given an event without its dispute, moves the listed row’s state by the event', () => {
    const onlyOpen = { ...emptyQueueFilter, states: ['OPEN'] as DisputeState[] };
    const queue = setUp(onlyOpen, [dispute('d1')]);
    queue.deliver(dispute('d1', { version: 2, state: 'UNDER_REVIEW' }), 'OPEN', false);
    expect(queue.read()).toEqual([]);
  });

  it('given more pages to load, leaves a newer dispute to them', () => {
    const queue = setUp(emptyQueueFilter, [dispute('d1')], true);
    queue.deliver(dispute('d9'), null);
    expect(queue.read().map((node) => node.id)).toEqual(['d1']);
    expect(queue.count('OPEN')).toBe(2);
  });
});
