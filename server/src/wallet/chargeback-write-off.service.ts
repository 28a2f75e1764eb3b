import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit.service';
import { holdAccountActive } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { writeOffAmount } from '../domain/chargeback-write-off';
import {
  chargebackLosses,
  chargebackWriteOffPosting,
  wallet as walletAccount,
} from '../domain/posting-rules';
import { accountKey, type LedgerService } from '../ledger/ledger.service';
import { assert } from '../shared/assert';
import { isValidIdempotencyKey, withIdempotencyKey } from '../shared/idempotency';
import type { KeysetCursor } from '../shared/keyset-cursor';
import type { RequestMeta } from '../shared/request-meta';
import { catchRefusal, refuse, type Refusable } from '../shared/user-error';
import { ChargebackStatus, type ChargebackRow } from './chargeback.service';
import type { WalletService } from './wallet.service';
import { chargebacks, chargebackWriteOffs } from './wallet.tables';
import { publishWalletChanged } from './wallet-events';
import { isReadableLine } from '../shared/display-text';

export type ChargebackWriteOffRow = typeof chargebackWriteOffs.$inferSelect;

export enum WriteOffChargebackLossErrorCode {
  CHARGEBACK_NOT_FOUND = 'CHARGEBACK_NOT_FOUND',
  CHARGEBACK_NOT_LOST = 'CHARGEBACK_NOT_LOST',
  NO_DEFICIT = 'NO_DEFICIT',
  ALREADY_WRITTEN_OFF = 'ALREADY_WRITTEN_OFF',
  INVALID_REASON = 'INVALID_REASON',
  INVALID_IDEMPOTENCY_KEY = 'INVALID_IDEMPOTENCY_KEY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The chargeback is on the admin's own wallet (an account that is admin and buyer): another admin decides. */
  OWN_ACCOUNT = 'OWN_ACCOUNT',
}

/** A chargeback with its write-off, if any, and its keyset position (microseconds, as stored). */
export interface ChargebackListRow {
  chargeback: ChargebackRow;
  writeOff: ChargebackWriteOffRow | null;
  openedAtKey: string;
}

export interface ChargebackFilter {
  status: ChargebackStatus | null;
  /** true: written off only; false: not written off only; null: both. */
  writtenOff: boolean | null;
}

