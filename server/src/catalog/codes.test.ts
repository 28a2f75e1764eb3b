import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  createApiKey,
  createStaff,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  startTestAppOnDatabase,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { withTransaction } from '../db/transaction';
import { addCodes, addCodesMutation, createListing, randomCodes } from '../../test/catalog-helpers';

let testApp: TestApp;
let logLines: { msg: string; processed?: number; total?: number }[];
let seller: TestClient;
let otherSeller: TestClient;
let buyer: TestClient;

beforeAll(async () => {
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  // Sellers here race over shared codes on purpose: the ration of other sellers' codes met is
  // tested on its own app ('upload budgets').
  testApp = await startTestApp(
    { CODE_COLLISIONS_MAX_PER_DAY: '1000000' },
    { log: pino({ level: 'info' }, sink) },
  );
  seller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
  otherSeller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
  buyer = (await signUp(testApp.baseUrl)).client;
});
afterAll(async () => {
  await testApp.close();
});

async function codeRows(listingId: string) {
  return queryDatabase(testApp, 'select * from codes where listing_id = $1 order by created_at, id', [
    rawId(listingId),
  ]);
}

async function codeCount(): Promise<number> {
  return (await queryDatabase(testApp, 'select count(*)::int as count from codes'))[0]!.count;
}

async function stockOf(listingId: string): Promise<number> {
  return (
    await queryDatabase(testApp, 'select available_stock from listings where id = $1', [rawId(listingId)])
  )[0]!.available_stock;
}

