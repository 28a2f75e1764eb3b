import type { DisputeState } from '../../gql/graphql';

/**
 * What staff may do to a dispute in each state: the console's copy of the transition matrix
 * (server/src/domain/dispute-matrix.ts), used only to decide which buttons to show. The server
 * judges every action again, against the state and version it holds.
 */
export type StaffAction =
  | 'ASSIGN_TO_ME'
  | 'ASSIGN_TO_COLLEAGUE'
  | 'START_REVIEW'
  | 'REQUEST_RESPONSE'
  | 'POST_MESSAGE'
  | 'REFUND'
  | 'RELEASE';

/** The states in which a dispute is still open: it can be worked on and written in. */
const openStates: readonly DisputeState[] = ['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE'];

export interface ActionSubject {
  state: DisputeState;
  assignee?: { id: string } | null;
}

export interface ActingStaff {
  id: string;
  /** Admins decide (refund or release); support agents never see those actions. */
  isAdmin: boolean;
}

export function allowedActions(dispute: ActionSubject, staff: ActingStaff): StaffAction[] {
  if (!openStates.includes(dispute.state)) return [];
  const actions: StaffAction[] = [];
  // ASSIGN: from OPEN it starts the review; later it hands the dispute over, keeping the state.
  if (dispute.assignee?.id !== staff.id) actions.push('ASSIGN_TO_ME');
  actions.push('ASSIGN_TO_COLLEAGUE');
  if (dispute.state === 'OPEN') actions.push('START_REVIEW');
  if (dispute.state === 'UNDER_REVIEW') actions.push('REQUEST_RESPONSE');
  actions.push('POST_MESSAGE');
  // A decision needs the dispute UNDER_REVIEW (DISPUTE_NOT_UNDER_REVIEW otherwise).
  if (staff.isAdmin && dispute.state === 'UNDER_REVIEW') actions.push('REFUND', 'RELEASE');
  return actions;
}
