import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { openDisputeStates, type DisputeState } from '../domain/dispute-matrix';
import type { KeysetCursor } from '../shared/keyset-cursor';
import type {
  DisputeAttachmentRow,
  DisputeEventRow,
  DisputeMessageRow,
  DisputeRow,
  EvidenceSnapshotRow,
} from './disputes.service';
import {
  disputeAttachments,
  disputeEvents,
  disputeEvidenceSnapshots,
  disputeMessageAttachments,
  disputeMessages,
  disputes,
} from './disputes.tables';

/** What the staff queue is narrowed to; every field applies (see DisputeQueueFilter). */
export interface DisputeQueueQuery {
  /** Empty: every state. */
  states: DisputeState[];
  assigneeId: string | null;
  /** The buyer or the seller. */
  partyId: string | null;
  unassignedOnly: boolean;
  /** NEEDS_RESPONSE past its response_due_at. */
  overdueOnly: boolean;
  /** Newest first instead of oldest first. */
  newestFirst: boolean;
}

/** Timelines and conversations are read whole; a dispute that outgrows this is read in its first part. */
export const maxTimelineItems = 500;

/**
 * The reading half of the disputes area: the staff queue, a party's disputes, a dispute's
 * timeline, conversation, attachments and evidence. Reads only; DisputeService writes. They do
 * not know who asks: the resolvers authorise the viewer against the rows they return.
 */
export class DisputeQueries {
  constructor(private readonly database: Database) {}

  async find(disputeId: string): Promise<DisputeRow | undefined> {
    const [dispute] = await this.database.select().from(disputes).where(eq(disputes.id, disputeId));
    return dispute;
  }