describe('addCodes', () => {
  it('given 10,000 new codes in one call, when uploading, then all 10,000 are stored, nothing else is reported and progress is logged', async () => {
    const listing = await createListing(seller);
    const codes = randomCodes(10_000);
    const payload = await addCodes(seller, listing.id, codes);
    expect(payload).toEqual({
      listing: { id: listing.id, stock: 10_000 },
      addedCount: 10_000,
      duplicateCount: 0,
      invalidCount: 0,
      rejectedLines: [],
      errors: [],
    });
    const stored = await queryDatabase(
      testApp,
      'select count(*)::int as count, count(distinct fingerprint)::int as fingerprints from codes where listing_id = $1',
      [rawId(listing.id)],
    );
    expect(stored).toEqual([{ count: 10_000, fingerprints: 10_000 }]);
    const progress = logLines.filter((line) => line.msg === 'addCodes progress');
    expect(progress.map((line) => line.processed)).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((step) => step * 1_000),
    );
    expect(logLines.some((line) => line.msg === 'addCodes done')).toBe(true);
  });

  it('given the same code twice in one call, also in another letter case and format, when uploading, then it is stored once and the repeats are DUPLICATE', async () => {
    const listing = await createListing(seller);
    const [code, other] = randomCodes(2) as [string, string];
    const payload = await addCodes(seller, listing.id, [
      code,
      other,
      code,
      code.toLowerCase(),
      code.replace(/-/g, ' '),
    ]);
    expect(payload.addedCount).toBe(2);
    expect(payload.duplicateCount).toBe(3);
    expect(payload.rejectedLines).toEqual(
      [3, 4, 5].map((line) => ({ line, status: 'DUPLICATE', message: 'This code repeats line 1.' })),
    );
    expect(await codeRows(listing.id)).toHaveLength(2);
  });

  it('given a code already uploaded, when the same seller, another listing or another seller uploads it again, then it is DUPLICATE, saying whose, and stored once', async () => {
    const listing = await createListing(seller);
    const secondListing = await createListing(seller);
    const foreignListing = await createListing(otherSeller);
    const [code] = randomCodes(1) as [string];
    expect((await addCodes(seller, listing.id, [code])).addedCount).toBe(1);

    const again = await addCodes(seller, listing.id, [`  ${code.toLowerCase()}  `]);
    expect(again.rejectedLines).toEqual([
      { line: 1, status: 'DUPLICATE', message: 'This code is already in this listing.' },
    ]);
    const elsewhere = await addCodes(seller, secondListing.id, [code]);
    expect(elsewhere.rejectedLines).toEqual([
      { line: 1, status: 'DUPLICATE', message: 'This code is already in another of your listings.' },
    ]);
    const foreign = await addCodes(otherSeller, foreignListing.id, [code.replace(/-/g, '')]);
    expect(foreign).toMatchObject({ addedCount: 0, duplicateCount: 1, listing: { stock: 0 } });
    expect(foreign.rejectedLines).toEqual([
      { line: 1, status: 'DUPLICATE', message: 'This code is already on CodeSale.' },
    ]);

    const fingerprints = await queryDatabase(
      testApp,
      'select listing_id from codes where listing_id = any($1::uuid[])',
      [[listing.id, secondListing.id, foreignListing.id].map(rawId)],
    );
    expect(fingerprints).toEqual([{ listing_id: rawId(listing.id) }]);
  });

  it('given a code withdrawn with an archived listing, when its seller uploads it again, then it is DUPLICATE, saying it was withdrawn', async () => {
    // (the attacker probe: the message sent the seller looking for a listing of theirs that shows no stock)
    const listing = await createListing(seller);
    const [code] = randomCodes(1) as [string];
    expect((await addCodes(seller, listing.id, [code])).addedCount).toBe(1);
    const archived = await seller.data<{ archiveListing: { errors: unknown[] } }>(
      `mutation ($input: ArchiveListingInput!) { archiveListing(input: $input) { errors { code } } }`,
      { input: { listingId: listing.id } },
    );
    expect(archived.archiveListing.errors).toEqual([]);

    const again = await addCodes(seller, (await createListing(seller)).id, [code]);
    expect(again.rejectedLines).toEqual([
      {
        line: 1,
        status: 'DUPLICATE',
        message:
          'This code was withdrawn with a listing of yours you archived: a code once uploaded cannot be uploaded again.',
      },
    ]);
  });

  it('given concurrent uploads of overlapping code sets by several sellers, when they race, then every code is stored exactly once', async () => {
    const pool = randomCodes(4_000);
    const sellers = await Promise.all(
      Array.from({ length: 4 }, () => signUp(testApp.baseUrl, { sellerAccount: true })),
    );
    const uploads = await Promise.all(
      sellers.map(async ({ client }, index) => {
        const listing = await createListing(client);
        // Each upload takes 2,500 codes of the pool, overlapping with the others, some reformatted.
        const codes = pool
          .slice(index * 500, index * 500 + 2_500)
          .map((code, position) => (position % 3 === 0 ? code.toLowerCase() : code));
        return { client, listing, codes };
      }),
    );
    const before = await codeCount();
    const payloads = await Promise.all(
      uploads.map(({ client, listing, codes }) => addCodes(client, listing.id, codes)),
    );

    const union = new Set(uploads.flatMap(({ codes }) => codes.map((code) => code.toUpperCase())));
    expect(await codeCount()).toBe(before + union.size);
    expect(payloads.reduce((sum, payload) => sum + payload.addedCount, 0)).toBe(union.size);
    for (const [index, payload] of payloads.entries()) {
      expect(payload.errors).toEqual([]);
      expect(payload.addedCount + payload.duplicateCount).toBe(2_500);
      expect(payload.invalidCount).toBe(0);
      expect(payload.listing!.stock).toBe(payload.addedCount);
      expect(await stockOf(uploads[index]!.listing.id)).toBe(payload.addedCount);
    }
  });

  it('given lines that are not codes, when uploading, then each is INVALID by line and the valid ones are stored', async () => {
    const listing = await createListing(seller);
    const [first, last] = randomCodes(2) as [string, string];
    const lines = [
      first,
      '',
      '   ',
      'x'.repeat(513),
      'TAB\tINSIDE',
      'KÉY-ÜNICODE',
      'ＡＢＣ-ＤＥＦ',
      '- -',
      last,
    ];
    const payload = await addCodes(seller, listing.id, lines);
    expect(payload.addedCount).toBe(2);
    expect(payload.invalidCount).toBe(7);
    expect(payload.rejectedLines.map(({ line, status }) => ({ line, status }))).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((line) => ({ line, status: 'INVALID' })),
    );
    expect(payload.rejectedLines[2]!.message).toMatch(/at most 512 characters/);
    expect(await codeRows(listing.id)).toHaveLength(2);
  });

  it('given a line with a NUL character, when uploading, then the upload is BAD_USER_INPUT naming the line, and nothing is stored', async () => {
    // NUL is refused for every string input before execution (graphql/request-guards.ts), so it
    // never reaches the per-line check.
    const listing = await createListing(seller);
    const response = await seller.graphql(addCodesMutation, {
      input: { listingId: listing.id, codes: [...randomCodes(2), 'NUL\u0000'] },
    });
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('$input.codes[2]'),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    expect(await codeRows(listing.id)).toHaveLength(0);
  });

  it('given a code of exactly 512 characters after trimming, when uploading, then it is stored', async () => {
    const listing = await createListing(seller);
    const code = `  ${crypto.randomBytes(256).toString('hex')}  `;
    expect((await addCodes(seller, listing.id, [code])).addedCount).toBe(1);
    const [row] = await codeRows(listing.id);
    expect(testApp.services.catalog.decryptCode(toSealed(row!))).toBe(code.trim());
  });

  test.each([
    ['no codes', 'NO_CODES', () => []],
    ['10,001 codes', 'TOO_MANY_CODES', () => randomCodes(10_001)],
  ])('given %s, when uploading, then %s and nothing is stored', async (_case, code, codes) => {
    const listing = await createListing(seller);
    const payload = await addCodes(seller, listing.id, codes());
    expect(payload).toMatchObject({
      listing: null,
      addedCount: 0,
      rejectedLines: [],
      errors: [{ code, field: 'codes' }],
    });
    expect(await codeRows(listing.id)).toHaveLength(0);
  });

  it("given another seller's listing, when uploading to it, then LISTING_NOT_FOUND and nothing is stored", async () => {
    const listing = await createListing(seller);
    const payload = await addCodes(otherSeller, listing.id, randomCodes(3));
    expect(payload.errors.map((error) => error.code)).toEqual(['LISTING_NOT_FOUND']);
    expect(await codeRows(listing.id)).toHaveLength(0);
  });

  it('given a buyer or anonymous, when uploading, then refused and nothing is stored', async () => {
    const listing = await createListing(seller);
    const codes = randomCodes(2);
    for (const [client, code] of [
      [buyer, 'FORBIDDEN'],
      [new TestClient(testApp.baseUrl), 'UNAUTHENTICATED'],
    ] as const) {
      const response = await client.graphql(addCodesMutation, { input: { listingId: listing.id, codes } });
      expect(response.errors?.[0]?.extensions?.['code']).toBe(code);
    }
    expect(await codeRows(listing.id)).toHaveLength(0);
  });

  it('given a partner API key with CATALOG_WRITE, when uploading, then the codes are stored; with only CATALOG_READ, FORBIDDEN', async () => {
    const listing = await createListing(seller);
    const writer = new TestClient(testApp.baseUrl);
    writer.apiKey = (await createApiKey(seller, ['CATALOG_WRITE'])).secret;
    expect((await addCodes(writer, listing.id, randomCodes(1_500))).addedCount).toBe(1_500);

    const reader = new TestClient(testApp.baseUrl);
    reader.apiKey = (await createApiKey(seller, ['CATALOG_READ', 'ORDERS_READ'])).secret;
    const response = await reader.graphql(addCodesMutation, {
      input: { listingId: listing.id, codes: randomCodes(2) },
    });
    expect(response.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await codeRows(listing.id)).toHaveLength(1_500);
  });

  it('given an admin, when uploading to a seller listing, then the codes belong to that seller', async () => {
    const listing = await createListing(seller);
    const admin = await createStaff(testApp, ['ADMIN']);
    expect((await addCodes(admin.client, listing.id, randomCodes(2))).addedCount).toBe(2);
    const owners = await queryDatabase(
      testApp,
      'select distinct l.seller_id = c.seller_id as same from codes c join listings l on l.id = c.listing_id where c.listing_id = $1',
      [rawId(listing.id)],
    );
    expect(owners).toEqual([{ same: true }]);
  });

  it('given uploaded codes, when reading the responses, then no plaintext code comes back, not even for refused lines', async () => {
    const listing = await createListing(seller);
    const codes = randomCodes(3);
    const first = await seller.graphql(addCodesMutation, { input: { listingId: listing.id, codes } });
    const second = await seller.graphql(addCodesMutation, {
      input: { listingId: listing.id, codes: [...codes, 'SECRET\u0001LINE'] },
    });
    const listed = await seller.graphql(`{ myListings { edges { node { id title description stock } } } }`);
    for (const body of [first, second, listed].map((response) => JSON.stringify(response))) {
      for (const code of codes) expect(body).not.toContain(code);
      expect(body).not.toContain('SECRET');
    }
  });
});

