import { asc, desc } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import {
  payoutDiscrepancyKinds,
  reconcilePayouts,
  transfersToReread,
  type PayoutDiscrepancy,
  type ReconciledPayout,
  type ReconciledTransfer,
} from '../domain/payout-reconciliation';
import { payoutPostings } from '../ledger/ledger.queries';
import { assert } from '../shared/assert';
import type { StripeGateway } from '../stripe/stripe.gateway';
import type { StripeTransfer } from '../stripe/stripe.types';
import { payoutReconciliations, payouts } from './payouts.tables';

/** Who started a run: the scheduled job, `npm run payouts:reconcile`, or an admin over GraphQL. */
export type ReconciliationTrigger = 'SCHEDULE' | 'COMMAND' | 'ADMIN';

export interface PayoutReconciliationRun {
  id: string;
  trigger: ReconciliationTrigger;
  /** The admin who asked for it (trigger ADMIN). */
  requestedBy: string | null;
  /** Which Stripe the transfers were read from. */
  stripeApi: string;
  startedAt: Date;
  finishedAt: Date;
  transfersChecked: number;
  payoutsChecked: number;
  /** Every discrepancy found; `discrepancies` holds the first maxStoredDiscrepancies of them. */
  discrepancyCount: number;
  discrepancies: PayoutDiscrepancy[];
}

export interface ReconcileOptions {
  trigger: ReconciliationTrigger;
  requestedBy?: string;
  /** Called as Stripe's transfers are read (every page, and once at the end); awaited. */
  onProgress?: (progress: { transfersRead: number }) => void | Promise<void>;
  /** When PENDING payouts' ages are measured from; now by default. */
  now?: Date;
}

export type ReconcileResult =
  { outcome: 'COMPLETED'; run: PayoutReconciliationRun } | { outcome: 'ALREADY_RUNNING' };

/** The stored report keeps the first ones in report order; the count is always the total. */
export const maxStoredDiscrepancies = 1_000;
/**
 * A run holds every transfer and payout in memory (a few hundred bytes each). At CodeSale's scale
 * (a sweep a day per seller) a full scan stays far below this; past it, a run refuses rather than
 * exhaust the process, and reconciliation needs a window (see the payouts README).
 */
export const maxRecordsPerRun = 250_000;
/** Transfers read again one by one after the listing (normally the few made or reversed meanwhile). */
const maxTransferRereads = 100;
const pageSize = 100;
/** Session advisory lock: one run at a time across every process (job, command, admin). */
const runLockName = 'payouts:reconciliation';

/** A run that cannot finish within its limits; nothing is stored. */
export class PayoutReconciliationLimitError extends Error {
  override name = 'PayoutReconciliationLimitError';
}

/**
 * PayoutReconciliationService: compares Stripe's transfers with the payouts table and the ledger,
 * and stores each run (the only writer of payout_reconciliations).
 *
 * A run reads every transfer of the platform (a full scan: at this scale a few hundred pages at
 * most, and only a full scan sees a reversal of an old transfer or a duplicate made long after its
 * payout), then the payouts and their postings in one repeatable-read snapshot, so that a payout
 * and its postings are always seen at the same moment. Stripe is read first because a payout row
 * always commits before its transfer is made: a transfer listed is never newer than the snapshot.
 * The transfers that may have changed in between (made, or reversed, after the listing passed
 * them) are read again one by one before they are judged. The rules are
 * domain/payout-reconciliation.ts.
 */
export class PayoutReconciliationService {
  constructor(
    private readonly database: Database,
    private readonly stripe: StripeGateway,
    private readonly settings: Pick<Config['payouts'], 'stuckAfterSeconds'>,
    /** Which Stripe `stripe` talks to, in words (describeStripeApi). */
    private readonly stripeApi: string,
  ) {}

