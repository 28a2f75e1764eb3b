import fc from 'fast-check';
import { escrow, sellerEarnings, wallet } from '../domain/posting-rules';
import { platformFee } from '../domain/money';
import { fromGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import { verifyEscrowMirrors } from './escrow-mirror';
import { startTestApp, type TestApp } from '../../test/harness';
import { createListing, newSeller, purchase, type Party } from '../../test/marketplace';
import { createTopUp, newBuyer as newWalletBuyer, pay, settle } from '../../test/wallet-helpers';

/**
 * Model-based property test of the money core: random sequences of top-ups, chargebacks,
 * purchases, confirmations, releases and refunds, run against the real API, Stripe emulator and
 * database, next to a model of what every balance must be. After every step each wallet, escrow
 * and earnings balance equals the model; after every sequence ledger:verify is clean.
 *
 * A buyer's third chargeback bans it (risk score 3 x 250 + 100 for an account under a day old
 * reaches BANNED's 800; two reach 600, RESTRICTED), which revokes its sessions: from then on its
 * every call is refused as signed out and its money stays where it was. A wallet on hold takes no
 * money (WALLET_ON_HOLD), nor does a restricted buyer (BUYER_BLOCKED): so each chargeback is a card
 * form the buyer opened at the start of the sequence, paid at its step with the dispute card; the
 * ban cancels the forms still open, which can then no longer be paid.
 */
type Operation =
  | { kind: 'topUp'; buyer: number; amount: number }
  | { kind: 'chargeback'; buyer: number; amount: number }
  | { kind: 'purchase'; buyer: number; listing: number }
  | { kind: 'confirm'; order: number }
  | { kind: 'release'; order: number }
  | { kind: 'refund'; order: number };

const buyers = 3;
const chargebacksThatBan = 3;
const listings = 2;

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('topUp' as const),
      buyer: fc.nat(buyers - 1),
      amount: fc.integer({ min: 500, max: 5_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('chargeback' as const),
      buyer: fc.nat(buyers - 1),
      amount: fc.integer({ min: 500, max: 3_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('purchase' as const),
      buyer: fc.nat(buyers - 1),
      listing: fc.nat(listings - 1),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const), order: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), order: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: fc.nat(20) }) },
);

const confirmDelivery = `mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }`;

interface ModelOrder {
  id: string;
  rawId: string;
  buyer: number;
  price: number;
  state: 'HELD' | 'RELEASED' | 'REFUNDED';
}

