import { signatureHeader } from '../stripe/emulator/signature';
import { startTestApp, type TestApp } from '../../test/harness';

describe('POST /webhooks/stripe on the emulator', () => {
  const webhookSecret = 'whsec_chosenByTheDeveloper0123456789';
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ STRIPE_WEBHOOK_SECRET: webhookSecret });
  });

  afterAll(async () => {
    await testApp.close();
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
});
