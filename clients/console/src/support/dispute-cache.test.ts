import type { DisputeState } from '../gql/graphql';
import {
  applyChangeToCounts,
  applyChangeToQueue,
  CountedChanges,
  emptyQueueFilter,
  matchesQueueFilter,
  type DisputeFeedChange,
  type QueueConnection,
  type QueueFilter,
  type QueueNode,
  type StateCount,
} from './dispute-cache';

const now = new Date('2026-03-01T12:00:00.000Z');

function dispute(id: string, overrides: Partial<QueueNode> = {}): QueueNode {
  return {
    id,
    version: 1,
    state: 'OPEN',
    createdAt: `2026-03-01T10:00:0${id.slice(-1)}.000Z`,
    assignee: null,
    responseDueAt: null,
    ...overrides,
  };
}

function queueOf(nodes: QueueNode[], hasNextPage = false): QueueConnection<QueueNode> {
  return {
    edges: nodes.map((node) => ({ cursor: `cursor-${node.id}`, node })),
    pageInfo: { hasNextPage, endCursor: nodes.length > 0 ? `cursor-${nodes[nodes.length - 1]!.id}` : null },
  };
}

/** The event the server sends for `node` reaching its version, with the dispute as it was then. */
function changeTo(
  node: QueueNode,
  fromState: DisputeState | null,
  overrides: Partial<DisputeFeedChange<QueueNode>> = {},
): DisputeFeedChange<QueueNode> {
  return {
    disputeId: node.id,
    kind: fromState === null ? 'OPENED' : 'TRANSITIONED',
    fromState,
    state: node.state,
    version: node.version,
    dispute: node,
    ...overrides,
  };
}

const idsOf = (queue: QueueConnection<QueueNode>) => queue.edges.map((edge) => edge.node.id);
const nodeOf = (queue: QueueConnection<QueueNode>, id: string) =>
  queue.edges.find((edge) => edge.node.id === id)?.node;

function countsOf(entries: Partial<Record<DisputeState, number>>): StateCount[] {
  return (['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE', 'WON', 'LOST', 'CLOSED'] as const).map((state) => ({
    state,
    count: entries[state] ?? 0,
  }));
}

const countOf = (counts: readonly StateCount[], state: DisputeState) =>
  counts.find((entry) => entry.state === state)?.count;

