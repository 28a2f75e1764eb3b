/**
 * The dispute state machine as data (invariant 8). Every state change of a dispute is one row of
 * `disputeTransitions`: from a state, an action, taken by one of the listed actor kinds, to a
 * state. `transition()` is the only judge; DisputeService asks it before every UPDATE, and the
 * database keeps a copy of the (from, to) pairs as a last line of defence (0006_disputes.sql,
 * `dispute_transition_allowed`), which a test keeps equal to this table.
 *
 *   OPEN ─assign/start review─> UNDER_REVIEW ─request response─> NEEDS_RESPONSE
 *                                 ^   │                               │
 *                                 └───┼──── answer / deadline ────────┘
 *                                     ├─ decision: refund ──> WON  ─┐
 *                                     └─ decision: release ─> LOST ─┴─ system ─> CLOSED
 *   OPEN, UNDER_REVIEW, NEEDS_RESPONSE ─ buyer withdraws ──────────────────────> CLOSED
 *
 * WON and LOST exist only as the side effect of an admin's money decision (actor kind DECISION):
 * no lifecycle action reaches them. CLOSED follows by SYSTEM in the same transaction as the
 * decision (docs/adr/0005-...): escrow is final once settled, so there is nothing left to appeal.
 * The buyer may withdraw an open dispute: it closes with the outcome WITHDRAWN and no money moves;
 * the order is held as before the dispute, for the buyer's confirmation or the auto-release.
 */

export const disputeStates = ['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE', 'WON', 'LOST', 'CLOSED'] as const;
export type DisputeState = (typeof disputeStates)[number];

/** Who takes an action. DECISION is an admin's refund or release, never a lifecycle mutation. */
export const disputeActorKinds = ['BUYER', 'SELLER', 'SUPPORT', 'ADMIN', 'SYSTEM', 'DECISION'] as const;
export type DisputeActorKind = (typeof disputeActorKinds)[number];

export const disputeActions = [
  /** Staff take the dispute (for themselves or a colleague); from OPEN this starts the review. */
  'ASSIGN',
  /** An admin's disabling of the assignee's staff account returns the dispute to the queue, state kept. */
  'UNASSIGN',
  'START_REVIEW',
  /** Staff ask one party for a response before a deadline. */
  'REQUEST_RESPONSE',
  /** The asked party answers (DisputeService checks it is the asked party). */
  'ANSWER',
  /** The response deadline passed without an answer. */
  'EXPIRE_RESPONSE',
  /** Side effects of the admin's money decision. */
  'DECIDE_REFUND',
  'DECIDE_RELEASE',
  'CLOSE',
  /** The buyer takes the claim back: closed without a decision, the order's escrow untouched. */
  'WITHDRAW',
] as const;
export type DisputeAction = (typeof disputeActions)[number];

/** The states in which a dispute is open: it blocks the order's settlement, and counts toward the buyer's cap. */
export const openDisputeStates = [
  'OPEN',
  'UNDER_REVIEW',
  'NEEDS_RESPONSE',
] as const satisfies readonly DisputeState[];

export interface DisputeTransition {
  from: DisputeState;
  action: DisputeAction;
  actors: readonly DisputeActorKind[];
  to: DisputeState;
}

const staff = ['SUPPORT', 'ADMIN'] as const;

export const disputeTransitions: readonly DisputeTransition[] = [
  { from: 'OPEN', action: 'ASSIGN', actors: staff, to: 'UNDER_REVIEW' },
  { from: 'OPEN', action: 'START_REVIEW', actors: staff, to: 'UNDER_REVIEW' },
  // Handing a dispute over to a colleague keeps its state; it is still a versioned, recorded change.
  { from: 'UNDER_REVIEW', action: 'ASSIGN', actors: staff, to: 'UNDER_REVIEW' },
  { from: 'NEEDS_RESPONSE', action: 'ASSIGN', actors: staff, to: 'NEEDS_RESPONSE' },
  // Only as a side effect of disabling the assignee's account (AuthService.setStaffAccountStatus).
  { from: 'UNDER_REVIEW', action: 'UNASSIGN', actors: ['ADMIN'], to: 'UNDER_REVIEW' },
  { from: 'NEEDS_RESPONSE', action: 'UNASSIGN', actors: ['ADMIN'], to: 'NEEDS_RESPONSE' },
  { from: 'UNDER_REVIEW', action: 'REQUEST_RESPONSE', actors: staff, to: 'NEEDS_RESPONSE' },
  { from: 'NEEDS_RESPONSE', action: 'ANSWER', actors: ['BUYER', 'SELLER'], to: 'UNDER_REVIEW' },
  { from: 'NEEDS_RESPONSE', action: 'EXPIRE_RESPONSE', actors: ['SYSTEM'], to: 'UNDER_REVIEW' },
  { from: 'UNDER_REVIEW', action: 'DECIDE_REFUND', actors: ['DECISION'], to: 'WON' },
  { from: 'UNDER_REVIEW', action: 'DECIDE_RELEASE', actors: ['DECISION'], to: 'LOST' },
  { from: 'WON', action: 'CLOSE', actors: ['SYSTEM'], to: 'CLOSED' },
  { from: 'LOST', action: 'CLOSE', actors: ['SYSTEM'], to: 'CLOSED' },
  { from: 'OPEN', action: 'WITHDRAW', actors: ['BUYER'], to: 'CLOSED' },
  { from: 'UNDER_REVIEW', action: 'WITHDRAW', actors: ['BUYER'], to: 'CLOSED' },
  { from: 'NEEDS_RESPONSE', action: 'WITHDRAW', actors: ['BUYER'], to: 'CLOSED' },
];

export type TransitionRefusal = 'ACTION_NOT_ALLOWED_IN_STATE' | 'ACTOR_NOT_ALLOWED';

export type TransitionResult =
  { allowed: true; to: DisputeState } | { allowed: false; refusal: TransitionRefusal };

/** The next state when `actorKind` takes `action` on a dispute in `state`, or why it may not. Pure. */
export function transition(
  state: DisputeState,
  action: DisputeAction,
  actorKind: DisputeActorKind,
): TransitionResult {
  const row = disputeTransitions.find((candidate) => candidate.from === state && candidate.action === action);
  if (!row) return { allowed: false, refusal: 'ACTION_NOT_ALLOWED_IN_STATE' };
  if (!row.actors.includes(actorKind)) return { allowed: false, refusal: 'ACTOR_NOT_ALLOWED' };
  return { allowed: true, to: row.to };
}

export function isOpenDisputeState(state: DisputeState): boolean {
  return (openDisputeStates as readonly DisputeState[]).includes(state);
}

/** The (from, to) pairs the matrix can produce: what the database's guard allows. */
export function allowedStatePairs(): Set<`${DisputeState}->${DisputeState}`> {
  return new Set(disputeTransitions.map((row) => `${row.from}->${row.to}` as const));
}
