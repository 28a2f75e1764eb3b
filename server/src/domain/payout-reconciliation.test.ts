import fc from 'fast-check';
import {
  claimedPayoutId,
  reconcilePayouts,
  transfersToReread,
  type PayoutDiscrepancyKind,
  type ReconciledPayout,
  type ReconciledPostingTotal,
  type ReconciledTransfer,
  type ReconciliationInput,
} from './payout-reconciliation';

/** Books as the three payout phases leave them: every payout's transfer and postings agree with it. */
interface PayoutShape {
  state: 'PENDING' | 'PAID' | 'FAILED';
  amount: number;
  currency: string;
  reversedAmount: number;
}

const createdAt = new Date('2026-06-01T12:00:00Z');
/** Before every payout: none is stuck unless a test says so. */
const stuckBefore = new Date('2026-06-01T11:00:00Z');

function consistentBooks(shapes: readonly PayoutShape[]): ReconciliationInput {
  const payouts: ReconciledPayout[] = [];
  const transfers: ReconciledTransfer[] = [];
  const postings: ReconciledPostingTotal[] = [];
  shapes.forEach((shape, index) => {
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const transferId = `tr_${index}`;
    const account = `acct_${index % 3}`;
    payouts.push({
      id,
      state: shape.state,
      amount: shape.amount,
      currency: shape.currency,
      stripeAccountId: account,
      stripeTransferId: shape.state === 'PAID' ? transferId : null,
      reversedAmount: shape.state === 'PAID' ? shape.reversedAmount : 0,
      createdAt,
    });
    const posting = (kind: string, amount: number, inTransitChange: number) =>
      postings.push({ payoutId: id, kind, currency: shape.currency, postings: 1, amount, inTransitChange });
    posting('PAYOUT_INITIATED', shape.amount, shape.amount);
    if (shape.state === 'PAID') {
      transfers.push({
        id: transferId,
        amount: shape.amount,
        amountReversed: shape.reversedAmount,
        currency: shape.currency,
        destination: account,
        metadataPayoutId: id,
        transferGroup: `payout:${id}`,
        created: new Date(createdAt.getTime() + 1_000),
      });
      posting('PAYOUT_TRANSFERRED', shape.amount, -shape.amount);
      if (shape.reversedAmount > 0) posting('PAYOUT_REVERSED', shape.reversedAmount, 0);
    }
    if (shape.state === 'FAILED') posting('PAYOUT_FAILED', shape.amount, -shape.amount);
  });
  return { payouts, transfers, postings, stuckBefore };
}

const shape: fc.Arbitrary<PayoutShape> = fc
  .record({
    state: fc.constantFrom('PENDING' as const, 'PAID' as const, 'FAILED' as const),
    amount: fc.integer({ min: 1, max: 10_000_000 }),
    currency: fc.constantFrom('EUR', 'USD'),
    reversedPart: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ reversedPart, ...rest }) => ({
    ...rest,
    reversedAmount: Math.floor((rest.amount * reversedPart) / 100),
  }));

/** Books with at least one payout in each state, so that every corruption has something to break. */
const books = fc
  .array(shape, { minLength: 0, maxLength: 12 })
  .map((shapes) =>
    consistentBooks([
      { state: 'PAID', amount: 1_500, currency: 'EUR', reversedAmount: 0 },
      { state: 'PENDING', amount: 700, currency: 'EUR', reversedAmount: 0 },
      { state: 'FAILED', amount: 900, currency: 'USD', reversedAmount: 0 },
      ...shapes,
    ]),
  );

const first = <T>(items: readonly T[], matches: (item: T) => boolean): T => {
  const found = items.find(matches);
  if (!found) throw new Error('the books lack what this corruption needs');
  return found;
};
const paid = (input: ReconciliationInput) => first(input.payouts, (payout) => payout.state === 'PAID');
const transferOf = (input: ReconciliationInput, payout: ReconciledPayout) =>
  first(input.transfers, (transfer) => transfer.id === payout.stripeTransferId);

/** One way to break the books per kind; each must be reported as exactly that kind. */
const corruptions: Record<PayoutDiscrepancyKind, (input: ReconciliationInput) => ReconciliationInput> = {
  TRANSFER_WITHOUT_PAYOUT: (input) => ({
    ...input,
    transfers: [
      ...input.transfers,
      {
        id: 'tr_behind_our_back',
        amount: 4_200,
        amountReversed: 0,
        currency: 'EUR',
        destination: 'acct_0',
        metadataPayoutId: null,
        transferGroup: null,
        created: createdAt,
      },
    ],
  }),
  DUPLICATE_TRANSFER: (input) => {
    const transfer = transferOf(input, paid(input));
    return { ...input, transfers: [...input.transfers, { ...transfer, id: 'tr_second' }] };
  },
  PAYOUT_WITHOUT_TRANSFER: (input) => {
    const transfer = transferOf(input, paid(input));
    return { ...input, transfers: input.transfers.filter((other) => other !== transfer) };
  },
  TRANSFER_ID_MISMATCH: (input) => {
    const payout = paid(input);
    return {
      ...input,
      payouts: input.payouts.map((other) =>
        other === payout ? { ...payout, stripeTransferId: 'tr_recorded_elsewhere' } : other,
      ),
    };
  },
  AMOUNT_MISMATCH: (input) => changeTransfer(input, (transfer) => ({ amount: transfer.amount + 1 })),
  CURRENCY_MISMATCH: (input) =>
    changeTransfer(input, (transfer) => ({ currency: transfer.currency === 'EUR' ? 'GBP' : 'EUR' })),
  DESTINATION_MISMATCH: (input) => changeTransfer(input, () => ({ destination: 'acct_someone_else' })),
  REVERSAL_MISMATCH: (input) =>
    changeTransfer(input, (transfer) => ({
      amountReversed: transfer.amountReversed === 0 ? 1 : transfer.amountReversed - 1,
    })),
  LEDGER_MISMATCH: (input) => {
    const payout = paid(input);
    return {
      ...input,
      postings: input.postings.filter(
        (posting) => !(posting.payoutId === payout.id && posting.kind === 'PAYOUT_TRANSFERRED'),
      ),
    };
  },
  STUCK_PAYOUT: (input) => ({ ...input, stuckBefore: new Date(createdAt.getTime() + 1) }),
};

