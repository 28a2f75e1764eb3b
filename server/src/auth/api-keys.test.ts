import { createListing, fundWallet, newSeller, purchase } from '../../test/marketplace';
import {
  banThroughApi,
  createApiKey,
  createStaff,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { commandLineMeta } from '../shared/request-meta';
import { ApiKeyScope, Role } from './roles';

let testApp: TestApp;
let seller: Awaited<ReturnType<typeof signUp>>;
beforeAll(async () => {
  testApp = await startTestApp();
  seller = await signUp(testApp.baseUrl, { sellerAccount: true });
});
afterAll(async () => {
  await testApp.close();
});

const createKeyMutation = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id name prefix scopes revokedAt } secret errors { code field } }
}`;
const revokeKeyMutation = `mutation ($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { revokedAt } errors { code } } }`;

function keyClient(secret: string, baseUrl = testApp.baseUrl): TestClient {
  const client = new TestClient(baseUrl);
  client.apiKey = secret;
  return client;
}

describe('createApiKey', () => {
  it('given a seller, when creating a key, then the secret is returned once and stored only as a hash', async () => {
    const data = await seller.client.data(createKeyMutation, {
      input: { name: ' sync ', scopes: ['CATALOG_READ', 'CATALOG_READ'] },
    });

    const { apiKey, secret, errors } = data.createApiKey;
    expect(errors).toEqual([]);
    expect(apiKey).toMatchObject({ name: 'sync', scopes: ['CATALOG_READ'], revokedAt: null });
    expect(secret).toMatch(new RegExp(`^cs_${apiKey.prefix}_[0-9a-f]{64}$`));
    const [row] = await queryDatabase(testApp, 'select * from api_keys where id = $1', [rawId(apiKey.id)]);
    expect(JSON.stringify(row)).not.toContain(secret.split('_')[2]);
    expect(row!.secret_hash).toHaveLength(32);
    const listed = await seller.client.data('{ myApiKeys { edges { node { id prefix } } } }');
    expect(listed.myApiKeys.edges).toContainEqual({ node: { id: apiKey.id, prefix: apiKey.prefix } });
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('given a buyer, when creating a key, then FORBIDDEN and no row', async () => {
    const buyer = await signUp(testApp.baseUrl);
    const response = await buyer.client.graphql(createKeyMutation, {
      input: { name: 'nope', scopes: ['CATALOG_READ'] },
    });
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
    const rows = await queryDatabase(testApp, 'select 1 from api_keys where owner_user_id = $1', [
      rawId(buyer.userId),
    ]);
    expect(rows).toEqual([]);
  });

  it('given no scope or a blank name, when creating a key, then the payload names the errors', async () => {
    const data = await seller.client.data(createKeyMutation, { input: { name: '  ', scopes: [] } });
    expect(data.createApiKey).toEqual({
      apiKey: null,
      secret: null,
      errors: [
        { code: 'INVALID_NAME', field: 'name' },
        { code: 'INVALID_SCOPES', field: 'scopes' },
      ],
    });
  });

  it('given an open viewerEvents subscription of the owner, when a key is created, then it receives API_KEY_CREATED', async () => {
    await testApp.services.pubsub.flush();
    const websocket = seller.client.websocket();
    try {
      const events = await subscribe(websocket, 'subscription { viewerEvents { kind subjectId } }');
      const { id } = await createApiKey(seller.client);
      expect(await events.next()).toEqual({
        data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: id } },
      });
    } finally {
      await websocket.dispose();
    }
  });
});

describe('x-api-key authentication', () => {
  it('given a valid key, when querying me, then it authenticates as the owner', async () => {
    const { secret } = await createApiKey(seller.client);
    const data = await keyClient(secret).data('{ me { id email } }');
    expect(data.me).toEqual({ id: seller.userId, email: seller.email });
  });

  it('given a valid key, when querying a field that names no scope, then FORBIDDEN although the owner may read it', async () => {
    const { secret } = await createApiKey(seller.client, ['CATALOG_READ', 'CATALOG_WRITE', 'ORDERS_READ']);
    const response = await keyClient(secret).graphql('{ myApiKeys { edges { node { id } } } }');
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toBe(
      'API keys cannot use this field: it is for a signed-in browser session.',
    );
    expect(response.data).toBeNull();
  });

  it('given a key without the scope a field needs, then FORBIDDEN naming the scopes that reach it', async () => {
    const { secret } = await createApiKey(seller.client, ['ORDERS_READ']);
    const response = await keyClient(secret).graphql('{ myListings(first: 1) { edges { node { id } } } }');
    expect(response.errors?.[0]).toMatchObject({
      message: 'This API key does not have a scope for this field: it needs CATALOG_READ or CATALOG_WRITE.',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('given a revoked key, when it is used, then 401 UNAUTHENTICATED', async () => {
    const { id, secret } = await createApiKey(seller.client);
    const revoked = await seller.client.data(revokeKeyMutation, { id });
    expect(revoked.revokeApiKey.apiKey.revokedAt).not.toBeNull();

    const response = await keyClient(secret).graphql('{ me { id } }');

    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  test.each([
    ['malformed', 'not-a-key'],
    ['well-formed but unknown', `cs_${'0'.repeat(16)}_${'0'.repeat(64)}`],
  ])('given a %s key, when it is used, then 401 UNAUTHENTICATED', async (_case, secret) => {
    const response = await keyClient(secret).graphql('{ me { id } }');
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('given a known prefix with a wrong secret, when it is used, then 401 UNAUTHENTICATED', async () => {
    const { secret } = await createApiKey(seller.client);
    const forged = secret.slice(0, -1) + (secret.endsWith('0') ? '1' : '0');
    expect((await keyClient(forged).graphql('{ me { id } }')).status).toBe(401);
  });

  it("given another seller's key, when revoking it, then NOT_FOUND and the key still works", async () => {
    const { id, secret } = await createApiKey(seller.client);
    const other = await signUp(testApp.baseUrl, { sellerAccount: true });
    const data = await other.client.data(revokeKeyMutation, { id });
    expect(data.revokeApiKey).toEqual({ apiKey: null, errors: [{ code: 'NOT_FOUND' }] });
    expect((await keyClient(secret).data('{ me { id } }')).me.id).toBe(seller.userId);
  });

  it('given a limit of 3 requests a minute, when a key makes a fourth, then 429 RATE_LIMITED', async () => {
    const limitedApp = await startTestApp({ API_KEY_REQUESTS_PER_MINUTE: '3' });
    try {
      const owner = await signUp(limitedApp.baseUrl, { sellerAccount: true });
      const { secret } = await createApiKey(owner.client);
      const client = keyClient(secret, limitedApp.baseUrl);
      const responses = [];
      for (let index = 0; index < 4; index++) responses.push(await client.graphql('{ me { id } }'));
      // Fixed one-minute windows: four requests take milliseconds, so they share one window.
      expect(responses.slice(0, 3).map((response) => response.status)).toEqual([200, 200, 200]);
      expect(responses[3]!.status).toBe(429);
      expect(responses[3]!.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
      // The session of the owner is not limited by the key's budget.
      expect((await owner.client.data('{ me { id } }')).me.id).toBe(owner.userId);
    } finally {
      await limitedApp.close();
    }
  });

  it('counts each operation of a batched request against the limit, as graphql-ws counts each operation', async () => {
    const limitedApp = await startTestApp({ API_KEY_REQUESTS_PER_MINUTE: '5' });
    try {
      const owner = await signUp(limitedApp.baseUrl, { sellerAccount: true });
      const { secret } = await createApiKey(owner.client);
      const client = keyClient(secret, limitedApp.baseUrl);
      const batch = (size: number) =>
        client.post(
          '/graphql',
          Array.from({ length: size }, () => ({ query: '{ me { id } }' })),
        );
      // Four operations in one request fit a limit of five; two more in the same minute do not.
      expect((await batch(4)).status).toBe(200);
      const refused = await batch(2);
      expect(refused.status).toBe(429);
      expect(JSON.stringify(await refused.json())).toContain('RATE_LIMITED');
    } finally {
      await limitedApp.close();
    }
  });
});

describe('API keys act as their owner in the seller role only', () => {
  const listingQuery = 'query ($id: ID!) { listing(id: $id) { id status title } }';

  /** A key of an account that is both admin and seller, with every scope. */
  async function adminSellerKey(): Promise<TestClient> {
    const adminSeller = await createStaff(testApp, ['ADMIN', 'SELLER']);
    const { secret } = await createApiKey(adminSeller.client, [
      'CATALOG_READ',
      'CATALOG_WRITE',
      'ORDERS_READ',
    ]);
    return keyClient(secret);
  }

  it("given an admin's key with CATALOG_WRITE, when it archives another seller's listing, then LISTING_NOT_FOUND and the listing stays on sale", async () => {
    const owner = await newSeller(testApp);
    const { listingId } = await createListing(owner);
    const key = await adminSellerKey();

    const data = await key.data(
      'mutation ($input: ArchiveListingInput!) { archiveListing(input: $input) { listing { status } errors { code } } }',
      { input: { listingId } },
    );

    expect(data.archiveListing).toEqual({ listing: null, errors: [{ code: 'LISTING_NOT_FOUND' }] });
    expect((await owner.client.data(listingQuery, { id: listingId })).listing.status).toBe('ACTIVE');
  });

  it("given an admin's key with CATALOG_WRITE, when it edits another seller's listing, then LISTING_NOT_FOUND and the title is unchanged", async () => {
    const owner = await newSeller(testApp);
    const { listingId } = await createListing(owner, { title: 'The original title' });
    const key = await adminSellerKey();

    const data = await key.data(
      'mutation ($input: UpdateListingInput!) { updateListing(input: $input) { listing { title } errors { code } } }',
      { input: { listingId, title: 'Defaced by a partner key' } },
    );

    expect(data.updateListing).toEqual({ listing: null, errors: [{ code: 'LISTING_NOT_FOUND' }] });
    expect((await owner.client.data(listingQuery, { id: listingId })).listing.title).toBe(
      'The original title',
    );
  });

  it("given an admin's key, when it reads another seller's paused listing, then null, as for anyone but its seller and staff sessions", async () => {
    const owner = await newSeller(testApp);
    const { listingId } = await createListing(owner);
    const paused = await owner.client.data(
      'mutation ($input: PauseListingInput!) { pauseListing(input: $input) { listing { status } errors { code } } }',
      { input: { listingId } },
    );
    expect(paused.pauseListing).toEqual({ listing: { status: 'PAUSED' }, errors: [] });
    const key = await adminSellerKey();

    const data = await key.data(listingQuery, { id: listingId });

    expect(data.listing).toBeNull();
    // the admin's own session still sees it: staff powers stay with the session
    const admin = await createStaff(testApp, ['ADMIN']);
    expect((await admin.client.data(listingQuery, { id: listingId })).listing.status).toBe('PAUSED');
  });

  it("given a seller's ORDERS_READ key, when it reads an order its owner bought, then null; the order it sold is read", async () => {
    // given a seller who also buys: one order bought from another seller, one sold to another buyer
    const owner = await newSeller(testApp);
    const other = await newSeller(testApp);
    const bought = await createListing(other, { price: 700 });
    await fundWallet(testApp, owner, 700);
    const purchaseOf = await purchase(owner, bought.listingId);
    expect(purchaseOf.errors).toEqual([]);
    const sold = await createListing(owner, { price: 900 });
    await fundWallet(testApp, other, 900);
    const saleOf = await purchase(other, sold.listingId);
    expect(saleOf.errors).toEqual([]);
    const { secret } = await createApiKey(owner.client, ['ORDERS_READ']);
    const key = keyClient(secret);
    const orderQuery = 'query ($id: ID!) { order(id: $id) { id buyer { displayName } } }';

    // when the key reads both
    const purchaseRead = await key.data(orderQuery, { id: purchaseOf.order!.id });
    const saleRead = await key.data(orderQuery, { id: saleOf.order!.id });

    // then the purchase is not the key's to read, as it is not among its sales; the sale is
    expect(purchaseRead.order).toBeNull();
    expect(saleRead.order).toMatchObject({ id: saleOf.order!.id });
    // while the owner's own session reads its purchase
    expect((await owner.client.data(orderQuery, { id: purchaseOf.order!.id })).order).toMatchObject({
      id: purchaseOf.order!.id,
    });
  });

  it("gives a sale's fee and net to its seller, their key and staff, and to no buyer", async () => {
    // given a sale of 1,999 at the default fee of 5% (99, rounded down for the seller)
    const owner = await newSeller(testApp);
    const { listingId } = await createListing(owner, { price: 1_999 });
    const buyer = await newSeller(testApp);
    await fundWallet(testApp, buyer, 1_999);
    const bought = await purchase(buyer, listingId);
    expect(bought.errors).toEqual([]);
    const orderId = bought.order!.id;
    const { secret } = await createApiKey(owner.client, ['ORDERS_READ']);
    const support = await createStaff(testApp, ['SUPPORT']);
    const terms =
      'query ($id: ID!) { order(id: $id) { platformFee { amount currency } netAmount { amount currency } } }';

    // then the seller, their key and staff read the terms, which add up to the price
    const expected = {
      platformFee: { amount: 99, currency: 'EUR' },
      netAmount: { amount: 1_900, currency: 'EUR' },
    };
    for (const reader of [owner.client, keyClient(secret), support.client]) {
      expect((await reader.data(terms, { id: orderId })).order).toEqual(expected);
    }
    // and the buyer reads the order without them
    expect((await buyer.client.data(terms, { id: orderId })).order).toEqual({
      platformFee: null,
      netAmount: null,
    });
  });

  it("lets a seller's ORDERS_READ key follow its sales by escrow state, a page at a time", async () => {
    // given a seller with three sales: two held, one whose buyer confirmed it (released)
    const owner = await newSeller(testApp);
    const { listingId } = await createListing(owner, { price: 600, codes: 3 });
    const buyer = await newSeller(testApp);
    await fundWallet(testApp, buyer, 1_800);
    const sales = [];
    for (let sale = 0; sale < 3; sale++) {
      const bought = await purchase(buyer, listingId);
      expect(bought.errors).toEqual([]);
      sales.push(bought.order!.id);
    }
    const confirmed = await buyer.client.data(
      'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }',
      { input: { orderId: sales[0] } },
    );
    expect(confirmed.confirmDelivery.errors).toEqual([]);
    const key = keyClient((await createApiKey(owner.client, ['ORDERS_READ'])).secret);
    const page = async (escrowStatus: string[], after: string | null = null) =>
      (
        await key.data(
          `query ($escrowStatus: [EscrowStatus!]!, $after: String) {
            mySales(first: 1, after: $after, escrowStatus: $escrowStatus) {
              edges { node { id escrowStatus } } pageInfo { hasNextPage endCursor }
            }
          }`,
          { escrowStatus, after },
        )
      ).mySales;
    const all = async (escrowStatus: string[]) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const read = await page(escrowStatus, after);
        ids.push(...read.edges.map((edge: { node: { id: string } }) => edge.node.id));
        if (!read.pageInfo.hasNextPage) return ids;
        after = read.pageInfo.endCursor;
      }
    };

    // then each state lists its own sales, newest first, and no state lists them all
    expect(await all(['HELD'])).toEqual([sales[2], sales[1]]);
    expect(await all(['RELEASED'])).toEqual([sales[0]]);
    expect(await all(['REFUNDED'])).toEqual([]);
    expect(await all([])).toEqual([sales[2], sales[1], sales[0]]);
  });

  it('given an admin who is not a seller, when creating a key, then FORBIDDEN and no row', async () => {
    const admin = await createStaff(testApp, ['ADMIN']);
    const before = await queryDatabase(testApp, 'select count(*)::int as count from api_keys');

    const response = await admin.client.graphql(createKeyMutation, {
      input: { name: 'admin key', scopes: ['CATALOG_WRITE'] },
    });

    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
    expect(await queryDatabase(testApp, 'select count(*)::int as count from api_keys')).toEqual(before);
  });

  it('given a key whose owner lost the seller role, when it is used, then 401 UNAUTHENTICATED', async () => {
    const owner = await newSeller(testApp);
    const { secret } = await createApiKey(owner.client);
    expect((await keyClient(secret).data('{ me { id } }')).me.id).toBe(owner.id);
    await queryDatabase(testApp, `update users set roles = '{BUYER}' where id = $1`, [owner.rawId]);

    const response = await keyClient(secret).graphql('{ me { id } }');

    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});

describe("a ban revokes the account's API keys with its sessions", () => {
  it('given a seller with a key, when an admin bans them as a seller, then the key is refused and the revocation audited', async () => {
    // given a seller with a key that works
    const banned = await signUp(testApp.baseUrl, { sellerAccount: true });
    const { id, secret } = await createApiKey(banned.client);
    expect((await keyClient(secret).graphql('{ me { id } }')).status).toBe(200);

    // when an admin bans them as a seller
    const admin = await createStaff(testApp, ['ADMIN']);
    await banThroughApi(admin.client, banned.userId, 'SELLER', 'Banned by the API key test.');

    // then the key is refused, as the sessions are, and the revocation names the ban
    const response = await keyClient(secret).graphql('{ me { id } }');
    expect(response.status).toBe(401);
    const audit = await queryDatabase(
      testApp,
      `select details->>'reason' as reason from audit_log where action = 'api_key.revoked' and subject_id = $1`,
      [rawId(id)],
    );
    expect(audit).toEqual([{ reason: 'RISK_BANNED' }]);
  });

  it('given a ban being written, when a key creation checked before it runs, then it waits for the ban and is refused; none survives', async () => {
    // given a seller, and a ban's revocation of their credentials written but not yet committed
    const banned = await signUp(testApp.baseUrl, { sellerAccount: true });
    const userId = rawId(banned.userId);
    const [session] = await queryDatabase<{ id: string }>(
      testApp,
      'select id from sessions where user_id = $1',
      [userId],
    );
    let commitBan!: () => void;
    const banHeld = new Promise<void>((resolve) => (commitBan = resolve));
    let banWritten!: () => void;
    const written = new Promise<void>((resolve) => (banWritten = resolve));
    const ban = withTransaction(testApp.services.database, async (tx) => {
      await testApp.services.auth.revokeAllCredentials(tx, userId, 'RISK_BANNED');
      banWritten();
      await banHeld;
    });
    await written;

    // when a key creation whose request was authenticated before the ban runs now
    const creation = testApp.services.apiKeys.create(
      {
        userId,
        roles: [Role.BUYER, Role.SELLER],
        via: 'session',
        sessionId: session!.id,
        apiKeyId: null,
        scopes: [],
      },
      { name: 'late key', scopes: [ApiKeyScope.CATALOG_READ] },
      commandLineMeta('api-keys-test'),
    );
    const settled = creation.then(() => 'created');
    // (it either waits for the ban's lock, or finishes without it)
    for (;;) {
      const [waiting] = await queryDatabase<{ count: number }>(
        testApp,
        `select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting!.count > 0) break;
      if ((await Promise.race([settled, Promise.resolve('pending')])) === 'created') break;
    }
    commitBan();
    await ban;

    // then it was refused after the ban committed, and no key of the banned seller is active
    expect(await creation).toEqual({ sessionEnded: true });
    expect(
      await queryDatabase(
        testApp,
        'select count(*)::int as count from api_keys where owner_user_id = $1 and revoked_at is null',
        [userId],
      ),
    ).toEqual([{ count: 0 }]);
  });
});
