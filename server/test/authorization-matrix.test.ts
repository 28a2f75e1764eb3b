import crypto from 'node:crypto';
import { toGlobalId } from '../src/graphql/relay';
import { withTransaction } from '../src/db/transaction';
import { viewerEventsTopic } from '../src/auth/viewer-events';
import { OwnerOrStaff } from '../src/graphql/authorization';
import type { Context } from '../src/graphql/context';
import { Role } from '../src/auth/roles';
import {
  createApiKey,
  createStaff,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  TestClient,
  websocketRoundTrip,
  type TestApp,
} from './harness';

type ViewerName = 'anonymous' | 'BUYER' | 'SELLER' | 'SUPPORT' | 'ADMIN' | 'API key';
type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';
interface Viewer {
  client: TestClient;
  /** Global id of the signed-in user (the key's owner for an API key), null when anonymous. */
  userId: string | null;
  email: string | null;
}
interface Answer {
  outcome: Outcome;
  data?: any;
}

let testApp: TestApp;
let admin: Viewer;
let seller: Viewer;
let target: { userId: string; email: string };
/** Each cell gets a fresh session (logOut must not end the next cell's), from these accounts. */
const accounts = new Map<ViewerName, { email: string; password: string }>();
let sellerKeySecret: string;

beforeAll(async () => {
  testApp = await startTestApp();
  const buyer = await signUp(testApp.baseUrl);
  const sellerAccount = await signUp(testApp.baseUrl, { sellerAccount: true });
  const support = await createStaff(testApp, ['SUPPORT']);
  const adminAccount = await createStaff(testApp, ['ADMIN']);
  for (const [name, account] of [
    ['BUYER', buyer],
    ['SELLER', sellerAccount],
    ['SUPPORT', support],
    ['ADMIN', adminAccount],
  ] as const) {
    accounts.set(name, account);
  }
  target = await signUp(testApp.baseUrl);
  admin = await viewer('ADMIN');
  seller = await viewer('SELLER');
  // A seller's key with every scope: keys act in the seller role only (an admin cannot create one),
  // so a refusal below where the seller's own session is allowed is the key's doing.
  sellerKeySecret = (await createApiKey(seller.client, ['CATALOG_READ', 'CATALOG_WRITE', 'ORDERS_READ']))
    .secret;
});
afterAll(async () => {
  await testApp.close();
});

async function viewer(name: ViewerName): Promise<Viewer> {
  if (name === 'anonymous') return { client: new TestClient(testApp.baseUrl), userId: null, email: null };
  if (name === 'API key') {
    const client = new TestClient(testApp.baseUrl);
    client.apiKey = sellerKeySecret;
    return { client, userId: seller.userId, email: seller.email };
  }
  const { email, password } = accounts.get(name)!;
  const client = new TestClient(testApp.baseUrl);
  const response = await logIn(client, email, password);
  return { client, userId: response.data!.logIn.user!.id, email };
}

async function ask(
  client: TestClient,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await client.graphql(query, variables);
  const code = response.errors?.[0]?.extensions?.['code'] as Outcome | undefined;
  return { outcome: code ?? 'allowed', data: response.data };
}

async function count(sql: string, values: unknown[]): Promise<number> {
  return (await queryDatabase(testApp, sql, values))[0]!.count;
}

