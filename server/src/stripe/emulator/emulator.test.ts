import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { createStripeClient } from '../stripe.gateway';
import { StripeEmulator, type EmulatorEvent } from './emulator';
import { parseForm } from './form';

/** A webhook endpoint that verifies each delivery with the SDK, as the app does, and answers with `status()`. */
async function startEndpoint(emulator: StripeEmulator, status: () => number = () => 200) {
  const received: { event: Stripe.Event; verified: true }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const code = status();
      if (code === 200) {
        const event = Stripe.webhooks.constructEvent(
          Buffer.concat(chunks),
          String(request.headers['stripe-signature']),
          emulator.webhookSecret,
        );
        received.push({ event, verified: true });
      }
      response.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  emulator.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Stripe emulator', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeEach(async () => {
    emulator = await StripeEmulator.start({ apiVersion: Stripe.API_VERSION, retryBaseDelayMs: 10 });
    stripe = createStripeClient({
      secretKey: emulator.secretKey,
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
      endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
    });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('creates a payment intent once per idempotency key and refuses the key with other parameters', async () => {
    // given a payment intent created under a key
    const first = await stripe.paymentIntents.create(
      { amount: 1_000, currency: 'eur', metadata: { top_up_id: 'a' } },
      { idempotencyKey: 'key-1' },
    );

    // when the same request is sent again, and then another request under the same key
    const again = await stripe.paymentIntents.create(
      { amount: 1_000, currency: 'eur', metadata: { top_up_id: 'a' } },
      { idempotencyKey: 'key-1' },
    );
    const reused = stripe.paymentIntents.create(
      { amount: 2_000, currency: 'eur' },
      { idempotencyKey: 'key-1' },
    );

    // then the first payment intent comes back, and the other request is an idempotency error
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({
      object: 'payment_intent',
      amount: 1_000,
      currency: 'eur',
      status: 'requires_payment_method',
    });
    expect(first.client_secret).toMatch(new RegExp(`^${first.id}_secret_`));
    expect(first.metadata).toEqual({ top_up_id: 'a' });
    await expect(reused).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((await stripe.paymentIntents.retrieve(first.id)).id).toBe(first.id);
  });

  it('refuses a wrong API key, an unknown parameter and an unknown payment intent like Stripe', async () => {
    const stranger = createStripeClient({
      secretKey: 'sk_test_notTheEmulatorKey',
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
      endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
    });
    await expect(stranger.paymentIntents.retrieve('pi_x')).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    await expect(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'eur',
        colour: 'blue',
      } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'parameter_unknown',
      param: 'colour',
    });
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    await expect(stripe.paymentIntents.create({ amount: 10, currency: 'eur' })).rejects.toMatchObject({
      code: 'amount_too_small',
    });

    // the publishable key confirms a payment with its client secret (as Stripe.js), and does nothing else
    const browser = createStripeClient({
      secretKey: emulator.publishableKey,
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
      endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
    });
    const paymentIntent = await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    const withSecret = (clientSecret: string | null) =>
      ({ payment_method: 'pm_card_visa', client_secret: clientSecret }) as Stripe.PaymentIntentConfirmParams;
    await expect(
      browser.paymentIntents.confirm(paymentIntent.id, withSecret('wrong')),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(browser.paymentIntents.retrieve(paymentIntent.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
    const confirmed = await browser.paymentIntents.confirm(
      paymentIntent.id,
      withSecret(paymentIntent.client_secret),
    );
    expect(confirmed.status).toBe('succeeded');
  });

  it('succeeds with pm_card_visa and sends signed webhooks after the response, in order', async () => {
    // given an endpoint
    const endpoint = await startEndpoint(emulator);
    const paymentIntent = await stripe.paymentIntents.create({ amount: 2_500, currency: 'usd' });

    // when the card is confirmed
    const confirmed = await stripe.paymentIntents.confirm(paymentIntent.id, {
      payment_method: 'pm_card_visa',
    });
    await emulator.idle();

    // then the payment succeeded and the endpoint verified the events' signatures
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 2_500 });
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    const types = endpoint.received.map(({ event }) => event.type);
    expect(types).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const succeeded = endpoint.received[2]!.event;
    expect(succeeded).toMatchObject({ object: 'event', livemode: false, api_version: Stripe.API_VERSION });
    expect(succeeded.id).toMatch(/^evt_/);
    expect((succeeded.data.object as { id: string }).id).toBe(paymentIntent.id);
    await endpoint.close();
  });

  it('declines pm_card_chargeDeclined with a card error and a payment_failed event', async () => {
    const endpoint = await startEndpoint(emulator);
    const paymentIntent = await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });

    const declined = stripe.paymentIntents.confirm(paymentIntent.id, {
      payment_method: 'pm_card_chargeDeclined',
    });

    await expect(declined).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    await emulator.idle();
    const current = await stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(current.status).toBe('requires_payment_method');
    expect(current.last_payment_error?.code).toBe('card_declined');
    expect(endpoint.received.map(({ event }) => event.type)).toContain('payment_intent.payment_failed');
    // a declined payment can be retried with another card
    expect(
      (await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_visa' })).status,
    ).toBe('succeeded');
    await endpoint.close();
  });

  it('opens a dispute after pm_card_createDispute succeeds, and closes it as won or lost on request', async () => {
    const endpoint = await startEndpoint(emulator);
    const paymentIntent = await stripe.paymentIntents.create({ amount: 4_000, currency: 'gbp' });

    await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_createDispute' });
    await emulator.idle();
    const dispute = emulator.disputeOf(paymentIntent.id)!;
    emulator.closeDispute(String(dispute['id']), 'won');
    await emulator.idle();

    const types = endpoint.received.map(({ event }) => event.type);
    expect(types.indexOf('charge.dispute.created')).toBeGreaterThan(
      types.indexOf('payment_intent.succeeded'),
    );
    const closed = endpoint.received.find(({ event }) => event.type === 'charge.dispute.closed')!.event;
    expect(closed.data.object).toMatchObject({
      id: dispute['id'],
      status: 'won',
      amount: 4_000,
      payment_intent: paymentIntent.id,
    });
    expect(() => emulator.closeDispute(String(dispute['id']), 'lost')).toThrow(/already closed/);
    await endpoint.close();
  });

  it('retries a delivery until the endpoint answers 2xx, replays on request, and delivers out of order when told', async () => {
    // given an endpoint that fails twice, then answers
    const statuses = [500, 503];
    const endpoint = await startEndpoint(emulator, () => statuses.shift() ?? 200);
    emulator.pauseDeliveries();
    const paymentIntent = await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_visa' });
    const queued = emulator.queuedEvents().map((event: EmulatorEvent) => event.type);
    expect(queued).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);

    // when the last event is delivered first, then the rest, then the last one again
    const last = emulator.queuedEvents()[2]!;
    const delivery = await emulator.deliver(last.id);
    emulator.resumeDeliveries();
    await emulator.idle();
    const replay = await emulator.replay(last.id);

    // then the first delivery took three attempts, the rest followed, and the replay carried the same event id
    expect(delivery).toEqual({ eventId: last.id, delivered: true, attempts: 3, lastStatus: 200 });
    expect(replay.delivered).toBe(true);
    expect(endpoint.received.map(({ event }) => event.type)).toEqual([
      'payment_intent.succeeded',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    expect(endpoint.received[3]!.event.id).toBe(last.id);
    await endpoint.close();
  });

  it('gives up after a bounded number of attempts', async () => {
    const endpoint = await startEndpoint(emulator, () => 500);
    await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    await emulator.idle();
    const [event] = emulator.events('payment_intent.created');
    expect(await emulator.delivery(event!.id)).toMatchObject({
      delivered: false,
      attempts: 5,
      lastStatus: 500,
    });
    await endpoint.close();
  });

  it('creates Connect accounts and transfers to them once onboarded, from a funded balance', async () => {
    const account = await stripe.accounts.create({
      type: 'express',
      country: 'DE',
      email: 'seller@example.test',
    });
    emulator.updateAccount(account.id, 'complete');
    emulator.creditBalance('eur', 1_500);
    const transfer = await stripe.transfers.create(
      { amount: 1_500, currency: 'eur', destination: account.id, metadata: { payout_id: 'p1' } },
      { idempotencyKey: 'payout-p1' },
    );
    const again = await stripe.transfers.create(
      { amount: 1_500, currency: 'eur', destination: account.id, metadata: { payout_id: 'p1' } },
      { idempotencyKey: 'payout-p1' },
    );

    expect(account.id).toMatch(/^acct_/);
    expect(transfer).toMatchObject({
      object: 'transfer',
      amount: 1_500,
      currency: 'eur',
      destination: account.id,
    });
    expect(again.id).toBe(transfer.id);
    expect((await stripe.transfers.retrieve(transfer.id)).id).toBe(transfer.id);
    await expect(
      stripe.transfers.create({ amount: 1, currency: 'eur', destination: 'acct_nope' }),
    ).rejects.toMatchObject({
      code: 'resource_missing',
    });
  });
});