describe('money core (model-based property)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ TOP_UP_MAX_PENDING_PER_BUYER: '100', PLATFORM_FEE_BASIS_POINTS: '700' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('keeps every balance equal to the model and the ledger verifiable', async () => {
    const feeBasisPoints = testApp.config.escrow.platformFeeBasisPoints;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 4, maxLength: 14 }), async (operations) => {
        // given fresh parties for this sequence
        const seller: Party = await newSeller(testApp);
        const parties = await Promise.all(Array.from({ length: buyers }, () => newWalletBuyer(testApp)));
        const shop = await Promise.all(
          Array.from({ length: listings }, (_, index) =>
            createListing(seller, { price: 700 + index * 450, codes: 3 }),
          ),
        );
        const stock = shop.map((listing) => listing.codes.length);
        const prices = shop.map((_, index) => 700 + index * 450);
        const walletModel = parties.map(() => 0);
        const flagged = parties.map(() => false);
        const chargebacks = parties.map(() => 0);
        const banned = (index: number) => chargebacks[index]! >= chargebacksThatBan;
        const signedOut = expect.objectContaining({ message: expect.stringContaining('UNAUTHENTICATED') });
        const orders: ModelOrder[] = [];
        let earnings = 0;
        // every chargeback's card form, opened now, while no buyer is held or restricted
        const disputedForms = new Map<number, string | null>();
        for (const [index, step] of operations.entries()) {
          if (step.kind !== 'chargeback') continue;
          const form = await createTopUp(parties[step.buyer]!, { amount: step.amount });
          expect(form.errors).toEqual([]);
          disputedForms.set(index, form.clientSecret);
        }

        const { services } = testApp;
        const balanceOf = (ref: Parameters<typeof services.ledger.balance>[1]) =>
          services.ledger.balance(services.database, ref);

        for (const [index, step] of operations.entries()) {
          if (step.kind === 'topUp' && banned(step.buyer)) {
            await expect(createTopUp(parties[step.buyer]!, { amount: step.amount })).rejects.toEqual(
              signedOut,
            );
          } else if (step.kind === 'chargeback' && banned(step.buyer)) {
            // the ban canceled the card form: Stripe refuses it, and nothing moves
            await expect(pay(testApp, disputedForms.get(index)!, 'pm_card_createDispute')).rejects.toThrow(
              /canceled/,
            );
            await settle(testApp);
          } else if (step.kind === 'topUp' && (flagged[step.buyer] || chargebacks[step.buyer]! >= 2)) {
            // restricted (two chargebacks) is the account's refusal, said before the wallet's hold
            const answer = await createTopUp(parties[step.buyer]!, { amount: step.amount });
            expect(answer.errors.map((error) => error.code)).toEqual([
              chargebacks[step.buyer]! >= 2 ? 'BUYER_BLOCKED' : 'WALLET_ON_HOLD',
            ]);
          } else if (step.kind === 'topUp' || step.kind === 'chargeback') {
            const buyer = parties[step.buyer]!;
            let clientSecret = disputedForms.get(index) ?? null;
            if (step.kind === 'topUp') {
              const answer = await createTopUp(buyer, { amount: step.amount });
              expect(answer.errors).toEqual([]);
              clientSecret = answer.clientSecret;
            }
            // pm_card_createDispute succeeds, then Stripe opens a chargeback on it.
            await pay(
              testApp,
              clientSecret,
              step.kind === 'topUp' ? 'pm_card_visa' : 'pm_card_createDispute',
            );
            await settle(testApp);
            if (step.kind === 'chargeback') {
              flagged[step.buyer] = true;
              chargebacks[step.buyer]!++;
              expect(await services.riskEnforcement.accountBanned(services.database, buyer.rawId)).toBe(
                banned(step.buyer),
              );
            } else {
              walletModel[step.buyer]! += step.amount;
            }
          } else if (step.kind === 'purchase' && banned(step.buyer)) {
            const buyer = parties[step.buyer]!;
            const party: Party = { client: buyer.client, id: buyer.userId, rawId: buyer.rawId };
            await expect(purchase(party, shop[step.listing]!.listingId)).rejects.toEqual(signedOut);
          } else if (step.kind === 'purchase') {
            const buyer = parties[step.buyer]!;
            const party: Party = { client: buyer.client, id: buyer.userId, rawId: buyer.rawId };
            const result = await purchase(party, shop[step.listing]!.listingId);
            const price = prices[step.listing]!;
            if (stock[step.listing] === 0) {
              expect(result.errors.map((error) => error.code)).toEqual([
                flagged[step.buyer]
                  ? expect.stringMatching(/^(OUT_OF_STOCK|BUYER_BLOCKED)$/)
                  : 'OUT_OF_STOCK',
              ]);
            } else if (flagged[step.buyer]) {
              expect(result.errors.map((error) => error.code)).toEqual([
                expect.stringMatching(/^(WALLET_AT_RISK|BUYER_BLOCKED)$/),
              ]);
            } else if (walletModel[step.buyer]! < price) {
              expect(result.errors.map((error) => error.code)).toEqual(['INSUFFICIENT_FUNDS']);
            } else {
              expect(result.errors).toEqual([]);
              stock[step.listing]!--;
              walletModel[step.buyer]! -= price;
              const id = result.order!.id;
              orders.push({ id, rawId: fromGlobalId(id, 'Order')!, buyer: step.buyer, price, state: 'HELD' });
            }
          } else {
            const order = orders[step.order % Math.max(orders.length, 1)];
            if (!order) continue;
            const held = order.state === 'HELD';
            if (step.kind === 'confirm' && banned(order.buyer)) {
              const confirming = parties[order.buyer]!.client.data(confirmDelivery, {
                input: { orderId: order.id },
              });
              await expect(confirming).rejects.toEqual(signedOut);
            } else if (step.kind === 'confirm') {
              const buyer = parties[order.buyer]!;
              const answer = await buyer.client.data<{ confirmDelivery: { errors: { code: string }[] } }>(
                confirmDelivery,
                { input: { orderId: order.id } },
              );
              const expected = order.state === 'REFUNDED' ? ['ESCROW_ALREADY_REFUNDED'] : [];
              expect(answer.confirmDelivery.errors.map((error) => error.code)).toEqual(expected);
              if (held) order.state = 'RELEASED';
            } else {
              const settleOrder = step.kind === 'release' ? services.escrow.release : services.escrow.refund;
              const result = await services.database.transaction((tx) =>
                settleOrder.call(services.escrow, tx, order.rawId, 'ADMIN'),
              );
              const wanted = step.kind === 'release' ? 'RELEASED' : 'REFUNDED';
              if (held) {
                expect(result).toMatchObject({ replayed: false });
                order.state = wanted;
              } else if (order.state === wanted) {
                expect(result).toMatchObject({ replayed: true });
              } else {
                expect(result).toHaveProperty('error');
                continue;
              }
            }
            if (held && order.state === 'RELEASED')
              earnings += order.price - platformFee(order.price, feeBasisPoints);
            if (held && order.state === 'REFUNDED') walletModel[order.buyer]! += order.price;
          }

          // then every balance equals the model
          for (const [index, buyer] of parties.entries()) {
            const expectedWallet = walletModel[index]!;
            expect(await balanceOf(wallet(buyer.rawId, 'EUR'))).toBe(expectedWallet);
          }
          for (const order of orders) {
            expect(await balanceOf(escrow(order.rawId, 'EUR'))).toBe(
              order.state === 'HELD' ? order.price : 0,
            );
          }
          expect(await balanceOf(sellerEarnings(seller.rawId, 'EUR'))).toBe(earnings);
        }
        expect(ledgerIsClean(await verifyLedger(services.database))).toBe(true);
        expect((await verifyEscrowMirrors(services.database)).mismatches).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
