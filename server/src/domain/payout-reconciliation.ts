/**
 * Payout reconciliation as pure rules: Stripe's transfers, the payouts table and the ledger's
 * payout postings, compared. Each disagreement is one discrepancy; nothing here does I/O
 * (PayoutReconciliationService reads the three sources and stores the report).
 *
 * Every transfer must belong to a payout of ours that is PENDING or PAID, and be the only one of
 * that payout; every PAID payout's transfer must exist at Stripe with the payout's amount,
 * currency, destination and reversed amount; every payout's postings must be the ones its state
 * implies; and a PENDING payout must not stay PENDING for long.
 */

/** In report order: money at Stripe our books do not show first, then what the books claim Stripe did. */
export const payoutDiscrepancyKinds = [
  /** A transfer naming no payout of ours, or one we have as FAILED: money left that our books do not show. */
  'TRANSFER_WITHOUT_PAYOUT',
  /** A second (third...) transfer for one payout: the payout's money left more than once. */
  'DUPLICATE_TRANSFER',
  /** A PAID payout whose transfer Stripe does not have. */
  'PAYOUT_WITHOUT_TRANSFER',
  /** A PAID payout records a transfer that is not the one Stripe made for it. */
  'TRANSFER_ID_MISMATCH',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'DESTINATION_MISMATCH',
  /** Stripe's amount reversed differs from the payout's reversed amount. */
  'REVERSAL_MISMATCH',
  /** A payout's postings are not the ones its state implies, or postings name no payout. */
  'LEDGER_MISMATCH',
  /** PENDING for longer than the stuck threshold: no money lost, but recovery has not finished it. */
  'STUCK_PAYOUT',
] as const;

export type PayoutDiscrepancyKind = (typeof payoutDiscrepancyKinds)[number];

export interface PayoutDiscrepancy {
  kind: PayoutDiscrepancyKind;
  payoutId: string | null;
  transferId: string | null;
  /**
   * What our books say and what the other side says. A number is an amount in minor units of
   * `currency`; text is anything else (a currency, an account, a transfer id, a count).
   */
  expected: number | string | null;
  actual: number | string | null;
  currency: string | null;
  message: string;
}

/** A Stripe transfer, as reconciliation reads it. */
export interface ReconciledTransfer {
  id: string;
  amount: number;
  amountReversed: number;
  /** Upper case. */
  currency: string;
  destination: string;
  /** `metadata.payout_id`. */
  metadataPayoutId: string | null;
  /** `transfer_group`: PayoutService sets `payout:<id>`. */
  transferGroup: string | null;
  created: Date;
}

export interface ReconciledPayout {
  id: string;
  state: 'PENDING' | 'PAID' | 'FAILED';
  amount: number;
  currency: string;
  stripeAccountId: string;
  stripeTransferId: string | null;
  reversedAmount: number;
  createdAt: Date;
}

/** One payout's postings of one kind in one currency (ledger.queries' payoutPostings). */
export interface ReconciledPostingTotal {
  payoutId: string;
  kind: string;
  currency: string;
  postings: number;
  amount: number;
  inTransitChange: number;
}

export interface ReconciliationInput {
  transfers: readonly ReconciledTransfer[];
  payouts: readonly ReconciledPayout[];
  postings: readonly ReconciledPostingTotal[];
  /** A PENDING payout created before this is stuck (now less PAYOUT_STUCK_AFTER_SECONDS). */
  stuckBefore: Date;
}

const transferGroupPrefix = 'payout:';

/** The payout a transfer claims to pay: its metadata first, else its transfer group. */
export function claimedPayoutId(transfer: ReconciledTransfer): string | null {
  if (transfer.metadataPayoutId) return transfer.metadataPayoutId;
  if (transfer.transferGroup?.startsWith(transferGroupPrefix))
    return transfer.transferGroup.slice(transferGroupPrefix.length) || null;
  return null;
}

/**
 * The transfers to read again one by one after the listing: a PAID payout's transfer missing from
 * it (made after the listing passed that point), or listed with less reversed than the payout
 * records (reversed after it was listed). Stripe is listed before the database is read, so these
 * are the only ways a correct payout can look wrong; a fresh read tells them from real problems.
 */