describe('stock limit', () => {
  it('given a listing near its cap, when an upload would pass it, then STOCK_LIMIT_REACHED and nothing is stored', async () => {
    const capped = await startTestAppOnDatabase(testApp.config.database.url!, {
      MAX_AVAILABLE_CODES_PER_LISTING: '5',
    });
    try {
      const { client } = await signUp(capped.baseUrl, { sellerAccount: true });
      const listing = await createListing(client);
      expect((await addCodes(client, listing.id, randomCodes(4))).addedCount).toBe(4);
      const payload = await addCodes(client, listing.id, randomCodes(2));
      expect(payload.errors.map((error) => error.code)).toEqual(['STOCK_LIMIT_REACHED']);
      expect(await stockOf(listing.id)).toBe(4);
      expect((await addCodes(client, listing.id, randomCodes(1))).addedCount).toBe(1);
    } finally {
      await capped.close();
    }
  });
});

describe('upload budgets', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestAppOnDatabase(testApp.config.database.url!, {
      CODE_LINES_MAX_PER_HOUR: '30',
      CODE_COLLISIONS_MAX_PER_DAY: '3',
    });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('given a seller who sent their hour of code lines, when uploading more, then UPLOAD_LIMIT_REACHED and nothing is stored', async () => {
    const { client } = await signUp(limited.baseUrl, { sellerAccount: true });
    const listing = await createListing(client);
    expect((await addCodes(client, listing.id, [...randomCodes(19), 'x'])).addedCount).toBe(19);
    const over = await addCodes(client, listing.id, randomCodes(11));
    expect(over.errors).toEqual([expect.objectContaining({ code: 'UPLOAD_LIMIT_REACHED', field: 'codes' })]);
    expect(await stockOf(listing.id)).toBe(19);
  });

  it("given a seller meeting other sellers' codes, when they pass the day's ration, then the upload is refused whole, says no line, and later uploads are paused", async () => {
    // given another seller's five codes, and a seller with two listings of their own
    const { client: holder } = await signUp(limited.baseUrl, { sellerAccount: true });
    const held = randomCodes(5);
    expect((await addCodes(holder, (await createListing(holder)).id, held)).addedCount).toBe(5);
    const { client: seller } = await signUp(limited.baseUrl, { sellerAccount: true });
    const listing = await createListing(seller);
    const other = await createListing(seller);
    const own = randomCodes(1);
    expect((await addCodes(seller, other.id, own)).addedCount).toBe(1);

    // when the seller uploads two of them with a new code and one of their own: each line is told
    const first = await addCodes(seller, listing.id, [held[0]!, ...randomCodes(1), held[1]!, own[0]!]);
    expect(first).toMatchObject({ addedCount: 1, errors: [] });
    expect(first.rejectedLines.map((line) => line.message)).toEqual([
      'This code is already on CodeSale.',
      'This code is already on CodeSale.',
      'This code is already in another of your listings.',
    ]);

    // and then two more with a new code: past the ration of 3, refused whole, no line named
    const second = await addCodes(seller, listing.id, [held[2]!, ...randomCodes(1), held[3]!]);
    expect(second.errors).toEqual([
      expect.objectContaining({ code: 'CODE_COLLISIONS_LIMIT', field: 'codes' }),
    ]);
    expect(second.rejectedLines).toEqual([]);
    expect(await stockOf(listing.id)).toBe(1);

    // then even an upload of new codes only is paused, and their own duplicates never counted
    const third = await addCodes(seller, listing.id, randomCodes(2));
    expect(third.errors.map((error) => error.code)).toEqual(['CODE_COLLISIONS_LIMIT']);
    expect(await stockOf(listing.id)).toBe(1);
  });
});