/** What an outside tool does: plain HTTP to the emulator's `/_emulator` controls with its secret key. */
describe('Stripe emulator controls over HTTP', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeEach(async () => {
    emulator = await StripeEmulator.start({
      apiVersion: Stripe.API_VERSION,
      retryBaseDelayMs: 10,
      webhookSecret: 'whsec_fixedForOutsideTools',
    });
    stripe = createStripeClient({
      secretKey: emulator.secretKey,
      timeoutMs: 5_000,
      maxNetworkRetries: 0,
      endpoint: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
    });
  });

  afterEach(async () => {
    await emulator.close();
  });

  async function control(method: 'GET' | 'POST', path: string, form = '', key = emulator.secretKey) {
    const url = `${emulator.url}${path}${method === 'GET' && form ? `?${form}` : ''}`;
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { body: form } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('signs webhooks with the webhook secret it was given, so an outside tool can verify them', async () => {
    // given an endpoint that verifies with the configured secret, not with the emulator object
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          const event = Stripe.webhooks.constructEvent(
            Buffer.concat(chunks),
            String(request.headers['stripe-signature']),
            'whsec_fixedForOutsideTools',
          );
          received.push(event.type);
          response.writeHead(200).end();
        } catch {
          response.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    emulator.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);

    // when a payment intent is created
    await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    await emulator.idle();

    // then its event verified against the configured secret
    expect(emulator.webhookSecret).toBe('whsec_fixedForOutsideTools');
    expect(received).toEqual(['payment_intent.created']);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('pauses, lists, reorders and resumes webhook deliveries, and replays an event', async () => {
    // given an endpoint, and deliveries paused over HTTP while a card payment creates three events
    const endpoint = await startEndpoint(emulator);
    expect((await control('POST', '/_emulator/webhooks/pause')).body).toMatchObject({ paused: true });
    const paymentIntent = await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });
    await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_visa' });
    const queue = await control('GET', '/_emulator/webhooks');
    const queued = queue.body['queued'] as { id: string; type: string }[];
    expect(queued.map((event) => event.type)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    const [created, charged, succeeded] = queued.map((event) => event.id);

    // when the last event is put first, deliveries resume, and the first event is replayed
    const reordered = await control(
      'POST',
      '/_emulator/webhooks/reorder',
      `events[]=${succeeded}&events[]=${created}`,
    );
    expect((reordered.body['queued'] as { id: string }[]).map((event) => event.id)).toEqual([
      succeeded,
      created,
      charged,
    ]);
    expect((await control('POST', '/_emulator/webhooks/resume')).body).toMatchObject({ paused: false });
    await emulator.idle();
    const replay = await control('POST', `/_emulator/events/${created}/replay`);
    await emulator.idle();

    // then the endpoint received them in the new order, then the replay with the same event id
    expect(replay).toEqual({
      status: 200,
      body: { id: created, object: 'emulator_replay', replaying: true },
    });
    expect(endpoint.received.map(({ event }) => event.id)).toEqual([succeeded, created, charged, created]);
    const listed = await control('GET', '/_emulator/events', 'type=payment_intent.succeeded&limit=1');
    expect(listed.body).toMatchObject({ object: 'list', has_more: false });
    expect((listed.body['data'] as { id: string }[]).map((event) => event.id)).toEqual([succeeded]);
    await endpoint.close();
  });

  it('closes a dispute as won or lost, once, and sends charge.dispute.closed', async () => {
    // given a payment that opened a dispute, found through the event list
    const endpoint = await startEndpoint(emulator);
    const paymentIntent = await stripe.paymentIntents.create({ amount: 2_000, currency: 'eur' });
    await stripe.paymentIntents.confirm(paymentIntent.id, { payment_method: 'pm_card_createDispute' });
    await emulator.idle();
    const opened = await control('GET', '/_emulator/events', 'type=charge.dispute.created');
    const disputeId = (opened.body['data'] as EmulatorEvent[])[0]!.data.object['id'] as string;

    // when it is closed as lost, then closed again, and closed with an unknown status
    const lost = await control('POST', `/_emulator/disputes/${disputeId}/close`, 'status=lost');
    const again = await control('POST', `/_emulator/disputes/${disputeId}/close`, 'status=won');
    const unknown = await control('POST', `/_emulator/disputes/${disputeId}/close`, 'status=maybe');
    await emulator.idle();

    // then the first closes it and sends the event; the others are refused like Stripe refuses
    expect(lost).toMatchObject({ status: 200, body: { id: disputeId, status: 'lost' } });
    expect(again).toMatchObject({ status: 400, body: { error: { code: 'dispute_already_closed' } } });
    expect(unknown).toMatchObject({ status: 400, body: { error: { param: 'status' } } });
    const closed = endpoint.received.filter(({ event }) => event.type === 'charge.dispute.closed');
    expect(closed.map(({ event }) => (event.data.object as { status: string }).status)).toEqual(['lost']);
    await endpoint.close();
  });

  it('refuses controls without the secret key, unknown events and unknown paths', async () => {
    emulator.pauseDeliveries();
    await stripe.paymentIntents.create({ amount: 1_000, currency: 'eur' });

    const anonymous = await control('GET', '/_emulator/webhooks', '', 'sk_test_someoneElse');
    const publishable = await control('POST', '/_emulator/webhooks/resume', '', emulator.publishableKey);
    const notQueued = await control('POST', '/_emulator/webhooks/reorder', 'events[]=evt_nope');
    const nothingNamed = await control('POST', '/_emulator/webhooks/reorder');
    const replayUnknown = await control('POST', '/_emulator/events/evt_nope/replay');
    const unknownPath = await control('POST', '/_emulator/webhooks/rewind');
    const badLimit = await control('GET', '/_emulator/events', 'limit=1000');

    expect([anonymous.status, publishable.status]).toEqual([401, 401]);
    expect(notQueued).toMatchObject({ status: 400, body: { error: { code: 'resource_missing' } } });
    expect(nothingNamed).toMatchObject({ status: 400, body: { error: { param: 'events' } } });
    expect(replayUnknown.status).toBe(404);
    expect(unknownPath.status).toBe(404);
    expect(badLimit).toMatchObject({ status: 400, body: { error: { param: 'limit' } } });
    expect(emulator.queuedEvents()).toHaveLength(1);
  });
});

describe('parseForm', () => {
  it('reads Stripe bracket encoding into objects and arrays', () => {
    expect(
      parseForm('amount=100&metadata[top_up_id]=a%20b&expand[]=x&expand[]=y&types[0]=card&flag=true'),
    ).toEqual({
      amount: '100',
      metadata: { top_up_id: 'a b' },
      expand: ['x', 'y'],
      types: ['card'],
      flag: 'true',
    });
  });

  it('refuses prototype keys, conflicts, deep nesting and too many parameters', () => {
    expect(() => parseForm('__proto__[x]=1')).toThrow();
    expect(() => parseForm('a=1&a[b]=2')).toThrow(/Conflicting/);
    expect(() => parseForm('a[b][c][d][e][f]=1')).toThrow(/deeply/);
    expect(() => parseForm(Array.from({ length: 501 }, (_, index) => `k${index}=1`).join('&'))).toThrow(
      /At most/,
    );
  });
});
