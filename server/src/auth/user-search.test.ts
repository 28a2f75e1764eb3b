import crypto from 'node:crypto';
import {
  createApiKey,
  createStaff,
  rawId,
  signUp,
  startTestApp,
  type GraphqlResponse,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { fromGlobalId, toGlobalId } from '../graphql/relay';
import { parseUserSearch, userSearchMaxLength } from './user-search';

interface FoundUser {
  id: string;
  email: string | null;
  displayName: string;
  roles: string[];
}

const usersQuery = 'query ($search: String!) { users(search: $search) { id email displayName roles } }';

let testApp: TestApp;
let admin: TestClient;
let support: TestClient;
beforeAll(async () => {
  testApp = await startTestApp();
  const [adminAccount, supportAccount] = await Promise.all([
    createStaff(testApp, ['ADMIN']),
    createStaff(testApp, ['SUPPORT']),
  ]);
  admin = adminAccount.client;
  support = supportAccount.client;
});
afterAll(async () => {
  await testApp.close();
});

function search(client: TestClient, text: string): Promise<GraphqlResponse<{ users: FoundUser[] }>> {
  return client.graphql<{ users: FoundUser[] }>(usersQuery, { search: text });
}

function errorCodes(response: GraphqlResponse): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.['code']);
}

function uniqueEmail(local: string): string {
  return `${local}-${crypto.randomBytes(4).toString('hex')}@Example.Test`;
}

describe('parseUserSearch', () => {
  const userIdOf = (globalId: string) => fromGlobalId(globalId, 'User');

  it('reads a search with an @ as an email, trimmed', () => {
    expect(parseUserSearch('  Ana@Example.test \n', userIdOf)).toEqual({
      kind: 'EMAIL',
      email: 'Ana@Example.test',
    });
  });

  it('reads a global User id and a raw uuid, in either case, as the user id', () => {
    const id = crypto.randomUUID();
    expect(parseUserSearch(toGlobalId('User', id), userIdOf)).toEqual({ kind: 'ID', userId: id });
    expect(parseUserSearch(` ${id.toUpperCase()} `, userIdOf)).toEqual({ kind: 'ID', userId: id });
  });

  it.each([
    ['too short', 'a@'],
    ['too long', `${'a'.repeat(userSearchMaxLength)}@example.test`],
    ['a name', 'Ana Lima'],
    ['part of an email', 'ana.lima'],
    ['the id of another type', toGlobalId('Order', crypto.randomUUID())],
  ])('refuses a search that is %s', (_case, text) => {
    expect(parseUserSearch(text, userIdOf).kind).toBe('INVALID');
  });
});

describe('users', () => {
  it('given a user, when staff search their email in another case with spaces around, then it finds exactly them', async () => {
    // given a seller who signed up with a mixed-case email
    const email = uniqueEmail('Mixed.Case');
    const seller = await signUp(testApp.baseUrl, { email, displayName: 'Ana Lima', sellerAccount: true });

    // when an admin and a support agent search it lower-cased, with spaces around
    for (const staff of [admin, support]) {
      const response = await search(staff, `  ${email.toLowerCase()}\t`);

      // then the one match shows the global id, the email as typed at sign-up, the name and roles
      expect(response.errors).toBeUndefined();
      expect(response.data!.users).toEqual([
        { id: seller.userId, email, displayName: 'Ana Lima', roles: ['BUYER', 'SELLER'] },
      ]);
    }
  });

  it('given a user, when staff search their global id or raw uuid, then it finds them', async () => {
    const buyer = await signUp(testApp.baseUrl);
    for (const text of [buyer.userId, rawId(buyer.userId)]) {
      const response = await search(admin, text);
      expect(response.data!.users.map((user) => user.id)).toEqual([buyer.userId]);
    }
  });

  it('given no such user, when staff search an email or an id, then the answer is empty', async () => {
    for (const text of [uniqueEmail('nobody'), toGlobalId('User', crypto.randomUUID())]) {
      const response = await search(admin, text);
      expect(response.errors).toBeUndefined();
      expect(response.data!.users).toEqual([]);
    }
  });

  it('refuses buyers, sellers and API keys, and finds nothing for them', async () => {
    const target = uniqueEmail('target');
    await signUp(testApp.baseUrl, { email: target });
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const key = new TestClient(testApp.baseUrl);
    key.apiKey = (await createApiKey(seller.client, ['CATALOG_READ', 'CATALOG_WRITE', 'ORDERS_READ'])).secret;
    const buyer = await signUp(testApp.baseUrl);

    for (const client of [buyer.client, seller.client, key]) {
      const response = await search(client, target);
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.data).toBeNull();
    }
  });

  it.each([
    ['shorter than 3 characters', 'a@'],
    ['longer than 254 characters', `${'a'.repeat(300)}@example.test`],
    ['a megabyte long', 'a'.repeat(1_000_000)],
    ['a display name', 'Ana Lima'],
    ['the start of an email', 'mixed.case'],
    ['an Order id', toGlobalId('Order', crypto.randomUUID())],
  ])('answers a search that is %s with BAD_USER_INPUT', async (_case, text) => {
    const response = await search(admin, text);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors![0]!.message).toMatch(/email address or a user id/);
  });

  it.each([
    ['right-to-left override', '\u202Eevil@example.test'],
    ['a lone surrogate', '\uD800@example.test'],
    ['emoji and combining marks', '😀e\u0301\u0301\u0301@example.test'],
    ['zero-width characters', 'a\u200B\uFEFF@example.test'],
    ['an SQL-looking string', "x' or '1'='1@example.test"],
  ])('answers odd text (%s) with no user and no error', async (_case, text) => {
    const response = await search(admin, text);
    expect(response.errors).toBeUndefined();
    expect(response.data!.users).toEqual([]);
  });

  it('refuses the NUL character before running anything', async () => {
    const response = await search(admin, 'a\u0000@example.test');
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});
