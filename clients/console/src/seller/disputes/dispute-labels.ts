import type {
  DisputeActorKind,
  DisputeOutcome,
  DisputeParty,
  DisputeReason,
  DisputeState,
} from '../../gql/graphql';

/**
 * Words for a dispute as its seller reads it: "you" is the seller, the buyer is the other party,
 * support runs the process and an admin decides (server/src/disputes/README.md, "The lifecycle").
 * Pure: the pages and the tests agree on every phrase.
 */

export interface DisputeStatus {
  state: DisputeState;
  requestedParty?: DisputeParty | null;
  responseDueAt?: string | null;
  outcome?: DisputeOutcome | null;
}

export const reasonLabels: Record<DisputeReason, string> = {
  INVALID_CODE: 'The code does not work',
  ALREADY_REDEEMED: 'The code was already redeemed',
  WRONG_REGION: 'Wrong region',
  NOT_AS_DESCRIBED: 'Not as described',
  OTHER: 'Something else',
};

const openStates: ReadonlySet<DisputeState> = new Set(['OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE']);

export function isOpenDispute(dispute: Pick<DisputeStatus, 'state'>): boolean {
  return openStates.has(dispute.state);
}

/** Support asked this seller to respond, and the request still stands. */
export function isAwaitingSeller(dispute: DisputeStatus): boolean {
  return dispute.state === 'NEEDS_RESPONSE' && dispute.requestedParty === 'SELLER';
}

/** WON and LOST close at once (the decision's transaction); CLOSED keeps the outcome. */
function decidedOutcome(dispute: DisputeStatus): DisputeOutcome | null {
  if (dispute.state === 'WON' || dispute.state === 'LOST') return dispute.state;
  return dispute.outcome ?? null;
}

export interface StatusLabel {
  label: string;
  /** A Mantine colour for a light badge (its text is darkened for contrast, app/css-variables.ts). */
  color: string;
}

export function disputeStatusLabel(dispute: DisputeStatus): StatusLabel {
  switch (dispute.state) {
    case 'OPEN':
      return { label: 'Open', color: 'blue' };
    case 'UNDER_REVIEW':
      return { label: 'Under review', color: 'indigo' };
    case 'NEEDS_RESPONSE':
      return dispute.requestedParty === 'SELLER'
        ? { label: 'Your response needed', color: 'orange' }
        : { label: 'Waiting for the buyer', color: 'grape' };
    default: {
      const outcome = decidedOutcome(dispute);
      if (outcome === 'WON') return { label: 'Refunded to the buyer', color: 'red' };
      if (outcome === 'LOST') return { label: 'Released to you', color: 'green' };
      if (outcome === 'WITHDRAWN') return { label: 'Withdrawn by the buyer', color: 'gray' };
      return { label: 'Closed', color: 'gray' };
    }
  }
}

/** What the seller has to do about a dispute now. */
export interface SellerNextStep {
  /** respond: support asked this seller; wait: nothing to do for now; closed: decided. */
  kind: 'respond' | 'wait' | 'closed';
  /** A sentence; when `deadline` is set it ends with "by", and the deadline follows as a date. */
  text: string;
  deadline: string | null;
  /** The deadline has passed and the deadline job has not yet returned the dispute to review. */
  overdue: boolean;
}

export function sellerNextStep(dispute: DisputeStatus, now: Date): SellerNextStep {
  const deadline = dispute.responseDueAt ?? null;
  const overdue = deadline !== null && Date.parse(deadline) < now.getTime();
  switch (dispute.state) {
    case 'NEEDS_RESPONSE':
      if (dispute.requestedParty === 'SELLER') {
        return {
          kind: 'respond',
          text: deadline ? 'Support asked you to respond by' : 'Support asked you to respond',
          deadline,
          overdue,
        };
      }
      return {
        kind: 'wait',
        text: deadline
          ? 'Nothing for now: support asked the buyer to respond by'
          : 'Nothing for now: support asked the buyer to respond',
        deadline,
        overdue: false,
      };
    case 'OPEN':
      return {
        kind: 'wait',
        text: 'Nothing for now: waiting for support to review it',
        deadline: null,
        overdue: false,
      };
    case 'UNDER_REVIEW':
      return {
        kind: 'wait',
        text: 'Nothing for now: support is reviewing it',
        deadline: null,
        overdue: false,
      };
    default: {
      const outcome = decidedOutcome(dispute);
      const text =
        outcome === 'WON'
          ? 'Nothing: decided for the buyer, who was refunded'
          : outcome === 'LOST'
            ? 'Nothing: decided in your favour, the payment was released to you'
            : outcome === 'WITHDRAWN'
              ? 'Nothing: the buyer withdrew it; the sale is paid once confirmed or its protection ends'
              : 'Nothing: the dispute is closed';
      return { kind: 'closed', text, deadline: null, overdue: false };
    }
  }
}

