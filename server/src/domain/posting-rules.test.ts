import fc from 'fast-check';
import { maxPostingAmount } from './money';
import {
  chargebackPosting,
  chargebackReversalPosting,
  isBalanced,
  LedgerAccountKind,
  purchasePosting,
  refundPosting,
  releasePosting,
  topUpPosting,
} from './posting-rules';

const amount = fc.integer({ min: 1, max: maxPostingAmount });
const id = fc.uuid();
const currency = fc.constantFrom('EUR', 'USD', 'GBP');
const feeBasisPoints = fc.integer({ min: 0, max: 9_999 });

describe('posting rules', () => {
  it('every rule balances to zero per currency, with non-zero legs', () => {
    fc.assert(
      fc.property(
        id,
        id,
        id,
        amount,
        currency,
        feeBasisPoints,
        (orderId, buyerId, sellerId, value, code, fee) => {
          const postings = [
            topUpPosting({ topUpId: orderId, buyerId, amount: value, currency: code }),
            purchasePosting({ orderId, buyerId, amount: value, currency: code }),
            releasePosting({ orderId, sellerId, amount: value, currency: code, feeBasisPoints: fee }),
            refundPosting({ orderId, buyerId, amount: value, currency: code }),
            chargebackPosting({
              disputeId: orderId,
              topUpId: orderId,
              buyerId,
              amount: value,
              currency: code,
            }),
            chargebackReversalPosting({
              disputeId: orderId,
              topUpId: orderId,
              buyerId,
              amount: value,
              currency: code,
            }),
          ];
          for (const posting of postings) {
            expect(isBalanced(posting.legs)).toBe(true);
            expect(posting.legs.every((leg) => leg.amount !== 0 && leg.account.currency === code)).toBe(true);
          }
        },
      ),
    );
  });

  it('release splits the price into seller earnings and a fee that never exceeds it', () => {
    fc.assert(
      fc.property(id, id, amount, feeBasisPoints, (orderId, sellerId, value, fee) => {
        const posting = releasePosting({
          orderId,
          sellerId,
          amount: value,
          currency: 'EUR',
          feeBasisPoints: fee,
        });
        const toSeller =
          posting.legs.find((leg) => leg.account.kind === LedgerAccountKind.SELLER_EARNINGS)?.amount ?? 0;
        const toPlatform =
          posting.legs.find((leg) => leg.account.kind === LedgerAccountKind.PLATFORM_FEES)?.amount ?? 0;
        expect(toSeller + toPlatform).toBe(value);
        expect(toPlatform).toBeGreaterThanOrEqual(0);
        expect(toPlatform).toBeLessThanOrEqual(value);
      }),
    );
  });

  it('release and refund of one order share one idempotency key, so the ledger holds only one of them', () => {
    fc.assert(
      fc.property(id, id, id, amount, (orderId, buyerId, sellerId, value) => {
        const release = releasePosting({
          orderId,
          sellerId,
          amount: value,
          currency: 'EUR',
          feeBasisPoints: 500,
        });
        const refund = refundPosting({ orderId, buyerId, amount: value, currency: 'EUR' });
        expect(release.idempotencyKey).toBe(refund.idempotencyKey);
      }),
    );
  });

  it('refuses amounts that are not positive safe integers within the limit', () => {
    for (const bad of [0, -1, 1.5, maxPostingAmount + 1, Number.NaN]) {
      expect(() => purchasePosting({ orderId: 'o', buyerId: 'b', amount: bad, currency: 'EUR' })).toThrow();
    }
  });
});
