import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/pool';
import type { Tx } from '../db/transaction';
import { LedgerAccountKind, PostingKind } from '../domain/posting-rules';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from './ledger.tables';

/**
 * The ledger's published reads for other areas: amounts they derive from ledger facts (the
 * payouts area's per-order earnings and per-seller totals). Only LedgerService writes the ledger.
 */

type Executor = Database | Tx;

/** Each released order's credit to its seller's earnings (the price less the fee), from its RELEASE posting. */
export async function releaseEarnings(
  executor: Executor,
  orderIds: readonly string[],
): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await executor
    .select({ orderId: ledgerTransactions.orderId, amount: ledgerEntries.amount })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(
      and(
        inArray(ledgerTransactions.orderId, [...orderIds]),
        eq(ledgerTransactions.kind, PostingKind.RELEASE),
        eq(ledgerAccounts.kind, LedgerAccountKind.SELLER_EARNINGS),
      ),
    );
  return new Map(rows.map((row) => [row.orderId!, row.amount]));
}

/** One seller's payout money in one currency, every figure from ledger entries. */
export interface SellerPayoutLedger {
  currency: string;
  /** SELLER_EARNINGS: released and not yet handed to a payout (eligible, held or blocked). */
  earnings: number;
  /** PAYOUTS_IN_TRANSIT: allocated to payouts between phase 1 and phase 3. */
  inTransit: number;
  /** Sent to Stripe Connect by completed payouts (PAYOUT_TRANSFERRED), before reversals. */
  transferred: number;
  /** Brought back by transfer reversals (PAYOUT_REVERSED). */
  reversed: number;
}

export async function sellerPayoutLedger(
  executor: Executor,
  sellerId: string,
): Promise<SellerPayoutLedger[]> {
  const result = await executor.execute<{
    currency: string;
    earnings: string;
    in_transit: string;
    transferred: string;
    reversed: string;
  }>(sql`
    select a.currency,
           coalesce(sum(case when a.kind = 'SELLER_EARNINGS' then e.amount end), 0) as earnings,
           coalesce(sum(case when a.kind = 'PAYOUTS_IN_TRANSIT' then e.amount end), 0) as in_transit,
           coalesce(sum(case when a.kind = 'PAYOUTS_IN_TRANSIT' and t.kind = 'PAYOUT_TRANSFERRED' then -e.amount end), 0) as transferred,
           coalesce(sum(case when a.kind = 'SELLER_EARNINGS' and t.kind = 'PAYOUT_REVERSED' then e.amount end), 0) as reversed
      from ${ledgerAccounts} a
      join ${ledgerEntries} e on e.account_id = a.id
      join ${ledgerTransactions} t on t.id = e.transaction_id
     where a.owner_user_id = ${sellerId} and a.kind in ('SELLER_EARNINGS', 'PAYOUTS_IN_TRANSIT')
     group by a.currency
     order by a.currency`);
  return result.rows.map((row) => ({
    currency: row.currency,
    earnings: Number(row.earnings),
    inTransit: Number(row.in_transit),
    transferred: Number(row.transferred),
    reversed: Number(row.reversed),
  }));
}

/** The platform's payout totals per currency: transferred by completed payouts, and reversed since. */
export async function platformPayoutTotals(
  executor: Executor,
): Promise<Map<string, { transferred: number; reversed: number }>> {
  const result = await executor.execute<{ currency: string; transferred: string; reversed: string }>(sql`
    select e.currency,
           coalesce(sum(case when t.kind = 'PAYOUT_TRANSFERRED' then e.amount end), 0) as transferred,
           coalesce(sum(case when t.kind = 'PAYOUT_REVERSED' then -e.amount end), 0) as reversed
      from ${ledgerTransactions} t
      join ${ledgerEntries} e on e.transaction_id = t.id
      join ${ledgerAccounts} a on a.id = e.account_id
     where t.kind in ('PAYOUT_TRANSFERRED', 'PAYOUT_REVERSED') and a.kind = 'STRIPE_CLEARING'
     group by e.currency`);
  return new Map(
    result.rows.map((row) => [
      row.currency,
      { transferred: Number(row.transferred), reversed: Number(row.reversed) },
    ]),
  );
}

/** One payout's ledger postings of one kind in one currency (reconciliation compares them with the payouts table and Stripe). */
export interface PayoutPostingTotal {
  payoutId: string;
  kind: string;
  currency: string;
  /** How many ledger transactions of this kind the payout has. */
  postings: number;
  /** The money they moved: each posting is one transfer between two accounts, so the sum of its credits. */
  amount: number;
  /** Their net effect on PAYOUTS_IN_TRANSIT: +amount for PAYOUT_INITIATED, -amount for PAYOUT_TRANSFERRED and PAYOUT_FAILED. */
  inTransitChange: number;
}

