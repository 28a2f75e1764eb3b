import {
  banThroughApi,
  createStaff,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { createListing } from '../../test/marketplace';
import type { SessionCache } from './session-cache';

const openSellerAccount = `mutation {
  openSellerAccount { user { id roles } errors { code message field } }
}`;

interface OpenAnswer {
  openSellerAccount: { user: { id: string; roles: string[] } | null; errors: { code: string }[] };
}

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

async function rolesOf(userId: string): Promise<string[]> {
  const [row] = await queryDatabase<{ roles: string[] }>(
    testApp,
    'select roles::text[] as roles from users where id = $1',
    [rawId(userId)],
  );
  return row!.roles.sort();
}

async function auditCount(userId: string): Promise<number> {
  const [row] = await queryDatabase<{ count: number }>(
    testApp,
    `select count(*)::int as count from audit_log where action = 'user.seller_account_opened' and subject_id = $1`,
    [rawId(userId)],
  );
  return row!.count;
}

describe('openSellerAccount', () => {
  it('given a signed-in buyer, when they open a seller account, then the same session sells at once, before the event is delivered', async () => {
    // given a buyer, signed in, whose session has been checked (and cached) as a buyer's
    const buyer = await signUp(testApp.baseUrl);
    const { me } = await buyer.client.data<{ me: { roles: string[] } }>('{ me { roles } }');
    expect(me.roles).toEqual(['BUYER']);
    const refused = await buyer.client.graphql('{ myListings(first: 1) { edges { node { id } } } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    // and an event delivery that lags: USER_CHANGED does not reach this instance's session cache
    const cache = (testApp.services.auth as unknown as { sessionCache: SessionCache }).sessionCache;
    const delivery = jest.spyOn(cache, 'event').mockImplementation(() => undefined);

    // when they open a seller account
    let answer: OpenAnswer;
    try {
      answer = await buyer.client.data<OpenAnswer>(openSellerAccount);
      // then the very next request of the same session already acts as a seller
      const next = await buyer.client.data<{ me: { roles: string[] } }>('{ me { roles } }');
      expect(next.me.roles.sort()).toEqual(['BUYER', 'SELLER']);
    } finally {
      delivery.mockRestore();
    }

    // and the account holds both roles, the change is audited once, and the session can list
    expect(answer.openSellerAccount).toEqual({
      user: { id: buyer.userId, roles: ['BUYER', 'SELLER'] },
      errors: [],
    });
    expect(await rolesOf(buyer.userId)).toEqual(['BUYER', 'SELLER']);
    expect(await auditCount(buyer.userId)).toBe(1);
    const after = await buyer.client.data<{ me: { roles: string[] } }>('{ me { roles } }');
    expect(after.me.roles.sort()).toEqual(['BUYER', 'SELLER']);
    const { listingId } = await createListing({
      client: buyer.client,
      id: buyer.userId,
      rawId: rawId(buyer.userId),
    });
    expect(listingId).toBeTruthy();
  });

  it('given an account that already sells, when it asks again, then it is answered unchanged and nothing is written', async () => {
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });

    const answers = await Promise.all([
      seller.client.data<OpenAnswer>(openSellerAccount),
      seller.client.data<OpenAnswer>(openSellerAccount),
    ]);

    for (const answer of answers) {
      expect(answer.openSellerAccount).toEqual({
        user: { id: seller.userId, roles: ['BUYER', 'SELLER'] },
        errors: [],
      });
    }
    expect(await auditCount(seller.userId)).toBe(0);
  });

  it('given two concurrent requests of a new buyer, when both open a seller account, then the role is added once', async () => {
    const buyer = await signUp(testApp.baseUrl);

    const answers = await Promise.all(
      Array.from({ length: 4 }, () => buyer.client.data<OpenAnswer>(openSellerAccount)),
    );

    for (const answer of answers) expect(answer.openSellerAccount.errors).toEqual([]);
    expect(await rolesOf(buyer.userId)).toEqual(['BUYER', 'SELLER']);
    expect(await auditCount(buyer.userId)).toBe(1);
  });

  it('given a staff account that also buys, when it asks, then it is refused STAFF_ACCOUNT and keeps its roles', async () => {
    const staff = await createStaff(testApp, ['SUPPORT', 'BUYER']);
    const { me } = await staff.client.data<{ me: { id: string } }>('{ me { id } }');

    const answer = await staff.client.data<OpenAnswer>(openSellerAccount);

    expect(answer.openSellerAccount.user).toBeNull();
    expect(answer.openSellerAccount.errors.map((error) => error.code)).toEqual(['STAFF_ACCOUNT']);
    expect(await rolesOf(me.id)).toEqual(['BUYER', 'SUPPORT']);
    expect(await auditCount(me.id)).toBe(0);
  });

  it('given a banned buyer whose session survived, when they ask, then it is refused ACCOUNT_BANNED', async () => {
    // given a buyer banned by an admin's override; the ban revoked their sessions, which are
    // reopened here to stand for a request that raced the ban
    const buyer = await signUp(testApp.baseUrl);
    const admin = await createStaff(testApp, ['ADMIN']);
    await banThroughApi(admin.client, buyer.userId, 'BUYER', 'Banned by the seller-account test.');
    await queryDatabase(
      testApp,
      'update sessions set revoked_at = null, revoked_reason = null where user_id = $1',
      [rawId(buyer.userId)],
    );

    // when they ask to sell
    const answer = await buyer.client.data<OpenAnswer>(openSellerAccount);

    // then it is refused and the account stays a buyer's
    expect(answer.openSellerAccount.errors.map((error) => error.code)).toEqual(['ACCOUNT_BANNED']);
    expect(await rolesOf(buyer.userId)).toEqual(['BUYER']);
  });

  it('given nobody signed in, when asked, then it is UNAUTHENTICATED', async () => {
    const answer = await new TestClient(testApp.baseUrl).graphql(openSellerAccount);
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});
