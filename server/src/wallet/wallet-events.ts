import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { publishViewerEvent } from '../auth/viewer-events';
import type { Tx } from '../db/transaction';
import { wallets } from './wallet.tables';

/**
 * WALLET_CHANGED for the buyer's wallet in `currency`, published in `tx` (the transaction that
 * changes its balance or status): the wallet area's own code and checkout (a purchase, a refund)
 * call it. The subject is the Wallet's id; a wallet never opened has no row and no id, and nothing
 * is published (its buyer's client opens it with `myWallet` before it listens).
 */
export async function publishWalletChanged(tx: Tx, buyerId: string, currency: string): Promise<void> {
  const [wallet] = await tx
    .select({ id: wallets.id })
    .from(wallets)
    .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)));
  if (wallet) await publishViewerEvent(tx, buyerId, 'WALLET_CHANGED', wallet.id);
}

/**
 * SQL (a jsonb scalar): the WALLET_CHANGED viewer event payload of the buyer's wallet in
 * `currency`, or null when that wallet was never opened, as publishWalletChanged decides, for a
 * statement that publishes it in one of its steps (insertViewerEventsSql skips the null).
 */
export function walletChangedPayloadSql(buyerId: SQLWrapper, currency: SQLWrapper): SQL {
  return sql`(select jsonb_build_object('kind', 'WALLET_CHANGED', 'subjectId', ${wallets.id})
                from ${wallets} where ${wallets.buyerId} = ${buyerId} and ${wallets.currency} = ${currency})`;
}
