import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { wallets, type walletStatus } from './wallet.tables';
import { accountGateShared } from '../db/account-gate';

/**
 * The wallet authority's purchase check (invariant 5), in two halves so that the checkout can read
 * it within its one read of a purchase: `purchaseWalletsSql` reads the buyer's wallets and takes a
 * share lock on each, `purchaseCheck` decides on them. WalletService.assertCanPurchase is the two
 * together.
 */

/** A wallet as the purchase check reads it. */
export interface PurchaseWalletRow {
  id: string;
  currency: string;
  status: (typeof walletStatus.enumValues)[number];
  flaggedReason: string | null;
}

/** What checkout learns from the purchase check: a value, never an exception. */
export type PurchaseCheck =
  { allowed: true } | { allowed: false; code: 'WALLET_AT_RISK'; currency: string; reason: string };

/**
 * SQL (a scalar subquery): the wallets of the buyer in `buyerId`, as a JSON array of
 * PurchaseWalletRow in currency order, each row locked FOR SHARE until the transaction ends, so a
 * chargeback that flags the wallet waits for the purchase to commit, or the purchase sees the flag.
 * The buyer's account gate is taken shared first (db/account-gate.ts; lockWallet takes it exclusively).
 */
export function purchaseWalletsSql(buyerId: SQLWrapper): SQL {
  return sql`(select coalesce(json_agg(json_build_object(
                 'id', locked.id, 'currency', locked.currency, 'status', locked.status,
                 'flaggedReason', locked.flagged_reason) order by locked.currency), '[]'::json)
                from (select ${wallets.id} as id, ${wallets.currency} as currency, ${wallets.status} as status,
                             ${wallets.flaggedReason} as flagged_reason
                        from ${wallets} where ${wallets.buyerId} = ${buyerId} and ${accountGateShared(buyerId)}
                       order by ${wallets.currency} for share) locked)`;
}

/**
 * Any flagged wallet of the buyer blocks purchases in every currency: a chargeback is a judgement
 * on the buyer, not on one currency. The reason given is the flag of the purchase's currency first.
 */
export function purchaseCheck(rows: readonly PurchaseWalletRow[], currency: string): PurchaseCheck {
  const flagged =
    rows.find((row) => row.currency === currency && row.status !== 'ACTIVE') ??
    rows.find((row) => row.status !== 'ACTIVE');
  if (!flagged) return { allowed: true };
  return {
    allowed: false,
    code: 'WALLET_AT_RISK',
    currency: flagged.currency,
    reason: flagged.flaggedReason ?? '',
  };
}