describe('applyChangeToQueue', () => {
  const everything: QueueFilter = emptyQueueFilter;
  const d1Review = dispute('d1', { version: 2, state: 'UNDER_REVIEW', assignee: { id: 'agent' } });
  const d1Waiting = dispute('d1', {
    version: 3,
    state: 'NEEDS_RESPONSE',
    assignee: { id: 'agent' },
    responseDueAt: '2026-03-02T12:00:00.000Z',
  });

  it('given a newer event, replaces the listed dispute with the event’s data', () => {
    const queue = queueOf([dispute('d1'), dispute('d2')]);
    const after = applyChangeToQueue(queue, changeTo(d1Review, 'OPEN'), { filter: everything, now });
    expect(nodeOf(after, 'd1')).toEqual(d1Review);
    expect(idsOf(after)).toEqual(['d1', 'd2']);
  });

  it('given events out of order (version 3, then 2), keeps version 3', () => {
    const queue = queueOf([dispute('d1')]);
    const afterThree = applyChangeToQueue(queue, changeTo(d1Waiting, 'UNDER_REVIEW'), {
      filter: everything,
      now,
    });
    const afterTwo = applyChangeToQueue(afterThree, changeTo(d1Review, 'OPEN'), { filter: everything, now });
    expect(nodeOf(afterTwo, 'd1')).toEqual(d1Waiting);
    // Nothing changed: the same object, so the caller writes nothing.
    expect(afterTwo).toBe(afterThree);
  });

  it('given a replayed event, changes nothing', () => {
    const queue = applyChangeToQueue(queueOf([dispute('d1')]), changeTo(d1Review, 'OPEN'), {
      filter: everything,
      now,
    });
    expect(applyChangeToQueue(queue, changeTo(d1Review, 'OPEN'), { filter: everything, now })).toBe(queue);
  });

  it('given an event older than the cached dispute it carries, never rolls the list back', () => {
    // A mutation answer (version 3) landed before the event of version 2, whose dispute was read at 2.
    const queue = queueOf([d1Waiting]);
    const after = applyChangeToQueue(queue, changeTo(d1Review, 'OPEN'), { filter: everything, now });
    expect(nodeOf(after, 'd1')?.state).toBe('NEEDS_RESPONSE');
  });

  it('given a newer event without a readable dispute, moves the state and version only', () => {
    const queue = queueOf([dispute('d1')]);
    const after = applyChangeToQueue(
      queue,
      {
        disputeId: 'd1',
        kind: 'TRANSITIONED',
        fromState: 'OPEN',
        state: 'UNDER_REVIEW',
        version: 2,
        dispute: null,
      },
      { filter: everything, now },
    );
    expect(nodeOf(after, 'd1')).toMatchObject({ state: 'UNDER_REVIEW', version: 2 });
  });

  it('given a new dispute, inserts it in queue order (oldest first)', () => {
    const queue = queueOf([dispute('d1'), dispute('d3')]);
    const after = applyChangeToQueue(queue, changeTo(dispute('d2'), null), { filter: everything, now });
    expect(idsOf(after)).toEqual(['d1', 'd2', 'd3']);
  });

  it('given a new dispute past the loaded pages, leaves it to the next page (no duplicate later)', () => {
    const queue = queueOf([dispute('d1'), dispute('d2')], true);
    expect(applyChangeToQueue(queue, changeTo(dispute('d9'), null), { filter: everything, now })).toBe(queue);
  });

  it('given a new dispute and the whole queue loaded, appends it', () => {
    const queue = queueOf([dispute('d1')]);
    expect(
      idsOf(applyChangeToQueue(queue, changeTo(dispute('d9'), null), { filter: everything, now })),
    ).toEqual(['d1', 'd9']);
  });

  it('given a transition out of the filtered states, removes the dispute; back in, inserts it again', () => {
    const onlyOpen: QueueFilter = { ...emptyQueueFilter, states: ['OPEN'] };
    const queue = queueOf([dispute('d1'), dispute('d2')]);
    const left = applyChangeToQueue(queue, changeTo(d1Review, 'OPEN'), { filter: onlyOpen, now });
    expect(idsOf(left)).toEqual(['d2']);

    const reviewOnly: QueueFilter = { ...emptyQueueFilter, states: ['UNDER_REVIEW'] };
    const entered = applyChangeToQueue(queueOf([]), changeTo(d1Review, 'OPEN'), { filter: reviewOnly, now });
    expect(idsOf(entered)).toEqual(['d1']);
  });

  it('given a stale event for a dispute that left the filter, does not bring it back', () => {
    // d1 left "OPEN only" at version 2; the replayed opening (version 1) must not re-insert it.
    const onlyOpen: QueueFilter = { ...emptyQueueFilter, states: ['OPEN'] };
    const queue = queueOf([dispute('d2')]);
    const after = applyChangeToQueue(queue, changeTo(dispute('d1'), null), {
      filter: onlyOpen,
      now,
      known: d1Review,
    });
    expect(after).toBe(queue);
  });

  it('given "assigned to me" and "unassigned", follows assignments both ways', () => {
    const mine: QueueFilter = { ...emptyQueueFilter, assigneeId: 'agent' };
    const unassigned: QueueFilter = { ...emptyQueueFilter, unassignedOnly: true };
    const assigned = changeTo(d1Review, 'OPEN');
    expect(idsOf(applyChangeToQueue(queueOf([]), assigned, { filter: mine, now }))).toEqual(['d1']);
    expect(
      idsOf(applyChangeToQueue(queueOf([dispute('d1')]), assigned, { filter: unassigned, now })),
    ).toEqual([]);
    const handedOver = { ...d1Review, version: 3, assignee: { id: 'colleague' } };
    expect(
      idsOf(
        applyChangeToQueue(queueOf([d1Review]), changeTo(handedOver, 'UNDER_REVIEW'), { filter: mine, now }),
      ),
    ).toEqual([]);
  });

  it('given "overdue response", keeps only NEEDS_RESPONSE disputes past their deadline', () => {
    const overdue: QueueFilter = { ...emptyQueueFilter, overdueOnly: true };
    const late = { ...d1Waiting, responseDueAt: '2026-03-01T11:59:59.000Z' };
    expect(matchesQueueFilter(late, overdue, now)).toBe(true);
    expect(matchesQueueFilter(d1Waiting, overdue, now)).toBe(false);
    expect(matchesQueueFilter({ ...late, state: 'UNDER_REVIEW' }, overdue, now)).toBe(false);
    expect(
      idsOf(applyChangeToQueue(queueOf([]), changeTo(late, 'UNDER_REVIEW'), { filter: overdue, now })),
    ).toEqual(['d1']);
  });
});