/** As in the migration's check: counted in characters (code points), as PostgreSQL counts them. */
const reasonMinLength = 3;
const reasonMaxLength = 500;
const scope = 'writeOffChargebackLoss';
const openedAtKey = sql<string>`to_char(${chargebacks.openedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * ChargebackWriteOffService: an admin writes off the wallet deficit a lost chargeback left
 * (the buyer spent money that the bank then took back), moving it from the buyer's wallet to
 * chargeback losses. The only writer of `chargeback_write_offs`. The wallet stays flagged
 * WALLET_AT_RISK: the write-off settles the books, not the fraud signal (lifting the flag stays
 * `WalletService.liftFlag`). See wallet/README.md.
 *
 * Lock order, as in the rest of the area: wallets row, then chargebacks row, then ledger accounts.
 */
export class ChargebackWriteOffService {
  constructor(
    private readonly database: Database,
    private readonly ledger: LedgerService,
    private readonly wallets: WalletService,
  ) {}

  /**
   * Writes off what the wallet's deficit owes to this lost chargeback (`domain/chargeback-write-off.ts`),
   * once per chargeback, in one transaction with its row and its audit entry. The same idempotency
   * key and input replay the first result; another write-off of the same chargeback is
   * ALREADY_WRITTEN_OFF. Every refusal changes nothing.
   */
  writeOffChargebackLoss(
    adminId: string,
    input: { chargebackId: string | null; reason: string; idempotencyKey: string },
    meta: RequestMeta,
  ): Promise<
    Refusable<{ writeOff: ChargebackWriteOffRow; replayed: boolean }, WriteOffChargebackLossErrorCode>
  > {
    return catchRefusal(async () => {
      const reason = input.reason.trim();
      const reasonLength = [...reason].length;
      if (reasonLength < reasonMinLength || reasonLength > reasonMaxLength || !isReadableLine(reason)) {
        refuse(
          WriteOffChargebackLossErrorCode.INVALID_REASON,
          `Give a reason of ${reasonMinLength} to ${reasonMaxLength} printable characters.`,
          'reason',
        );
      }
      if (!isValidIdempotencyKey(input.idempotencyKey)) {
        refuse(
          WriteOffChargebackLossErrorCode.INVALID_IDEMPOTENCY_KEY,
          'Idempotency keys are 1 to 100 characters: letters, digits, . _ : -',
          'idempotencyKey',
        );
      }
      const chargebackId = input.chargebackId;
      if (!chargebackId) chargebackNotFound();
      const request = { scope, key: input.idempotencyKey, userId: adminId, input: { chargebackId, reason } };
      return withTransaction(this.database, async (tx) => {
        await holdAccountActive(tx, adminId);
        const outcome = await withIdempotencyKey(tx, request, () =>
          this.writeOffLocked(tx, adminId, chargebackId, reason, meta),
        );
        if (outcome.status === 'KEY_REUSED') {
          refuse(
            WriteOffChargebackLossErrorCode.IDEMPOTENCY_KEY_REUSED,
            'This idempotency key was used for a different write-off.',
            'idempotencyKey',
          );
        }
        const writeOff = await findWriteOff(tx, outcome.result.chargebackId);
        assert(writeOff, `write-off of chargeback ${outcome.result.chargebackId} missing after it was made`);
        return { writeOff, replayed: outcome.status === 'REPLAYED' };
      });
    });
  }

  /**
   * What a write-off of the chargeback would take now, for the admin deciding (0: nothing); the
   * write-off computes it again under its locks. Null when there is nothing to decide: the
   * chargeback is not LOST or is already written off.
   */
  async pendingWriteOffAmount(row: ChargebackListRow): Promise<number | null> {
    if (row.chargeback.status !== ChargebackStatus.LOST || row.writeOff) return null;
    const { buyerId, currency } = row.chargeback;
    const walletBalance = await this.ledger.balance(this.database, walletAccount(buyerId, currency));
    const openChargebacksAmount = await this.openChargebacksAmount(this.database, buyerId, currency);
    return writeOffAmount({ chargebackAmount: row.chargeback.amount, walletBalance, openChargebacksAmount });
  }

  /** Admin: chargebacks, newest first, after `cursor` (keyset on opened_at, id). */
  async list(
    filter: ChargebackFilter,
    limit: number,
    cursor: KeysetCursor | null,
  ): Promise<ChargebackListRow[]> {
    const writtenOff =
      filter.writtenOff === null
        ? undefined
        : filter.writtenOff
          ? isNotNull(chargebackWriteOffs.chargebackId)
          : isNull(chargebackWriteOffs.chargebackId);
    return this.database
      .select({ chargeback: chargebacks, writeOff: chargebackWriteOffs, openedAtKey })
      .from(chargebacks)
      .leftJoin(chargebackWriteOffs, eq(chargebackWriteOffs.chargebackId, chargebacks.id))
      .where(
        and(
          filter.status ? eq(chargebacks.status, filter.status) : undefined,
          writtenOff,
          cursor
            ? sql`(${chargebacks.openedAt}, ${chargebacks.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(chargebacks.openedAt), desc(chargebacks.id))
      .limit(limit);
  }

  async find(chargebackId: string): Promise<ChargebackListRow | undefined> {
    const [row] = await this.database
      .select({ chargeback: chargebacks, writeOff: chargebackWriteOffs, openedAtKey })
      .from(chargebacks)
      .leftJoin(chargebackWriteOffs, eq(chargebackWriteOffs.chargebackId, chargebacks.id))
      .where(eq(chargebacks.id, chargebackId));
    return row;
  }

  private async writeOffLocked(
    tx: Tx,
    adminId: string,
    chargebackId: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<{ chargebackId: string }> {
    // The buyer and currency never change (a trigger keeps a chargeback's facts): read them unlocked
    // to know which wallet to lock first.
    const [peek] = await tx
      .select({ buyerId: chargebacks.buyerId, currency: chargebacks.currency })
      .from(chargebacks)
      .where(eq(chargebacks.id, chargebackId));
    if (!peek) chargebackNotFound();
    if (peek.buyerId === adminId) {
      refuse(
        WriteOffChargebackLossErrorCode.OWN_ACCOUNT,
        'This chargeback is on your own wallet: another admin decides its write-off.',
        'chargebackId',
      );
    }
    // The wallet row lock holds off chargebacks opening or closing on this wallet (they take it
    // first too), so the open chargebacks set aside below stay as counted until commit.
    const wallet = await this.wallets.lockWallet(tx, peek.buyerId, peek.currency);
    const [chargeback] = await tx
      .select()
      .from(chargebacks)
      .where(eq(chargebacks.id, chargebackId))
      .for('update');
    assert(chargeback, `chargeback ${chargebackId} vanished while it was locked`);
    if (chargeback.status !== ChargebackStatus.LOST) {
      refuse(
        WriteOffChargebackLossErrorCode.CHARGEBACK_NOT_LOST,
        chargeback.status === ChargebackStatus.OPEN
          ? 'This chargeback is still open: wait for the bank to decide it.'
          : 'This chargeback was won: its amount went back to the wallet, there is nothing to write off.',
        'chargebackId',
      );
    }
    if (await findWriteOff(tx, chargebackId)) {
      refuse(
        WriteOffChargebackLossErrorCode.ALREADY_WRITTEN_OFF,
        'This chargeback was already written off.',
        'chargebackId',
      );
    }
    const openChargebacksAmount = await this.openChargebacksAmount(
      tx,
      chargeback.buyerId,
      chargeback.currency,
    );
    // Decided under the ledger's own locks on both accounts, which `post` takes again: refunds into
    // the wallet do not take the wallet row lock, and two write-offs of one wallet queue here.
    const walletRef = walletAccount(chargeback.buyerId, chargeback.currency);
    const balances = await this.ledger.lockBalances(tx, [chargebackLosses(chargeback.currency), walletRef]);
    const walletBalance = balances.get(accountKey(walletRef));
    assert(walletBalance !== undefined, `wallet account of ${chargeback.buyerId} was not locked`);
    const amount = writeOffAmount({
      chargebackAmount: chargeback.amount,
      walletBalance,
      openChargebacksAmount,
    });
    if (amount === 0) {
      refuse(
        WriteOffChargebackLossErrorCode.NO_DEFICIT,
        walletBalance >= 0
          ? "The buyer's wallet is not negative: there is no deficit to write off."
          : "The wallet's deficit is held by chargebacks that are still open: write it off once they are decided.",
        'chargebackId',
      );
    }
    const posted = await this.ledger.post(
      tx,
      chargebackWriteOffPosting({
        chargebackId,
        topUpId: chargeback.topUpId,
        buyerId: chargeback.buyerId,
        amount,
        currency: chargeback.currency,
        reason,
      }),
    );
    assert(!posted.replayed, `chargeback ${chargebackId} has a write-off posting but no write-off row`);
    await publishWalletChanged(tx, chargeback.buyerId, chargeback.currency);
    await tx.insert(chargebackWriteOffs).values({
      chargebackId,
      buyerId: chargeback.buyerId,
      amount,
      currency: chargeback.currency,
      reason,
      writtenOffBy: adminId,
    });
    await recordAudit(tx, {
      actorUserId: adminId,
      action: 'chargeback.written_off',
      subjectType: 'Chargeback',
      subjectId: chargebackId,
      details: {
        reason,
        amount,
        currency: chargeback.currency,
        buyerId: chargeback.buyerId,
        stripeDisputeId: chargeback.stripeDisputeId,
        chargebackAmount: chargeback.amount,
        walletBalanceBefore: walletBalance,
        openChargebacksAmount,
        walletStatus: wallet.status,
        ledgerTransactionId: posted.transactionId,
      },
      requestId: meta.requestId,
      address: meta.address,
    });
    return { chargebackId };
  }

  /** What the wallet's open chargebacks took: money that a won chargeback would bring back. */
  private async openChargebacksAmount(
    database: Database | Tx,
    buyerId: string,
    currency: string,
  ): Promise<number> {
    const [row] = await database
      .select({ total: sql<string>`coalesce(sum(${chargebacks.amount}), 0)` })
      .from(chargebacks)
      .where(
        and(
          eq(chargebacks.buyerId, buyerId),
          eq(chargebacks.currency, currency),
          eq(chargebacks.status, ChargebackStatus.OPEN),
        ),
      );
    return Number(row?.total ?? 0);
  }
}

async function findWriteOff(
  database: Database | Tx,
  chargebackId: string,
): Promise<ChargebackWriteOffRow | undefined> {
  const [row] = await database
    .select()
    .from(chargebackWriteOffs)
    .where(eq(chargebackWriteOffs.chargebackId, chargebackId));
  return row;
}

function chargebackNotFound(): never {
  refuse(WriteOffChargebackLossErrorCode.CHARGEBACK_NOT_FOUND, 'No such chargeback.', 'chargebackId');
}
