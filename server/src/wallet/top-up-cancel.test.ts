import {
  banThroughApi,
  createStaff,
  queryDatabase,
  rawId,
  startTestApp,
  type TestApp,
} from '../../test/harness';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  walletBalance,
  type Buyer,
} from '../../test/wallet-helpers';

/**
 * cancelTopUp: a buyer abandons a top-up they will not pay. Its PaymentIntent is canceled at Stripe
 * (it can never be paid), and it no longer counts among the unpaid top-ups that cap new ones, so
 * abandoned attempts never lock a buyer out of adding money. A paid top-up is never canceled.
 */
describe('cancelTopUp', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ TOP_UP_MAX_PENDING_PER_BUYER: '2', TOP_UP_MAX_PER_HOUR: '6' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const cancel = async (buyer: Buyer, topUpId: string) =>
    (
      await buyer.client.data<{
        cancelTopUp: { topUp: { id: string; status: string } | null; errors: { code: string }[] };
      }>(
        `mutation ($input: CancelTopUpInput!) {
          cancelTopUp(input: $input) { topUp { id status } errors { code } }
        }`,
        { input: { topUpId } },
      )
    ).cancelTopUp;

  const unpaid = async (buyer: Buyer) =>
    (
      await buyer.client.data<{ myUnpaidTopUps: { id: string; status: string }[] }>(
        '{ myUnpaidTopUps { id status } }',
      )
    ).myUnpaidTopUps;

  it('given the unpaid top-ups at the cap, when the buyer cancels one, then a new top-up can start and the canceled one can never be paid', async () => {
    // given a buyer with two unpaid top-ups: the cap
    const buyer = await newBuyer(testApp);
    const first = await createTopUp(buyer, { amount: 1_000 });
    const second = await createTopUp(buyer, { amount: 2_000 });
    expect((await createTopUp(buyer, { amount: 3_000 })).errors).toMatchObject([
      { code: 'TOO_MANY_PENDING_TOP_UPS' },
    ]);
    expect((await unpaid(buyer)).map((topUp) => topUp.id)).toEqual([second.topUp!.id, first.topUp!.id]);

    // when they cancel the first
    expect(await cancel(buyer, first.topUp!.id)).toEqual({
      topUp: { id: first.topUp!.id, status: 'CANCELED' },
      errors: [],
    });

    // then it is canceled at Stripe too, it is no longer listed, and a new top-up starts
    expect(emulatorOf(testApp).paymentIntent(paymentIntentOf(first.clientSecret))).toMatchObject({
      status: 'canceled',
    });
    expect((await unpaid(buyer)).map((topUp) => topUp.id)).toEqual([second.topUp!.id]);
    expect((await createTopUp(buyer, { amount: 3_000 })).errors).toEqual([]);
    // and paying the canceled one is refused by Stripe, and credits nothing
    await expect(pay(testApp, first.clientSecret)).rejects.toThrow(/canceled/);
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    // and canceling it again answers it again
    expect(await cancel(buyer, first.topUp!.id)).toMatchObject({ topUp: { status: 'CANCELED' }, errors: [] });
  });

  it('given a buyer with open card forms, when an admin bans them, then their unpaid top-ups are canceled at Stripe before the ban answers and a payment on one credits nothing; a paid one stays credited', async () => {
    // given a buyer with a paid top-up and two unpaid ones (one declined once: FAILED, still payable)
    const admin = await createStaff(testApp, ['ADMIN']);
    const buyer = await newBuyer(testApp);
    const paid = await createTopUp(buyer, { amount: 500 });
    await pay(testApp, paid.clientSecret);
    await settle(testApp);
    const open = await createTopUp(buyer, { amount: 1_000 });
    const declined = await createTopUp(buyer, { amount: 2_000 });
    expect(await pay(testApp, declined.clientSecret, 'pm_card_visa_chargeDeclined')).toBe('declined');
    await settle(testApp);
    expect((await unpaid(buyer)).map((topUp) => topUp.status).sort()).toEqual(['FAILED', 'PENDING']);

    // when an admin bans them
    await banThroughApi(admin.client, buyer.userId, 'BUYER');

    // then, as soon as the ban answered (before its job ran), both are canceled at Stripe, and
    // paying one is refused by Stripe
    for (const answer of [open, declined]) {
      expect(emulatorOf(testApp).paymentIntent(paymentIntentOf(answer.clientSecret))).toMatchObject({
        status: 'canceled',
      });
    }
    await expect(pay(testApp, declined.clientSecret)).rejects.toThrow(/canceled/);
    await settle(testApp);

    // and, once the ban's job ran too, both are canceled here and at Stripe
    const statuses = await queryDatabase(
      testApp,
      'select id, status from top_ups where buyer_id = $1 order by amount',
      [buyer.rawId],
    );
    expect(statuses.map((row) => row.status)).toEqual(['SUCCEEDED', 'CANCELED', 'CANCELED']);
    for (const answer of [open, declined]) {
      expect(emulatorOf(testApp).paymentIntent(paymentIntentOf(answer.clientSecret))).toMatchObject({
        status: 'canceled',
      });
    }
    await expect(pay(testApp, open.clientSecret)).rejects.toThrow(/canceled/);
    await settle(testApp);
    // and the wallet holds what was paid before the ban, nothing more
    expect(await walletBalance(testApp, buyer.rawId)).toBe(500);
    // and running the cancellation again changes nothing
    expect(await testApp.services.topUps.cancelUnpaidTopUpsOf(buyer.rawId)).toBe(0);
  });

  it('given a top-up whose PaymentIntent Stripe does not have (a restarted local emulator), then paying it is refused by name and canceling it cancels it here', async () => {
    // given an unpaid top-up whose PaymentIntent Stripe no longer has
    const buyer = await newBuyer(testApp);
    const forgotten = await createTopUp(buyer, { amount: 1_000 });
    emulatorOf(testApp).forgetPaymentIntent(paymentIntentOf(forgotten.clientSecret));

    // when the buyer tries to pay it: a refusal that says what to do, not an internal error
    const resumed = await buyer.client.data<{
      resumeTopUp: { clientSecret: string | null; errors: { code: string; message: string }[] };
    }>(
      `mutation ($input: ResumeTopUpInput!) { resumeTopUp(input: $input) { clientSecret errors { code message } } }`,
      { input: { topUpId: forgotten.topUp!.id } },
    );
    expect(resumed.resumeTopUp).toEqual({
      clientSecret: null,
      errors: [{ code: 'TOP_UP_NOT_PAYABLE', message: expect.stringContaining('cancel it') }],
    });

    // then canceling it cancels it, and it no longer counts among the unpaid
    expect(await cancel(buyer, forgotten.topUp!.id)).toEqual({
      topUp: { id: forgotten.topUp!.id, status: 'CANCELED' },
      errors: [],
    });
    expect(await unpaid(buyer)).toEqual([]);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });

  it('refuses a paid top-up, and another buyer’s, and changes nothing', async () => {
    const buyer = await newBuyer(testApp);
    const paid = await createTopUp(buyer, { amount: 1_500 });
    expect(await pay(testApp, paid.clientSecret)).toBe('succeeded');
    await settle(testApp);
    // a paid top-up: not cancellable, and the money stays
    expect(await cancel(buyer, paid.topUp!.id)).toEqual({
      topUp: null,
      errors: [{ code: 'TOP_UP_NOT_CANCELLABLE' }],
    });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_500);
    // another buyer's unpaid top-up: not found, and still payable
    const mine = await createTopUp(buyer, { amount: 800 });
    const stranger = await newBuyer(testApp);
    expect(await cancel(stranger, mine.topUp!.id)).toEqual({
      topUp: null,
      errors: [{ code: 'TOP_UP_NOT_FOUND' }],
    });
    const [row] = await queryDatabase(testApp, 'select status from top_ups where id = $1', [
      rawId(mine.topUp!.id),
    ]);
    expect(row).toEqual({ status: 'PENDING' });
  });

  it('refuses to cancel a top-up whose payment Stripe took first, and credits it', async () => {
    // given a top-up the buyer pays in one tab while Stripe's webhook is held back
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 1_200 });
    emulatorOf(testApp).pauseDeliveries();
    try {
      expect(await pay(testApp, topUp.clientSecret)).toBe('succeeded');
      // when another tab cancels it before the webhook arrives
      expect(await cancel(buyer, topUp.topUp!.id)).toEqual({
        topUp: null,
        errors: [{ code: 'TOP_UP_NOT_CANCELLABLE' }],
      });
    } finally {
      emulatorOf(testApp).resumeDeliveries();
    }
    // then the payment is credited once the webhook arrives
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_200);
  });

  it('given a PaymentIntent canceled at Stripe directly (the dashboard), then its webhook cancels the top-up', async () => {
    const buyer = await newBuyer(testApp);
    const topUp = await createTopUp(buyer, { amount: 900 });
    await testApp.services.stripe.client.paymentIntents.cancel(paymentIntentOf(topUp.clientSecret));
    await settle(testApp);
    const [row] = await queryDatabase(testApp, 'select status from top_ups where id = $1', [
      rawId(topUp.topUp!.id),
    ]);
    expect(row).toEqual({ status: 'CANCELED' });
    expect(await unpaid(buyer)).toEqual([]);
  });

  it('limits the top-ups a buyer starts in an hour, canceled ones included: creating and canceling in a loop stops calling Stripe', async () => {
    // given a buyer who started and canceled as many top-ups as an hour allows
    const buyer = await newBuyer(testApp);
    for (let index = 0; index < 6; index++) {
      const started = await createTopUp(buyer, { amount: 1_000 });
      expect(started.errors).toEqual([]);
      expect((await cancel(buyer, started.topUp!.id)).errors).toEqual([]);
    }
    const intentsBefore = emulatorOf(testApp).events('payment_intent.created').length;

    // when the buyer starts one more
    const refused = await createTopUp(buyer, { amount: 1_000 });

    // then it is refused in words, nothing is created, and Stripe is not called
    expect(refused.errors).toEqual([
      {
        code: 'TOO_MANY_TOP_UPS',
        message: expect.stringMatching(/^You started 6 top-ups in the last hour.* in (59|60) minutes\.$/),
        field: null,
      },
    ]);
    expect(await unpaid(buyer)).toEqual([]);
    expect(emulatorOf(testApp).events('payment_intent.created')).toHaveLength(intentsBefore);
    const [{ count }] = (
      await testApp.database.$client.query<{ count: number }>(
        'select count(*)::int as count from top_ups where buyer_id = $1',
        [buyer.rawId],
      )
    ).rows as [{ count: number }];
    expect(count).toBe(6);
  });
});
