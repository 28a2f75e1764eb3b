import type { Tx } from '../db/transaction';
import { auditLog } from './audit.tables';

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  requestId?: string | null;
  address?: string | null;
}

/** The audit log is append-only (a trigger rejects UPDATE and DELETE); entries commit with the change they describe. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details ?? {},
    requestId: entry.requestId ?? null,
    address: entry.address ?? null,
  });
}
