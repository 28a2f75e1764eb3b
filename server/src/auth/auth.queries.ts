import { eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { apiKeys, sessions, users } from './auth.tables';
import type { Viewer } from './roles';
import { SessionEndedError } from './session-ended';
import { accountGateShared } from '../db/account-gate';

/**
 * What other areas may read of accounts. The auth area owns `users`; every other area reads it
 * through these functions (ESLint refuses another area's `*.tables` import), so a change to the
 * table is a change here only.
 */

type Executor = Database | Tx;

export type UserRow = typeof users.$inferSelect;

/**
 * An account's roles and status, or undefined when there is no such account. With `lock` (inside a
 * transaction), the row is held until the transaction ends (`FOR KEY SHARE`): a change of the
 * account's status, which locks it `FOR UPDATE`, waits for the caller, or the caller waits for it
 * and reads the new status. For work that must not be handed to an account being disabled.
 */
export async function userStanding(
  executor: Executor,
  userId: string,
  lock?: 'lock',
): Promise<Pick<UserRow, 'roles' | 'status' | 'displayName'> | undefined> {
  const query = executor
    .select({ roles: users.roles, status: users.status, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  const [user] = lock ? await query.for('key share') : await query;
  return user;
}

/**
 * Holds the account active until `tx` ends (userStanding's lock), or throws SessionEndedError when
 * it was disabled meanwhile: for staff work that must not land once an admin disabling the account
 * has answered (a dispute taken then would stay with nobody, a decision would move money). First in
 * its transaction: the disable locks the account's row before the disputes it returns to the queue,
 * so it either waits for this work and then sees it, or this work waits for it and is refused.
 */
export async function holdAccountActive(tx: Tx, userId: string): Promise<void> {
  if ((await userStanding(tx, userId, 'lock'))?.status !== 'ACTIVE') throw new SessionEndedError();
}

/** Whether the account may act now (not disabled). */
export async function accountActive(executor: Executor, userId: string): Promise<boolean> {
  return (await userStanding(executor, userId))?.status === 'ACTIVE';
}

/**
 * The accounts among `ids` (for loaders); the missing ones are left out. On the pool, a named
 * prepared statement (every signed-in `me` loads its user), with `UserRow`'s columns named as
 * drizzle names them; inside a transaction, the query builder.
 */
export async function usersByIds(executor: Executor, ids: readonly string[]): Promise<UserRow[]> {
  if (!('$client' in executor)) {
    return executor
      .select()
      .from(users)
      .where(inArray(users.id, [...ids]));
  }
  const { rows } = await executor.$client.query<UserRow>({
    name: 'auth_users_by_ids',
    text: `select id, email, email_normalized as "emailNormalized", display_name as "displayName",
             password_hash as "passwordHash", roles::text[] as roles, status,
             created_at as "createdAt", updated_at as "updatedAt", password_expires_at as "passwordExpiresAt"
           from users where id = any($1::uuid[])`,
    values: [ids],
  });
  return rows;
}

/**
 * SQL: the account in `userIdColumn` (a column, or a value such as a prepared statement's
 * placeholder) exists and is active, for other areas' WHERE clauses and reads.
 */
export function activeAccountCondition(userIdColumn: SQLWrapper): SQL {
  return sql`exists (select 1 from ${users} where ${users.id} = ${userIdColumn} and ${users.status} = 'ACTIVE')`;
}

/**
 * SQL: the request's session (`sessionId`, a uuid value; null for the server's own calls, such as
 * the seed's) is an open session of `userId`, and it stays open until the transaction ends: its
 * row is locked FOR SHARE. A revocation (logout, password change, ban) updates that row, so it waits
 * for a transaction that holds the lock, and a transaction whose statement waited for a revocation
 * reads the row again once it committed (READ COMMITTED's re-check of a locked row) and finds it
 * revoked. The request's own check came earlier, from the session cache; money transactions
 * check again here, so that no purchase commits after its session's revocation has answered.
 * The account's gate is taken shared before the row's lock (db/account-gate.ts): a revocation takes
 * it exclusively first, so that a stream of purchases cannot keep the row share-locked forever.
 */
export function openSessionCondition(sessionId: SQLWrapper, userId: SQLWrapper): SQL {
  return sql`(${sessionId} is null or exists (
    select 1 from ${sessions}
     where ${sessions.id} = ${sessionId} and ${sessions.userId} = ${userId} and ${sessions.revokedAt} is null
       and ${accountGateShared(userId)}
       for share))`;
}

/**
 * Holds the request's session open until `tx` ends (openSessionCondition), or throws
 * SessionEndedError when it was revoked meanwhile: for a transaction whose effect must not land
 * after a logout, a password change or a ban has answered. A null session (the server's own call)
 * is not checked.
 */
export async function holdSessionOpen(tx: Tx, sessionId: string | null, userId: string): Promise<void> {
  if (sessionId === null) return;
  const result = await tx.execute<{ open: boolean }>(
    sql`select ${openSessionCondition(sql`${sessionId}::uuid`, sql`${userId}::uuid`)} as open`,
  );
  if (result.rows[0]?.open !== true) throw new SessionEndedError();
}

/**
 * Holds the credential the request came in on open until `tx` ends: its session (holdSessionOpen)
 * or its API key, whose row is share-locked behind the account's gate as a session's is. A key's
 * revocation (its owner's, a password change's, a ban's) closes the gate and updates the row, so it
 * waits for a write that holds the key, and a write that waited for it reads the key again and is
 * refused: no change a key authorised commits after the key's revocation has answered. Throws
 * SessionEndedError when the credential was revoked meanwhile.
 */
export async function holdCredentialOpen(
  tx: Tx,
  viewer: Pick<Viewer, 'userId' | 'via' | 'sessionId' | 'apiKeyId'>,
): Promise<void> {
  if (viewer.via === 'session') return holdSessionOpen(tx, viewer.sessionId, viewer.userId);
  if (viewer.apiKeyId === null) throw new SessionEndedError('apiKey');
  const result = await tx.execute<{ open: boolean }>(
    sql`select exists (
          select 1 from ${apiKeys}
           where ${apiKeys.id} = ${viewer.apiKeyId}::uuid and ${apiKeys.ownerUserId} = ${viewer.userId}::uuid
             and ${apiKeys.revokedAt} is null and ${accountGateShared(sql`${viewer.userId}::uuid`)}
             for share) as open`,
  );
  if (result.rows[0]?.open !== true) throw new SessionEndedError('apiKey');
}
