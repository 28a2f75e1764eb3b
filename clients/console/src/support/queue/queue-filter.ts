import type { DisputeQueueFilter, DisputeState } from '../../gql/graphql';
import { disputeStates, type QueueFilter } from '../dispute-cache';

/**
 * The queue's filter as the agent chose it, kept in the address (?state=OPEN&state=UNDER_REVIEW
 * &assignee=me&overdue=1) so a filtered queue can be bookmarked, shared and reloaded.
 */
export type AssigneeChoice = 'anyone' | 'me' | 'unassigned';

export interface QueueFilterSelection {
  states: DisputeState[];
  assignee: AssigneeChoice;
  overdueOnly: boolean;
}

export function readQueueFilter(parameters: URLSearchParams): QueueFilterSelection {
  const states = disputeStates.filter((state) => parameters.getAll('state').includes(state));
  const assignee = parameters.get('assignee');
  return withStates(
    {
      states: [],
      assignee: assignee === 'me' || assignee === 'unassigned' ? assignee : 'anyone',
      overdueOnly: parameters.get('overdue') === '1',
    },
    states,
  );
}

/**
 * Overdue disputes are NEEDS_RESPONSE: with states chosen, overdue needs that one among them (the
 * API refuses the combination otherwise, rather than answer an empty queue). Choosing overdue adds
 * it; choosing states without it turns overdue off.
 */
export function withOverdue(selection: QueueFilterSelection, overdueOnly: boolean): QueueFilterSelection {
  const needsState =
    overdueOnly && selection.states.length > 0 && !selection.states.includes('NEEDS_RESPONSE');
  return {
    ...selection,
    overdueOnly,
    states: needsState
      ? disputeStates.filter((state) => state === 'NEEDS_RESPONSE' || selection.states.includes(state))
      : selection.states,
  };
}

export function withStates(
  selection: QueueFilterSelection,
  states: readonly DisputeState[],
): QueueFilterSelection {
  const ordered = disputeStates.filter((state) => states.includes(state));
  const overdueStillPossible = ordered.length === 0 || ordered.includes('NEEDS_RESPONSE');
  return { ...selection, states: ordered, overdueOnly: selection.overdueOnly && overdueStillPossible };
}

export function writeQueueFilter(selection: QueueFilterSelection): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const state of selection.states) parameters.append('state', state);
  if (selection.assignee !== 'anyone') parameters.set('assignee', selection.assignee);
  if (selection.overdueOnly) parameters.set('overdue', '1');
  return parameters;
}

/** What the console judges membership with (dispute-cache.ts). */
export function clientFilter(selection: QueueFilterSelection, viewerId: string): QueueFilter {
  return {
    states: selection.states,
    assigneeId: selection.assignee === 'me' ? viewerId : null,
    unassignedOnly: selection.assignee === 'unassigned',
    overdueOnly: selection.overdueOnly,
  };
}

/** What the server filters with: the same rules, so a page and the feed agree on membership. */
export function serverFilter(selection: QueueFilterSelection, viewerId: string): DisputeQueueFilter {
  return {
    states: selection.states,
    ...(selection.assignee === 'me' ? { assigneeId: viewerId } : {}),
    unassignedOnly: selection.assignee === 'unassigned',
    overdueOnly: selection.overdueOnly,
  };
}
