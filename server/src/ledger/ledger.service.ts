import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { Tx } from '../db/transaction';
import { isBalanced, mayGoNegative, type AccountRef, type Posting } from '../domain/posting-rules';
import { assert } from '../shared/assert';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from './ledger.tables';

/**
 * Every posting is this one statement (ledger_post, migrations/0014), prepared once per connection.
 * Rows: one per leg with the balance after it; or one replay row; or one overdraft row (no writes).
 */
const postStatement = preparedStatement<{
  transactionId: string | null;
  replayed: boolean;
  leg: number | null;
  balanceAfter: number | null;
  overdraft: boolean;
}>(
  'ledger.post',
  sql`select posted_transaction_id as "transactionId", is_replay as replayed, leg_index as leg,
             leg_balance_after as "balanceAfter", is_overdraft as overdraft
        from ledger_post(
          ${sql.placeholder('kind')}::text, ${sql.placeholder('idempotencyKey')}::text,
          ${sql.placeholder('orderId')}::uuid, ${sql.placeholder('topUpId')}::uuid,
          ${sql.placeholder('payoutId')}::uuid, ${sql.placeholder('description')}::text,
          ${sql.placeholder('accountKinds')}::ledger_account_kind[], ${sql.placeholder('currencies')}::char(3)[],
          ${sql.placeholder('ownerUserIds')}::uuid[], ${sql.placeholder('accountOrderIds')}::uuid[],
          ${sql.placeholder('amounts')}::bigint[], ${sql.placeholder('mayGoNegative')}::boolean[])`,
);

export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;

/** A posting would take an account below zero where the posting rules forbid it. */
export class OverdraftError extends Error {
  override name = 'OverdraftError';
  constructor(
    readonly account: AccountRef,
    readonly balanceAfter: number,
  ) {
    super(
      `posting would take ${account.kind} ${account.ownerUserId ?? account.orderId ?? ''} to ${balanceAfter}`,
    );
  }
}

export interface PostResult {
  transactionId: string;
  /** True when a posting with this idempotency key already existed: nothing was written. */
  replayed: boolean;
  /** Balance of each account after the posting, by the account's key (see accountKey). */
  balances: Map<string, number>;
}

export function accountKey(ref: AccountRef): string {
  return `${ref.kind}:${ref.currency}:${ref.ownerUserId ?? ''}:${ref.orderId ?? ''}`;
}

/**
 * The only writer of ledger tables. Every other service describes a money movement with the
 * posting rules (domain/posting-rules.ts) and asks this service to post it inside its transaction.
 */
export class LedgerService {
  /**
   * Posts `posting` in `tx`, in one round trip (ledger_post, migrations/0014): accounts are found
   * or created, locked in id order (no deadlocks between postings), balances computed from the
   * locked rows, entries written with the balance after each. The same idempotency key again
   * returns the first transaction and writes nothing; an overdraft writes nothing and throws.
   */
  async post(tx: Tx, posting: Posting): Promise<PostResult> {
    assert(isBalanced(posting.legs), `posting ${posting.idempotencyKey} does not balance`);
    const { legs } = posting;
    const rows = await runPrepared(tx, postStatement, {
      kind: posting.kind,
      idempotencyKey: posting.idempotencyKey,
      orderId: posting.orderId ?? null,
      topUpId: posting.topUpId ?? null,
      payoutId: posting.payoutId ?? null,
      description: posting.description ?? null,
      accountKinds: legs.map((leg) => leg.account.kind),
      currencies: legs.map((leg) => leg.account.currency),
      ownerUserIds: legs.map((leg) => leg.account.ownerUserId ?? null),
      accountOrderIds: legs.map((leg) => leg.account.orderId ?? null),
      amounts: legs.map((leg) => leg.amount),
      mayGoNegative: legs.map((leg) => mayGoNegative(leg.account, posting.kind)),
    });
    const [first] = rows;
    assert(first, `ledger_post returned nothing for ${posting.idempotencyKey}`);
    if (first.overdraft) {
      const leg = legs[first.leg! - 1];
      assert(leg, `ledger_post named leg ${first.leg} of ${legs.length}`);
      throw new OverdraftError(leg.account, first.balanceAfter!);
    }
    assert(first.transactionId, `ledger_post returned no transaction for ${posting.idempotencyKey}`);
    if (first.replayed) return { transactionId: first.transactionId, replayed: true, balances: new Map() };
    assert(rows.length === legs.length, `ledger_post returned ${rows.length} legs of ${legs.length}`);
    // In leg order: an account in several legs ends with its last leg's balance.
    const balances = new Map<string, number>();
    for (const row of rows) balances.set(accountKey(legs[row.leg! - 1]!.account), row.balanceAfter!);
    return { transactionId: first.transactionId, replayed: false, balances };
  }