export function transfersToReread(
  payouts: readonly ReconciledPayout[],
  listed: ReadonlyMap<string, ReconciledTransfer>,
): string[] {
  const ids: string[] = [];
  for (const payout of payouts) {
    if (payout.state !== 'PAID' || payout.stripeTransferId === null) continue;
    const transfer = listed.get(payout.stripeTransferId);
    if (!transfer || transfer.amountReversed < payout.reversedAmount) ids.push(payout.stripeTransferId);
  }
  return ids;
}

/** Every discrepancy between the three sources, in report order (kind, then payout, then transfer). */
export function reconcilePayouts(input: ReconciliationInput): PayoutDiscrepancy[] {
  const found: PayoutDiscrepancy[] = [];
  const payoutsById = new Map(input.payouts.map((payout) => [payout.id, payout]));
  const transfersById = new Map(input.transfers.map((transfer) => [transfer.id, transfer]));
  const transfersByPayout = new Map<string, ReconciledTransfer[]>();
  for (const transfer of [...input.transfers].sort(byCreation)) {
    const payoutId = claimedPayoutId(transfer);
    const payout = payoutId === null ? undefined : payoutsById.get(payoutId);
    if (!payout || payout.state === 'FAILED') {
      found.push(transferWithoutPayout(transfer, payoutId, payout));
      continue;
    }
    const claimed = transfersByPayout.get(payout.id) ?? [];
    claimed.push(transfer);
    transfersByPayout.set(payout.id, claimed);
  }
  const postingsByPayout = new Map<string, ReconciledPostingTotal[]>();
  for (const posting of input.postings) {
    const postings = postingsByPayout.get(posting.payoutId) ?? [];
    postings.push(posting);
    postingsByPayout.set(posting.payoutId, postings);
  }
  for (const payout of input.payouts) {
    const claimed = transfersByPayout.get(payout.id) ?? [];
    if (payout.state === 'PAID') found.push(...checkPaid(payout, claimed, transfersById));
    if (payout.state === 'PENDING') found.push(...checkPending(payout, claimed, input.stuckBefore));
    found.push(...checkLedger(payout, postingsByPayout.get(payout.id) ?? []));
  }
  for (const [payoutId, postings] of postingsByPayout) {
    if (payoutsById.has(payoutId)) continue;
    found.push({
      kind: 'LEDGER_MISMATCH',
      payoutId,
      transferId: null,
      expected: 'no posting',
      actual: describePostings(postings),
      currency: postings[0]?.currency ?? null,
      message: `The ledger has ${describePostings(postings)} for payout ${payoutId}, which does not exist.`,
    });
  }
  return found.sort(inReportOrder);
}

function transferWithoutPayout(
  transfer: ReconciledTransfer,
  payoutId: string | null,
  payout: ReconciledPayout | undefined,
): PayoutDiscrepancy {
  const sent = `Stripe transfer ${transfer.id} of ${transfer.amount} ${transfer.currency} to ${transfer.destination}`;
  const why =
    payoutId === null
      ? 'names no payout'
      : payout
        ? `is for payout ${payoutId}, which failed: its money went back to the seller's earnings`
        : `names payout ${payoutId}, which does not exist`;
  return {
    kind: 'TRANSFER_WITHOUT_PAYOUT',
    payoutId,
    transferId: transfer.id,
    expected: null,
    actual: transfer.amount,
    currency: transfer.currency,
    message: `${sent} ${why}. The money left the platform without a payout in our books.`,
  };
}

function checkPaid(
  payout: ReconciledPayout,
  claimed: readonly ReconciledTransfer[],
  transfersById: ReadonlyMap<string, ReconciledTransfer>,
): PayoutDiscrepancy[] {
  const recordedId = payout.stripeTransferId;
  // The payouts table's own constraint: PAID has a transfer id.
  if (recordedId === null) return [];
  const recorded = transfersById.get(recordedId);
  if (recorded && claimedPayoutId(recorded) === payout.id) {
    return [
      ...compareTransfer(payout, recorded, { reversal: true }),
      ...duplicates(
        payout,
        recorded,
        claimed.filter((transfer) => transfer.id !== recorded.id),
      ),
    ];
  }
  const [first, ...rest] = claimed;
  if (!first) {
    return [
      {
        kind: 'PAYOUT_WITHOUT_TRANSFER',
        payoutId: payout.id,
        transferId: recordedId,
        expected: payout.amount,
        actual: null,
        currency: payout.currency,
        message: recorded
          ? `Payout ${payout.id} is PAID by transfer ${recordedId}, which Stripe made for ${describeClaim(recorded)}; Stripe has no transfer for this payout.`
          : `Payout ${payout.id} is PAID by transfer ${recordedId} of ${payout.amount} ${payout.currency}, which Stripe does not have.`,
      },
    ];
  }
  return [
    {
      kind: 'TRANSFER_ID_MISMATCH',
      payoutId: payout.id,
      transferId: first.id,
      expected: recordedId,
      actual: first.id,
      currency: null,
      message: `Payout ${payout.id} records transfer ${recordedId}, but Stripe made transfer ${first.id} for it.`,
    },
    ...compareTransfer(payout, first, { reversal: false }),
    ...duplicates(payout, first, rest),
  ];
}