/** What the seller reads once a dispute is decided; null while it is open. */
export function outcomeSummary(dispute: DisputeStatus): { title: string; text: string } | null {
  if (isOpenDispute(dispute)) return null;
  const outcome = decidedOutcome(dispute);
  if (outcome === 'WON') {
    return {
      title: 'Decided for the buyer',
      text: 'An admin refunded the price to the buyer; this sale earns you nothing.',
    };
  }
  if (outcome === 'LOST') {
    return {
      title: 'Decided in your favour',
      text: 'An admin released the payment to you: it counts toward your earnings and is paid out after the hold.',
    };
  }
  if (outcome === 'WITHDRAWN') {
    return {
      title: 'Withdrawn by the buyer',
      text: 'No money moved: the sale is released to you when the buyer confirms it or its protection ends.',
    };
  }
  return { title: 'Closed', text: 'This dispute is closed.' };
}

/** Who wrote a message, from the seller's side: "You", the buyer by name, "Support". */
export function messageAuthor(message: { authorKind: DisputeActorKind; author: { displayName: string } }): {
  name: string;
  role: string | null;
} {
  switch (message.authorKind) {
    case 'SELLER':
      return { name: 'You', role: null };
    case 'BUYER':
      return { name: message.author.displayName.trim() || 'Buyer', role: 'Buyer' };
    case 'SUPPORT':
    case 'ADMIN':
      return { name: 'Support', role: null };
    default:
      return { name: 'CodeSale', role: null };
  }
}

/**
 * A timeline event, from the seller's side. Notes are shown only for decisions (the admin's
 * reason): the others repeat a message of the thread or are support's own bookkeeping.
 */
export function historyEntry(event: { action: string; actorKind: DisputeActorKind; note?: string | null }): {
  title: string;
  note: string | null;
} {
  const decision = event.action === 'DECIDE_REFUND' || event.action === 'DECIDE_RELEASE';
  return { title: historyTitle(event), note: decision ? (event.note ?? null) : null };
}

function historyTitle(event: { action: string; actorKind: DisputeActorKind }): string {
  switch (event.action) {
    case 'OPEN':
      return 'The buyer opened the dispute';
    case 'ASSIGN':
      return 'Support took the dispute';
    case 'UNASSIGN':
      return 'Support returned the dispute to its queue';
    case 'START_REVIEW':
      return 'Support started the review';
    case 'REQUEST_RESPONSE':
      return 'Support asked for a response';
    case 'ANSWER':
      return event.actorKind === 'SELLER' ? 'You answered' : 'The buyer answered';
    case 'EXPIRE_RESPONSE':
      return 'The response deadline passed without an answer';
    case 'DECIDE_REFUND':
      return 'Decided: refunded to the buyer';
    case 'DECIDE_RELEASE':
      return 'Decided: released to you';
    case 'CLOSE':
      return 'Closed';
    case 'WITHDRAW':
      return 'The buyer withdrew the dispute';
    default:
      return event.action;
  }
}

/** The link text of a disputed sale's marker (the Sales page): the order's open dispute, else its latest. */
export function saleDisputeLabel(dispute: DisputeStatus): string {
  if (isAwaitingSeller(dispute)) return 'Disputed: your response needed';
  if (isOpenDispute(dispute)) return `Disputed: ${disputeStatusLabel(dispute).label.toLowerCase()}`;
  const outcome = decidedOutcome(dispute);
  if (outcome === 'WON') return 'Dispute: refunded to the buyer';
  if (outcome === 'LOST') return 'Dispute: released to you';
  if (outcome === 'WITHDRAWN') return 'Dispute withdrawn by the buyer';
  return 'Dispute closed';
}
