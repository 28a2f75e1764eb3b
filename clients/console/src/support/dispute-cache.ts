import type { DisputeState } from '../gql/graphql';

/**
 * How a `disputeFeed` event changes what the queue page holds: the list of the current filter and
 * the counts per state. Pure functions over plain data, so every ordering of events can be tested.
 *
 * Events and answers race: a query answered just before a change may arrive after the change's
 * event, the feed replays what a resumed subscription missed, and a mutation's answer can land
 * before the event it caused. So nothing here trusts arrival order:
 * - a dispute's data is replaced only by a strictly newer `version`, so an older or replayed event
 *   never rolls a dispute back;
 * - membership of the list is judged on the newest data known, so the list converges on the filter
 *   whatever the order;
 * - counts apply each (dispute, version) transition exactly once; the deltas commute, so their
 *   order does not matter.
 */

export const disputeStates: readonly DisputeState[] = [
  'OPEN',
  'UNDER_REVIEW',
  'NEEDS_RESPONSE',
  'WON',
  'LOST',
  'CLOSED',
];

/**
 * The states a dispute rests in, as the queue's filters and counts offer them. WON and LOST are
 * passed through inside the decision's transaction, which closes the dispute at once (ADR 0005):
 * no dispute is ever found in them, so their filter and count were always 0. The timeline and the
 * dispute page still name them (the outcome).
 */
export const queueStates: readonly DisputeState[] = disputeStates.filter(
  (state) => state !== 'WON' && state !== 'LOST',
);

/** The fields of a queued dispute that its order and the filters depend on. */
export interface QueueNode {
  id: string;
  version: number;
  state: DisputeState;
  /** ISO timestamp: the queue is ordered by it, oldest first (then by id), like the server's keyset. */
  createdAt: string;
  assignee?: { id: string } | null;
  responseDueAt?: string | null;
}

export interface QueueEdge<Node> {
  cursor: string;
  node: Node;
}

export interface QueueConnection<Node> {
  edges: readonly QueueEdge<Node>[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** The queue's filter as the server applies it (DisputeQueueFilter), with "assigned to me" resolved. */
export interface QueueFilter {
  /** Empty: every state. */
  states: readonly DisputeState[];
  assigneeId: string | null;
  unassignedOnly: boolean;
  /** NEEDS_RESPONSE past its response deadline. */
  overdueOnly: boolean;
}

export const emptyQueueFilter: QueueFilter = {
  states: [],
  assigneeId: null,
  unassignedOnly: false,
  overdueOnly: false,
};

export type DisputeChangeKind = 'OPENED' | 'TRANSITIONED' | 'MESSAGE_POSTED';

/** One `disputeFeed` event: the change itself, and the dispute as it was when the event was sent. */
export interface DisputeFeedChange<Node> {
  disputeId: string;
  kind: DisputeChangeKind;
  fromState: DisputeState | null;
  /** The state and version right after this change. */
  state: DisputeState;
  version: number;
  /** Read when the event was delivered: at this version or a later one. Null if not readable. */
  dispute: Node | null;
}

export function isOverdue(node: QueueNode, now: Date): boolean {
  return (
    node.state === 'NEEDS_RESPONSE' &&
    typeof node.responseDueAt === 'string' &&
    Date.parse(node.responseDueAt) < now.getTime()
  );
}

export function matchesQueueFilter(node: QueueNode, filter: QueueFilter, now: Date): boolean {
  if (filter.states.length > 0 && !filter.states.includes(node.state)) return false;
  const assigneeId = node.assignee?.id ?? null;
  if (filter.assigneeId !== null && assigneeId !== filter.assigneeId) return false;
  if (filter.unassignedOnly && assigneeId !== null) return false;
  if (filter.overdueOnly && !isOverdue(node, now)) return false;
  return true;
}

/** What the queue is ordered by. */
export interface QueueOrderKey {
  createdAt: string;
  id: string;
}

/** The server's queue order: createdAt, then id. ISO timestamps of one format compare as text. */
export function compareQueueOrder(left: QueueOrderKey, right: QueueOrderKey): number {
  if (left.createdAt !== right.createdAt) return left.createdAt < right.createdAt ? -1 : 1;
  if (left.id === right.id) return 0;
  return left.id < right.id ? -1 : 1;
}

/**
 * Where `key` goes in a list of `count` rows in queue order (binary search over `keyAt`), or null
 * when it would go past the last loaded row while more pages exist: that page will bring it, and
 * inserting it now would show it twice once the page arrives.
 */
export function insertionIndex(
  count: number,
  keyAt: (index: number) => QueueOrderKey,
  key: QueueOrderKey,
  hasNextPage: boolean,
): number | null {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareQueueOrder(keyAt(middle), key) < 0) low = middle + 1;
    else high = middle;
  }
  return low === count && hasNextPage ? null : low;
}

/**
 * The newest of what the cache holds and what the event brings. Without the event's dispute (not
 * readable any more), a newer event still moves the cached dispute's state and version.
 */
export function newestDispute<Node extends QueueNode>(
  cached: Node | null,
  change: DisputeFeedChange<Node>,
): Node | null {
  if (change.dispute && (!cached || change.dispute.version > cached.version)) return change.dispute;
  if (cached && !change.dispute && change.version > cached.version) {
    return { ...cached, state: change.state, version: change.version };
  }
  return cached;
}

