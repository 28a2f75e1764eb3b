import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { isBalanced, mayGoNegative, type AccountRef, type Posting } from '../domain/posting-rules';
import { assert } from '../shared/assert';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from './ledger.tables';

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
   * Posts `posting` in `tx`: accounts are locked in id order (no deadlocks between postings),
   * balances computed from the locked rows, entries written with the balance after each.
   * The same idempotency key again returns the first transaction and writes nothing.
   */
  async post(tx: Tx, posting: Posting): Promise<PostResult> {
    assert(isBalanced(posting.legs), `posting ${posting.idempotencyKey} does not balance`);
    const [created] = await tx
      .insert(ledgerTransactions)
      .values({
        kind: posting.kind,
        idempotencyKey: posting.idempotencyKey,
        orderId: posting.orderId ?? null,
        topUpId: posting.topUpId ?? null,
        payoutId: posting.payoutId ?? null,
        description: posting.description ?? null,
      })
      .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
      .returning({ id: ledgerTransactions.id });
    if (!created) return this.replay(tx, posting);

    const accounts = await this.lockAccounts(
      tx,
      posting.legs.map((leg) => leg.account),
    );
    const balances = new Map<string, number>();
    const entries: (typeof ledgerEntries.$inferInsert)[] = [];
    for (const leg of posting.legs) {
      const key = accountKey(leg.account);
      const account = accounts.get(key);
      assert(account, `account ${key} was not locked`);
      const balanceAfter = (balances.get(key) ?? account.balance) + leg.amount;
      if (balanceAfter < 0 && leg.amount < 0 && !mayGoNegative(leg.account, posting.kind)) {
        throw new OverdraftError(leg.account, balanceAfter);
      }
      balances.set(key, balanceAfter);
      entries.push({
        transactionId: created.id,
        accountId: account.id,
        amount: leg.amount,
        currency: leg.account.currency,
        balanceAfter,
      });
    }
    await tx.insert(ledgerEntries).values(entries);
    for (const [key, balance] of balances) {
      const account = accounts.get(key)!;
      await tx.update(ledgerAccounts).set({ balance }).where(eq(ledgerAccounts.id, account.id));
    }
    return { transactionId: created.id, replayed: false, balances };
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

  /** Finds or creates the account, without locking it. */
  async ensureAccount(tx: Tx, ref: AccountRef): Promise<LedgerAccountRow> {
    await tx
      .insert(ledgerAccounts)
      .values({
        kind: ref.kind,
        currency: ref.currency,
        ownerUserId: ref.ownerUserId ?? null,
        orderId: ref.orderId ?? null,
      })
      .onConflictDoNothing();
    const [account] = await tx.select().from(ledgerAccounts).where(this.identity(ref));
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

  private async replay(tx: Tx, posting: Posting): Promise<PostResult> {
    const [existing] = await tx
      .select()
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.idempotencyKey, posting.idempotencyKey));
    assert(existing, `transaction ${posting.idempotencyKey} vanished`);
    return { transactionId: existing.id, replayed: true, balances: new Map() };
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
