import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { KeysetCursor } from '../shared/keyset-cursor';
import { auditLog } from './audit.tables';

/**
 * The reading half of the audit area: the log, newest first, keyset-paged over (created_at, id).
 * It does not know who asks: the resolver lets admins only. Entries are written by recordAudit.
 */

export type AuditRow = typeof auditLog.$inferSelect & {
  /** created_at to the microsecond, as a UTC ISO string: the page cursor (a Date keeps milliseconds only). */
  createdAtKey: string;
};

export interface AuditFilter {
  actorUserId: string | null;
  /** A subject by its schema type and raw id; the type is compared case-insensitively (payout holds wrote `USER`). */
  subject: { type: string; id: string } | null;
  action: string | null;
}

const createdAtKey = sql<string>`to_char(${auditLog.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Newest first: the rows strictly after the cursor, in the order of the (created_at desc, id desc) indexes. */
function newestFirstAfter(after: KeysetCursor | null): SQL | undefined {
  if (!after) return undefined;
  return sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.createdAt}::timestamptz, ${after.id}::bigint)`;
}

export async function auditLogPage(
  database: Database,
  filter: AuditFilter,
  limit: number,
  after: KeysetCursor | null,
): Promise<AuditRow[]> {
  return database
    .select({
      id: auditLog.id,
      actorUserId: auditLog.actorUserId,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      requestId: auditLog.requestId,
      address: auditLog.address,
      createdAt: auditLog.createdAt,
      createdAtKey,
    })
    .from(auditLog)
    .where(
      and(
        filter.actorUserId ? eq(auditLog.actorUserId, filter.actorUserId) : undefined,
        filter.subject ? eq(auditLog.subjectId, filter.subject.id) : undefined,
        filter.subject ? sql`lower(${auditLog.subjectType}) = lower(${filter.subject.type})` : undefined,
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        newestFirstAfter(after),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