  /** One run, unless another is running anywhere (then nothing is read or stored). */
  async reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
    assert(
      (options.trigger === 'ADMIN') === (options.requestedBy !== undefined),
      'an ADMIN run names its admin',
    );
    const lock = await this.database.$client.connect();
    // A connection whose unlock did not go through is closed: ending its session ends the lock.
    let unlocked = false;
    try {
      const { rows } = await lock.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
        [runLockName],
      );
      if (!rows[0]?.locked) {
        unlocked = true;
        return { outcome: 'ALREADY_RUNNING' };
      }
      try {
        return { outcome: 'COMPLETED', run: await this.run(options) };
      } finally {
        await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', [runLockName]);
        unlocked = true;
      }
    } finally {
      lock.release(!unlocked);
    }
  }

  /** The last completed run, or null before the first one. */
  async latest(): Promise<PayoutReconciliationRun | null> {
    const [row] = await this.database
      .select()
      .from(payoutReconciliations)
      .orderBy(desc(payoutReconciliations.finishedAt), desc(payoutReconciliations.id))
      .limit(1);
    return row ? fromRow(row) : null;
  }

  private async run(options: ReconcileOptions): Promise<PayoutReconciliationRun> {
    const startedAt = new Date();
    const listed = await this.listTransfers(options.onProgress);
    const snapshot = await withTransaction(
      this.database,
      async (tx) => ({ payouts: await readPayouts(tx), postings: await payoutPostings(tx) }),
      { isolationLevel: 'repeatable read' },
    );
    const transfers = await this.reread(listed, snapshot.payouts);
    const now = options.now ?? new Date();
    const discrepancies = reconcilePayouts({
      transfers: [...transfers.values()],
      payouts: snapshot.payouts,
      postings: snapshot.postings,
      stuckBefore: new Date(now.getTime() - this.settings.stuckAfterSeconds * 1000),
    });
    const [row] = await this.database
      .insert(payoutReconciliations)
      .values({
        id: crypto.randomUUID(),
        trigger: options.trigger,
        requestedBy: options.requestedBy ?? null,
        stripeApi: this.stripeApi,
        startedAt,
        finishedAt: new Date(),
        transfersChecked: transfers.size,
        payoutsChecked: snapshot.payouts.length,
        discrepancyCount: discrepancies.length,
        discrepancies: discrepancies.slice(0, maxStoredDiscrepancies),
      })
      .returning();
    return fromRow(row!);
  }

  private async listTransfers(
    onProgress: ReconcileOptions['onProgress'],
  ): Promise<Map<string, ReconciledTransfer>> {
    const transfers = new Map<string, ReconciledTransfer>();
    for await (const transfer of this.stripe.listTransfers({ pageSize })) {
      transfers.set(transfer.id, reconciledTransfer(transfer));
      if (transfers.size > maxRecordsPerRun) {
        throw new PayoutReconciliationLimitError(
          `Stripe holds more than ${maxRecordsPerRun} transfers: a full reconciliation would not fit in memory; it needs a window (server/src/payouts/README.md, "Reconciliation").`,
        );
      }
      if (transfers.size % pageSize === 0) await onProgress?.({ transfersRead: transfers.size });
    }
    await onProgress?.({ transfersRead: transfers.size });
    return transfers;
  }

  /** The listing, with the transfers that may have changed since it passed them read again. */
  private async reread(
    listed: Map<string, ReconciledTransfer>,
    payoutRows: readonly ReconciledPayout[],
  ): Promise<Map<string, ReconciledTransfer>> {
    // Beyond the limit something is badly wrong (another Stripe account?); those are judged as listed.
    const ids = transfersToReread(payoutRows, listed).slice(0, maxTransferRereads);
    for (const id of ids) {
      const fresh = await this.stripe.findTransfer(id);
      if (fresh) listed.set(fresh.id, reconciledTransfer(fresh));
    }
    return listed;
  }
}

async function readPayouts(tx: Tx): Promise<ReconciledPayout[]> {
  const rows = await tx
    .select({
      id: payouts.id,
      state: payouts.state,
      amount: payouts.amount,
      currency: payouts.currency,
      stripeAccountId: payouts.stripeAccountId,
      stripeTransferId: payouts.stripeTransferId,
      reversedAmount: payouts.reversedAmount,
      createdAt: payouts.createdAt,
    })
    .from(payouts)
    .orderBy(asc(payouts.createdAt), asc(payouts.id))
    .limit(maxRecordsPerRun + 1);
  if (rows.length > maxRecordsPerRun) {
    throw new PayoutReconciliationLimitError(
      `There are more than ${maxRecordsPerRun} payouts: a full reconciliation would not fit in memory; it needs a window (server/src/payouts/README.md, "Reconciliation").`,
    );
  }
  return rows;
}

function reconciledTransfer(transfer: StripeTransfer): ReconciledTransfer {
  return {
    id: transfer.id,
    amount: transfer.amount,
    amountReversed: transfer.amountReversed,
    currency: transfer.currency,
    destination: transfer.destination,
    metadataPayoutId: transfer.payoutId,
    transferGroup: transfer.transferGroup,
    created: transfer.created,
  };
}

function fromRow(row: typeof payoutReconciliations.$inferSelect): PayoutReconciliationRun {
  const discrepancies = row.discrepancies as PayoutDiscrepancy[];
  for (const discrepancy of discrepancies)
    assert(payoutDiscrepancyKinds.includes(discrepancy.kind), `unknown discrepancy kind ${discrepancy.kind}`);
  return {
    id: row.id,
    trigger: row.trigger,
    requestedBy: row.requestedBy,
    stripeApi: row.stripeApi,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    transfersChecked: row.transfersChecked,
    payoutsChecked: row.payoutsChecked,
    discrepancyCount: row.discrepancyCount,
    discrepancies,
  };
}

/** Which Stripe the gateway of these settings talks to, in words: stored with each run and printed by the command. */
export function describeStripeApi(settings: Config['stripe']): string {
  if (settings.emulator) return 'the in-process Stripe emulator (only transfers made by this process)';
  if (settings.apiEndpoint) {
    const { protocol, host, port } = settings.apiEndpoint;
    return `the Stripe-compatible API at ${protocol}://${host}:${port}`;
  }
  return settings.secretKey?.includes('_live_') ? 'Stripe (live mode)' : 'Stripe (test mode)';
}
