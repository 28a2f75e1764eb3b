import { sql } from 'drizzle-orm';
import { heldEscrowTotals } from '../checkout/order-queries';
import type { Database } from '../db/pool';
import { checkMoneyInvariants, type CurrencyInvariants } from '../domain/money-invariants';
import { ledgerBalanceTotals, negativeWallets } from '../ledger/ledger.queries';
import { flaggedWalletCounts, walletFlagStandings } from '../wallet/wallet.queries';

/** What the ledger, orders and wallets triggers NOTIFY on commit (migrations/0010_money_invariants.sql). */
export const moneyChangedChannel = 'codesale_money';

/**
 * While an admin watches, a snapshot older than this is recomputed even without a notification:
 * the safety net for one lost on a half-open listener connection.
 */
export const moneyInvariantsRefreshMs = 60_000;

/** Wallets below zero examined one by one for their flag; past this, the wallet check cannot hold. */
export const maxExaminedNegativeWallets = 10_000;

/** The money invariants at one instant: every figure read from the same committed state. */
export interface MoneyInvariantsSnapshot {
  /** The database's time when the snapshot was taken. */
  checkedAt: Date;
  /** Every check of every currency holds. */
  holds: boolean;
  currencies: CurrencyInvariants[];
  /** How long the reads took, for the log and the benchmark. */
  durationMs: number;
}

/**
 * Reads the money invariants' figures from the ledger, checkout and wallet areas through their
 * published query modules, in one read-only REPEATABLE READ transaction: all reads see the same
 * commits, so a purchase committing between two reads can never show as a broken invariant.
 * Writes nothing. Cost: one pass over `ledger_accounts` (one row per account, the cached
 * balances; only those not at zero are aggregated), the held orders (`orders_held_idx`), the
 * flagged wallets (`wallets_flagged_idx`), and the wallets below zero when there are any.
 */
export class MoneyInvariantsService {
  constructor(private readonly database: Database) {}

  async snapshot(): Promise<MoneyInvariantsSnapshot> {
    const started = performance.now();
    return this.database.transaction(
      async (tx) => {
        const [clock] = (await tx.execute<{ now: Date }>(sql`select now() as now`)).rows;
        const ledger = await ledgerBalanceTotals(tx);
        const held = await heldEscrowTotals(tx);
        const flagged = await flaggedWalletCounts(tx);
        // Almost always none: the list (an indexed read of every wallet account) only when there are some.
        const anyBelowZero = ledger.some((currency) => currency.negativeWallets > 0);
        const belowZero = anyBelowZero ? await negativeWallets(tx, maxExaminedNegativeWallets) : [];
        const standings = await walletFlagStandings(tx, belowZero);
        const currencies = checkMoneyInvariants({
          ledger,
          heldOrders: held,
          flaggedWallets: flagged,
          negativeWallets: belowZero.map((wallet) => ({
            currency: wallet.currency,
            standing: standings.get(`${wallet.buyerId}:${wallet.currency}`) ?? 'UNFLAGGED',
          })),
        });
        return {
          checkedAt: new Date(clock!.now),
          holds: currencies.every((currency) => currency.holds),
          currencies,
          durationMs: Math.round(performance.now() - started),
        };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }
}
