import {
  bigint,
  char,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { disputeActorKinds, disputeStates } from '../domain/dispute-matrix';

/** The disputes area's tables (migrations/0006_disputes.sql). DisputeService and AttachmentService are their only writers. */

export const disputeState = pgEnum('dispute_state', disputeStates);
export const disputeReason = pgEnum('dispute_reason', [
  'INVALID_CODE',
  'ALREADY_REDEEMED',
  'WRONG_REGION',
  'NOT_AS_DESCRIBED',
  'OTHER',
]);
export const disputeParty = pgEnum('dispute_party', ['BUYER', 'SELLER']);
export const disputeActorKind = pgEnum('dispute_actor_kind', disputeActorKinds);
export const disputeOutcome = pgEnum('dispute_outcome', ['WON', 'LOST', 'WITHDRAWN']);

export const disputes = pgTable('disputes', {
  id: uuid('id').primaryKey(),
  orderId: uuid('order_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  sellerId: uuid('seller_id').notNull(),
  reason: disputeReason('reason').notNull(),
  state: disputeState('state').notNull().default('OPEN'),
  version: integer('version').notNull().default(1),
  assigneeId: uuid('assignee_id'),
  requestedParty: disputeParty('requested_party'),
  responseDueAt: timestamp('response_due_at', { withTimezone: true }),
  outcome: disputeOutcome('outcome'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

export const disputeEvents = pgTable('dispute_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  disputeId: uuid('dispute_id').notNull(),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorKind: disputeActorKind('actor_kind').notNull(),
  fromState: disputeState('from_state'),
  toState: disputeState('to_state').notNull(),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const disputeMessages = pgTable('dispute_messages', {
  id: uuid('id').primaryKey(),
  disputeId: uuid('dispute_id').notNull(),
  authorId: uuid('author_id').notNull(),
  authorKind: disputeActorKind('author_kind').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const disputeAttachments = pgTable('dispute_attachments', {
  id: uuid('id').primaryKey(),
  uploaderId: uuid('uploader_id').notNull(),
  contentSha256: char('content_sha256', { length: 64 }).notNull(),
  contentType: text('content_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  fileName: text('file_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const disputeMessageAttachments = pgTable(
  'dispute_message_attachments',
  {
    messageId: uuid('message_id').notNull(),
    attachmentId: uuid('attachment_id').notNull(),
    disputeId: uuid('dispute_id').notNull(),
    position: integer('position').notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.attachmentId] })],
);

export const disputeEvidenceSnapshots = pgTable('dispute_evidence_snapshots', {
  id: uuid('id').primaryKey(),
  disputeId: uuid('dispute_id').notNull().unique(),
  schemaVersion: integer('schema_version').notNull(),
  content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  contentSha256: char('content_sha256', { length: 64 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
