import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { textCost } from '../graphql/document-limits';
import { messageMaxLength } from './dispute-messages';
import { Order } from '../checkout/checkout.types';
import { cursorFieldDescription } from '../graphql/event-subscription';
import { Connection, Node, toGlobalId } from '../graphql/relay';
import { UserErrorType } from '../graphql/user-error';
import { downloadFileName } from '../storage/content-type';
import type { DisputeChangePayload } from './dispute-events';
import {
  AssignDisputeErrorCode,
  OpenDisputeErrorCode,
  PostDisputeMessageErrorCode,
  RefundOrderErrorCode,
  ReleaseOrderErrorCode,
  RequestDisputeResponseErrorCode,
  StartDisputeReviewErrorCode,
  WithdrawDisputeErrorCode,
} from './disputes.errors';
import type {
  DisputeAttachmentRow,
  DisputeEventRow,
  DisputeMessageRow,
  DisputeRow,
  EvidenceSnapshotRow,
} from './disputes.service';
import { hashEvidence } from './evidence';

export enum DisputeState {
  OPEN = 'OPEN',
  UNDER_REVIEW = 'UNDER_REVIEW',
  NEEDS_RESPONSE = 'NEEDS_RESPONSE',
  WON = 'WON',
  LOST = 'LOST',
  CLOSED = 'CLOSED',
}
registerEnumType(DisputeState, {
  name: 'DisputeState',
  description:
    'OPEN -> UNDER_REVIEW <-> NEEDS_RESPONSE; UNDER_REVIEW -> WON (refund) or LOST (release) -> CLOSED.',
});

export enum DisputeReason {
  INVALID_CODE = 'INVALID_CODE',
  ALREADY_REDEEMED = 'ALREADY_REDEEMED',
  WRONG_REGION = 'WRONG_REGION',
  NOT_AS_DESCRIBED = 'NOT_AS_DESCRIBED',
  OTHER = 'OTHER',
}
registerEnumType(DisputeReason, { name: 'DisputeReason' });

export enum DisputeParty {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
}
registerEnumType(DisputeParty, { name: 'DisputeParty' });

export enum DisputeActorKind {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
  SUPPORT = 'SUPPORT',
  ADMIN = 'ADMIN',
  SYSTEM = 'SYSTEM',
  DECISION = 'DECISION',
}
registerEnumType(DisputeActorKind, {
  name: 'DisputeActorKind',
  description:
    "Who made a change. DECISION: an admin's refund or release; SYSTEM: a deadline or the closing after a decision.",
});

export enum DisputeOutcome {
  WON = 'WON',
  LOST = 'LOST',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(DisputeOutcome, {
  name: 'DisputeOutcome',
  description:
    'WON: the buyer was refunded. LOST: the seller was paid. WITHDRAWN: the buyer withdrew the dispute; no money moved, and the order stayed held for confirmation or auto-release.',
});

export enum DisputeChangeKind {
  OPENED = 'OPENED',
  TRANSITIONED = 'TRANSITIONED',
  MESSAGE_POSTED = 'MESSAGE_POSTED',
}
registerEnumType(DisputeChangeKind, { name: 'DisputeChangeKind' });

@ObjectType({
  implements: Node,
  description: "A buyer's claim against one held order. Readable by its two parties and staff.",
})
export class Dispute extends Node {
  row!: DisputeRow;

  @Field(() => DisputeReason)
  reason!: DisputeReason;

  @Field(() => DisputeState)
  state!: DisputeState;

  @Field(() => Int, { description: 'Goes up by one with every change; send it back as expectedVersion.' })
  version!: number;

  @Field(() => DisputeParty, {
    nullable: true,
    description: 'While NEEDS_RESPONSE: who is asked to respond.',
  })
  requestedParty!: DisputeParty | null;

  @Field(() => Date, { nullable: true, description: 'While NEEDS_RESPONSE: when the request expires.' })
  responseDueAt!: Date | null;

  @Field(() => DisputeOutcome, { nullable: true })
  outcome!: DisputeOutcome | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the outcome was set: the decision, or the withdrawal.',
  })
  decidedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  static from(row: DisputeRow): Dispute {
    return Object.assign(new Dispute(), {
      row,
      id: toGlobalId('Dispute', row.id),
      reason: row.reason as DisputeReason,
      state: row.state as DisputeState,
      version: row.version,
      requestedParty: row.requestedParty as DisputeParty | null,
      responseDueAt: row.responseDueAt,
      outcome: row.outcome as DisputeOutcome | null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      decidedAt: row.decidedAt,
      closedAt: row.closedAt,
    });
  }
}

export const DisputeConnection = Connection(Dispute, 'Dispute');

