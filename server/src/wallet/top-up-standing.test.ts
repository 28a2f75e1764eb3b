import { createStaff, queryDatabase, startTestApp, type TestApp, type TestClient } from '../../test/harness';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  settle,
  walletBalance,
  type Buyer,
} from '../../test/wallet-helpers';

/**
 * A wallet's money can only be spent (buyers do not withdraw), so an account that may not buy
 * takes no money: a buyer restricted from buying, or with a wallet on hold after a chargeback, is
 * refused a new top-up and the resumption of an unpaid one, in words, with nothing created at
 * Stripe; once allowed to buy again, they add money as before.
 */
describe('top-ups of a buyer who may not buy', () => {
  let testApp: TestApp;
  let admin: TestClient;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
  });
  afterAll(async () => {
    await testApp.close();
  });

  const setTier = async (buyer: Buyer, tier: string) => {
    const answer = await admin.data<{ overrideRiskTier: { errors: unknown[] } }>(
      `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
      {
        input: {
          userId: buyer.userId,
          role: 'BUYER',
          tier,
          reason: 'Set by the top-up standing test.',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );
    expect(answer.overrideRiskTier.errors).toEqual([]);
  };
  const resume = async (buyer: Buyer, topUpId: string) =>
    (
      await buyer.client.data<{ resumeTopUp: { clientSecret: string | null; errors: { code: string }[] } }>(
        `mutation ($input: ResumeTopUpInput!) { resumeTopUp(input: $input) { clientSecret errors { code } } }`,
        { input: { topUpId } },
      )
    ).resumeTopUp;
  const paymentIntents = () => emulatorOf(testApp).events('payment_intent.created').length;

  it('refuses a buyer restricted from buying BUYER_BLOCKED, new or resumed, creating nothing; a buyer with a warning tops up', async () => {
    // given a buyer with an unpaid top-up, then restricted by an admin
    const buyer = await newBuyer(testApp);
    const started = await createTopUp(buyer, { amount: 1_000 });
    expect(started.errors).toEqual([]);
    await setTier(buyer, 'RESTRICTED');
    const before = paymentIntents();

    // when they start a top-up, and resume the unpaid one
    const refused = await createTopUp(buyer, { amount: 2_000 });
    const resumed = await resume(buyer, started.topUp!.id);

    // then both are refused in words, and nothing is created here or at Stripe
    expect(refused.topUp).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({ code: 'BUYER_BLOCKED', message: expect.stringMatching(/paused purchases/) }),
    ]);
    expect(resumed).toEqual({ clientSecret: null, errors: [{ code: 'BUYER_BLOCKED' }] });
    expect(paymentIntents()).toBe(before);
    const rows = await queryDatabase(
      testApp,
      'select count(*)::int as count from top_ups where buyer_id = $1',
      [buyer.rawId],
    );
    expect(rows[0]!['count']).toBe(1);

    // when the admin lowers the tier to a warning, the buyer tops up again
    await setTier(buyer, 'WARNING');
    expect((await createTopUp(buyer, { amount: 2_000 })).errors).toEqual([]);
  });

  it('refuses a buyer whose wallet is on hold after a chargeback WALLET_ON_HOLD, in every currency', async () => {
    // given a buyer whose paid top-up was disputed with their bank: the wallet is on hold
    const buyer = await newBuyer(testApp);
    const disputed = await createTopUp(buyer, { amount: 1_500 });
    expect(await pay(testApp, disputed.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
    await settle(testApp);
    const [wallet] = await queryDatabase(
      testApp,
      `select status from wallets where buyer_id = $1 and currency = 'EUR'`,
      [buyer.rawId],
    );
    expect(wallet).toEqual({ status: 'WALLET_AT_RISK' });
    const before = paymentIntents();

    // when they start top-ups in euros and in dollars
    const answers = [
      await createTopUp(buyer, { amount: 1_000 }),
      await createTopUp(buyer, { amount: 1_000, currency: 'USD' }),
    ];

    // then both are refused, saying why, and nothing reaches Stripe or the wallet
    for (const answer of answers) {
      expect(answer.errors).toEqual([
        expect.objectContaining({ code: 'WALLET_ON_HOLD', message: expect.stringMatching(/on hold/) }),
      ]);
    }
    expect(paymentIntents()).toBe(before);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });
});
