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
  createListingMutation,
  listingFields,
  listingInput,
  randomCodes,
  runStatusMutation,
  type ListingPayload,
} from '../../test/catalog-helpers';

const updateListingMutation = `mutation ($input: UpdateListingInput!) {
  updateListing(input: $input) { listing { ${listingFields} } errors { code field message } }
}`;

let testApp: TestApp;
let seller: TestClient;
let sellerId: string;
let otherSeller: TestClient;
let buyer: TestClient;

beforeAll(async () => {
  testApp = await startTestApp();
  const sellerAccount = await signUp(testApp.baseUrl, { sellerAccount: true, displayName: 'Sela Seller' });
  seller = sellerAccount.client;
  sellerId = sellerAccount.userId;
  otherSeller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
  buyer = (await signUp(testApp.baseUrl)).client;
});
afterAll(async () => {
  await testApp.close();
});

async function listingRow(listingId: string) {
  return (await queryDatabase(testApp, 'select * from listings where id = $1', [rawId(listingId)]))[0]!;
}

async function update(client: TestClient, input: Record<string, unknown>) {
  return (await client.data<{ updateListing: ListingPayload }>(updateListingMutation, { input }))
    .updateListing;
}

describe('createListing', () => {
  it('given a seller, when creating a listing, then it is ACTIVE at version 1 with no stock and public seller info', async () => {
    const response = await seller.data<{ createListing: ListingPayload }>(createListingMutation, {
      input: listingInput({
        title: '  Elden Ring  ',
        price: 3_499,
        currency: 'USD',
        kind: 'GAME_KEY',
        region: 'NA',
      }),
    });
    expect(response.createListing.errors).toEqual([]);
    expect(response.createListing.listing).toMatchObject({
      title: 'Elden Ring',
      platform: 'STEAM',
      region: 'NA',
      kind: 'GAME_KEY',
      price: { amount: 3_499, currency: 'USD' },
      status: 'ACTIVE',
      stock: 0,
      version: 1,
      seller: { id: sellerId, displayName: 'Sela Seller' },
    });
    const row = await listingRow(response.createListing.listing!.id);
    expect(row).toMatchObject({
      seller_id: rawId(sellerId),
      price_amount: 3_499,
      currency: 'USD',
      status: 'ACTIVE',
    });
  });

  test.each([
    ['a title shorter than 3 characters', { title: ' ab ' }, 'INVALID_TITLE', 'title'],
    ['a title longer than 120 characters', { title: 'x'.repeat(121) }, 'INVALID_TITLE', 'title'],
    ['a title on two lines', { title: 'Two\nlines' }, 'INVALID_TITLE', 'title'],
    [
      'a title reversed by a right-to-left override',
      { title: '\u202eyek maets\u202c Cheap' },
      'INVALID_TITLE',
      'title',
    ],
    ['a title with a zero-width space', { title: 'Steam\u200bkey' }, 'INVALID_TITLE', 'title'],
    [
      'a description with a directional isolate',
      { description: 'Works \u2067everywhere\u2069' },
      'INVALID_DESCRIPTION',
      'description',
    ],
    [
      'a description over 5,000 characters',
      { description: 'd'.repeat(5_001) },
      'INVALID_DESCRIPTION',
      'description',
    ],
    [
      'a description with a control character',
      { description: 'bell \u0007' },
      'INVALID_DESCRIPTION',
      'description',
    ],
    ['a zero price', { price: 0 }, 'INVALID_PRICE', 'price'],
    ['a negative price', { price: -100 }, 'INVALID_PRICE', 'price'],
    ['a price above the limit', { price: 100_000_001 }, 'INVALID_PRICE', 'price'],
    ['an unsupported currency', { currency: 'JPY' }, 'UNSUPPORTED_CURRENCY', 'currency'],
    ['a lower-case currency', { currency: 'eur' }, 'UNSUPPORTED_CURRENCY', 'currency'],
  ])(
    'given %s, when creating, then the typed error and no listing',
    async (_case, overrides, code, field) => {
      const before = (await queryDatabase(testApp, 'select count(*)::int as count from listings'))[0]!.count;
      const response = await seller.data<{ createListing: ListingPayload }>(createListingMutation, {
        input: listingInput(overrides),
      });
      expect(response.createListing.listing).toBeNull();
      expect(response.createListing.errors.map(({ code, field }) => ({ code, field }))).toEqual([
        { code, field },
      ]);
      expect((await queryDatabase(testApp, 'select count(*)::int as count from listings'))[0]!.count).toBe(
        before,
      );
    },
  );

  it('given an unknown platform, when creating, then GraphQL refuses the input before anything runs', async () => {
    const response = await seller.graphql(createListingMutation, {
      input: listingInput({ platform: 'ATARI' }),
    });
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['anonymous', 'UNAUTHENTICATED', () => new TestClient(testApp.baseUrl)],
    ['a buyer', 'FORBIDDEN', () => buyer],
  ])('given %s, when creating a listing, then %s', async (_case, code, client) => {
    const response = await client().graphql(createListingMutation, { input: listingInput() });
    expect(response.errors?.[0]?.extensions?.['code']).toBe(code);
  });

  it('given the cap on open listings, when a seller goes past it concurrently, then exactly the cap is created', async () => {
    const capped = await startTestApp({ MAX_OPEN_LISTINGS_PER_SELLER: '3' });
    try {
      const { client } = await signUp(capped.baseUrl, { sellerAccount: true });
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          client.data<{ createListing: ListingPayload }>(createListingMutation, { input: listingInput() }),
        ),
      );
      const codes = answers.map((answer) => answer.createListing.errors[0]?.code ?? 'CREATED').sort();
      expect(codes).toEqual([
        'CREATED',
        'CREATED',
        'CREATED',
        'TOO_MANY_LISTINGS',
        'TOO_MANY_LISTINGS',
        'TOO_MANY_LISTINGS',
      ]);
      // Archiving one frees a place.
      const first = answers.find((answer) => answer.createListing.listing)!.createListing.listing!;
      await runStatusMutation(client, 'archiveListing', { listingId: first.id });
      expect(
        (
          await client.data<{ createListing: ListingPayload }>(createListingMutation, {
            input: listingInput(),
          })
        ).createListing.errors,
      ).toEqual([]);
    } finally {
      await capped.close();
    }
  });
});

