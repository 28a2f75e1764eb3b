import { createStaff, queryDatabase, rawId, signUp, startTestApp, type TestApp } from './harness';

/**
 * What one person writes and another reads in the console (a payout hold's reason, a risk
 * override's, an API key's name) refuses the characters that make text read as something else:
 * "shop\u202Egnp.exe" shows as "shopexe.png" (shared/display-text.ts).
 */
describe('reasons and names staff and sellers read', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('refuses a bidi override or a zero-width space in a payout hold reason and an API key name, and records nothing', async () => {
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const admin = await createStaff(testApp, ['ADMIN']);

    const hold = await admin.client.data<{ setPayoutHold: { hold: unknown; errors: { code: string }[] } }>(
      `mutation ($input: SetPayoutHoldInput!) { setPayoutHold(input: $input) { hold { id } errors { code } } }`,
      { input: { sellerId: seller.userId, reason: 'abc\u202Edef' } },
    );
    const key = await seller.client.data<{ createApiKey: { apiKey: unknown; errors: { code: string }[] } }>(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } errors { code } } }`,
      { input: { name: 'shop\u202Egnp.exe', scopes: ['CATALOG_READ'] } },
    );
    const override = await admin.client.data<{ overrideRiskTier: { errors: { code: string }[] } }>(
      `mutation ($input: OverrideRiskTierInput!) { overrideRiskTier(input: $input) { errors { code } } }`,
      {
        input: {
          userId: seller.userId,
          role: 'SELLER',
          tier: 'RESTRICTED',
          reason: 'ok\u200Bdone',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    );

    expect(hold.setPayoutHold).toEqual({ hold: null, errors: [{ code: 'INVALID_REASON' }] });
    expect(key.createApiKey).toEqual({ apiKey: null, errors: [{ code: 'INVALID_NAME' }] });
    expect(override.overrideRiskTier.errors).toEqual([{ code: 'INVALID_REASON' }]);
    const rows = await queryDatabase(
      testApp,
      `select (select count(*)::int from payout_holds where seller_id = $1) as holds,
              (select count(*)::int from api_keys where owner_user_id = $1) as keys`,
      [rawId(seller.userId)],
    );
    expect(rows).toEqual([{ holds: 0, keys: 0 }]);
  });
});