/** Every payout posting (PAYOUT_INITIATED, _TRANSFERRED, _FAILED, _REVERSED), totalled per payout, kind and currency. */
export async function payoutPostings(executor: Executor): Promise<PayoutPostingTotal[]> {
  const result = await executor.execute<{
    payout_id: string;
    kind: string;
    currency: string;
    postings: string;
    amount: string;
    in_transit_change: string;
  }>(sql`
    select t.payout_id, t.kind, e.currency,
           count(distinct t.id) as postings,
           coalesce(sum(e.amount) filter (where e.amount > 0), 0) as amount,
           coalesce(sum(e.amount) filter (where a.kind = 'PAYOUTS_IN_TRANSIT'), 0) as in_transit_change
      from ${ledgerTransactions} t
      join ${ledgerEntries} e on e.transaction_id = t.id
      join ${ledgerAccounts} a on a.id = e.account_id
     where t.payout_id is not null
     group by t.payout_id, t.kind, e.currency`);
  return result.rows.map((row) => ({
    payoutId: row.payout_id,
    kind: row.kind,
    currency: row.currency,
    postings: Number(row.postings),
    amount: Number(row.amount),
    inTransitChange: Number(row.in_transit_change),
  }));
}

/**
 * One currency's ledger figures for the money invariants (`../invariants/`), from the cached
 * account balances: one row per account, no entry read. The cache equals the entries at every
 * commit (deferred trigger), so these are the sums of the entries. Accounts at zero add nothing to
 * any figure, and are most of them (the ESCROW account of every settled order), so only the others
 * are aggregated.
 */
export interface LedgerBalanceTotals {
  currency: string;
  /** Accounts whose balance is not zero. */
  accountsWithBalance: number;
  /** The positive balances, added up: what the platform owes (wallets, escrow, earnings, payouts in transit) or earned (fees). */
  creditBalances: number;
  /** The negative balances, added up and negated: money received through Stripe, wallet deficits, chargeback losses. */
  debitBalances: number;
  /** All ESCROW accounts together. */
  escrowBalance: number;
  /** ESCROW accounts that hold money (one per order still held, when the books are right). */
  escrowAccountsWithBalance: number;
  /** BUYER_WALLET accounts below zero. */
  negativeWallets: number;
}

/**
 * Per currency, in currency order. One pass over `ledger_accounts`, grouped by currency, kind and
 * sign: measured at 230,000 accounts (50,000 not at zero), about twice as fast as one row per
 * currency with a filtered aggregate per figure (docs/INVARIANTS.md, the money invariant panel).
 */
export async function ledgerBalanceTotals(executor: Executor): Promise<LedgerBalanceTotals[]> {
  const result = await executor.execute<{
    currency: string;
    kind: string;
    positive: boolean;
    accounts: number;
    total: number;
  }>(sql`
    select a.currency, a.kind, a.balance > 0 as positive, count(*)::int as accounts, sum(a.balance)::bigint as total
      from ${ledgerAccounts} a
     where a.balance <> 0
     group by a.currency, a.kind, a.balance > 0`);
  const byCurrency = new Map<string, LedgerBalanceTotals>();
  for (const row of result.rows) {
    const totals = byCurrency.get(row.currency) ?? {
      currency: row.currency,
      accountsWithBalance: 0,
      creditBalances: 0,
      debitBalances: 0,
      escrowBalance: 0,
      escrowAccountsWithBalance: 0,
      negativeWallets: 0,
    };
    byCurrency.set(row.currency, totals);
    totals.accountsWithBalance += row.accounts;
    if (row.positive) totals.creditBalances += row.total;
    else totals.debitBalances -= row.total;
    if (row.kind === LedgerAccountKind.ESCROW) {
      totals.escrowBalance += row.total;
      totals.escrowAccountsWithBalance += row.accounts;
    }
    if (row.kind === LedgerAccountKind.BUYER_WALLET && !row.positive) totals.negativeWallets += row.accounts;
  }
  return [...byCurrency.values()].sort((left, right) => left.currency.localeCompare(right.currency));
}

/** Wallets below zero (their owner and currency), at most `limit`, by owner: a chargeback took more than they held. */
export async function negativeWallets(
  executor: Executor,
  limit: number,
): Promise<{ buyerId: string; currency: string }[]> {
  const rows = await executor
    .select({ buyerId: ledgerAccounts.ownerUserId, currency: ledgerAccounts.currency })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, LedgerAccountKind.BUYER_WALLET), lt(ledgerAccounts.balance, 0)))
    .orderBy(ledgerAccounts.ownerUserId, ledgerAccounts.currency)
    .limit(limit);
  return rows.map((row) => ({ buyerId: row.buyerId!, currency: row.currency }));
}