describe('updateListing', () => {
  it('given its seller, when changing title, price, platform and region, then they change and the version goes up', async () => {
    const listing = await createListing(seller);
    const payload = await update(seller, {
      listingId: listing.id,
      title: 'Renamed',
      price: 2_500,
      platform: 'GOG',
      region: 'EU',
      description: 'New words',
      expectedVersion: 1,
    });
    expect(payload.errors).toEqual([]);
    expect(payload.listing).toMatchObject({
      title: 'Renamed',
      description: 'New words',
      price: { amount: 2_500, currency: 'EUR' },
      platform: 'GOG',
      region: 'EU',
      kind: 'GAME_KEY',
      version: 2,
    });
  });

  it('given a stale expectedVersion, when updating, then LISTING_CHANGED and nothing changes', async () => {
    const listing = await createListing(seller);
    await update(seller, { listingId: listing.id, price: 1_000 });
    const payload = await update(seller, { listingId: listing.id, price: 5_000, expectedVersion: 1 });
    expect(payload.errors.map((error) => error.code)).toEqual(['LISTING_CHANGED']);
    expect(await listingRow(listing.id)).toMatchObject({ price_amount: 1_000, version: 2 });
  });

  test.each([
    ['no field to change', {}, 'NOTHING_TO_UPDATE'],
    ['an invalid price', { price: 0 }, 'INVALID_PRICE'],
    ['a blank title', { title: '   ' }, 'INVALID_TITLE'],
  ])('given %s, when updating, then the typed error and nothing changes', async (_case, changes, code) => {
    const listing = await createListing(seller);
    const payload = await update(seller, { listingId: listing.id, ...changes });
    expect(payload.errors.map((error) => error.code)).toEqual([code]);
    expect(await listingRow(listing.id)).toMatchObject({
      version: 1,
      title: listing.title,
      price_amount: listing.price.amount,
    });
  });

  it('given another seller, when updating, then LISTING_NOT_FOUND and nothing changes', async () => {
    const listing = await createListing(seller);
    const payload = await update(otherSeller, { listingId: listing.id, price: 1 });
    expect(payload).toEqual({
      listing: null,
      errors: [expect.objectContaining({ code: 'LISTING_NOT_FOUND', field: 'listingId' })],
    });
    expect(await listingRow(listing.id)).toMatchObject({ price_amount: listing.price.amount, version: 1 });
  });

  it('given a buyer, when updating, then FORBIDDEN and nothing changes', async () => {
    const listing = await createListing(seller);
    const response = await buyer.graphql(updateListingMutation, {
      input: { listingId: listing.id, price: 1 },
    });
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await listingRow(listing.id)).toMatchObject({ price_amount: listing.price.amount });
  });

  it('given an admin, when updating any seller listing, then it changes', async () => {
    const listing = await createListing(seller);
    const admin = await createStaff(testApp, ['ADMIN']);
    const payload = await update(admin.client, { listingId: listing.id, title: 'Moderated title' });
    expect(payload.listing?.title).toBe('Moderated title');
  });

  test.each([
    ['a malformed id', 'not-a-global-id'],
    [
      'the id of another type',
      Buffer.from('User:5a1b1c4e-8f7a-4b64-9a7e-1c2d3e4f5a6b').toString('base64url'),
    ],
  ])('given %s, when updating, then LISTING_NOT_FOUND', async (_case, listingId) => {
    const payload = await update(seller, { listingId, price: 100 });
    expect(payload.errors.map((error) => error.code)).toEqual(['LISTING_NOT_FOUND']);
  });
});