/** Runs the operation as `self`; on refusal, also proves it changed nothing. */
const operations: Record<string, (self: Viewer) => Promise<Answer>> = {
  me: async (self) => {
    const answer = await ask(self.client, '{ me { id email } }');
    expect(answer.data.me).toEqual(self.userId ? { id: self.userId, email: self.email } : null);
    return answer;
  },
  'user(id)': async (self) => {
    const answer = await ask(self.client, 'query ($id: ID!) { user(id: $id) { id displayName } }', {
      id: target.userId,
    });
    expect(answer.data?.user ?? null).toEqual(
      answer.outcome === 'allowed' ? { id: target.userId, displayName: 'Test User' } : null,
    );
    return answer;
  },
  "another user's email": async (self) => {
    const answer = await ask(self.client, 'query ($id: ID!) { user(id: $id) { email } }', {
      id: target.userId,
    });
    expect(answer.data?.user?.email ?? null).toBe(answer.outcome === 'allowed' ? target.email : null);
    return answer;
  },
  myApiKeys: async (self) => {
    const answer = await ask(self.client, '{ myApiKeys { edges { node { id } } } }');
    if (answer.outcome === 'allowed') expect(Array.isArray(answer.data.myApiKeys.edges)).toBe(true);
    else expect(answer.data).toBeNull();
    return answer;
  },
  createStaffUser: async (self) => {
    const email = `new-staff-${crypto.randomBytes(4).toString('hex')}@example.test`;
    const answer = await ask(
      self.client,
      'mutation ($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { id } errors { code } } }',
      { input: { email, password: 'a long enough password', displayName: 'New Staff', roles: ['SUPPORT'] } },
    );
    expect(await count('select count(*)::int as count from users where email = $1', [email])).toBe(
      answer.outcome === 'allowed' ? 1 : 0,
    );
    return answer;
  },
  createApiKey: async (self) => {
    const before = await count('select count(*)::int as count from api_keys', []);
    const answer = await ask(
      self.client,
      'mutation { createApiKey(input: { name: "matrix", scopes: [ORDERS_READ] }) { secret errors { code } } }',
    );
    expect(await count('select count(*)::int as count from api_keys', [])).toBe(
      before + (answer.outcome === 'allowed' ? 1 : 0),
    );
    return answer;
  },
  "revokeApiKey (the seller's key)": async (self) => {
    const { id } = await createApiKey(seller.client);
    const answer = await ask(
      self.client,
      'mutation ($id: ID!) { revokeApiKey(input: { apiKeyId: $id }) { apiKey { id } errors { code } } }',
      { id },
    );
    const revoked = await count(
      'select count(*)::int as count from api_keys where id = $1 and revoked_at is not null',
      [rawId(id)],
    );
    expect(revoked).toBe(answer.outcome === 'allowed' ? 1 : 0);
    return answer;
  },
  logOut: async (self) => {
    const answer = await ask(self.client, 'mutation { logOut { loggedOut } }');
    if (answer.outcome === 'allowed') expect((await self.client.data('{ me { id } }')).me).toBeNull();
    if (self.client.apiKey) expect((await self.client.data('{ me { id } }')).me.id).toBe(self.userId);
    return answer;
  },
  'viewerEvents subscription': async (self) => {
    // The admin's own session is the witness: authorised, it must receive the event.
    const witnessSocket = admin.client.websocket();
    const socket = self.client.websocket();
    try {
      const witness = await subscribe(witnessSocket, 'subscription { viewerEvents { kind subjectId } }');
      const probe = await subscribe(socket, 'subscription { viewerEvents { kind subjectId } }');
      const recipient = self.userId ?? admin.userId!;
      const subjectId = crypto.randomUUID();
      await withTransaction(testApp.database, (tx) =>
        testApp.services.pubsub.publish(
          tx,
          viewerEventsTopic,
          { kind: 'API_KEY_REVOKED', subjectId },
          rawId(recipient),
        ),
      );
      const event = {
        data: { viewerEvents: { kind: 'API_KEY_REVOKED', subjectId: toGlobalId('ApiKey', subjectId) } },
      };
      const first = await probe.next();
      const code = first.errors?.[0]?.extensions?.['code'] as Outcome | undefined;
      if (!code) {
        expect(first).toEqual(event);
        return { outcome: 'allowed' };
      }
      if (recipient === admin.userId) expect(await witness.next()).toEqual(event);
      await websocketRoundTrip(socket);
      expect(probe.results).toEqual([first]);
      return { outcome: code };
    } finally {
      await Promise.all([socket.dispose(), witnessSocket.dispose()]);
    }
  },
};

const A = 'allowed';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const viewers: ViewerName[] = ['anonymous', 'BUYER', 'SELLER', 'SUPPORT', 'ADMIN', 'API key'];
const expected: Record<keyof typeof operations, Outcome[]> = {
  //                                    anonymous BUYER SELLER SUPPORT ADMIN API key
  me: /*                              */ [A, A, A, A, A, A],
  'user(id)': /*                      */ [U, F, F, A, A, F],
  "another user's email": /*          */ [U, F, F, A, A, F],
  myApiKeys: /*                       */ [U, F, A, F, A, F],
  createStaffUser: /*                 */ [U, F, F, F, A, F],
  createApiKey: /*                    */ [U, F, A, F, F, F],
  "revokeApiKey (the seller's key)": /**/ [U, F, A, F, A, F],
  logOut: /*                          */ [U, A, A, A, A, F],
  'viewerEvents subscription': /*     */ [U, A, A, A, A, F],
};

const cells = Object.entries(expected).flatMap(([operation, outcomes]) =>
  viewers.map((name, index) => [operation, name, outcomes[index]!] as const),
);

describe('authorization matrix', () => {
  test.each(cells)('%s as %s: %s', async (operation, name, outcome) => {
    const self = await viewer(name);
    const answer = await operations[operation]!(self);
    expect(answer.outcome).toBe(outcome);
  });
});

describe('OwnerOrStaff', () => {
  // Today only staff can reach another user's User object, so this branch is tested directly.
  test.each([
    ['the owner', true, 'owner-id', [Role.BUYER]],
    ['another buyer', false, 'other-id', [Role.BUYER]],
    ['support staff', true, 'staff-id', [Role.SUPPORT]],
  ] as const)(
    'given %s, when resolving a field of the owner, then allowed is %s',
    async (_case, allowed, userId, roles) => {
      const context = {
        viewer: { userId, roles: [...roles], via: 'session', sessionId: 's', apiKeyId: null, scopes: [] },
      } as unknown as Context;
      const next = jest.fn(async () => 'owner@example.test');
      const run = OwnerOrStaff<{ ownerId: string }>((root) => root.ownerId)(
        { root: { ownerId: 'owner-id' }, context } as never,
        next,
      );
      if (allowed) await expect(run).resolves.toBe('owner@example.test');
      else await expect(run).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(next).toHaveBeenCalledTimes(allowed ? 1 : 0);
    },
  );
});