function toSealed(row: Record<string, unknown>) {
  return {
    id: row['id'] as string,
    keyId: row['key_id'] as string,
    iv: row['iv'] as Buffer,
    ciphertext: row['ciphertext'] as Buffer,
    authTag: row['auth_tag'] as Buffer,
  };
}

function base64Key(): string {
  return crypto.randomBytes(32).toString('base64');
}

describe('encryption at rest', () => {
  it('given uploaded codes, when reading the table, then it holds AES-GCM ciphertext that does not contain the code and decrypts back', async () => {
    const listing = await createListing(seller);
    const codes = ['AAAAA-BBBBB-CCCCC', 'gift card 1234 5678'];
    await addCodes(seller, listing.id, codes);
    const rows = await codeRows(listing.id);
    expect(rows).toHaveLength(2);
    const decrypted = new Set<string>();
    for (const row of rows) {
      expect(row).toMatchObject({ key_id: 'dev-1', status: 'AVAILABLE', order_id: null });
      expect(row.iv).toHaveLength(12);
      expect(row.auth_tag).toHaveLength(16);
      expect(row.fingerprint).toHaveLength(32);
      const stored = Buffer.concat([row.ciphertext, row.iv, row.auth_tag, row.fingerprint]);
      for (const code of codes) {
        expect(stored.includes(Buffer.from(code))).toBe(false);
        expect(stored.includes(Buffer.from(code.toUpperCase().replace(/[\s-]/g, '')))).toBe(false);
      }
      decrypted.add(testApp.services.catalog.decryptCode(toSealed(row)));
    }
    expect(decrypted).toEqual(new Set(codes));
  });

  it('given a ciphertext moved onto another row, when decrypting, then it fails: the row id is bound in', async () => {
    const listing = await createListing(seller);
    await addCodes(seller, listing.id, randomCodes(2));
    const [first, second] = await codeRows(listing.id);
    expect(() => testApp.services.catalog.decryptCode({ ...toSealed(second!), id: first!.id })).toThrow();
    expect(() =>
      testApp.services.catalog.decryptCode({
        ...toSealed(first!),
        ciphertext: Buffer.from(second!.ciphertext),
      }),
    ).toThrow();
  });

  it('given a rotated key, when old and new codes coexist, then both decrypt, new ones use the new key, and re-encryption retires the old key', async () => {
    const oldKey = base64Key();
    const newKey = base64Key();
    const fingerprintKey = crypto.randomBytes(32).toString('base64');
    // A database of its own: every code in it is under k1 or k2.
    const before = await startTestApp({
      CODE_ENCRYPTION_KEYS: `k1:${oldKey}`,
      FINGERPRINT_KEY: fingerprintKey,
    });
    const url = before.config.database.url!;
    const after = await startTestAppOnDatabase(url, {
      CODE_ENCRYPTION_KEYS: `k1:${oldKey},k2:${newKey}`,
      CODE_ENCRYPTION_ACTIVE_KEY_ID: 'k2',
      FINGERPRINT_KEY: fingerprintKey,
    });
    const newOnly = await startTestAppOnDatabase(url, {
      CODE_ENCRYPTION_KEYS: `k2:${newKey}`,
      FINGERPRINT_KEY: fingerprintKey,
    });
    try {
      const { client } = await signUp(before.baseUrl, { sellerAccount: true });
      const listing = await createListing(client);
      const [oldCode, newCode] = randomCodes(2) as [string, string];
      await addCodes(client, listing.id, [oldCode]);
      const afterClient = new TestClient(after.baseUrl);
      for (const [name, value] of client.cookies) afterClient.cookies.set(name, value);
      // Same fingerprint key: the old code is still recognised after the rotation.
      expect((await addCodes(afterClient, listing.id, [oldCode, newCode])).rejectedLines).toEqual([
        { line: 1, status: 'DUPLICATE', message: 'This code is already in this listing.' },
      ]);

      const rows = await queryDatabase(before, 'select * from codes where listing_id = $1', [
        rawId(listing.id),
      ]);
      const byKey = new Map(rows.map((row) => [row.key_id as string, row]));
      expect([...byKey.keys()].sort()).toEqual(['k1', 'k2']);
      expect(after.services.catalog.decryptCode(toSealed(byKey.get('k1')!))).toBe(oldCode);
      expect(after.services.catalog.decryptCode(toSealed(byKey.get('k2')!))).toBe(newCode);
      expect(() => before.services.catalog.decryptCode(toSealed(byKey.get('k2')!))).toThrow(/k2/);
      expect(() => newOnly.services.catalog.decryptCode(toSealed(byKey.get('k1')!))).toThrow(/k1/);

      // Re-encrypt everything not under k2; then k1 may go.
      let reencrypted = 0;
      for (
        let batch = await after.services.catalog.reencryptCodes(1_000);
        batch > 0;
        batch = await after.services.catalog.reencryptCodes(1_000)
      ) {
        reencrypted += batch;
      }
      expect(reencrypted).toBe(1);
      expect(
        await queryDatabase(before, `select key_id, count(*)::int as count from codes group by key_id`),
      ).toEqual([{ key_id: 'k2', count: 2 }]);
      const rotated = await queryDatabase(before, 'select * from codes where listing_id = $1', [
        rawId(listing.id),
      ]);
      expect(rotated.map((row) => newOnly.services.catalog.decryptCode(toSealed(row))).sort()).toEqual(
        [oldCode, newCode].sort(),
      );
    } finally {
      await Promise.all([after.close(), newOnly.close()]);
      await before.close();
    }
  });
});

