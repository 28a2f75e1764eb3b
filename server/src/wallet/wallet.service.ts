import { adminReasonMaxLength, adminReasonRule, isAdminReason } from '../shared/admin-reason';
import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive } from '../auth/auth.queries';
import { publishViewerEvent } from '../auth/viewer-events';
import type { Database } from '../db/pool';
import { preparedStatement, runPrepared } from '../db/prepared';
import { withTransaction, type Tx } from '../db/transaction';
import { isCurrency } from '../domain/money';
import { wallet as walletAccount } from '../domain/posting-rules';
import type { KeysetCursor } from '../shared/keyset-cursor';
import type { LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import type { RequestMeta } from '../shared/request-meta';
import { userError, type Refusable } from '../shared/user-error';
import {
  purchaseCheck,
  purchaseWalletsSql,
  type PurchaseCheck,
  type PurchaseWalletRow,
} from './purchase-check';
import { chargebacks, wallets, walletStatusChanges } from './wallet.tables';
import { closeAccountGate } from '../db/account-gate';

export type WalletRow = typeof wallets.$inferSelect;

export enum WalletStatus {
  ACTIVE = 'ACTIVE',
  WALLET_AT_RISK = 'WALLET_AT_RISK',
}

export enum LiftWalletFlagErrorCode {
  BUYER_NOT_FOUND = 'BUYER_NOT_FOUND',
  WALLET_NOT_FLAGGED = 'WALLET_NOT_FLAGGED',
  INVALID_REASON = 'INVALID_REASON',
  /** The admin is the buyer (an account that is admin and buyer): another admin decides. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
}

const purchaseWalletsStatement = preparedStatement<{ wallets: PurchaseWalletRow[] }>(
  'wallet.purchase_wallets',
  sql`select ${purchaseWalletsSql(sql`${sql.placeholder('buyerId')}::uuid`)} as wallets`,
);

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * WalletService: each wallet's status, and the only writer of `wallets` and
 * `wallet_status_changes`. See wallet/README.md for its invariants. A wallet's balance is its
 * BUYER_WALLET ledger account: money comes in through TopUpService and leaves through checkout
 * and chargebacks, all posted by LedgerService; no code here writes a balance.
 *
 * Lock order, everywhere: wallets row, then top_ups row, then chargebacks row, then ledger accounts.
 */
export class WalletService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    /**
     * Told, in the transaction, when a buyer's wallet goes on hold or comes off it: the payouts
     * area re-derives the payout state of what the buyer bought (services.ts wires it).
     */
    private readonly onHoldChanged: (tx: Tx, buyerId: string) => Promise<unknown> = async () => undefined,
  ) {}

  /**
   * The purchase check (invariant 5), in one statement: takes a share lock on the buyer's wallet
   * rows, so a chargeback that flags the wallet waits for the purchase to commit, or the purchase
   * sees the flag. Any flagged wallet of the buyer blocks purchases in every currency: a chargeback
   * is a judgement on the buyer, not on one currency. The checkout reads the same rows, with the
   * same lock, within its own one read of a purchase (purchase-check.ts).
   */
  async assertCanPurchase(tx: Tx, buyerId: string, currency: string): Promise<PurchaseCheck> {
    assert(isCurrency(currency), `assertCanPurchase called with unsupported currency ${currency}`);
    const [row] = await runPrepared(tx, purchaseWalletsStatement, { buyerId });
    return purchaseCheck(row?.wallets ?? [], currency);
  }

  /**
   * Whether any wallet of the buyer is on hold (WALLET_AT_RISK): as for purchases, a chargeback is
   * a judgement on the buyer, so it stops money coming in, in every currency (TopUpService).
   */
  async hasWalletOnHold(executor: Database | Tx, buyerId: string): Promise<boolean> {
    const [held] = await executor
      .select({ id: wallets.id })
      .from(wallets)
      .where(and(eq(wallets.buyerId, buyerId), ne(wallets.status, WalletStatus.ACTIVE)))
      .limit(1);
    return held !== undefined;
  }

  /** The buyer's wallet in `currency`, opened (status ACTIVE, balance 0) if it did not exist. */
  async openWallet(buyerId: string, currency: string): Promise<WalletRow> {
    assert(isCurrency(currency), `openWallet called with unsupported currency ${currency}`);
    return withTransaction(this.database, async (tx) => {
      await this.ensureWallet(tx, buyerId, currency);
      const [row] = await tx
        .select()
        .from(wallets)
        .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)));
      assert(row, 'wallet missing after insert');
      return row;
    });
  }

  async findWallet(database: Database | Tx, walletId: string): Promise<WalletRow | undefined> {
    const [row] = await database.select().from(wallets).where(eq(wallets.id, walletId));
    return row;
  }

  /** The buyer's wallet in `currency`, if it was ever opened. */
  async findWalletOf(buyerId: string, currency: string): Promise<WalletRow | undefined> {
    const [row] = await this.database
      .select()
      .from(wallets)
      .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)));
    return row;
  }

  /** Every wallet the buyer ever opened, by currency (staff looking a customer up). */
  async walletsOf(buyerId: string): Promise<WalletRow[]> {
    return this.database.select().from(wallets).where(eq(wallets.buyerId, buyerId)).orderBy(wallets.currency);
  }

  /** The balance is the wallet's ledger account; the ledger account id is null until its first entry. */
  async balance(
    buyerId: string,
    currency: string,
  ): Promise<{ amount: number; ledgerAccountId: string | null }> {
    const account = await this.ledger.findAccount(this.database, walletAccount(buyerId, currency));
    return { amount: account?.balance ?? 0, ledgerAccountId: account?.id ?? null };
  }

  /** Flagged wallets, most recently flagged first, after `cursor` (keyset on flagged_at, id). */
  async flaggedWallets(limit: number, cursor: KeysetCursor | null): Promise<WalletRow[]> {
    const after = cursor
      ? or(
          lt(wallets.flaggedAt, new Date(cursor.createdAt)),
          and(eq(wallets.flaggedAt, new Date(cursor.createdAt)), lt(wallets.id, cursor.id)),
        )
      : undefined;
    return this.database
      .select()
      .from(wallets)
      .where(and(eq(wallets.status, WalletStatus.WALLET_AT_RISK), after))
      .orderBy(desc(wallets.flaggedAt), desc(wallets.id))
      .limit(limit);
  }

  /** Admin: lifts every flag on the buyer's wallets, with a reason, audited. */
  async liftFlag(
    actorUserId: string,
    input: { buyerId: string | null; reason: string },
    meta: RequestMeta,
  ): Promise<Refusable<{ wallets: WalletRow[] }, LiftWalletFlagErrorCode>> {
    const reason = input.reason.trim();
    if (!isAdminReason(reason)) {
      return { errors: [userError(LiftWalletFlagErrorCode.INVALID_REASON, adminReasonRule, 'reason')] };
    }
    const buyerId = input.buyerId;
    if (!buyerId || !uuidPattern.test(buyerId)) {
      return { errors: [userError(LiftWalletFlagErrorCode.BUYER_NOT_FOUND, 'No such buyer.', 'buyerId')] };
    }
    if (buyerId === actorUserId) {
      return {
        errors: [
          userError(
            LiftWalletFlagErrorCode.OWN_ACCOUNT,
            'This is your own wallet: another admin lifts its flag.',
            'buyerId',
          ),
        ],
      };
    }
    return withTransaction(this.database, async (tx) => {
      await holdAccountActive(tx, actorUserId);
      await closeAccountGate(tx, buyerId);
      const flagged = await tx
        .select()
        .from(wallets)
        .where(and(eq(wallets.buyerId, buyerId), eq(wallets.status, WalletStatus.WALLET_AT_RISK)))
        .orderBy(wallets.currency)
        .for('update');
      if (flagged.length === 0) {
        return {
          errors: [
            userError(
              LiftWalletFlagErrorCode.WALLET_NOT_FLAGGED,
              'This buyer has no flagged wallet.',
              'buyerId',
            ),
          ],
        };
      }
      const lifted: WalletRow[] = [];
      for (const row of flagged) {
        const openChargebacks = await this.chargebacksHolding(tx, row, null);
        lifted.push(await this.setStatus(tx, row, WalletStatus.ACTIVE, reason, actorUserId, null));
        await publishViewerEvent(tx, row.buyerId, 'WALLET_CHANGED', row.id);
        await recordAudit(tx, {
          actorUserId,
          action: 'wallet.flag_lifted',
          subjectType: 'Wallet',
          subjectId: row.id,
          details: {
            buyerId,
            currency: row.currency,
            reason,
            flaggedReason: row.flaggedReason,
            flaggedAt: row.flaggedAt?.toISOString() ?? null,
            unresolvedChargebacks: openChargebacks,
          },
          requestId: meta.requestId,
          address: meta.address,
        });
      }
      return { wallets: lifted };
    });
  }

  // ---- for TopUpService and ChargebackService, inside their transactions ----

  /** Opens the buyer's wallet in `currency` if it does not exist yet (ACTIVE, balance 0). */
  async ensureWallet(tx: Tx, buyerId: string, currency: string): Promise<void> {
    await tx
      .insert(wallets)
      .values({ buyerId, currency })
      .onConflictDoNothing({ target: [wallets.buyerId, wallets.currency] });
  }

  /** The buyer's wallet in `currency`, opened if needed and locked `for update`: the first lock of the area's lock order. */
  async lockWallet(tx: Tx, buyerId: string, currency: string): Promise<WalletRow> {
    // Purchases share-lock the wallets behind the buyer's gate: closing it lets the flag in under load.
    await closeAccountGate(tx, buyerId);
    await this.ensureWallet(tx, buyerId, currency);
    const [row] = await tx
      .select()
      .from(wallets)
      .where(and(eq(wallets.buyerId, buyerId), eq(wallets.currency, currency)))
      .for('update');
    assert(row, 'wallet missing after insert');
    return row;
  }

  /** Chargebacks that keep a wallet flagged: open ones, and lost ones (until an admin decides). */
  async chargebacksHolding(tx: Tx, wallet: WalletRow, exceptId: string | null): Promise<number> {
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(chargebacks)
      .where(
        and(
          eq(chargebacks.buyerId, wallet.buyerId),
          eq(chargebacks.currency, wallet.currency),
          inArray(chargebacks.status, ['OPEN', 'LOST']),
          exceptId ? ne(chargebacks.id, exceptId) : undefined,
        ),
      );
    return row?.count ?? 0;
  }

  /**
   * Changes a locked wallet's status and appends the change to its history. It publishes nothing:
   * the caller publishes WALLET_CHANGED once for the whole change (a chargeback's debit and flag).
   */
  async setStatus(
    tx: Tx,
    wallet: WalletRow,
    status: WalletStatus,
    reason: string,
    actorUserId: string | null,
    stripeDisputeId: string | null,
  ): Promise<WalletRow> {
    if (wallet.status === status) return wallet;
    const now = new Date();
    const flagging = status === WalletStatus.WALLET_AT_RISK;
    const [updated] = await tx
      .update(wallets)
      .set({
        status,
        flaggedReason: flagging ? reason.slice(0, adminReasonMaxLength) : null,
        flaggedAt: flagging ? now : null,
        updatedAt: now,
      })
      .where(eq(wallets.id, wallet.id))
      .returning();
    assert(updated, `wallet ${wallet.id} vanished`);
    await tx.insert(walletStatusChanges).values({
      walletId: wallet.id,
      fromStatus: wallet.status,
      toStatus: status,
      reason: reason.slice(0, adminReasonMaxLength),
      actorUserId,
      stripeDisputeId,
    });
    await this.onHoldChanged(tx, wallet.buyerId);
    return updated;
  }
}
