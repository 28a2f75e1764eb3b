import { toGlobalId } from '../graphql/relay';
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
 * resumeTopUp: a buyer pays a top-up they started earlier (the card form was closed, the page
 * reloaded, or the card was declined) without starting a new one. It hands back the same
 * PaymentIntent's client secret; the wallet is still credited only by Stripe's webhook, once.
 */
describe('resumeTopUp', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  interface ResumeAnswer {
    topUp: { id: string; status: string } | null;
    clientSecret: string | null;
    errors: { code: string; field: string | null }[];
  }

  const resume = async (buyer: Buyer, topUpId: string) =>
    (
      await buyer.client.data<{ resumeTopUp: ResumeAnswer }>(
        `mutation ($input: ResumeTopUpInput!) {
          resumeTopUp(input: $input) { topUp { id status } clientSecret errors { code field } }
        }`,
        { input: { topUpId } },
      )
    ).resumeTopUp;

  const statusOf = async (topUpId: string) =>
    (await queryDatabase(testApp, 'select status from top_ups where id = $1', [rawId(topUpId)]))[0];

  it('given a top-up whose card form was closed, when the buyer resumes it, then the same payment is paid and credited once', async () => {
    // given a top-up started and left unpaid
    const buyer = await newBuyer(testApp);
    const started = await createTopUp(buyer, { amount: 1_700 });

    // when the buyer resumes it
    const resumed = await resume(buyer, started.topUp!.id);

    // then it is the same top-up and the same PaymentIntent
    expect(resumed).toMatchObject({ topUp: { id: started.topUp!.id, status: 'PENDING' }, errors: [] });
    expect(paymentIntentOf(resumed.clientSecret)).toBe(paymentIntentOf(started.clientSecret));
    // and paying it credits the wallet once
    expect(await pay(testApp, resumed.clientSecret)).toBe('succeeded');
    await settle(testApp);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_700);
    // and a paid top-up is not payable again
    expect(await resume(buyer, started.topUp!.id)).toEqual({
      topUp: null,
      clientSecret: null,
      errors: [{ code: 'TOP_UP_NOT_PAYABLE', field: 'topUpId' }],
    });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(1_700);
  });

  it('given a declined card, when the buyer resumes the FAILED top-up, then another card pays it', async () => {
    const buyer = await newBuyer(testApp);
    const started = await createTopUp(buyer, { amount: 2_300 });
    expect(await pay(testApp, started.clientSecret, 'pm_card_visa_chargeDeclined')).toBe('declined');
    await settle(testApp);
    expect(await statusOf(started.topUp!.id)).toEqual({ status: 'FAILED' });

    const resumed = await resume(buyer, started.topUp!.id);

    expect(resumed).toMatchObject({ topUp: { status: 'FAILED' }, errors: [] });
    expect(await pay(testApp, resumed.clientSecret)).toBe('succeeded');
    await settle(testApp);
    expect(await statusOf(started.topUp!.id)).toEqual({ status: 'SUCCEEDED' });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(2_300);
  });

  it('refuses a canceled top-up, another buyer’s, an unknown id and one whose payment Stripe is taking, and changes nothing', async () => {
    const buyer = await newBuyer(testApp);
    const canceled = await createTopUp(buyer, { amount: 900 });
    await testApp.services.topUps.cancelTopUp(buyer.rawId, rawId(canceled.topUp!.id));
    const mine = await createTopUp(buyer, { amount: 800 });
    const stranger = await newBuyer(testApp);
    const notPayable = {
      topUp: null,
      clientSecret: null,
      errors: [{ code: 'TOP_UP_NOT_PAYABLE', field: 'topUpId' }],
    };
    const notFound = {
      topUp: null,
      clientSecret: null,
      errors: [{ code: 'TOP_UP_NOT_FOUND', field: 'topUpId' }],
    };

    expect(await resume(buyer, canceled.topUp!.id)).toEqual(notPayable);
    expect(await resume(stranger, mine.topUp!.id)).toEqual(notFound);
    expect(await resume(buyer, toGlobalId('TopUp', '00000000-0000-4000-8000-000000000000'))).toEqual(
      notFound,
    );

    // a payment Stripe accepted whose webhook has not arrived: the top-up reads PENDING, Stripe says succeeded
    emulatorOf(testApp).pauseDeliveries();
    try {
      expect(await pay(testApp, mine.clientSecret)).toBe('succeeded');
      expect(await resume(buyer, mine.topUp!.id)).toEqual(notPayable);
    } finally {
      emulatorOf(testApp).resumeDeliveries();
    }
    await settle(testApp);
    expect(await statusOf(canceled.topUp!.id)).toEqual({ status: 'CANCELED' });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(800);
    expect(await walletBalance(testApp, stranger.rawId)).toBe(0);
  });

  it('refuses a banned buyer ACCOUNT_BANNED', async () => {
    // given a buyer with an unpaid top-up, banned by an admin; the ban revoked their sessions,
    // which are reopened here to stand for a request that raced the ban
    const buyer = await newBuyer(testApp);
    const started = await createTopUp(buyer, { amount: 1_000 });
    const admin = await createStaff(testApp, ['ADMIN']);
    await banThroughApi(admin.client, buyer.userId, 'BUYER', 'Banned by the resume test.');
    await queryDatabase(
      testApp,
      'update sessions set revoked_at = null, revoked_reason = null where user_id = $1',
      [buyer.rawId],
    );

    expect(await resume(buyer, started.topUp!.id)).toEqual({
      topUp: null,
      clientSecret: null,
      errors: [{ code: 'ACCOUNT_BANNED', field: null }],
    });
  });
});