export interface QueueChangeContext<Node> {
  filter: QueueFilter;
  now: Date;
  /** What the cache knows of this dispute when it is not in the list (e.g. from its own page). */
  known?: Node | null;
}

/** The smallest change to a list that one event calls for. */
export type QueueEdit<Node> =
  | { kind: 'keep' }
  /** Still listed, with newer data. */
  | { kind: 'update'; index: number; node: Node }
  | { kind: 'remove'; index: number }
  | { kind: 'insert'; index: number; node: Node };

/**
 * Decides what one event does to a list, whatever the list is made of (plain rows in tests, cache
 * references in the console): `listed` is the dispute's row if the list has it, `insertAt` where
 * it would go (insertionIndex). Data only moves to a newer version; membership is judged on the
 * newest data known, so a late event can neither roll a row back nor bring back one that left.
 */
export function planQueueEdit<Node extends QueueNode>(
  listed: { index: number; node: Node } | null,
  insertAt: (node: Node) => number | null,
  change: DisputeFeedChange<Node>,
  context: QueueChangeContext<Node>,
): QueueEdit<Node> {
  const cached = listed ? listed.node : (context.known ?? null);
  const newest = newestDispute(cached, change);
  if (!newest) return { kind: 'keep' };
  const belongs = matchesQueueFilter(newest, context.filter, context.now);
  if (listed) {
    if (!belongs) return { kind: 'remove', index: listed.index };
    return newest === listed.node ? { kind: 'keep' } : { kind: 'update', index: listed.index, node: newest };
  }
  if (!belongs) return { kind: 'keep' };
  const index = insertAt(newest);
  return index === null ? { kind: 'keep' } : { kind: 'insert', index, node: newest };
}

/**
 * The list after one event, on plain rows. Returns the same object when nothing changes, so a
 * caller can skip the write.
 */
export function applyChangeToQueue<Node extends QueueNode>(
  queue: QueueConnection<Node>,
  change: DisputeFeedChange<Node>,
  context: QueueChangeContext<Node>,
): QueueConnection<Node> {
  const index = queue.edges.findIndex((edge) => edge.node.id === change.disputeId);
  const edit = planQueueEdit(
    index >= 0 ? { index, node: queue.edges[index]!.node } : null,
    (node) =>
      insertionIndex(queue.edges.length, (at) => queue.edges[at]!.node, node, queue.pageInfo.hasNextPage),
    change,
    context,
  );
  if (edit.kind === 'keep') return queue;
  return {
    ...queue,
    // An inserted row has no cursor of its own: the next page is asked for with pageInfo.endCursor.
    edges: applyQueueEdit(queue.edges, edit, (node, previous) => ({ cursor: previous?.cursor ?? '', node })),
  };
}

/** Applies an edit to a list of rows; `rowOf` makes the row of an inserted or updated dispute. */
export function applyQueueEdit<Row, Node>(
  rows: readonly Row[],
  edit: QueueEdit<Node>,
  rowOf: (node: Node, previous?: Row) => Row,
): readonly Row[] {
  switch (edit.kind) {
    case 'keep':
      return rows;
    case 'remove':
      return rows.filter((_, position) => position !== edit.index);
    case 'update': {
      const updated = rows.slice();
      updated[edit.index] = rowOf(edit.node, rows[edit.index]);
      return updated;
    }
    case 'insert': {
      const inserted = rows.slice();
      inserted.splice(edit.index, 0, rowOf(edit.node));
      return inserted;
    }
  }
}

export interface StateCount {
  state: DisputeState;
  count: number;
}

/**
 * The (dispute, version) pairs already counted, so a replayed event is not counted twice. Bounded:
 * the server replays at most 1,000 events on a resume, so remembering the last 10,000 is ample.
 */
export class CountedChanges {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** Records the pair; false when it was already recorded. */
  record(disputeId: string, version: number): boolean {
    const key = `${disputeId}@${version}`;
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      // A Set iterates in insertion order: the first key is the oldest.
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}

/**
 * The counts after one event: an opening adds one to its state, a transition moves one from its
 * `fromState` to its `state`. Each (dispute, version) counts once (recorded in `counted`); deltas
 * commute, so out-of-order events still add up. A count may dip below zero in between (a later
 * transition arriving before the earlier one that feeds it): it is kept exact, and shown clamped
 * (`displayCount`).
 */
export function applyChangeToCounts<Count extends StateCount>(
  counts: readonly Count[],
  change: Pick<DisputeFeedChange<unknown>, 'disputeId' | 'kind' | 'fromState' | 'state' | 'version'>,
  counted: CountedChanges,
): readonly Count[] {
  if (change.kind === 'MESSAGE_POSTED') return counts;
  const from = change.kind === 'OPENED' ? null : change.fromState;
  if (!counted.record(change.disputeId, change.version) || from === change.state) return counts;

  const deltas = new Map<DisputeState, number>([[change.state, 1]]);
  if (from !== null) deltas.set(from, -1);
  // Entries keep their other fields (the cache's __typename); a state the answer lacked is added.
  const updated = counts.map((entry) => {
    const delta = deltas.get(entry.state);
    if (delta === undefined) return entry;
    deltas.delete(entry.state);
    return { ...entry, count: entry.count + delta };
  });
  for (const [state, delta] of deltas) updated.push({ ...counts[0], state, count: delta } as Count);
  return updated;
}

export function displayCount(count: number): number {
  return Math.max(0, count);
}