describe('applyChangeToCounts', () => {
  const opened = { disputeId: 'd1', kind: 'OPENED', fromState: null, state: 'OPEN', version: 1 } as const;
  const reviewed = {
    disputeId: 'd1',
    kind: 'TRANSITIONED',
    fromState: 'OPEN',
    state: 'UNDER_REVIEW',
    version: 2,
  } as const;
  const asked = {
    disputeId: 'd1',
    kind: 'TRANSITIONED',
    fromState: 'UNDER_REVIEW',
    state: 'NEEDS_RESPONSE',
    version: 3,
  } as const;

  it('given an opening and transitions, moves one dispute between states', () => {
    const counted = new CountedChanges();
    let counts: readonly StateCount[] = countsOf({ OPEN: 2 });
    counts = applyChangeToCounts(counts, opened, counted);
    expect(countOf(counts, 'OPEN')).toBe(3);
    counts = applyChangeToCounts(counts, reviewed, counted);
    expect([countOf(counts, 'OPEN'), countOf(counts, 'UNDER_REVIEW')]).toEqual([2, 1]);
  });

  it('given a replayed event, counts it once', () => {
    const counted = new CountedChanges();
    const once = applyChangeToCounts(countsOf({ OPEN: 1 }), reviewed, counted);
    const twice = applyChangeToCounts(once, reviewed, counted);
    expect(twice).toBe(once);
    expect([countOf(twice, 'OPEN'), countOf(twice, 'UNDER_REVIEW')]).toEqual([0, 1]);
  });

  it('given events out of order, ends with the same counts as in order', () => {
    const baseline = countsOf({ OPEN: 1, UNDER_REVIEW: 4 });
    const inOrderCounted = new CountedChanges();
    const reversedCounted = new CountedChanges();
    const inOrder = [reviewed, asked].reduce<readonly StateCount[]>(
      (counts, change) => applyChangeToCounts(counts, change, inOrderCounted),
      baseline,
    );
    const reversed = [asked, reviewed].reduce<readonly StateCount[]>(
      (counts, change) => applyChangeToCounts(counts, change, reversedCounted),
      baseline,
    );
    expect(reversed).toEqual(inOrder);
    expect([
      countOf(reversed, 'OPEN'),
      countOf(reversed, 'UNDER_REVIEW'),
      countOf(reversed, 'NEEDS_RESPONSE'),
    ]).toEqual([0, 4, 1]);
  });
  it('given a hand-over that keeps the state or a message, changes no count', () => {
    const counted = new CountedChanges();
    const counts = countsOf({ UNDER_REVIEW: 1 });
    const handOver = { ...reviewed, fromState: 'UNDER_REVIEW', state: 'UNDER_REVIEW', version: 4 } as const;
    expect(applyChangeToCounts(counts, handOver, counted)).toBe(counts);
    expect(applyChangeToCounts(counts, { ...handOver, kind: 'MESSAGE_POSTED', version: 5 }, counted)).toBe(
      counts,
    );
  });

  it('keeps the other fields of each entry (the cache’s __typename)', () => {
    const counts = countsOf({ OPEN: 1 }).map((entry) => ({
      ...entry,
      __typename: 'DisputeStateCount' as const,
    }));
    const after = applyChangeToCounts(counts, reviewed, new CountedChanges());
    expect(after.every((entry) => entry.__typename === 'DisputeStateCount')).toBe(true);
  });

  it('remembers a bounded number of changes', () => {
    const counted = new CountedChanges(3);
    for (let version = 1; version <= 5; version++) counted.record('d1', version);
    expect(counted.size).toBe(3);
    // The oldest were forgotten, the newest are still known.
    expect(counted.record('d1', 5)).toBe(false);
    expect(counted.record('d1', 1)).toBe(true);
  });
});
