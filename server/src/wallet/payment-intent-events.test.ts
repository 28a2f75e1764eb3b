import crypto from 'node:crypto';
import { capturedLog, queryDatabase, rawId, startTestApp, type TestApp } from '../../test/harness';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  walletBalance,
  type CreateTopUpAnswer,
  deliverSignedEvent,
  stripeEventRecord,
  declinedThenPaidWithEventsHeld,
} from '../../test/wallet-helpers';

/**
 * `payment_intent.*` events are a prompt to look, not a statement to believe: the job reads the
 * PaymentIntent from Stripe and acts on what Stripe says now, whatever the event's type or its copy
 * of the PaymentIntent say. Someone holding the webhook secret can sign any event; nobody but the
 * buyer's bank can make Stripe say a payment succeeded.
 */
describe('payment_intent events act on Stripe’s current PaymentIntent', () => {
  const captured = capturedLog('warn');
  let testApp: TestApp;

  beforeAll(async () => {
    // No retries in the SDK: an injected Stripe failure reaches the job at once.
    testApp = await startTestApp({ STRIPE_MAX_NETWORK_RETRIES: '0' }, { log: captured.log });
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    captured.lines.length = 0;
  });

  afterEach(() => {
    emulatorOf(testApp).clearFaults();
    emulatorOf(testApp).resumeDeliveries();
  });

  const deliverSigned = (type: string, object: Record<string, unknown>) =>
    deliverSignedEvent(testApp, type, object);

  const recorded = (eventId: string) => stripeEventRecord(testApp, eventId);

  async function topUpState(answer: CreateTopUpAnswer): Promise<{ status: string; credits: number }> {
    const topUpId = rawId(answer.topUp!.id);
    const [row] = await queryDatabase(testApp, 'select status from top_ups where id = $1', [topUpId]);
    const [credits] = await queryDatabase(
      testApp,
      `select count(*)::int as n from ledger_transactions where kind = 'TOP_UP' and top_up_id = $1`,
      [topUpId],
    );
    return { status: row!['status'], credits: credits!['n'] };
  }

  const stripeCopy = (answer: CreateTopUpAnswer) =>
    emulatorOf(testApp).paymentIntent(paymentIntentOf(answer.clientSecret))!;

  it.each([
    ['payment_intent.succeeded', { status: 'succeeded', amount_received: 1_000 }],
    ['payment_intent.canceled', { status: 'canceled', cancellation_reason: 'requested_by_customer' }],
    [
      'payment_intent.payment_failed',
      {
        status: 'requires_payment_method',
        last_payment_error: { type: 'card_error', code: 'card_declined' },
      },
    ],
  ])(
    'given an unpaid top-up, when a correctly signed %s says what Stripe does not, then nothing changes until the buyer really pays, and the payment is credited once',
    async (type, claim) => {
      // given a buyer's unpaid top-up of 1000 EUR: Stripe says its PaymentIntent requires a payment method
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 1_000 });
      await settle(testApp);
      expect(stripeCopy(answer)).toMatchObject({
        status: 'requires_payment_method',
        last_payment_error: null,
      });

      // when a signed event about it arrives whose copy of the PaymentIntent Stripe contradicts
      const eventId = await deliverSigned(type, { ...stripeCopy(answer), ...claim });

      // then it is answered for good with what Stripe said, and the top-up and wallet are untouched
      expect(await recorded(eventId)).toEqual({
        processed: true,
        outcome: 'ignored: Stripe says the payment intent is requires_payment_method',
        jobs: 0,
      });
      expect(await topUpState(answer)).toEqual({ status: 'PENDING', credits: 0 });
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);

      // and when the buyer really pays, the top-up is credited once, even if the event is delivered again
      expect(await pay(testApp, answer.clientSecret)).toBe('succeeded');
      await settle(testApp);
      expect(await topUpState(answer)).toEqual({ status: 'SUCCEEDED', credits: 1 });
      expect(await walletBalance(testApp, buyer.rawId)).toBe(1_000);
      const again = await deliverSigned(type, { ...stripeCopy(answer), ...claim });
      expect((await recorded(again)).outcome).toMatch(/^ignored: top-up already (credited|succeeded)$/);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(1_000);
    },
  );

  it('credits a top-up when its payment_intent.payment_failed is processed after Stripe says the PaymentIntent succeeded, and a replay changes nothing', async () => {
    // given a payment declined, then paid with another card, with every event held back
    const emulator = emulatorOf(testApp);
    const buyer = await newBuyer(testApp);
    const { answer, failed, succeeded } = await declinedThenPaidWithEventsHeld(
      testApp,
      buyer,
      1_400,
      'pm_card_chargeDeclined',
    );

    // when only the failure is delivered and processed
    await emulator.deliver(failed.id);
    await testApp.services.jobs.runJobsOnce();

    // then Stripe's current state wins: the top-up is credited
    expect(await recorded(failed.id)).toEqual({ processed: true, outcome: 'top-up credited', jobs: 0 });
    expect(await topUpState(answer)).toEqual({ status: 'SUCCEEDED', credits: 1 });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_400);

    // and a replay of the failure, a fresh copy of it and the success itself change nothing
    await emulator.replay(failed.id);
    const copy = await deliverSigned('payment_intent.payment_failed', failed.data.object);
    await emulator.deliver(succeeded.id);
    emulator.resumeDeliveries();
    await settle(testApp);
    expect(await recorded(failed.id)).toMatchObject({ outcome: 'top-up credited' });
    expect((await recorded(copy)).outcome).toBe('ignored: top-up already succeeded');
    expect((await recorded(succeeded.id)).outcome).toBe('ignored: top-up already credited');
    expect(await topUpState(answer)).toEqual({ status: 'SUCCEEDED', credits: 1 });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_400);
  });

  it('refuses for good, as a warning, an event about a PaymentIntent Stripe does not know', async () => {
    // given a buyer's unpaid top-up
    const buyer = await newBuyer(testApp);
    const answer = await createTopUp(buyer, { amount: 1_000 });
    await settle(testApp);

    // when a signed success arrives for a PaymentIntent Stripe never made, naming that top-up
    const unknown = `pi_${crypto.randomBytes(12).toString('hex')}`;
    const eventId = await deliverSigned('payment_intent.succeeded', {
      ...stripeCopy(answer),
      id: unknown,
      status: 'succeeded',
    });

    // then it is answered for good (no job left to retry every few minutes), and nothing is credited
    expect(await recorded(eventId)).toEqual({
      processed: true,
      outcome: `refused: Stripe does not know payment intent ${unknown}`,
      jobs: 0,
    });
    expect(captured.lines).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'stripe event refused' }),
    );
    expect(await topUpState(answer)).toEqual({ status: 'PENDING', credits: 0 });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });

  it('retries, rather than answers, an event whose PaymentIntent Stripe cannot be asked about now', async () => {
    // given a paid top-up whose success is held back
    const emulator = emulatorOf(testApp);
    const buyer = await newBuyer(testApp);
    const answer = await createTopUp(buyer, { amount: 1_100 });
    await settle(testApp);
    emulator.pauseDeliveries();
    expect(await pay(testApp, answer.clientSecret)).toBe('succeeded');
    const succeeded = emulator
      .queuedEvents()
      .find(
        (event) =>
          event.type === 'payment_intent.succeeded' &&
          event.data.object['id'] === paymentIntentOf(answer.clientSecret),
      )!;

    // when it is processed while Stripe answers its read with a server error
    emulator.injectFault(
      {
        method: 'GET',
        path: `/v1/payment_intents/${paymentIntentOf(answer.clientSecret)}`,
        kind: 'error_before_apply',
      },
      5,
    );
    await emulator.deliver(succeeded.id);
    await testApp.services.jobs.runJobsOnce();

    // then the event is still unprocessed, its job waiting for another attempt, and nothing is credited
    expect(await recorded(succeeded.id)).toEqual({ processed: false, outcome: null, jobs: 1 });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);

    // and once Stripe answers, the attempt credits the top-up
    emulator.clearFaults();
    expect(await testApp.services.stripeEvents.process(succeeded.id)).toBe('top-up credited');
    expect(await topUpState(answer)).toEqual({ status: 'SUCCEEDED', credits: 1 });
  });
});
