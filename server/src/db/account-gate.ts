import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * An account's gate, a transaction-scoped advisory lock on the account's id. Whatever holds one of
 * the account's rows share-locked for its whole transaction (a purchase: its session and wallets)
 * takes the gate shared first; whatever then updates those rows against it (a revocation of the
 * account's sessions, a chargeback flagging its wallet) takes the gate exclusively first.
 *
 * Row locks alone starve the updater: PostgreSQL lets a new FOR SHARE locker in beside the ones
 * holding a row while an UPDATE waits for them, so a buyer running 16 purchases at once kept
 * their session row share-locked without a gap, and an admin's ban waited until its statement
 * timed out (the crowd probe of the twentieth session). Advisory locks queue in order: the
 * exclusive taker waits for the transactions in flight, and the next ones wait behind it, then see
 * what it committed (their row locks re-read the rows it changed).
 */
function gateKey(userId: SQLWrapper): SQL {
  return sql`hashtextextended('account-gate:' || ${userId}::text, 0)`;
}

/** SQL (a condition, always true): takes the gate of the account in `userId` shared until the transaction ends. */
export function accountGateShared(userId: SQLWrapper): SQL {
  return sql`pg_advisory_xact_lock_shared(${gateKey(userId)})::text = ''`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that takes the gate of `userId` shared, as text (withTransaction's `accountGate`
 * sends it with BEGIN): a transaction whose reads must start after the gate's last exclusive holder
 * committed. A statement that waits for the gate inside its own text reads with the snapshot it
 * took before waiting: a purchase whose read waited there bought from a wallet flagged meanwhile.
 */
export function accountGateSharedStatement(userId: string): string {
  if (!uuidPattern.test(userId)) throw new Error(`account gate of "${userId}": not a uuid`);
  return `select pg_advisory_xact_lock_shared(hashtextextended('account-gate:' || '${userId.toLowerCase()}', 0))`;
}

/**
 * Takes the gate of `userId` exclusively until `tx` (a transaction: db/transaction.ts, which sends
 * the shared statement with BEGIN) ends: waits for the holders, and holds back new ones.
 */
export async function closeAccountGate(
  tx: { execute(query: SQL): Promise<unknown> },
  userId: string,
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${gateKey(sql`${userId}::uuid`)})`);
}