function checkPending(
  payout: ReconciledPayout,
  claimed: readonly ReconciledTransfer[],
  stuckBefore: Date,
): PayoutDiscrepancy[] {
  const [first, ...rest] = claimed;
  const found = first
    ? [...compareTransfer(payout, first, { reversal: false }), ...duplicates(payout, first, rest)]
    : [];
  if (payout.createdAt < stuckBefore) {
    found.push({
      kind: 'STUCK_PAYOUT',
      payoutId: payout.id,
      transferId: first?.id ?? null,
      expected: null,
      actual: null,
      currency: payout.currency,
      message: first
        ? `Payout ${payout.id} of ${payout.amount} ${payout.currency} is PENDING since ${payout.createdAt.toISOString()}, but Stripe made transfer ${first.id}: phase 3 never recorded it. The recovery job completes it with the same idempotency key.`
        : `Payout ${payout.id} of ${payout.amount} ${payout.currency} is PENDING since ${payout.createdAt.toISOString()} and Stripe has no transfer for it. The recovery job re-drives it; if it stays, look at its last error.`,
    });
  }
  return found;
}

function duplicates(
  payout: ReconciledPayout,
  kept: ReconciledTransfer,
  extra: readonly ReconciledTransfer[],
): PayoutDiscrepancy[] {
  return extra.map((transfer) => ({
    kind: 'DUPLICATE_TRANSFER',
    payoutId: payout.id,
    transferId: transfer.id,
    expected: null,
    actual: transfer.amount,
    currency: transfer.currency,
    message: `Stripe made transfer ${transfer.id} of ${transfer.amount} ${transfer.currency} to ${transfer.destination} for payout ${payout.id}, which was already paid by transfer ${kept.id}: ${transfer.amount} ${transfer.currency} left twice.`,
  }));
}

function compareTransfer(
  payout: ReconciledPayout,
  transfer: ReconciledTransfer,
  options: { reversal: boolean },
): PayoutDiscrepancy[] {
  const found: PayoutDiscrepancy[] = [];
  const about = { payoutId: payout.id, transferId: transfer.id };
  if (transfer.amount !== payout.amount) {
    found.push({
      kind: 'AMOUNT_MISMATCH',
      ...about,
      expected: payout.amount,
      actual: transfer.amount,
      currency: payout.currency,
      message: `Payout ${payout.id} is ${payout.amount} ${payout.currency}; its transfer ${transfer.id} is ${transfer.amount} ${transfer.currency}.`,
    });
  }
  if (transfer.currency !== payout.currency) {
    found.push({
      kind: 'CURRENCY_MISMATCH',
      ...about,
      expected: payout.currency,
      actual: transfer.currency,
      currency: null,
      message: `Payout ${payout.id} is in ${payout.currency}; its transfer ${transfer.id} is in ${transfer.currency}.`,
    });
  }
  if (transfer.destination !== payout.stripeAccountId) {
    found.push({
      kind: 'DESTINATION_MISMATCH',
      ...about,
      expected: payout.stripeAccountId,
      actual: transfer.destination,
      currency: null,
      message: `Payout ${payout.id} goes to ${payout.stripeAccountId}; its transfer ${transfer.id} went to ${transfer.destination}.`,
    });
  }
  if (options.reversal && transfer.amountReversed !== payout.reversedAmount) {
    found.push({
      kind: 'REVERSAL_MISMATCH',
      ...about,
      expected: payout.reversedAmount,
      actual: transfer.amountReversed,
      currency: payout.currency,
      message:
        `Stripe has reversed ${transfer.amountReversed} ${transfer.currency} of transfer ${transfer.id}; ` +
        `payout ${payout.id} records ${payout.reversedAmount} reversed.` +
        (transfer.amountReversed > payout.reversedAmount
          ? ' If its transfer.reversed event is not processed yet, this clears once it is; otherwise replay that event.'
          : ''),
    });
  }
  return found;
}

