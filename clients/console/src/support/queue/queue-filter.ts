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
  return {
    states,
    assignee: assignee === 'me' || assignee === 'unassigned' ? assignee : 'anyone',
    overdueOnly: parameters.get('overdue') === '1',
  };
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
  };
}
