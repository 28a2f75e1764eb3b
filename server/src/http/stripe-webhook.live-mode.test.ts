import crypto from 'node:crypto';
import { signatureHeader } from '../stripe/emulator/signature';
import { queryDatabase, startTestApp, type TestApp } from '../../test/harness';

describe('POST /webhooks/stripe on live keys', () => {
  const webhookSecret = 'whsec_liveEndpointSecret0123456789';
  let testApp: TestApp;

  beforeAll(async () => {
    // Stripe's API is never called here: the address only has to be one the configuration accepts.
    testApp = await startTestApp({
      STRIPE_SECRET_KEY: 'sk_live_abcdefgh12345678',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_URL: 'http://127.0.0.1:9',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function deliverAccountUpdated(livemode: boolean): Promise<{ status: number; eventId: string }> {
    const account = `acct_${crypto.randomBytes(8).toString('hex')}`;
    const eventId = `evt_${crypto.randomBytes(12).toString('hex')}`;
    const body = JSON.stringify({
      id: eventId,
      object: 'event',
      type: 'account.updated',
      created: Math.floor(Date.now() / 1000),
      livemode,
      account,
      data: { object: { id: account, object: 'account', metadata: {} } },
    });
    const response = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signatureHeader(body, webhookSecret, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    return { status: response.status, eventId };
  }

  async function recorded(eventId: string): Promise<Record<string, unknown>> {
    const [row] = await queryDatabase(
      testApp,
      `select e.processed_at is not null as processed, e.outcome,
              (select count(*)::int from graphile_worker.jobs j where j.key = 'stripe_event:' || e.id) as jobs
         from stripe_events e where e.id = $1`,
      [eventId],
    );
    return row!;
  }

  it("takes a connected account's test-mode event and leaves it alone, and acts on a live one", async () => {
    // when Stripe sends this live Connect endpoint a test-mode event, as it does, and a live-mode one
    const test = await deliverAccountUpdated(false);
    const live = await deliverAccountUpdated(true);

    // then both are taken (a refusal would be retried for days); only the live one is to be processed
    expect([test.status, live.status]).toEqual([200, 200]);
    expect(await recorded(test.eventId)).toEqual({
      processed: true,
      outcome: 'ignored: a test mode event; CodeSale runs in live mode',
      jobs: 0,
    });
    expect(await recorded(live.eventId)).toEqual({ processed: false, outcome: null, jobs: 1 });
  });
});
