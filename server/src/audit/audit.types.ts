import { Field, ID, ObjectType } from 'type-graphql';
import { Connection, toGlobalId } from '../graphql/relay';
import { isUuid } from '../shared/input-validation';
import type { AuditRow } from './audit.queries';

/**
 * Stored subject types and the schema type of their global ids. Payout holds wrote `USER` before
 * the other areas settled on the schema's names; the stored rows stay as written (append-only).
 */
const schemaTypeOfSubject: Record<string, string> = {
  User: 'User',
  USER: 'User',
  Session: 'Session',
  ApiKey: 'ApiKey',
  Listing: 'Listing',
  Order: 'Order',
  Wallet: 'Wallet',
  Chargeback: 'Chargeback',
};

function subjectGlobalId(row: Pick<AuditRow, 'subjectType' | 'subjectId'>): string | null {
  const type = schemaTypeOfSubject[row.subjectType];
  return type && isUuid(row.subjectId) ? toGlobalId(type, row.subjectId) : null;
}

/** `details.reason` when the action was given one (holds, overrides, disabling, reveals). */
function reasonOf(details: Record<string, unknown>): string | null {
  return typeof details['reason'] === 'string' ? details['reason'] : null;
}

@ObjectType({
  description:
    'One entry of the audit log: who did what to which object, when, from which request. Append-only: entries are never changed or deleted.',
})
export class AuditEntry {
  row!: AuditRow;

  @Field(() => ID)
  id!: string;

  @Field({ description: 'What was done, such as `user.disabled` or `PAYOUT_HOLD_SET`.' })
  action!: string;

  @Field({ description: 'The kind of object it was done to, as stored (such as `User`, `Order`).' })
  subjectType!: string;

  @Field({ description: "The object's raw id, as stored." })
  subjectId!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The object's global id, when its type is one of the schema's: pass it as `auditLog(subjectId:)`.",
  })
  subjectGlobalId!: string | null;

  @Field({ description: 'Particulars of the action, a JSON object as text (its keys depend on the action).' })
  details!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The reason the actor gave, when the action takes one.',
  })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The API request that did it (the X-Request-Id of the API's log), or the command-line tool.",
  })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'The network address the request came from.' })
  address!: string | null;

  @Field()
  createdAt!: Date;

  static from(row: AuditRow): AuditEntry {
    return Object.assign(new AuditEntry(), {
      row,
      id: toGlobalId('AuditEntry', String(row.id)),
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      subjectGlobalId: subjectGlobalId(row),
      details: JSON.stringify(row.details),
      reason: reasonOf(row.details),
      requestId: row.requestId,
      address: row.address,
      createdAt: row.createdAt,
    });
  }
}

export const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry');
