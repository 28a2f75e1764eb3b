import crypto from 'node:crypto';
import { capturedLog, queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  topUpAndPay,
  walletBalance,
  deliverSignedEvent,
  stripeEventRecord,
} from '../../test/wallet-helpers';

/** StripeEventService: a signed event that contradicts CodeSale's records is answered for good, moving nothing. */
describe('StripeEventService.process', () => {
  const captured = capturedLog('warn');
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({}, { log: captured.log });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    captured.lines.length = 0;
  });

  const deliver = (type: string, object: Record<string, unknown>) =>
    deliverSignedEvent(testApp, type, object);

  const recorded = (eventId: string) => stripeEventRecord(testApp, eventId);

  const errorsLogged = () => captured.lines.filter((line) => line['level'] >= 50);

  it.each([
    [
      'amount',
      { amount: 15_000 },
      /^refused: amount 15000 EUR does not match top-up [0-9a-f-]{36} \(1000 EUR\)$/,
    ],
    [
      'currency',
      { currency: 'usd' },
      /^refused: amount 1000 USD does not match top-up [0-9a-f-]{36} \(1000 EUR\)$/,
    ],
  ])(
    "refuses for good, crediting nothing, a payment_intent.succeeded whose %s is not its top-up's",
    async (_field, change, outcome) => {
      // given a buyer's unpaid top-up of 1000 EUR
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 1_000 });
      await settle(testApp);
      const paymentIntent = emulatorOf(testApp).paymentIntent(paymentIntentOf(answer.clientSecret))!;

      // when a signed copy of its PaymentIntent says it succeeded for another amount or currency
      const eventId = await deliver('payment_intent.succeeded', {
        ...paymentIntent,
        status: 'succeeded',
        ...change,
      });

      // then the event is answered for good (no job left to retry), as a refusal and not as an error
      expect(await recorded(eventId)).toEqual({
        processed: true,
        outcome: expect.stringMatching(outcome),
        jobs: 0,
      });
      expect(errorsLogged()).toEqual([]);
      expect(captured.lines).toContainEqual(
        expect.objectContaining({ level: 40, msg: 'stripe event refused' }),
      );
      // and nothing was credited, while the top-up can still be paid for real
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
      expect(await pay(testApp, answer.clientSecret)).toBe('succeeded');
      await settle(testApp);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(1_000);
    },
  );

  it('refuses for good a dispute larger than the top-up it disputes, taking nothing back', async () => {
    // given a buyer whose top-up of 1000 EUR was paid and credited
    const buyer = await newBuyer(testApp);
    const answer = await topUpAndPay(testApp, buyer, 1_000);
    const paymentIntentId = paymentIntentOf(answer.clientSecret);

    // when a signed dispute of 5000 EUR on its payment arrives
    const eventId = await deliver('charge.dispute.created', {
      id: `dp_${crypto.randomBytes(12).toString('hex')}`,
      object: 'dispute',
      charge: `ch_${crypto.randomBytes(12).toString('hex')}`,
      payment_intent: paymentIntentId,
      amount: 5_000,
      currency: 'eur',
      status: 'needs_response',
      reason: 'fraudulent',
    });

    // then it is answered for good, and the wallet keeps its money and its status
    expect(await recorded(eventId)).toEqual({
      processed: true,
      outcome: expect.stringMatching(
        /^refused: dispute dp_\w+ of 5000 EUR does not fit top-up [0-9a-f-]{36} \(1000 EUR\)$/,
      ),
      jobs: 0,
    });
    expect(errorsLogged()).toEqual([]);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_000);
    const wallets = await queryDatabase(testApp, 'select status from wallets where buyer_id = $1', [
      buyer.rawId,
    ]);
    expect(wallets).toEqual([{ status: 'ACTIVE' }]);
    expect(
      await queryDatabase(testApp, 'select id from chargebacks where buyer_id = $1', [buyer.rawId]),
    ).toEqual([]);
  });

  it('still retries an event that may apply later: a dispute of a payment that has not succeeded yet', async () => {
    // given a buyer's unpaid top-up
    const buyer = await newBuyer(testApp);
    const answer = await createTopUp(buyer, { amount: 1_000 });
    await settle(testApp);

    // when a dispute of its payment arrives before the payment succeeded
    const eventId = await deliver('charge.dispute.created', {
      id: `dp_${crypto.randomBytes(12).toString('hex')}`,
      object: 'dispute',
      charge: `ch_${crypto.randomBytes(12).toString('hex')}`,
      payment_intent: paymentIntentOf(answer.clientSecret),
      amount: 1_000,
      currency: 'eur',
      status: 'needs_response',
      reason: 'fraudulent',
    });

    // then it is not answered: its job waits for its next attempt
    expect(await recorded(eventId)).toEqual({ processed: false, outcome: null, jobs: 1 });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });
});
