import crypto from 'node:crypto';
import { signatureHeader } from '../stripe/emulator/signature';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';
import { createTopUp, newBuyer, paymentIntentOf, settle, walletBalance } from '../../test/wallet-helpers';

describe('POST /webhooks/stripe on the emulator', () => {
  const webhookSecret = 'whsec_chosenByTheDeveloper0123456789';
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ STRIPE_WEBHOOK_SECRET: webhookSecret });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers a failure of ours 500 with a request id and nothing of the failure (not the SQL)', async () => {
    // given a database that refuses to record events, with a message of its own
    await queryDatabase(
      testApp,
      `create function refuse_events() returns trigger language plpgsql as $$
       begin raise exception 'secret detail of the database'; end $$;
       create trigger refuse_events before insert on stripe_events for each row execute function refuse_events()`,
    );
    try {
      // when a valid event arrives
      const body = JSON.stringify({
        id: `evt_${crypto.randomBytes(12).toString('hex')}`,
        object: 'event',
        type: 'customer.created',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: { object: { id: 'cus_1', object: 'customer' } },
      });
      const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': signatureHeader(body, webhookSecret, Math.floor(Date.now() / 1000)),
        },
        body,
      });

      // then Stripe is told to retry, and the answer names a request id and nothing else
      expect(response.status).toBe(500);
      const answer = (await response.json()) as Record<string, string>;
      expect(answer).toEqual({
        error: 'INTERNAL_SERVER_ERROR',
        message: expect.stringContaining(answer['requestId']!),
        requestId: expect.any(String),
      });
      expect(JSON.stringify(answer)).not.toMatch(/secret detail|insert into|stripe_events/);
    } finally {
      await queryDatabase(
        testApp,
        'drop trigger refuse_events on stripe_events; drop function refuse_events()',
      );
    }
  });

  it('signs and verifies with STRIPE_WEBHOOK_SECRET when it is set, so an outside tool can too', async () => {
    // given an event the emulator created and delivered on its own
    const emulator = testApp.services.stripe.emulator!;
    await testApp.services.stripe.client.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    await emulator.idle();
    const [event] = emulator.events('payment_intent.created');
    const ownDelivery = await emulator.delivery(event!.id);

    // when an outside tool sends the same event signed with the configured secret
    const body = JSON.stringify(event);
    const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(body, webhookSecret, Math.floor(Date.now() / 1000)),
      },
      body,
    });

    // then both were accepted: the emulator signs with that secret and the route verifies with it
    expect(emulator.webhookSecret).toBe(webhookSecret);
    expect(ownDelivery).toMatchObject({ delivered: true, lastStatus: 200 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: true });
  });

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** An event as Stripe sends it, with a fresh id. */
  function stripeEvent(type: string, object: Record<string, unknown>, fields: Record<string, unknown> = {}) {
    return {
      id: `evt_${crypto.randomBytes(12).toString('hex')}`,
      object: 'event',
      type,
      created: nowSeconds(),
      livemode: false,
      data: { object },
      ...fields,
    };
  }

  /** Posts the event signed with the endpoint's secret at `signedAt` (unix seconds). */
  async function deliver(
    event: Record<string, unknown>,
    signedAt = nowSeconds(),
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = JSON.stringify(event);
    const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(body, webhookSecret, signedAt),
      },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function recorded(eventId: string): Promise<Record<string, unknown>[]> {
    return queryDatabase(testApp, 'select processed_at, outcome from stripe_events where id = $1', [eventId]);
  }

  it('refuses a signature dated further ahead than the tolerance, as it refuses a stale one', async () => {
    // given a signed event
    const event = stripeEvent('customer.created', { id: 'cus_1', object: 'customer' });

    // when it arrives signed an hour ahead, an hour ago, and a minute ahead (a clock a little fast)
    const responses = [
      await deliver(event, nowSeconds() + 3_600),
      await deliver(event, nowSeconds() - 3_600),
      await deliver(event, nowSeconds() + 60),
    ];

    // then the first two are the same refusal and record nothing; the last is taken, once
    expect(responses).toEqual([
      { status: 400, body: expect.objectContaining({ error: 'SIGNATURE_INVALID' }) },
      { status: 400, body: expect.objectContaining({ error: 'SIGNATURE_INVALID' }) },
      { status: 200, body: { received: true, duplicate: false } },
    ]);
    expect(await recorded(event.id)).toHaveLength(1);
  });

  it('answers a signed body that is not JSON with PAYLOAD_INVALID, and an unsigned one with SIGNATURE_INVALID', async () => {
    // given a body that is not JSON
    const body = 'hello';
    const post = async (signature: string) => {
      const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    // when it arrives signed with the endpoint's secret, and signed with another
    const signed = await post(signatureHeader(body, webhookSecret, nowSeconds()));
    const forged = await post(signatureHeader(body, 'whsec_someoneElse0123456789', nowSeconds()));

    // then the signed one is an event CodeSale cannot read, the other a signature that does not verify
    expect(signed).toEqual({ status: 400, body: expect.objectContaining({ error: 'PAYLOAD_INVALID' }) });
    expect(forged).toEqual({ status: 400, body: expect.objectContaining({ error: 'SIGNATURE_INVALID' }) });
  });

  describe('refuses with PAYLOAD_INVALID, recording nothing, a signed event CodeSale could not store or apply', () => {
    const account = `acct_${crypto.randomBytes(8).toString('hex')}`;
    const bankPayout = (id: string) => ({
      id,
      object: 'payout',
      amount: 1_000,
      currency: 'eur',
      status: 'paid',
      arrival_date: nowSeconds(),
    });
    const paymentIntent = (id: string) => ({
      id,
      object: 'payment_intent',
      status: 'succeeded',
      amount: 1_000,
      currency: 'eur',
      metadata: {},
    });
    const dispute = (fields: Record<string, unknown>) => ({
      id: `dp_${crypto.randomBytes(8).toString('hex')}`,
      object: 'dispute',
      charge: 'ch_1',
      payment_intent: 'pi_1',
      amount: 1_000,
      currency: 'eur',
      status: 'needs_response',
      reason: 'fraudulent',
      ...fields,
    });
    const connectedAccount = (id: string) => ({ id, object: 'account', metadata: {} });

    it.each([
      [
        'a bank payout whose id its table refuses',
        stripeEvent('payout.paid', bankPayout('po_probe_forged'), { account }),
      ],
      [
        'a payment whose id no top-up can hold',
        stripeEvent('payment_intent.succeeded', paymentIntent('pi_not-an-id')),
      ],
      [
        'a payment that is not a PaymentIntent',
        stripeEvent('payment_intent.succeeded', { id: 'pi_1', object: 'charge' }),
      ],
      [
        'a dispute whose id no chargeback can hold',
        stripeEvent('charge.dispute.created', dispute({ id: 'dp_not-an-id' })),
      ],
      [
        'a dispute of a payment whose id no top-up can hold',
        stripeEvent('charge.dispute.closed', dispute({ payment_intent: 'pi_not an id' })),
      ],
      [
        'a dispute whose reason no wallet flag can quote',
        stripeEvent('charge.dispute.created', dispute({ reason: 'r'.repeat(200) })),
      ],
      [
        'an account update of another account than its event names',
        stripeEvent('account.updated', connectedAccount('acct_other1'), { account }),
      ],
      [
        'an account whose id no payout account can hold',
        stripeEvent('account.updated', connectedAccount(`acct_${'a'.repeat(65)}`)),
      ],
      [
        'an event whose id the events table refuses',
        { ...stripeEvent('customer.created', { id: 'cus_1' }), id: 'evt_not-an-id' },
      ],
      [
        'an event of an account whose id the events table refuses',
        stripeEvent('customer.created', { id: 'cus_1' }, { account: `acct_${'a'.repeat(65)}` }),
      ],
    ])('%s', async (_name, event) => {
      // when Stripe (or whoever holds the secret) delivers it
      const response = await deliver(event);

      // then it is refused before anything is recorded, instead of a job failing again and again
      expect(response).toEqual({ status: 400, body: expect.objectContaining({ error: 'PAYLOAD_INVALID' }) });
      expect(await recorded(event.id)).toEqual([]);
    });

    it('but records an event it does not handle as it came', async () => {
      // given a signed event of a type CodeSale does not act on, with an object it would not read
      const event = stripeEvent('customer.created', { id: 'cus_not an id' });

      // when it is delivered
      const response = await deliver(event);

      // then it is taken and left alone
      expect(response).toEqual({ status: 200, body: { received: true, duplicate: false } });
      expect(await recorded(event.id)).toEqual([
        { processed_at: expect.any(Date), outcome: 'ignored: event type not handled' },
      ]);
    });
  });

  it('records a live-mode event and leaves it alone: this endpoint runs on test keys', async () => {
    // given a buyer's unpaid top-up
    const buyer = await newBuyer(testApp);
    const answer = await createTopUp(buyer, { amount: 1_000 });
    await settle(testApp);
    const paymentIntent = testApp.services.stripe.emulator!.paymentIntent(
      paymentIntentOf(answer.clientSecret),
    );

    // when a live-mode event says it succeeded
    const event = stripeEvent(
      'payment_intent.succeeded',
      { ...paymentIntent, status: 'succeeded' },
      { livemode: true },
    );
    const response = await deliver(event);
    await testApp.services.jobs.runJobsOnce();

    // then it is recorded as ignored, and nothing is credited
    expect(response).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await recorded(event.id)).toEqual([
      { processed_at: expect.any(Date), outcome: 'ignored: a live mode event; CodeSale runs in test mode' },
    ]);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });
});