describe('for the checkout', () => {
  it('given a listing with 5 codes, when 10 transactions take a code at once, then 5 distinct codes are sold, 5 find none, and stock is 0', async () => {
    const listing = await createListing(seller);
    const codes = randomCodes(5);
    await addCodes(seller, listing.id, codes);
    const catalog = testApp.services.catalog;
    const listingId = rawId(listing.id);
    const taken = await Promise.all(
      Array.from({ length: 10 }, () =>
        withTransaction(testApp.database, async (tx) => {
          const forSale = await catalog.listingForPurchase(tx, listingId);
          expect(forSale).toMatchObject({
            id: listingId,
            active: true,
            priceAmount: listing.price.amount,
            currency: 'EUR',
          });
          const orderId = crypto.randomUUID();
          const codeId = await catalog.takeAvailableCode(tx, listingId, orderId);
          return codeId ? { codeId, code: await catalog.decrypt(tx, codeId) } : null;
        }),
      ),
    );
    const sold = taken.filter((result) => result !== null);
    expect(sold).toHaveLength(5);
    expect(new Set(sold.map((result) => result.codeId)).size).toBe(5);
    expect(new Set(sold.map((result) => result.code))).toEqual(new Set(codes));
    expect(await stockOf(listing.id)).toBe(0);
    const rows = await codeRows(listing.id);
    expect(rows.every((row) => row.status === 'SOLD' && row.order_id && row.sold_at)).toBe(true);
  });

  it('given a code that is not sold, when asked to decrypt it, then it refuses', async () => {
    const listing = await createListing(seller);
    await addCodes(seller, listing.id, randomCodes(1));
    const [row] = await codeRows(listing.id);
    await expect(
      withTransaction(testApp.database, (tx) => testApp.services.catalog.decrypt(tx, row!.id)),
    ).rejects.toThrow(/AVAILABLE, not SOLD/);
  });

  it('given a paused listing or a disabled seller, when the checkout asks, then the listing is not active', async () => {
    const { client, userId } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const paused = await createListing(client);
    await client.data('mutation ($id: ID!) { pauseListing(input: { listingId: $id }) { errors { code } } }', {
      id: paused.id,
    });
    const other = await createListing(client);
    const forSale = (id: string) =>
      withTransaction(testApp.database, (tx) => testApp.services.catalog.listingForPurchase(tx, rawId(id)));
    expect((await forSale(paused.id))?.active).toBe(false);
    expect((await forSale(other.id))?.active).toBe(true);
    await queryDatabase(testApp, `update users set status = 'DISABLED' where id = $1`, [rawId(userId)]);
    expect((await forSale(other.id))?.active).toBe(false);
    expect(
      await withTransaction(testApp.database, (tx) =>
        testApp.services.catalog.listingForPurchase(tx, crypto.randomUUID()),
      ),
    ).toBeUndefined();
  });
});