  /**
   * Locks the accounts (created if missing) in id order, as `post` does, and returns each balance
   * by accountKey: for a posting whose amount depends on a balance (a chargeback write-off takes
   * the wallet's deficit), decided under the lock that `post` then takes again in the same order.
   */
  async lockBalances(tx: Tx, refs: AccountRef[]): Promise<Map<string, number>> {
    const accounts = await this.lockAccounts(tx, refs);
    return new Map([...accounts].map(([key, account]) => [key, account.balance]));
  }

  /** Finds or creates (with RETURNING) the account, without locking it. */
  async ensureAccount(tx: Tx, ref: AccountRef): Promise<LedgerAccountRow> {
    const existing = await this.findAccount(tx, ref);
    if (existing) return existing;
    const [created] = await tx
      .insert(ledgerAccounts)
      .values({
        kind: ref.kind,
        currency: ref.currency,
        ownerUserId: ref.ownerUserId ?? null,
        orderId: ref.orderId ?? null,
      })
      .onConflictDoNothing()
      .returning();
    // Nothing returned: another transaction created it and committed while the insert waited.
    const account = created ?? (await this.findAccount(tx, ref));
    assert(account, `account ${accountKey(ref)} missing after upsert`);
    return account;
  }

  /** The account, or undefined if it never received an entry or was never opened. */
  async findAccount(database: Database | Tx, ref: AccountRef): Promise<LedgerAccountRow | undefined> {
    const [account] = await database.select().from(ledgerAccounts).where(this.identity(ref));
    return account;
  }

  async balance(database: Database | Tx, ref: AccountRef): Promise<number> {
    return (await this.findAccount(database, ref))?.balance ?? 0;
  }

