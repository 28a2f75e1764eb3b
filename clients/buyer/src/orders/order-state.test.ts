import type { BuyerOrderSummaryFragment } from '../gql/graphql';
import { disputeIsOpen, disputeWithdrawn, orderState } from './order-state';

function order(dispute: BuyerOrderSummaryFragment['dispute']): BuyerOrderSummaryFragment {
  return {
    id: 'T3JkZXI6MQ',
    createdAt: '2026-11-30T10:00:00.000Z',
    escrowStatus: 'HELD',
    protectionEndsAt: '2026-12-03T10:00:00.000Z',
    codeRevealedAt: null,
    confirmedAt: null,
    releasedAt: null,
    refundedAt: null,
    price: { amount: 1500, currency: 'EUR' },
    listing: null,
    dispute,
  } as BuyerOrderSummaryFragment;
}

const dispute = (state: string, requestedParty: string | null) =>
  ({ id: 'RGlzcHV0ZTox', state, version: 3, requestedParty }) as BuyerOrderSummaryFragment['dispute'];

describe('orderState', () => {
  it('asks the buyer for an answer only when support asked the buyer', () => {
    expect(orderState(order(dispute('NEEDS_RESPONSE', 'BUYER'))).label).toBe(
      'Dispute: your answer is needed',
    );
    expect(orderState(order(dispute('NEEDS_RESPONSE', 'SELLER'))).label).toBe(
      'Dispute: waiting for the seller',
    );
  });

  it('reads an open dispute as disputed, and nothing can be confirmed meanwhile', () => {
    expect(orderState(order(dispute('UNDER_REVIEW', null)))).toEqual({
      label: 'Disputed',
      color: 'orange',
      actionable: false,
    });
  });

  it('lets the buyer act on a held order without a dispute', () => {
    expect(orderState(order(null))).toMatchObject({ label: 'Awaiting your confirmation', actionable: true });
  });

  it('gives confirming back to the buyer once they withdrew the dispute', () => {
    const withdrawn = order(dispute('CLOSED', null));
    expect(orderState(withdrawn)).toMatchObject({ label: 'Awaiting your confirmation', actionable: true });
    expect(disputeWithdrawn(withdrawn)).toBe(true);
    expect(disputeWithdrawn(order(dispute('UNDER_REVIEW', null)))).toBe(false);
    expect(disputeWithdrawn({ ...withdrawn, escrowStatus: 'RELEASED' })).toBe(false);
  });

  it('holds the payment for the dispute only while the dispute is open', () => {
    expect(disputeIsOpen(order(dispute('UNDER_REVIEW', null)))).toBe(true);
    expect(disputeIsOpen(order(dispute('CLOSED', null)))).toBe(false);
    expect(disputeIsOpen(order(null))).toBe(false);
  });
});
