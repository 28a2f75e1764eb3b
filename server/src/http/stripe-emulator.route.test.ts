import { startTestApp, type TestApp } from '../../test/harness';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  paymentIntentOf,
  settle,
  walletBalance,
} from '../../test/wallet-helpers';
import { emulatorConfirmBodyLimitBytes } from './stripe-emulator.route';

/**
 * The buyer app confirms a card top-up the way Stripe.js does, against the API's origin:
 * `POST /stripe-emulator/v1/payment_intents/:id/confirm` with the publishable key and the client
 * secret, forwarded to the in-process emulator. Only that call, only with the publishable key.
 */

const paymentSettingsQuery =
  '{ paymentSettings { publishableKey emulator currencies minTopUp maxTopUp payoutCountries platformFeeBasisPoints } }';

describe('with the Stripe emulator', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ TOP_UP_MIN_AMOUNT: '500', TOP_UP_MAX_AMOUNT: '50000' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  function confirm(paymentIntentId: string, body: string, authorization?: string): Promise<Response> {
    return fetch(`${testApp.baseUrl}/stripe-emulator/v1/payment_intents/${paymentIntentId}/confirm`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      body,
    });
  }

  const publishable = () => `Bearer ${emulatorOf(testApp).publishableKey}`;

  async function paymentIntentStatus(id: string): Promise<string> {
    return (await testApp.services.stripe.retrievePaymentIntent(id)).status;
  }

  it("given anyone, paymentSettings answers the emulator's publishable key, the top-up limits and the payout countries", async () => {
    const buyer = await newBuyer(testApp);
    const anonymous = await fetch(`${testApp.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: paymentSettingsQuery }),
    });

    const expected = {
      paymentSettings: {
        publishableKey: emulatorOf(testApp).publishableKey,
        emulator: true,
        currencies: expect.arrayContaining(['EUR', 'USD']),
        minTopUp: 500,
        maxTopUp: 50_000,
        payoutCountries: testApp.config.payouts.connectCountries,
        platformFeeBasisPoints: testApp.config.escrow.platformFeeBasisPoints,
      },
    };
    expect(await buyer.client.data(paymentSettingsQuery)).toEqual(expected);
    expect(((await anonymous.json()) as { data: unknown }).data).toEqual(expected);
  });

  it('given a top-up made through GraphQL, when the browser confirms it through the route with the publishable key and the test card, then the webhook credits the wallet', async () => {
    // given a buyer's top-up
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 5_000 });
    const paymentIntentId = paymentIntentOf(topUp.clientSecret);

    // when the browser confirms it as Stripe.js would
    const response = await confirm(
      paymentIntentId,
      new URLSearchParams({ payment_method: 'pm_card_visa', client_secret: topUp.clientSecret! }).toString(),
      publishable(),
    );

    // then the emulator's answer comes back as it was, and the webhook credits the wallet
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: paymentIntentId, status: 'succeeded', amount: 5_000 });
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(5_000);
    const polled = await buyer.client.data('query ($id: ID!) { topUp(id: $id) { status } }', {
      id: topUp.topUp!.id,
    });
    expect(polled).toEqual({ topUp: { status: 'SUCCEEDED' } });
  });

  it('given a declined test card, then the decline comes back as Stripe sends it and nothing is credited', async () => {
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 1_000 });

    const response = await confirm(
      paymentIntentOf(topUp.clientSecret),
      new URLSearchParams({
        payment_method: 'pm_card_chargeDeclined',
        client_secret: topUp.clientSecret!,
      }).toString(),
      publishable(),
    );

    expect(response.status).toBe(402);
    expect(await response.json()).toMatchObject({ error: { type: 'card_error', code: 'card_declined' } });
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });

  it.each([
    ['the secret key', () => `Bearer ${emulatorOf(testApp).secretKey}`],
    ['no key', () => undefined],
    ['another key', () => 'Bearer pk_test_someoneelse123456'],
  ])('given %s, then 401 and the PaymentIntent is not confirmed', async (_case, authorizationOf) => {
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 1_000 });
    const paymentIntentId = paymentIntentOf(topUp.clientSecret);

    const response = await confirm(
      paymentIntentId,
      `payment_method=pm_card_visa&client_secret=${topUp.clientSecret!}`,
      authorizationOf(),
    );

    expect(response.status).toBe(401);
    expect(await paymentIntentStatus(paymentIntentId)).not.toBe('succeeded');
  });

  it("given the publishable key without the PaymentIntent's client secret, then the emulator refuses and nothing is confirmed", async () => {
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 1_000 });
    const other = await createTopUp(buyer, { amount: 1_100 });
    const paymentIntentId = paymentIntentOf(topUp.clientSecret);

    const withoutSecret = await confirm(paymentIntentId, 'payment_method=pm_card_visa', publishable());
    const withAnotherSecret = await confirm(
      paymentIntentId,
      `payment_method=pm_card_visa&client_secret=${other.clientSecret!}`,
      publishable(),
    );

    expect(withoutSecret.status).toBe(401);
    expect(withAnotherSecret.status).toBe(401);
    expect(await paymentIntentStatus(paymentIntentId)).not.toBe('succeeded');
  });

  it.each([
    ['GET', '/stripe-emulator/v1/payment_intents/pi_123/confirm'],
    ['GET', '/stripe-emulator/v1/payment_intents/pi_123'],
    ['POST', '/stripe-emulator/v1/payment_intents'],
    ['POST', '/stripe-emulator/v1/transfers'],
    ['POST', '/stripe-emulator/_emulator/balance'],
    ['GET', '/stripe-emulator/_emulator/events'],
    ['POST', '/stripe-emulator/v1/payment_intents/pi_1%2F..%2F..%2F_emulator%2Fbalance/confirm'],
    ['POST', '/stripe-emulator/v1/payment_intents/pi_1/../../_emulator/balance'],
  ])('given %s %s, then 404: nothing else of the emulator is reachable', async (method, path) => {
    const response = await fetch(`${testApp.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${emulatorOf(testApp).secretKey}`,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { body: 'amount=100&currency=eur' } : {}),
    });
    expect(response.status).toBe(404);
  });

  it('given a body over the cap, then 413 and nothing is forwarded', async () => {
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 1_000 });
    const paymentIntentId = paymentIntentOf(topUp.clientSecret);
    const body = `payment_method=pm_card_visa&client_secret=${topUp.clientSecret!}&x=${'a'.repeat(emulatorConfirmBodyLimitBytes)}`;

    const response = await confirm(paymentIntentId, body, publishable());

    expect(response.status).toBe(413);
    expect(await paymentIntentStatus(paymentIntentId)).not.toBe('succeeded');
  });
});

describe('with real Stripe (a Stripe-compatible API and keys)', () => {
  let emulatorApp: TestApp;
  let stripeApp: TestApp;

  beforeAll(async () => {
    // The first app's emulator plays Stripe for the second, which runs as against Stripe itself.
    emulatorApp = await startTestApp();
    const emulator = emulatorOf(emulatorApp);
    stripeApp = await startTestApp({
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_URL: emulator.url,
      STRIPE_PUBLISHABLE_KEY: 'pk_test_configuredKey123',
    });
  });
  afterAll(async () => {
    await stripeApp?.close();
    await emulatorApp?.close();
  });

  it('paymentSettings answers the configured publishable key, emulator false, and the forwarding route does not exist', async () => {
    const buyer = await newBuyer(stripeApp);

    expect(await buyer.client.data('{ paymentSettings { publishableKey emulator } }')).toEqual({
      paymentSettings: { publishableKey: 'pk_test_configuredKey123', emulator: false },
    });
    const forwarded = await fetch(`${stripeApp.baseUrl}/stripe-emulator/v1/payment_intents/pi_123/confirm`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer pk_test_configuredKey123',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'payment_method=pm_card_visa',
    });
    expect(forwarded.status).toBe(404);
  });
});