  /** Entries of an account, newest first, before the entry id `before` (keyset pagination). */
  async entries(
    database: Database | Tx,
    accountId: string,
    limit: number,
    before: number | null,
  ): Promise<(LedgerEntryRow & { kind: string; orderId: string | null })[]> {
    return database
      .select({
        id: ledgerEntries.id,
        transactionId: ledgerEntries.transactionId,
        accountId: ledgerEntries.accountId,
        amount: ledgerEntries.amount,
        currency: ledgerEntries.currency,
        balanceAfter: ledgerEntries.balanceAfter,
        createdAt: ledgerEntries.createdAt,
        kind: ledgerTransactions.kind,
        orderId: ledgerTransactions.orderId,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .where(
        and(
          eq(ledgerEntries.accountId, accountId),
          before === null ? undefined : lt(ledgerEntries.id, before),
        ),
      )
      .orderBy(desc(ledgerEntries.id))
      .limit(limit);
  }

  /** Creates missing accounts, then locks all of them in id order. */
  private async lockAccounts(tx: Tx, refs: AccountRef[]): Promise<Map<string, LedgerAccountRow>> {
    const unique = new Map(refs.map((ref) => [accountKey(ref), ref]));
    const ids: string[] = [];
    for (const ref of unique.values()) ids.push((await this.ensureAccount(tx, ref)).id);
    const rows = await tx
      .select()
      .from(ledgerAccounts)
      .where(inArray(ledgerAccounts.id, ids))
      .orderBy(asc(ledgerAccounts.id))
      .for('update');
    const byKey = new Map<string, LedgerAccountRow>();
    for (const row of rows) {
      byKey.set(
        accountKey({
          kind: row.kind as AccountRef['kind'],
          currency: row.currency,
          ownerUserId: row.ownerUserId ?? undefined,
          orderId: row.orderId ?? undefined,
        }),
        row,
      );
    }
    return byKey;
  }

  private identity(ref: AccountRef): SQL {
    return and(
      eq(ledgerAccounts.kind, ref.kind),
      eq(ledgerAccounts.currency, ref.currency),
      ref.ownerUserId ? eq(ledgerAccounts.ownerUserId, ref.ownerUserId) : isNull(ledgerAccounts.ownerUserId),
      ref.orderId ? eq(ledgerAccounts.orderId, ref.orderId) : isNull(ledgerAccounts.orderId),
    )!;
  }
}

/** What `npm run ledger:verify` checks: every balance recomputed from entries, every transaction balanced. */
export interface LedgerVerification {
  accounts: number;
  transactions: number;
  entries: number;
  balanceMismatches: {
    accountId: string;
    cached: number;
    computed: number;
    latestBalanceAfter: number | null;
  }[];
  unbalancedTransactions: { transactionId: string; currency: string; total: number }[];
  runningBalanceBreaks: number;
}

export async function verifyLedger(database: Database): Promise<LedgerVerification> {
  const counts = await database.execute<{ accounts: number; transactions: number; entries: number }>(sql`
    select (select count(*)::int from ledger_accounts) as accounts,
           (select count(*)::int from ledger_transactions) as transactions,
           (select count(*)::int from ledger_entries) as entries`);
  const mismatches = await database.execute<{
    account_id: string;
    cached: number;
    computed: number;
    latest_balance_after: number | null;
  }>(sql`
    select a.id as account_id, a.balance as cached, coalesce(sum(e.amount), 0)::bigint as computed,
           (select balance_after from ledger_entries l where l.account_id = a.id order by l.id desc limit 1) as latest_balance_after
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id
     group by a.id
    having a.balance <> coalesce(sum(e.amount), 0)
        or a.balance <> coalesce((select balance_after from ledger_entries l where l.account_id = a.id order by l.id desc limit 1), 0)`);
  const unbalanced = await database.execute<{ transaction_id: string; currency: string; total: number }>(sql`
    select t.id as transaction_id, coalesce(e.currency, '---') as currency, coalesce(sum(e.amount), 0)::bigint as total
      from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
     group by t.id, e.currency
    having e.currency is null or sum(e.amount) <> 0`);
  // Each entry's balance_after must equal the previous balance_after of its account plus its amount.
  const breaks = await database.execute<{ breaks: number }>(sql`
    select count(*)::int as breaks from (
      select balance_after, amount,
             lag(balance_after, 1, 0::bigint) over (partition by account_id order by id) as previous
        from ledger_entries) running
     where running.balance_after <> running.previous + running.amount`);
  const count = counts.rows[0]!;
  return {
    accounts: count.accounts,
    transactions: count.transactions,
    entries: count.entries,
    balanceMismatches: mismatches.rows.map((row) => ({
      accountId: row.account_id,
      cached: Number(row.cached),
      computed: Number(row.computed),
      latestBalanceAfter: row.latest_balance_after === null ? null : Number(row.latest_balance_after),
    })),
    unbalancedTransactions: unbalanced.rows.map((row) => ({
      transactionId: row.transaction_id,
      currency: row.currency,
      total: Number(row.total),
    })),
    runningBalanceBreaks: breaks.rows[0]?.breaks ?? 0,
  };
}

export function ledgerIsClean(report: LedgerVerification): boolean {
  return (
    report.balanceMismatches.length === 0 &&
    report.unbalancedTransactions.length === 0 &&
    report.runningBalanceBreaks === 0
  );
}
