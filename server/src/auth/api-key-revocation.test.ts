import { createListing, newSeller, type Party } from '../../test/marketplace';
import {
  createApiKey,
  queryDatabase,
  rawId,
  startTestApp,
  TestClient,
  untilWaitingBehind,
  type TestApp,
} from '../../test/harness';

/**
 * A leaked key's writes already in flight when its owner revokes it (the crowd probe: 24 loops
 * repricing a listing through a leaked key; 2 to 10 of them committed after the revocation had
 * answered, and after the owner's own repair). A write the key authorised lands before the
 * revocation answers, or not at all: every catalog write holds its credential share-locked behind
 * the owner's gate (auth.queries holdCredentialOpen), and a revocation closes that gate first.
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

const updatePrice = `mutation ($input: UpdateListingInput!) {
  updateListing(input: $input) { listing { version price { amount } } errors { code } }
}`;
const revokeKey = `mutation ($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { revokedAt } errors { code } } }`;

interface Leaked {
  seller: Party;
  listingId: string;
  keyId: string;
  thief: TestClient;
}

async function leakedKey(): Promise<Leaked> {
  const seller = await newSeller(testApp);
  const { listingId } = await createListing(seller, { price: 5_000 });
  const key = await createApiKey(seller.client, ['CATALOG_WRITE']);
  const thief = new TestClient(testApp.baseUrl);
  thief.apiKey = key.secret;
  return { seller, listingId, keyId: key.id, thief };
}

const repriceBy = (client: TestClient, listingId: string, amount: number) =>
  client.graphql<{
    updateListing: { listing: { version: number } | null; errors: { code: string }[] } | null;
  }>(updatePrice, { input: { listingId, price: amount } });

async function price(listingId: string): Promise<number> {
  const [row] = await queryDatabase<{ price_amount: string }>(
    testApp,
    `select price_amount from listings where id = $1`,
    [rawId(listingId)],
  );
  return Number(row!.price_amount);
}

describe('a revoked API key', () => {
  it('lands a write that was in flight before the revocation, before the revocation answers', async () => {
    // given the key's repricing, authorised and waiting for the listing's lock
    const { seller, listingId, keyId, thief } = await leakedKey();
    const holder = await testApp.database.$client.connect();
    const finished: string[] = [];
    try {
      await holder.query('begin');
      await holder.query('select 1 from listings where id = $1 for update', [rawId(listingId)]);
      const thiefWrite = repriceBy(thief, listingId, 1).then((answer) => {
        finished.push('thief');
        return answer;
      });
      await untilWaitingBehind(testApp, holder, 1);

      // when the owner revokes the key meanwhile
      const revoked = seller.client
        .data<{ revokeApiKey: { errors: unknown[] } }>(revokeKey, { id: keyId })
        .then((answer) => {
          finished.push('revocation');
          return answer;
        });
      // (the revocation waits behind the key's write; without the hold it answers at once)
      await untilWaitingBehind(testApp, holder, 2, () => finished.includes('revocation'));
      await holder.query('commit');

      // then the key's write landed first, and the revocation answered after it
      expect((await thiefWrite).data?.updateListing?.errors).toEqual([]);
      expect((await revoked).revokeApiKey.errors).toEqual([]);
      expect(finished).toEqual(['thief', 'revocation']);
    } finally {
      holder.release();
    }

    // and the owner's repair after the answer is final
    const repair = await repriceBy(seller.client, listingId, 5_000);
    expect(repair.data?.updateListing?.errors).toEqual([]);
    expect(await price(listingId)).toBe(5_000);
  });

  it('refuses a write authorised before the revocation whose transaction comes after it, changing nothing', async () => {
    // given a revocation holding the owner's gate, about to commit
    const { seller, listingId, keyId, thief } = await leakedKey();
    const holder = await testApp.database.$client.connect();
    let answer: Awaited<ReturnType<typeof repriceBy>> | undefined;
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtextextended('account-gate:' || $1::text, 0))`, [
        seller.rawId,
      ]);
      await holder.query('update api_keys set revoked_at = now() where id = $1', [rawId(keyId)]);

      // when the key's repricing, authenticated already, reaches the database
      const thiefWrite = repriceBy(thief, listingId, 1).then((settled) => (answer = settled));
      await untilWaitingBehind(testApp, holder, 1, () => answer !== undefined);
      await holder.query('commit');
      await thiefWrite;
    } finally {
      holder.release();
    }

    // then it is refused as unauthenticated, and the price is the owner's
    expect(answer!.errors?.[0]).toMatchObject({
      message: expect.stringContaining('This API key was revoked'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await price(listingId)).toBe(5_000);
  });
});