describe('the database', () => {
  it('keeps a code once: it refuses a second row with the same fingerprint, deleting codes, and bringing a sold code back', async () => {
    const listing = await createListing(seller);
    await addCodes(seller, listing.id, randomCodes(1));
    const [row] = await codeRows(listing.id);
    await expect(
      queryDatabase(
        testApp,
        `insert into codes (id, listing_id, seller_id, fingerprint, key_id, iv, ciphertext, auth_tag)
         select gen_random_uuid(), listing_id, seller_id, fingerprint, key_id, iv, ciphertext, auth_tag from codes where id = $1`,
        [row!.id],
      ),
    ).rejects.toThrow(/codes_fingerprint_unique/);
    await expect(queryDatabase(testApp, 'delete from codes where id = $1', [row!.id])).rejects.toThrow(
      /not allowed/,
    );
    await queryDatabase(
      testApp,
      `update codes set status = 'SOLD', order_id = gen_random_uuid(), sold_at = now() where id = $1`,
      [row!.id],
    );
    expect(await stockOf(listing.id)).toBe(0);
    await expect(
      queryDatabase(
        testApp,
        `update codes set status = 'AVAILABLE', order_id = null, sold_at = null where id = $1`,
        [row!.id],
      ),
    ).rejects.toThrow(/final/);
  });

  it('keeps every listing stock equal to its count of available codes', async () => {
    const drift = await queryDatabase(
      testApp,
      `select l.id from listings l
        where l.available_stock <> (select count(*) from codes c where c.listing_id = l.id and c.status = 'AVAILABLE')`,
    );
    expect(drift).toEqual([]);
  });
});