describe('pauseListing, activateListing, archiveListing', () => {
  it('given an active listing, when pausing, activating and archiving, then each step holds and archived is final', async () => {
    const listing = await createListing(seller);
    const paused = (await runStatusMutation(seller, 'pauseListing', { listingId: listing.id })).data!
      .pauseListing!;
    expect(paused.listing).toMatchObject({ status: 'PAUSED', version: 2 });
    const pausedAgain = (await runStatusMutation(seller, 'pauseListing', { listingId: listing.id })).data!
      .pauseListing!;
    expect(pausedAgain.errors.map((error) => error.code)).toEqual(['LISTING_ALREADY_PAUSED']);

    const activated = (
      await runStatusMutation(seller, 'activateListing', { listingId: listing.id, expectedVersion: 2 })
    ).data!.activateListing!;
    expect(activated.listing).toMatchObject({ status: 'ACTIVE', version: 3 });
    const activeAgain = (await runStatusMutation(seller, 'activateListing', { listingId: listing.id })).data!
      .activateListing!;
    expect(activeAgain.errors.map((error) => error.code)).toEqual(['LISTING_ALREADY_ACTIVE']);

    const archived = (await runStatusMutation(seller, 'archiveListing', { listingId: listing.id })).data!
      .archiveListing!;
    expect(archived.listing).toMatchObject({ status: 'ARCHIVED', version: 4 });

    const reactivate = (await runStatusMutation(seller, 'activateListing', { listingId: listing.id })).data!
      .activateListing!;
    expect(reactivate.errors.map((error) => error.code)).toEqual(['LISTING_ARCHIVED']);
    const pauseArchived = (await runStatusMutation(seller, 'pauseListing', { listingId: listing.id })).data!
      .pauseListing!;
    expect(pauseArchived.errors.map((error) => error.code)).toEqual(['LISTING_ARCHIVED']);
    const archiveAgain = (await runStatusMutation(seller, 'archiveListing', { listingId: listing.id })).data!
      .archiveListing!;
    expect(archiveAgain.errors.map((error) => error.code)).toEqual(['LISTING_ALREADY_ARCHIVED']);
    expect(
      (await update(seller, { listingId: listing.id, price: 1 })).errors.map((error) => error.code),
    ).toEqual(['LISTING_ARCHIVED']);
    expect(await listingRow(listing.id)).toMatchObject({
      status: 'ARCHIVED',
      version: 4,
      price_amount: listing.price.amount,
    });
  });

  it('given a stale expectedVersion, when pausing, then LISTING_CHANGED and it stays active', async () => {
    const listing = await createListing(seller);
    await update(seller, { listingId: listing.id, title: 'Bumped' });
    const answer = (
      await runStatusMutation(seller, 'pauseListing', { listingId: listing.id, expectedVersion: 1 })
    ).data!.pauseListing!;
    expect(answer.errors).toEqual([
      expect.objectContaining({ code: 'LISTING_CHANGED', field: 'expectedVersion' }),
    ]);
    expect(await listingRow(listing.id)).toMatchObject({ status: 'ACTIVE', version: 2 });
  });

  it('given a listing with codes, when archiving, then its unsold codes are withdrawn and its stock is 0', async () => {
    const listing = await createListing(seller);
    await addCodes(seller, listing.id, randomCodes(5));
    const archived = (await runStatusMutation(seller, 'archiveListing', { listingId: listing.id })).data!
      .archiveListing!;
    expect(archived.listing).toMatchObject({ status: 'ARCHIVED', stock: 0 });
    const statuses = await queryDatabase(
      testApp,
      'select status, count(*)::int as count from codes where listing_id = $1 group by status',
      [rawId(listing.id)],
    );
    expect(statuses).toEqual([{ status: 'REMOVED', count: 5 }]);
    const upload = await addCodes(seller, listing.id, randomCodes(1));
    expect(upload.errors.map((error) => error.code)).toEqual(['LISTING_ARCHIVED']);
  });

  test.each(['pauseListing', 'activateListing', 'archiveListing'] as const)(
    'given another seller, when calling %s, then LISTING_NOT_FOUND and the status stays',
    async (mutation) => {
      const listing = await createListing(seller);
      if (mutation === 'activateListing')
        await runStatusMutation(seller, 'pauseListing', { listingId: listing.id });
      const before = await listingRow(listing.id);
      const answer = (await runStatusMutation(otherSeller, mutation, { listingId: listing.id })).data![
        mutation
      ]!;
      expect(answer.errors.map((error) => error.code)).toEqual(['LISTING_NOT_FOUND']);
      expect(await listingRow(listing.id)).toMatchObject({ status: before.status, version: before.version });
    },
  );

  test.each(['pauseListing', 'activateListing', 'archiveListing'] as const)(
    'given a buyer, when calling %s, then FORBIDDEN',
    async (mutation) => {
      const listing = await createListing(seller);
      const response = await runStatusMutation(buyer, mutation, { listingId: listing.id });
      expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(await listingRow(listing.id)).toMatchObject({ status: 'ACTIVE', version: 1 });
    },
  );

  it('given a partner key with CATALOG_WRITE, when pausing its owner listing, then it pauses; with CATALOG_READ only, FORBIDDEN', async () => {
    const listing = await createListing(seller);
    const reader = new TestClient(testApp.baseUrl);
    reader.apiKey = (await createApiKey(seller, ['CATALOG_READ'])).secret;
    expect(
      (await runStatusMutation(reader, 'pauseListing', { listingId: listing.id })).errors?.[0]?.extensions?.[
        'code'
      ],
    ).toBe('FORBIDDEN');
    const writer = new TestClient(testApp.baseUrl);
    writer.apiKey = (await createApiKey(seller, ['CATALOG_WRITE'])).secret;
    const answer = (await runStatusMutation(writer, 'pauseListing', { listingId: listing.id })).data!
      .pauseListing!;
    expect(answer.listing?.status).toBe('PAUSED');
  });
});

describe('the database', () => {
  it('refuses to bring an archived listing back, to delete a listing, or to set stock by hand below zero', async () => {
    const listing = await createListing(seller);
    await runStatusMutation(seller, 'archiveListing', { listingId: listing.id });
    const id = rawId(listing.id);
    await expect(
      queryDatabase(testApp, `update listings set status = 'ACTIVE', archived_at = null where id = $1`, [id]),
    ).rejects.toThrow(/archived/);
    await expect(queryDatabase(testApp, 'delete from listings where id = $1', [id])).rejects.toThrow(
      /not allowed/,
    );
    await expect(
      queryDatabase(testApp, 'update listings set available_stock = -1 where id = $1', [id]),
    ).rejects.toThrow(/available_stock/);
  });
});