@ObjectType({ description: 'One change of a dispute. The timeline is append-only and kept forever.' })
export class DisputeEvent {
  row!: DisputeEventRow;

  @Field(() => Int, { description: "The dispute's version after this change." })
  version!: number;

  @Field()
  action!: string;

  @Field(() => DisputeActorKind)
  actorKind!: DisputeActorKind;

  @Field(() => DisputeState, { nullable: true, description: 'Null for the opening.' })
  fromState!: DisputeState | null;

  @Field(() => DisputeState)
  toState!: DisputeState;

  @Field(() => String, { nullable: true })
  // dispute_events.note holds at most 2,000 characters (0006_disputes.sql).
  @Extensions(textCost(2_000))
  note!: string | null;

  @Field()
  createdAt!: Date;

  static from(row: DisputeEventRow): DisputeEvent {
    return Object.assign(new DisputeEvent(), {
      row,
      version: row.version,
      action: row.action,
      actorKind: row.actorKind as DisputeActorKind,
      fromState: row.fromState as DisputeState | null,
      toState: row.toState as DisputeState,
      note: row.note,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType({
  implements: Node,
  description: 'An evidence file. Its content is served through a short-lived signed URL.',
})
export class DisputeAttachment extends Node {
  row!: DisputeAttachmentRow;

  @Field({ description: 'Detected from the content: image/png, image/jpeg, application/pdf or text/plain.' })
  contentType!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'The uploader\'s file name, with the extension of the detected content type added when its own differs (a PNG sent as "poly.svg" is "poly.svg.png"): the name it downloads under. Null when uploaded without a name.',
  })
  fileName!: string | null;

  @Field({ description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field()
  createdAt!: Date;

  static from(row: DisputeAttachmentRow): DisputeAttachment {
    return Object.assign(new DisputeAttachment(), {
      row,
      id: toGlobalId('DisputeAttachment', row.id),
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      fileName: row.fileName === null ? null : downloadFileName(row.fileName, row.contentType, row.id),
      sha256: row.contentSha256,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType({ description: 'A download URL for one viewer, valid until expiresAt.' })
export class SignedUrl {
  @Field()
  url!: string;

  @Field()
  expiresAt!: Date;
}

@ObjectType({ implements: Node })
export class DisputeMessage extends Node {
  row!: DisputeMessageRow;

  @Field(() => DisputeActorKind)
  authorKind!: DisputeActorKind;

  @Field()
  @Extensions(textCost(messageMaxLength))
  body!: string;

  @Field()
  createdAt!: Date;

  static from(row: DisputeMessageRow): DisputeMessage {
    return Object.assign(new DisputeMessage(), {
      row,
      id: toGlobalId('DisputeMessage', row.id),
      authorKind: row.authorKind as DisputeActorKind,
      body: row.body,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType({ description: 'What was known when the dispute opened. Immutable; staff only.' })
export class DisputeEvidence {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  schemaVersion!: number;

  @Field({ description: 'SHA-256 (hex) of `json`.' })
  sha256!: string;

  @Field({
    description:
      "The snapshot as canonical JSON (keys sorted, no spaces): the order, the code reveal audit, both parties' history.",
  })
  json!: string;

  @Field()
  createdAt!: Date;

  static from(row: EvidenceSnapshotRow): DisputeEvidence {
    return Object.assign(new DisputeEvidence(), {
      id: toGlobalId('DisputeEvidence', row.id),
      schemaVersion: row.schemaVersion,
      sha256: row.contentSha256,
      json: hashEvidence(row.content).canonical,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType()
export class PartyRisk {
  @Field(() => Int, { description: '0 (no risk) to 1000, from the versioned risk scoring.' })
  score!: number;

  @Field()
  tier!: string;

  @Field(() => [String])
  reasons!: string[];
}

@ObjectType({ description: "Both parties' risk, from the evidence snapshot. Staff only." })
export class DisputeRisk {
  @Field(() => PartyRisk, { nullable: true })
  buyer!: PartyRisk | null;

  @Field(() => PartyRisk, { nullable: true })
  seller!: PartyRisk | null;
}

@ObjectType()
export class DisputeStateCount {
  @Field(() => DisputeState)
  state!: DisputeState;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'A dispute was opened, moved, or received a message.' })
export class DisputeChange {
  payload!: DisputeChangePayload;

  @Field(() => DisputeChangeKind)
  kind!: DisputeChangeKind;

  @Field(() => ID)
  disputeId!: string;

  @Field()
  action!: string;

  @Field(() => DisputeActorKind)
  actorKind!: DisputeActorKind;

  @Field(() => DisputeState, { nullable: true })
  fromState!: DisputeState | null;

  @Field(() => DisputeState, { description: 'The state after the change.' })
  state!: DisputeState;

  @Field(() => Int, { description: 'The version after the change.' })
  version!: number;

  @Field()
  occurredAt!: Date;

  @Field({ description: cursorFieldDescription })
  cursor!: string;

  static from(payload: DisputeChangePayload, cursor: string): DisputeChange {
    return Object.assign(new DisputeChange(), {
      payload,
      cursor,
      kind: payload.kind as DisputeChangeKind,
      disputeId: toGlobalId('Dispute', payload.disputeId),
      action: payload.action,
      actorKind: payload.actorKind as DisputeActorKind,
      fromState: payload.fromState as DisputeState | null,
      state: payload.state as DisputeState,
      version: payload.version,
      occurredAt: new Date(payload.occurredAt),
    });
  }
}

export const OpenDisputeError = UserErrorType('OpenDisputeError', OpenDisputeErrorCode);
export const AssignDisputeError = UserErrorType('AssignDisputeError', AssignDisputeErrorCode);
export const StartDisputeReviewError = UserErrorType('StartDisputeReviewError', StartDisputeReviewErrorCode);
export const RequestDisputeResponseError = UserErrorType(
  'RequestDisputeResponseError',
  RequestDisputeResponseErrorCode,
);
export const PostDisputeMessageError = UserErrorType('PostDisputeMessageError', PostDisputeMessageErrorCode);
export const WithdrawDisputeError = UserErrorType('WithdrawDisputeError', WithdrawDisputeErrorCode);
export const RefundOrderError = UserErrorType('RefundOrderError', RefundOrderErrorCode);
export const ReleaseOrderError = UserErrorType('ReleaseOrderError', ReleaseOrderErrorCode);

@ObjectType()
export class OpenDisputePayload {
  @Field(() => Dispute, { nullable: true })
  dispute!: Dispute | null;

  @Field(() => [OpenDisputeError])
  errors!: InstanceType<typeof OpenDisputeError>[];
}

@ObjectType()
export class AssignDisputePayload {
  @Field(() => Dispute, { nullable: true })
  dispute!: Dispute | null;

  @Field(() => [AssignDisputeError])
  errors!: InstanceType<typeof AssignDisputeError>[];
}

@ObjectType()
export class StartDisputeReviewPayload {
  @Field(() => Dispute, { nullable: true })
  dispute!: Dispute | null;

  @Field(() => [StartDisputeReviewError])
  errors!: InstanceType<typeof StartDisputeReviewError>[];
}

@ObjectType()
export class WithdrawDisputePayload {
  @Field(() => Dispute, { nullable: true, description: 'The dispute, CLOSED with the outcome WITHDRAWN.' })
  dispute!: Dispute | null;

  @Field(() => [WithdrawDisputeError])
  errors!: InstanceType<typeof WithdrawDisputeError>[];
}

@ObjectType()
export class RequestDisputeResponsePayload {
  @Field(() => Dispute, { nullable: true })
  dispute!: Dispute | null;

  @Field(() => [RequestDisputeResponseError])
  errors!: InstanceType<typeof RequestDisputeResponseError>[];
}

@ObjectType()
export class PostDisputeMessagePayload {
  @Field(() => Dispute, { nullable: true })
  dispute!: Dispute | null;

  @Field(() => DisputeMessage, { nullable: true })
  message!: DisputeMessage | null;

  @Field(() => [PostDisputeMessageError])
  errors!: InstanceType<typeof PostDisputeMessageError>[];
}

@ObjectType()
export class RefundOrderPayload {
  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field(() => Dispute, {
    nullable: true,
    description: "The order's dispute, if it had one: now CLOSED with outcome WON.",
  })
  dispute!: Dispute | null;

  @Field({
    description:
      'True when this answers a retry of the idempotency key of the decision that refunded the order: nothing moved again. A refund under another key of an order already refunded is `ESCROW_ALREADY_REFUNDED`.',
  })
  replayed!: boolean;

  @Field(() => [RefundOrderError])
  errors!: InstanceType<typeof RefundOrderError>[];
}

@ObjectType()
export class ReleaseOrderPayload {
  @Field(() => Order, { nullable: true })
  order!: Order | null;

  @Field(() => Dispute, {
    nullable: true,
    description: "The order's dispute, if it had one: now CLOSED with outcome LOST.",
  })
  dispute!: Dispute | null;

  @Field({
    description:
      'True when this answers a retry of the idempotency key of the decision that released the order: nothing moved again. A release under another key of an order already released (by any means) is `ESCROW_ALREADY_RELEASED`.',
  })
  replayed!: boolean;

  @Field(() => [ReleaseOrderError])
  errors!: InstanceType<typeof ReleaseOrderError>[];
}
