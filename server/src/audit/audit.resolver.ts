import { GraphQLError } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { loadUser, User } from '../auth/auth.types';
import { Role } from '../auth/roles';
import type { Context } from '../graphql/context';
import {
  ConnectionArguments,
  fromAnyGlobalId,
  fromGlobalId,
  keysetPage,
  toConnection,
  type ConnectionShape,
} from '../graphql/relay';
import { isBigintId, type KeysetCursor } from '../shared/keyset-cursor';
import { auditLogPage, type AuditFilter, type AuditRow } from './audit.queries';
import { AuditEntry, AuditEntryConnection } from './audit.types';

/** Actions are written by code as `area.verb` or `CONSTANT_CASE`; anything else was never recorded. */
const actionPattern = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

function auditCursor(row: AuditRow): KeysetCursor {
  return { createdAt: row.createdAtKey, id: String(row.id) };
}

/**
 * The filters as the log stores them, or null when an id names nothing that could be in it (a
 * malformed id, or a global id of another type): such a filter matches no entry, so the page is
 * empty, as for an unknown seller in `payouts`. A malformed action is the client's bug: BAD_USER_INPUT.
 */
function auditFilter(
  actorId: string | null,
  subjectId: string | null,
  action: string | null,
): AuditFilter | null {
  if (action !== null && !actionPattern.test(action)) {
    throw new GraphQLError('An action is a name such as `user.disabled` or `PAYOUT_HOLD_SET`.', {
      extensions: { code: 'BAD_USER_INPUT', field: 'action' },
    });
  }
  const actorUserId = actorId !== null ? fromGlobalId(actorId, 'User') : null;
  const subject = subjectId !== null ? fromAnyGlobalId(subjectId) : null;
  if ((actorId !== null && !actorUserId) || (subjectId !== null && !subject)) return null;
  return { actorUserId, subject, action };
}

/**
 * Admins read the audit log: every audited action (payout holds, staff accounts, risk overrides,
 * decisions, reveals, sign-ins ended by force), newest first, by actor, subject or action.
 * Support agents and everyone else are FORBIDDEN: entries carry addresses and reasons about staff.
 */
@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AuditEntryConnection, {
    description:
      'Admin only: the audit log, newest first; by actor (a User id), subject (a global id of any type) and action, all of which must match. An id that names nothing gives an empty page.',
  })
  async auditLog(
    @Args() page: ConnectionArguments,
    @Arg('actorId', () => ID, { nullable: true }) actorId: string | null,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId: string | null,
    @Arg('action', () => String, { nullable: true }) action: string | null,
    @Ctx() context: Context,
  ): Promise<ConnectionShape<AuditEntry>> {
    const { first, cursor } = keysetPage(page, isBigintId);
    const filter = auditFilter(actorId ?? null, subjectId ?? null, action ?? null);
    const rows = filter ? await auditLogPage(context.services.database, filter, first + 1, cursor) : [];
    return toConnection(rows, first, auditCursor, (row) => AuditEntry.from(row), cursor !== null);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who did it; null for command-line tools and for actions of nobody signed in.',
  })
  async actor(@Root() entry: AuditEntry, @Ctx() context: Context): Promise<User | null> {
    return entry.row.actorUserId ? loadUser(context, entry.row.actorUserId) : null;
  }
}
