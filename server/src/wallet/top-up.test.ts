import crypto from 'node:crypto';
import { signatureHeader } from '../stripe/emulator/signature';
import {
  createStaff,
  queryDatabase,
  startTestApp,
  TestClient,
  type TestApp,
  rawId,
} from '../../test/harness';
import {
  createTopUp,
  createTopUpMutation,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  walletBalance,
  declinedThenPaidWithEventsHeld,
} from '../../test/wallet-helpers';

/** Wallet top-ups: createTopUp, then Stripe's verified webhooks credit the wallet, once. */
describe('wallet top-ups', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      TOP_UP_MIN_AMOUNT: '500',
      TOP_UP_MAX_AMOUNT: '50000',
      TOP_UP_MAX_PENDING_PER_BUYER: '3',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  afterEach(() => emulatorOf(testApp).resumeDeliveries());

  const count = async (table: string, where = 'true', values: unknown[] = []) =>
    Number(
      (await queryDatabase(testApp, `select count(*)::int as n from ${table} where ${where}`, values))[0]![
        'n'
      ],
    );

  const topUpQuery = `query ($id: ID!) { topUp(id: $id) { id status amount { amount currency } failureCode } }`;

  describe('createTopUp', () => {
    it('credits the wallet once, and only when Stripe confirms the payment', async () => {
      // given a buyer who starts a top-up
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 2_500 });
      expect(answer.errors).toEqual([]);
      expect(answer.topUp).toMatchObject({ amount: { amount: 2_500, currency: 'EUR' }, status: 'PENDING' });
      expect(answer.clientSecret).toMatch(/^pi_.+_secret_/);
      await settle(testApp);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);

      // when the buyer pays and Stripe's webhooks arrive
      expect(await pay(testApp, answer.clientSecret)).toBe('succeeded');
      await settle(testApp);

      // then the wallet holds the amount, the top-up succeeded, and the ledger has one credit
      expect(await walletBalance(testApp, buyer.rawId)).toBe(2_500);
      const polled = await buyer.client.data(topUpQuery, { id: answer.topUp!.id });
      expect(polled['topUp']).toMatchObject({ status: 'SUCCEEDED', failureCode: null });
      const credits = await queryDatabase(
        testApp,
        `select t.kind, t.idempotency_key from ledger_transactions t join top_ups u on u.id = t.top_up_id
          where u.buyer_id = $1`,
        [buyer.rawId],
      );
      expect(credits.map((row) => row['kind'])).toEqual(['TOP_UP']);
      const events = await queryDatabase(
        testApp,
        `select type, processed_at, outcome from stripe_events where payload->>'id' = $1`,
        [paymentIntentOf(answer.clientSecret)],
      );
      const succeeded = events.find((row) => row['type'] === 'payment_intent.succeeded');
      expect(succeeded).toMatchObject({ outcome: 'top-up credited' });
      expect(succeeded!['processed_at']).not.toBeNull();

      // and myWallet shows the balance and the credit in its history
      const wallet = await buyer.client.data(
        `{ myWallet(currency: "EUR") { currency status balance { amount currency } history(first: 10) { edges { node { kind amount { amount } balanceAfter { amount } } } } } }`,
      );
      expect(wallet['myWallet']).toEqual({
        currency: 'EUR',
        status: 'ACTIVE',
        balance: { amount: 2_500, currency: 'EUR' },
        history: {
          edges: [{ node: { kind: 'TOP_UP', amount: { amount: 2_500 }, balanceAfter: { amount: 2_500 } } }],
        },
      });
    });

    it('returns the first top-up for a repeated idempotency key, and refuses the key with another input', async () => {
      // given a top-up made under a key
      const buyer = await newBuyer(testApp);
      const key = crypto.randomUUID();
      const first = await createTopUp(buyer, { amount: 1_000, idempotencyKey: key });

      // when the same request is repeated, and another request uses the key
      const again = await createTopUp(buyer, { amount: 1_000, idempotencyKey: key });
      const reused = await createTopUp(buyer, { amount: 1_001, idempotencyKey: key });
      const otherCurrency = await createTopUp(buyer, { amount: 1_000, currency: 'USD', idempotencyKey: key });

      // then the repeat is the same top-up with the same PaymentIntent, and the others change nothing
      expect(again).toMatchObject({ replayed: true, errors: [] });
      expect(again.topUp!.id).toBe(first.topUp!.id);
      expect(again.clientSecret).toBe(first.clientSecret);
      for (const refused of [reused, otherCurrency]) {
        expect(refused).toMatchObject({ topUp: null, clientSecret: null });
        expect(refused.errors).toEqual([
          { code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String), field: 'idempotencyKey' },
        ]);
      }
      expect(await count('top_ups', 'buyer_id = $1', [buyer.rawId])).toBe(1);
      const created = emulatorOf(testApp)
        .events('payment_intent.created')
        .filter(
          (event) =>
            event.data.object['metadata'] &&
            (event.data.object['metadata'] as Record<string, string>)['buyer_id'] === buyer.rawId,
        );
      expect(created).toHaveLength(1);

      // and another buyer may use the same key for their own top-up
      const other = await newBuyer(testApp);
      const theirs = await createTopUp(other, { amount: 1_000, idempotencyKey: key });
      expect(theirs.errors).toEqual([]);
      expect(theirs.topUp!.id).not.toBe(first.topUp!.id);
    });

    it('gives one top-up to concurrent requests with the same key', async () => {
      const buyer = await newBuyer(testApp);
      const key = crypto.randomUUID();

      const answers = await Promise.all(
        Array.from({ length: 5 }, () => createTopUp(buyer, { amount: 700, idempotencyKey: key })),
      );

      expect(new Set(answers.map((answer) => answer.topUp?.id)).size).toBe(1);
      expect(new Set(answers.map((answer) => answer.clientSecret)).size).toBe(1);
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(await count('top_ups', 'buyer_id = $1', [buyer.rawId])).toBe(1);
    });

    it('names the one top-up and PaymentIntent in every answer to 20 concurrent retries, and refuses the key with another amount', async () => {
      // given a buyer, when 20 requests with one key arrive at once
      const buyer = await newBuyer(testApp);
      const key = `retry-${crypto.randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => createTopUp(buyer, { amount: 900, idempotencyKey: key })),
      );
      // then every answer names the same top-up and the same PaymentIntent, and only one created them
      expect(answers.flatMap((answer) => answer.errors)).toEqual([]);
      expect(new Set(answers.map((answer) => answer.topUp?.id)).size).toBe(1);
      expect(new Set(answers.map((answer) => answer.clientSecret)).size).toBe(1);
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(await count('top_ups', 'buyer_id = $1', [buyer.rawId])).toBe(1);

      // and when the key races again, half with another amount: replays and IDEMPOTENCY_KEY_REUSED
      const mixed = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          createTopUp(buyer, { amount: index % 2 ? 901 : 900, idempotencyKey: key }),
        ),
      );
      mixed.forEach((answer, index) => {
        if (index % 2) expect(answer.errors.map((error) => error.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
        else
          expect(answer).toMatchObject({
            topUp: { id: answers[0]!.topUp!.id },
            clientSecret: answers[0]!.clientSecret,
            replayed: true,
            errors: [],
          });
      });
      expect(await count('top_ups', 'buyer_id = $1', [buyer.rawId])).toBe(1);
    });

    it('refuses amounts, currencies and keys outside the rules with typed errors, and changes nothing', async () => {
      const buyer = await newBuyer(testApp);
      const before = { topUps: await count('top_ups'), keys: await count('idempotency_keys') };

      const tooSmall = await createTopUp(buyer, { amount: 499 });
      const tooLarge = await createTopUp(buyer, { amount: 50_001 });
      const negative = await createTopUp(buyer, { amount: -1_000 });
      const currency = await createTopUp(buyer, { amount: 1_000, currency: 'JPY' });
      const lowerCase = await createTopUp(buyer, { amount: 1_000, currency: 'eur' });
      const badKey = await createTopUp(buyer, { amount: 1_000, idempotencyKey: 'has spaces' });
      const longKey = await createTopUp(buyer, { amount: 1_000, idempotencyKey: 'k'.repeat(101) });
      const everything = await createTopUp(buyer, { amount: 0, currency: 'XXX', idempotencyKey: '' });

      expect(tooSmall.errors).toEqual([
        {
          code: 'AMOUNT_OUT_OF_RANGE',
          message: 'A top-up is between 5.00 EUR and 500.00 EUR.',
          field: 'amount',
        },
      ]);
      expect(tooLarge.errors.map((error) => error.code)).toEqual(['AMOUNT_OUT_OF_RANGE']);
      expect(negative.errors.map((error) => error.code)).toEqual(['AMOUNT_OUT_OF_RANGE']);
      expect(currency.errors).toEqual([
        { code: 'UNSUPPORTED_CURRENCY', message: expect.any(String), field: 'currency' },
      ]);
      expect(lowerCase.errors.map((error) => error.code)).toEqual(['UNSUPPORTED_CURRENCY']);
      expect(badKey.errors).toEqual([
        { code: 'INVALID_IDEMPOTENCY_KEY', message: expect.any(String), field: 'idempotencyKey' },
      ]);
      expect(longKey.errors.map((error) => error.code)).toEqual(['INVALID_IDEMPOTENCY_KEY']);
      expect(everything.errors.map((error) => error.field)).toEqual(['amount', 'currency', 'idempotencyKey']);
      expect(await count('top_ups')).toBe(before.topUps);
      expect(await count('idempotency_keys')).toBe(before.keys);
    });

    it('limits the top-ups waiting for payment per buyer, and frees a place when one is paid', async () => {
      // given a buyer with three unpaid top-ups (the configured limit)
      const buyer = await newBuyer(testApp);
      const pending = [];
      for (let index = 0; index < 3; index++) pending.push(await createTopUp(buyer, { amount: 600 }));

      // when a fourth is started
      const fourth = await createTopUp(buyer, { amount: 600 });

      // then it is refused and nothing is created, until one of the others is paid
      expect(fourth.errors.map((error) => error.code)).toEqual(['TOO_MANY_PENDING_TOP_UPS']);
      expect(await count('top_ups', 'buyer_id = $1', [buyer.rawId])).toBe(3);
      await pay(testApp, pending[0]!.clientSecret);
      await settle(testApp);
      expect((await createTopUp(buyer, { amount: 600 })).errors).toEqual([]);
    });

    it('is for buyers signed in with a session only', async () => {
      const anonymous = await new TestClient(testApp.baseUrl).graphql(createTopUpMutation, {
        input: { amount: 1_000, currency: 'EUR', idempotencyKey: 'anonymous-1' },
      });
      const support = await createStaff(testApp, ['SUPPORT']);
      const staff = await support.client.graphql(createTopUpMutation, {
        input: { amount: 1_000, currency: 'EUR', idempotencyKey: 'support-1' },
      });

      expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(staff.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    });
  });

  describe('POST /webhooks/stripe', () => {
    async function postWebhook(body: string, signature: string | null) {
      return fetch(`${testApp.baseUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'stripe-signature': signature }),
        },
        body,
      });
    }

    it('refuses a missing, wrong, stale or tampered signature with 400 and records nothing', async () => {
      // given a genuine event body and the endpoint's secret
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 900 });
      await settle(testApp);
      const event = {
        id: `evt_forged${crypto.randomBytes(8).toString('hex')}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        data: {
          object: {
            ...emulatorOf(testApp).paymentIntent(paymentIntentOf(answer.clientSecret)),
            status: 'succeeded',
          },
        },
      };
      const body = JSON.stringify(event);
      const now = Math.floor(Date.now() / 1000);
      const secret = emulatorOf(testApp).webhookSecret;
      const before = { events: await count('stripe_events'), jobs: await count('graphile_worker.jobs') };

      // when it arrives unsigned, signed with another secret, signed long ago, or altered after signing
      const responses = [
        await postWebhook(body, null),
        await postWebhook(body, signatureHeader(body, 'whsec_someoneElse', now)),
        await postWebhook(body, signatureHeader(body, secret, now - 3_600)),
        await postWebhook(
          body.replace('"livemode":false', '"livemode":true'),
          signatureHeader(body, secret, now),
        ),
        await postWebhook(body, 'garbage'),
      ];

      // then every one is 400, nothing is recorded or queued, and the wallet is untouched
      expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
      expect(await count('stripe_events')).toBe(before.events);
      expect(await count('graphile_worker.jobs')).toBe(before.jobs);
      await testApp.services.jobs.runJobsOnce();
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);

      // and the same body with a valid signature is accepted (the forgery above was the only fault)
      const genuine = await postWebhook(body, signatureHeader(body, secret, now));
      expect(genuine.status).toBe(200);
    });

    it('credits once when the same event is delivered twice, replayed later, or concurrently', async () => {
      // given a paid top-up whose events are held back
      const emulator = emulatorOf(testApp);
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 3_000 });
      await settle(testApp);
      emulator.pauseDeliveries();
      await pay(testApp, answer.clientSecret);
      const succeeded = emulator
        .queuedEvents()
        .find(
          (event) =>
            event.type === 'payment_intent.succeeded' &&
            event.data.object['id'] === paymentIntentOf(answer.clientSecret),
        )!;

      // when it is delivered, delivered again at once, replayed twice concurrently, and replayed after processing
      const first = await emulator.deliver(succeeded.id);
      const second = await emulator.replay(succeeded.id);
      const concurrent = await Promise.all([emulator.replay(succeeded.id), emulator.replay(succeeded.id)]);
      emulator.resumeDeliveries();
      await settle(testApp);
      const late = await emulator.replay(succeeded.id);
      await settle(testApp);

      // then every delivery was answered 2xx, the event was recorded once, and the wallet credited once
      for (const delivery of [first, second, ...concurrent, late])
        expect(delivery).toMatchObject({ delivered: true, attempts: 1 });
      expect(await count('stripe_events', 'id = $1', [succeeded.id])).toBe(1);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(3_000);
      expect(
        await count('ledger_transactions', "kind = 'TOP_UP' and top_up_id = $1", [await topUpRawId(answer)]),
      ).toBe(1);
    });

    async function topUpRawId(answer: { topUp: { id: string } | null }): Promise<string> {
      return rawId(answer.topUp!.id);
    }

    it('credits once whatever the order of the events, and a late failure does not undo a success', async () => {
      // given a payment that first fails and then succeeds, with all its events held back
      const emulator = emulatorOf(testApp);
      const buyer = await newBuyer(testApp);
      const { answer, failed, succeeded } = await declinedThenPaidWithEventsHeld(
        testApp,
        buyer,
        1_200,
        'pm_card_visa_chargeDeclined',
      );

      // when the success arrives and is processed before the failure
      await emulator.deliver(succeeded.id);
      await testApp.services.jobs.runJobsOnce();
      await emulator.deliver(failed.id);
      emulator.resumeDeliveries();
      await settle(testApp);

      // then the top-up stays SUCCEEDED with one credit
      const polled = await buyer.client.data(topUpQuery, { id: answer.topUp!.id });
      expect(polled['topUp']).toMatchObject({ status: 'SUCCEEDED' });
      expect(await walletBalance(testApp, buyer.rawId)).toBe(1_200);
      const outcome = await queryDatabase(testApp, 'select outcome from stripe_events where id = $1', [
        failed.id,
      ]);
      expect(outcome[0]!['outcome']).toBe('ignored: top-up already succeeded');
    });

    it('marks a declined top-up FAILED without credit, and credits it when paid with another card', async () => {
      // given a top-up paid with a card that is declined
      const buyer = await newBuyer(testApp);
      const answer = await createTopUp(buyer, { amount: 800 });

      // when the decline's webhook is processed
      expect(await pay(testApp, answer.clientSecret, 'pm_card_chargeDeclined')).toBe('declined');
      await settle(testApp);

      // then the top-up is FAILED with Stripe's code, and the wallet is empty
      const failed = await buyer.client.data(topUpQuery, { id: answer.topUp!.id });
      expect(failed['topUp']).toMatchObject({ status: 'FAILED', failureCode: 'card_declined' });
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
      expect(await count('ledger_transactions', 'top_up_id = $1', [await topUpRawId(answer)])).toBe(0);

      // and the same PaymentIntent paid with a good card succeeds
      await pay(testApp, answer.clientSecret, 'pm_card_visa');
      await settle(testApp);
      const paid = await buyer.client.data(topUpQuery, { id: answer.topUp!.id });
      expect(paid['topUp']).toMatchObject({ status: 'SUCCEEDED', failureCode: null });
      expect(await walletBalance(testApp, buyer.rawId)).toBe(800);
    });

    it('hides a top-up from other buyers', async () => {
      const owner = await newBuyer(testApp);
      const stranger = await newBuyer(testApp);
      const answer = await createTopUp(owner, { amount: 1_000 });

      expect((await stranger.client.data(topUpQuery, { id: answer.topUp!.id }))['topUp']).toBeNull();
      expect((await owner.client.data(topUpQuery, { id: answer.topUp!.id }))['topUp']).not.toBeNull();
    });
  });
});