function changeTransfer(
  input: ReconciliationInput,
  change: (transfer: ReconciledTransfer) => Partial<ReconciledTransfer>,
): ReconciliationInput {
  const transfer = transferOf(input, paid(input));
  return {
    ...input,
    transfers: input.transfers.map((other) => (other === transfer ? { ...other, ...change(other) } : other)),
  };
}

describe('reconcilePayouts', () => {
  it('finds nothing in books that the payout phases wrote (PENDING, PAID, reversed, FAILED)', () => {
    fc.assert(fc.property(books, (input) => expect(reconcilePayouts(input)).toEqual([])));
  });

  it.each(Object.keys(corruptions) as PayoutDiscrepancyKind[])(
    'reports %s, and only that, when the books are broken that way',
    (kind) => {
      fc.assert(
        fc.property(books, (input) => {
          const found = reconcilePayouts(corruptions[kind](input));
          expect(new Set(found.map((discrepancy) => discrepancy.kind))).toEqual(new Set([kind]));
        }),
        { numRuns: 30 },
      );
    },
  );

  it('reports a transfer for a FAILED payout as money without a payout', () => {
    const input = consistentBooks([{ state: 'FAILED', amount: 900, currency: 'EUR', reversedAmount: 0 }]);
    const payout = input.payouts[0]!;
    const found = reconcilePayouts({
      ...input,
      transfers: [
        {
          id: 'tr_after_failure',
          amount: 900,
          amountReversed: 0,
          currency: 'EUR',
          destination: payout.stripeAccountId,
          metadataPayoutId: payout.id,
          transferGroup: `payout:${payout.id}`,
          created: createdAt,
        },
      ],
    });
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'TRANSFER_WITHOUT_PAYOUT',
        payoutId: payout.id,
        transferId: 'tr_after_failure',
        actual: 900,
      }),
    ]);
  });

  it('reports postings of a payout that does not exist', () => {
    const found = reconcilePayouts({
      payouts: [],
      transfers: [],
      postings: [
        {
          payoutId: 'gone',
          kind: 'PAYOUT_INITIATED',
          currency: 'EUR',
          postings: 1,
          amount: 100,
          inTransitChange: 100,
        },
      ],
      stuckBefore,
    });
    expect(found).toEqual([expect.objectContaining({ kind: 'LEDGER_MISMATCH', payoutId: 'gone' })]);
  });

  it('reports a PENDING payout whose in-transit money went to the wrong account', () => {
    const input = consistentBooks([{ state: 'PENDING', amount: 700, currency: 'EUR', reversedAmount: 0 }]);
    const found = reconcilePayouts({
      ...input,
      postings: input.postings.map((posting) => ({ ...posting, inTransitChange: 0 })),
    });
    expect(found).toEqual([expect.objectContaining({ kind: 'LEDGER_MISMATCH', expected: 700, actual: 0 })]);
  });

  it('reports a stuck PENDING payout whose transfer Stripe made (phase 3 missing) as stuck, not as lost', () => {
    const input = consistentBooks([{ state: 'PAID', amount: 500, currency: 'EUR', reversedAmount: 0 }]);
    const payout = input.payouts[0]!;
    const found = reconcilePayouts({
      ...input,
      payouts: [{ ...payout, state: 'PENDING', stripeTransferId: null }],
      postings: input.postings.filter((posting) => posting.kind === 'PAYOUT_INITIATED'),
      stuckBefore: new Date(createdAt.getTime() + 1),
    });
    expect(found).toEqual([
      expect.objectContaining({ kind: 'STUCK_PAYOUT', payoutId: payout.id, transferId: 'tr_0' }),
    ]);
  });
});

describe('claimedPayoutId', () => {
  it('reads the metadata first, then the transfer group', () => {
    const transfer: ReconciledTransfer = {
      id: 'tr_1',
      amount: 1,
      amountReversed: 0,
      currency: 'EUR',
      destination: 'acct_1',
      metadataPayoutId: null,
      transferGroup: 'payout:abc',
      created: createdAt,
    };
    expect(claimedPayoutId(transfer)).toBe('abc');
    expect(claimedPayoutId({ ...transfer, metadataPayoutId: 'def' })).toBe('def');
    expect(claimedPayoutId({ ...transfer, transferGroup: 'order:abc' })).toBeNull();
  });
});

describe('transfersToReread', () => {
  it("names a PAID payout's transfer missing from the listing or listed with less reversed than recorded", () => {
    const input = consistentBooks([
      { state: 'PAID', amount: 500, currency: 'EUR', reversedAmount: 200 },
      { state: 'PAID', amount: 600, currency: 'EUR', reversedAmount: 0 },
      { state: 'PAID', amount: 700, currency: 'EUR', reversedAmount: 0 },
    ]);
    const listed = new Map(input.transfers.map((transfer) => [transfer.id, transfer]));
    listed.set('tr_0', { ...listed.get('tr_0')!, amountReversed: 100 });
    listed.delete('tr_1');
    expect(transfersToReread(input.payouts, listed)).toEqual(['tr_0', 'tr_1']);
  });
});