  /**
   * The staff queue: oldest first (or newest first), keyset-paged over (createdAt, id). Every
   * filter narrows it. Overdue is judged by the database clock, the one `response_due_at` is
   * compared with elsewhere.
   */
  async queue(filter: DisputeQueueQuery, limit: number, after: KeysetCursor | null): Promise<DisputeRow[]> {
    const [beyond, direction] = filter.newestFirst ? [lt, desc] : [gt, asc];
    return this.database
      .select()
      .from(disputes)
      .where(
        and(
          filter.states.length > 0 ? inArray(disputes.state, filter.states) : undefined,
          filter.assigneeId ? eq(disputes.assigneeId, filter.assigneeId) : undefined,
          filter.unassignedOnly ? isNull(disputes.assigneeId) : undefined,
          filter.partyId
            ? or(eq(disputes.buyerId, filter.partyId), eq(disputes.sellerId, filter.partyId))
            : undefined,
          filter.overdueOnly
            ? and(eq(disputes.state, 'NEEDS_RESPONSE'), lt(disputes.responseDueAt, sql`now()`))
            : undefined,
          after
            ? or(
                beyond(disputes.createdAt, new Date(after.createdAt)),
                and(eq(disputes.createdAt, new Date(after.createdAt)), beyond(disputes.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(direction(disputes.createdAt), direction(disputes.id))
      .limit(limit);
  }

  /** The disputes a user is a party to, oldest first. */
  async ofParty(userId: string, limit: number, after: KeysetCursor | null): Promise<DisputeRow[]> {
    return this.database
      .select()
      .from(disputes)
      .where(
        and(
          or(eq(disputes.buyerId, userId), eq(disputes.sellerId, userId)),
          after
            ? or(
                gt(disputes.createdAt, new Date(after.createdAt)),
                and(eq(disputes.createdAt, new Date(after.createdAt)), gt(disputes.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(disputes.createdAt), asc(disputes.id))
      .limit(limit);
  }

  async countsByState(): Promise<Map<DisputeState, number>> {
    const rows = await this.database
      .select({ state: disputes.state, count: count() })
      .from(disputes)
      .groupBy(disputes.state);
    return new Map(rows.map((row) => [row.state, row.count]));
  }

  /**
   * The timeline of each of `disputeIds` (its first maxTimelineItems events, by version), in one
   * query: a request's disputes share it (the resolvers' per-request loader).
   */
  async timelines(disputeIds: readonly string[]): Promise<Map<string, DisputeEventRow[]>> {
    const ranked = this.database
      .select({
        id: disputeEvents.id,
        rank: sql<number>`row_number() over (partition by ${disputeEvents.disputeId} order by ${disputeEvents.version})`.as(
          'rank',
        ),
      })
      .from(disputeEvents)
      .where(inArray(disputeEvents.disputeId, [...disputeIds]))
      .as('ranked');
    const rows = await this.database
      .select({ event: disputeEvents })
      .from(disputeEvents)
      .innerJoin(ranked, eq(ranked.id, disputeEvents.id))
      .where(sql`${ranked.rank} <= ${maxTimelineItems}`)
      .orderBy(asc(disputeEvents.disputeId), asc(disputeEvents.version));
    return groupBy(
      disputeIds,
      rows.map((row) => row.event),
    );
  }

  /** The conversation of each of `disputeIds` (its first maxTimelineItems messages, oldest first), in one query. */
  async conversations(disputeIds: readonly string[]): Promise<Map<string, DisputeMessageRow[]>> {
    const ranked = this.database
      .select({
        id: disputeMessages.id,
        rank: sql<number>`row_number() over (partition by ${disputeMessages.disputeId} order by ${disputeMessages.createdAt}, ${disputeMessages.id})`.as(
          'rank',
        ),
      })
      .from(disputeMessages)
      .where(inArray(disputeMessages.disputeId, [...disputeIds]))
      .as('ranked');
    const rows = await this.database
      .select({ message: disputeMessages })
      .from(disputeMessages)
      .innerJoin(ranked, eq(ranked.id, disputeMessages.id))
      .where(sql`${ranked.rank} <= ${maxTimelineItems}`)
      .orderBy(asc(disputeMessages.disputeId), asc(disputeMessages.createdAt), asc(disputeMessages.id));
    return groupBy(
      disputeIds,
      rows.map((row) => row.message),
    );
  }

  async evidence(disputeId: string): Promise<EvidenceSnapshotRow | undefined> {
    const [snapshot] = await this.database
      .select()
      .from(disputeEvidenceSnapshots)
      .where(eq(disputeEvidenceSnapshots.disputeId, disputeId));
    return snapshot;
  }

  /** The attachments of each of `messageIds`, in their order. */
  async attachmentsOfMessages(messageIds: readonly string[]): Promise<Map<string, DisputeAttachmentRow[]>> {
    const byMessage = new Map<string, DisputeAttachmentRow[]>(messageIds.map((id) => [id, []]));
    if (messageIds.length === 0) return byMessage;
    const rows = await this.database
      .select({ messageId: disputeMessageAttachments.messageId, attachment: disputeAttachments })
      .from(disputeMessageAttachments)
      .innerJoin(disputeAttachments, eq(disputeAttachments.id, disputeMessageAttachments.attachmentId))
      .where(inArray(disputeMessageAttachments.messageId, [...messageIds]))
      .orderBy(asc(disputeMessageAttachments.position));
    for (const row of rows) byMessage.get(row.messageId)?.push(row.attachment);
    return byMessage;
  }
}

/** Disputes by id, in one query for any number (the `dispute` loader: DisputeChange.dispute). */
export async function disputesByIds(
  database: Database | Tx,
  disputeIds: readonly string[],
): Promise<DisputeRow[]> {
  if (disputeIds.length === 0) return [];
  return database
    .select()
    .from(disputes)
    .where(inArray(disputes.id, [...disputeIds]));
}

/** Of `orderIds`, those with an open dispute now (the payouts area's eligibility facts). */
export async function ordersWithOpenDisputes(
  database: Database | Tx,
  orderIds: readonly string[],
): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const rows = await database
    .selectDistinct({ orderId: disputes.orderId })
    .from(disputes)
    .where(and(inArray(disputes.orderId, [...orderIds]), inArray(disputes.state, [...openDisputeStates])));
  return new Set(rows.map((row) => row.orderId));
}

/**
 * The latest dispute of each of `orderIds` (an order has at most one open dispute, and may have
 * been disputed again after an earlier one closed): keyed by order id, absent for an order never
 * disputed. One query for any number of orders (the Order.dispute loader); `disputes_order_idx`.
 */
export async function latestDisputesOfOrders(
  database: Database | Tx,
  orderIds: readonly string[],
): Promise<Map<string, DisputeRow>> {
  if (orderIds.length === 0) return new Map();
  const rows = await database
    .selectDistinctOn([disputes.orderId])
    .from(disputes)
    .where(inArray(disputes.orderId, [...orderIds]))
    .orderBy(disputes.orderId, sql`${disputes.createdAt} desc`, sql`${disputes.id} desc`);
  return new Map(rows.map((row) => [row.orderId, row]));
}

/** `rows` by their dispute, in their order; every one of `disputeIds` has an entry. */
function groupBy<Row extends { disputeId: string }>(
  disputeIds: readonly string[],
  rows: Row[],
): Map<string, Row[]> {
  const byDispute = new Map<string, Row[]>(disputeIds.map((id) => [id, []]));
  for (const row of rows) byDispute.get(row.disputeId)?.push(row);
  return byDispute;
}