/** What the payout's state implies: one PAYOUT_INITIATED, then one PAYOUT_TRANSFERRED (PAID) or PAYOUT_FAILED (FAILED). */
function checkLedger(
  payout: ReconciledPayout,
  postings: readonly ReconciledPostingTotal[],
): PayoutDiscrepancy[] {
  const found: PayoutDiscrepancy[] = [];
  const mismatch = (expected: number | string, actual: number | string, message: string) =>
    found.push({
      kind: 'LEDGER_MISMATCH',
      payoutId: payout.id,
      transferId: payout.stripeTransferId,
      expected,
      actual,
      currency: payout.currency,
      message: `Payout ${payout.id} (${payout.state}, ${payout.amount} ${payout.currency}): ${message}`,
    });
  for (const posting of postings) {
    if (posting.currency !== payout.currency)
      mismatch(payout.currency, posting.currency, `its ${posting.kind} postings are in ${posting.currency}.`);
  }
  const ofKind = (kind: string) => {
    const matching = postings.filter((posting) => posting.kind === kind);
    return {
      postings: matching.reduce((total, posting) => total + posting.postings, 0),
      amount: matching.reduce((total, posting) => total + posting.amount, 0),
    };
  };
  const expectOne = (kind: string, wanted: boolean) => {
    const actual = ofKind(kind);
    const expectedPostings = wanted ? 1 : 0;
    const expectedAmount = wanted ? payout.amount : 0;
    if (actual.postings !== expectedPostings || actual.amount !== expectedAmount) {
      mismatch(
        expectedAmount,
        actual.amount,
        `expected ${wanted ? `one ${kind} posting of ${payout.amount}` : `no ${kind} posting`}, ` +
          `the ledger has ${actual.postings} moving ${actual.amount}.`,
      );
    }
  };
  expectOne('PAYOUT_INITIATED', true);
  expectOne('PAYOUT_TRANSFERRED', payout.state === 'PAID');
  expectOne('PAYOUT_FAILED', payout.state === 'FAILED');
  const reversed = ofKind('PAYOUT_REVERSED');
  if (reversed.amount !== payout.reversedAmount) {
    mismatch(
      payout.reversedAmount,
      reversed.amount,
      `it records ${payout.reversedAmount} reversed; its PAYOUT_REVERSED postings credit ${reversed.amount}.`,
    );
  }
  const known = new Set(['PAYOUT_INITIATED', 'PAYOUT_TRANSFERRED', 'PAYOUT_FAILED', 'PAYOUT_REVERSED']);
  for (const posting of postings) {
    if (!known.has(posting.kind))
      mismatch(
        'no posting',
        posting.kind,
        `a ${posting.kind} posting names it; no payout posting rule has that kind.`,
      );
  }
  // The kinds are right but the money sits in the wrong place: only the in-transit balance tells.
  if (found.length === 0) {
    const inTransit = postings.reduce((total, posting) => total + posting.inTransitChange, 0);
    const expectedInTransit = payout.state === 'PENDING' ? payout.amount : 0;
    if (inTransit !== expectedInTransit) {
      mismatch(
        expectedInTransit,
        inTransit,
        `its postings leave ${inTransit} in the seller's payouts in transit; expected ${expectedInTransit}.`,
      );
    }
  }
  return found;
}

function describeClaim(transfer: ReconciledTransfer): string {
  const payoutId = claimedPayoutId(transfer);
  return payoutId === null ? 'no payout' : `payout ${payoutId}`;
}

function describePostings(postings: readonly ReconciledPostingTotal[]): string {
  return postings.map((posting) => `${posting.postings} ${posting.kind} (${posting.amount})`).join(', ');
}

function byCreation(left: ReconciledTransfer, right: ReconciledTransfer): number {
  return left.created.getTime() - right.created.getTime() || compareText(left.id, right.id);
}

function inReportOrder(left: PayoutDiscrepancy, right: PayoutDiscrepancy): number {
  return (
    payoutDiscrepancyKinds.indexOf(left.kind) - payoutDiscrepancyKinds.indexOf(right.kind) ||
    compareText(left.payoutId ?? '', right.payoutId ?? '') ||
    compareText(left.transferId ?? '', right.transferId ?? '')
  );
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
