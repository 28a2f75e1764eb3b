import crypto from 'node:crypto';
import {
  createApiKey,
  createStaff,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import {
  addCodes,
  createListing,
  listingFields,
  randomCodes,
  runStatusMutation,
  type ListingView,
} from '../../test/catalog-helpers';

const listingsQuery = `query ($filter: ListingFilter, $sort: ListingSort, $first: Int, $after: String) {
  listings(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges { cursor node { ${listingFields} } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const myListingsQuery = `query ($filter: MyListingsFilter, $first: Int, $after: String) {
  myListings(filter: $filter, first: $first, after: $after) {
    edges { node { id status stock } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const listingQuery = `query ($id: ID!) { listing(id: $id) { id status stock } }`;

interface Page {
  edges: { cursor: string; node: ListingView }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

let testApp: TestApp;
let seller: TestClient;
let anonymous: TestClient;

beforeAll(async () => {
  testApp = await startTestApp();
  seller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
  anonymous = new TestClient(testApp.baseUrl);
});
afterAll(async () => {
  await testApp.close();
});

/** A tag in every title of one test, so that its searches see only its own listings. */
function tag(): string {
  return `t${crypto.randomBytes(4).toString('hex')}`;
}

async function stocked(
  client: TestClient,
  overrides: Record<string, unknown>,
  codes = 1,
): Promise<ListingView> {
  const listing = await createListing(client, overrides);
  if (codes > 0) await addCodes(client, listing.id, randomCodes(codes));
  return listing;
}

async function browse(variables: Record<string, unknown>, client: TestClient = anonymous): Promise<Page> {
  return (await client.data<{ listings: Page }>(listingsQuery, variables)).listings;
}

async function ids(variables: Record<string, unknown>): Promise<string[]> {
  return (await browse({ first: 100, ...variables })).edges.map((edge) => edge.node.id);
}

/** Every page of `first` items, following endCursor. */
async function allPages(variables: Record<string, unknown>, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: Page = await browse({ ...variables, first, after });
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    seen.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('listings', () => {
  it('given listings paused, archived, sold out, never stocked or from a disabled seller, when browsing anonymously, then only active in-stock ones show', async () => {
    const t = tag();
    const visible = await stocked(seller, { title: `${t} visible` }, 2);
    const paused = await stocked(seller, { title: `${t} paused` });
    await runStatusMutation(seller, 'pauseListing', { listingId: paused.id });
    const archived = await stocked(seller, { title: `${t} archived` });
    await runStatusMutation(seller, 'archiveListing', { listingId: archived.id });
    await stocked(seller, { title: `${t} empty` }, 0);
    const soldOut = await stocked(seller, { title: `${t} sold out` });
    await queryDatabase(
      testApp,
      `update codes set status = 'SOLD', order_id = gen_random_uuid(), sold_at = now() where listing_id = $1`,
      [rawId(soldOut.id)],
    );
    const banned = await signUp(testApp.baseUrl, { sellerAccount: true });
    await stocked(banned.client, { title: `${t} banned seller` });
    await queryDatabase(testApp, `update users set status = 'DISABLED' where id = $1`, [
      rawId(banned.userId),
    ]);

    const page = await browse({ filter: { search: t }, first: 100 });
    expect(page.edges.map((edge) => edge.node.id)).toEqual([visible.id]);
    expect(page.edges[0]!.node).toMatchObject({
      status: 'ACTIVE',
      stock: 2,
      seller: { displayName: 'Test User' },
    });

    // Paused, then active again: it comes back.
    await runStatusMutation(seller, 'activateListing', { listingId: paused.id });
    expect((await ids({ filter: { search: t } })).sort()).toEqual([visible.id, paused.id].sort());
  });

  it('given listings of every kind, when filtering by platform, region, kind, currency and price, then each filter narrows exactly', async () => {
    const t = tag();
    const steamEu = await stocked(seller, {
      title: `${t} a`,
      platform: 'STEAM',
      region: 'EU',
      kind: 'GAME_KEY',
      price: 1_000,
    });
    const xboxUs = await stocked(seller, {
      title: `${t} b`,
      platform: 'XBOX',
      region: 'US',
      kind: 'GIFT_CARD',
      price: 2_500,
      currency: 'USD',
    });
    const gogGlobal = await stocked(seller, {
      title: `${t} c`,
      platform: 'GOG',
      region: 'GLOBAL',
      kind: 'SOFTWARE_LICENSE',
      price: 2_500,
    });
    const psnUk = await stocked(seller, {
      title: `${t} d`,
      platform: 'PLAYSTATION',
      region: 'UK',
      kind: 'SUBSCRIPTION',
      price: 4_000,
      currency: 'GBP',
    });
    const search = { search: t };
    const sorted = (values: string[]) => [...values].sort();
    expect(await ids({ filter: { ...search, platform: 'XBOX' } })).toEqual([xboxUs.id]);
    expect(await ids({ filter: { ...search, region: 'EU' } })).toEqual([steamEu.id]);
    expect(await ids({ filter: { ...search, kind: 'SUBSCRIPTION' } })).toEqual([psnUk.id]);
    expect(sorted(await ids({ filter: { ...search, currency: 'EUR' } }))).toEqual(
      sorted([steamEu.id, gogGlobal.id]),
    );
    expect(sorted(await ids({ filter: { ...search, minPrice: 2_500, maxPrice: 2_500 } }))).toEqual(
      sorted([xboxUs.id, gogGlobal.id]),
    );
    expect(sorted(await ids({ filter: { ...search, minPrice: 2_501 } }))).toEqual([psnUk.id]);
    expect(sorted(await ids({ filter: { ...search, maxPrice: 999 } }))).toEqual([]);
    expect(
      await ids({ filter: { ...search, currency: 'EUR', minPrice: 2_000, kind: 'SOFTWARE_LICENSE' } }),
    ).toEqual([gogGlobal.id]);
  });

  it('given titles with %, _ and \\, when searching for them, then they match literally and in any letter case', async () => {
    const t = tag();
    const percent = await stocked(seller, { title: `${t} 100% Orange Juice` });
    const noPercent = await stocked(seller, { title: `${t} 1000 Orange Juice` });
    const underscore = await stocked(seller, { title: `${t} Half_Life` });
    const noUnderscore = await stocked(seller, { title: `${t} HalfXLife` });
    const backslash = await stocked(seller, { title: `${t} Back\\slash` });
    expect(await ids({ filter: { search: `${t} 100%` } })).toEqual([percent.id]);
    expect(await ids({ filter: { search: `${t} 100% orange JUICE` } })).toEqual([percent.id]);
    expect(await ids({ filter: { search: `${t} half_life` } })).toEqual([underscore.id]);
    expect(await ids({ filter: { search: `${t} Back\\s` } })).toEqual([backslash.id]);
    expect(await ids({ filter: { search: '0% o' } })).toEqual([percent.id]);
    expect(await ids({ filter: { search: 'F_l' } })).toEqual([underscore.id]);
    expect(await ids({ filter: { search: `${t} Half_` } })).toEqual([underscore.id]);
    expect((await ids({ filter: { search: `  ${t}  ` } })).sort()).toEqual(
      [percent.id, noPercent.id, underscore.id, noUnderscore.id, backslash.id].sort(),
    );
  });

  it('given equal and different prices, when sorting and paging two at a time, then pages join into the full order with no repeat or gap', async () => {
    const t = tag();
    const prices = [500, 500, 500, 700, 700, 900, 300];
    const created: ListingView[] = [];
    for (const price of prices) created.push(await stocked(seller, { title: `${t} item`, price }));
    const filter = { search: t };

    const byPriceThenId = [...created].sort(
      (left, right) => left.price.amount - right.price.amount || (rawId(left.id) < rawId(right.id) ? -1 : 1),
    );
    expect(await ids({ filter, sort: 'PRICE_ASC' })).toEqual(byPriceThenId.map((listing) => listing.id));
    expect(await ids({ filter, sort: 'PRICE_DESC' })).toEqual(
      [...byPriceThenId].reverse().map((listing) => listing.id),
    );
    const newest = await ids({ filter, sort: 'NEWEST' });
    expect(newest).toEqual([...created].reverse().map((listing) => listing.id));

    for (const sort of ['PRICE_ASC', 'PRICE_DESC', 'NEWEST']) {
      const full = await ids({ filter, sort });
      for (const first of [1, 2, 3]) expect(await allPages({ filter, sort }, first)).toEqual(full);
    }
  });

  it('given a cursor, when a listing is added before it and one after it, then the next page neither repeats nor skips', async () => {
    const t = tag();
    const filter = { search: t };
    for (const price of [100, 200, 300, 400]) await stocked(seller, { title: `${t} item`, price });
    const firstPage = await browse({ filter, sort: 'PRICE_ASC', first: 2 });
    await stocked(seller, { title: `${t} item`, price: 50 });
    const late = await stocked(seller, { title: `${t} item`, price: 350 });
    const secondPage = await browse({
      filter,
      sort: 'PRICE_ASC',
      first: 10,
      after: firstPage.pageInfo.endCursor,
    });
    expect(firstPage.edges.map((edge) => edge.node.price.amount)).toEqual([100, 200]);
    expect(secondPage.edges.map((edge) => edge.node.price.amount)).toEqual([300, 350, 400]);
    expect(secondPage.edges[1]!.node.id).toBe(late.id);
  });

  test.each<[string, Record<string, unknown> | 'foreign']>([
    ['a malformed cursor', { after: 'not a cursor' }],
    ['a cursor of another sort order', 'foreign'],
    ['minPrice above maxPrice', { filter: { minPrice: 500, maxPrice: 100 } }],
    ['a negative minPrice', { filter: { minPrice: -1 } }],
    ['an unsupported currency', { filter: { currency: 'JPY' } }],
    ['a search of 101 characters', { filter: { search: 's'.repeat(101) } }],
  ])('given %s, when browsing, then BAD_USER_INPUT', async (_case, variables) => {
    let query: Record<string, unknown>;
    if (variables === 'foreign') {
      await stocked(seller, { title: `${tag()} any` });
      const page = await browse({ sort: 'NEWEST', first: 1 });
      query = { sort: 'PRICE_ASC', after: page.pageInfo.endCursor };
    } else query = variables;
    const response = await anonymous.graphql(listingsQuery, query);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(response.data).toBeNull();
  });

  it('given more than 100 asked for, when browsing, then a page holds at most 100', async () => {
    const t = tag();
    for (let batch = 0; batch < 3; batch++) {
      await Promise.all(Array.from({ length: 35 }, () => stocked(seller, { title: `${t} bulk` })));
    }
    // A cheap selection: with more fields, 1,000 items would pass the cost limit before the page size applies.
    const page = await anonymous.data(
      'query ($search: String) { listings(first: 1000, filter: { search: $search }) { edges { cursor } } }',
      {
        search: t,
      },
    );
    expect(page.listings.edges).toHaveLength(100);
  });
});

describe('listing', () => {
  it('given an active listing without stock, when anyone asks, then it is shown with stock 0', async () => {
    const listing = await stocked(seller, { title: `${tag()} empty` }, 0);
    expect((await anonymous.data(listingQuery, { id: listing.id })).listing).toEqual({
      id: listing.id,
      status: 'ACTIVE',
      stock: 0,
    });
  });

  it('given a paused listing, when anonymous, a buyer or another seller asks, then null; its seller and staff see it', async () => {
    const listing = await stocked(seller, { title: `${tag()} paused` });
    await runStatusMutation(seller, 'pauseListing', { listingId: listing.id });
    const buyer = (await signUp(testApp.baseUrl)).client;
    const otherSeller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
    for (const client of [anonymous, buyer, otherSeller]) {
      expect((await client.data(listingQuery, { id: listing.id })).listing).toBeNull();
    }
    const support = await createStaff(testApp, ['SUPPORT']);
    for (const client of [seller, support.client]) {
      expect((await client.data(listingQuery, { id: listing.id })).listing).toEqual({
        id: listing.id,
        status: 'PAUSED',
        stock: 1,
      });
    }
  });

  it('given an id that is malformed or of another type, when asking, then null', async () => {
    for (const id of ['garbage', Buffer.from(`User:${crypto.randomUUID()}`).toString('base64url')]) {
      expect((await anonymous.data(listingQuery, { id })).listing).toBeNull();
    }
  });
});

describe('myListings', () => {
  it('given a seller with listings in every status, when listing their own, then all show with stock, newest first, and paging works', async () => {
    const { client } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const active = await stocked(client, { title: 'Mine active' }, 3);
    const paused = await stocked(client, { title: 'Mine paused' }, 2);
    await runStatusMutation(client, 'pauseListing', { listingId: paused.id });
    const archived = await stocked(client, { title: 'Mine archived' }, 1);
    await runStatusMutation(client, 'archiveListing', { listingId: archived.id });
    await stocked(seller, { title: 'Not mine' });

    const all = (await client.data(myListingsQuery, { first: 10 })).myListings;
    expect(all.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { id: archived.id, status: 'ARCHIVED', stock: 0 },
      { id: paused.id, status: 'PAUSED', stock: 2 },
      { id: active.id, status: 'ACTIVE', stock: 3 },
    ]);
    const pausedOnly = (await client.data(myListingsQuery, { filter: { status: 'PAUSED' } })).myListings;
    expect(pausedOnly.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([paused.id]);

    const firstPage = (await client.data(myListingsQuery, { first: 2 })).myListings;
    const secondPage = (await client.data(myListingsQuery, { first: 2, after: firstPage.pageInfo.endCursor }))
      .myListings;
    expect(
      [...firstPage.edges, ...secondPage.edges].map((edge: { node: { id: string } }) => edge.node.id),
    ).toEqual([archived.id, paused.id, active.id]);
    expect(secondPage.pageInfo.hasNextPage).toBe(false);
  });

  it('given a buyer or anonymous, when asking for myListings, then refused; a partner key with CATALOG_READ is allowed', async () => {
    const buyer = (await signUp(testApp.baseUrl)).client;
    expect((await buyer.graphql(myListingsQuery)).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await anonymous.graphql(myListingsQuery)).errors?.[0]?.extensions?.['code']).toBe(
      'UNAUTHENTICATED',
    );
    const { client, userId } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const listing = await stocked(client, { title: `${tag()} partner` }, 4);
    const partner = new TestClient(testApp.baseUrl);
    partner.apiKey = (await createApiKey(client, ['CATALOG_READ'])).secret;
    const page = (await partner.data(`{ myListings { edges { node { id status stock seller { id } } } } }`))
      .myListings;
    // then the key acts as its owner: exactly the owner's listing, with the owner as seller
    expect(page.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { id: listing.id, status: 'ACTIVE', stock: 4, seller: { id: userId } },
    ]);
  });
});
