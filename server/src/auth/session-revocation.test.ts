import type { Client } from 'graphql-ws';
import {
  createApiKey,
  createStaff,
  firstWebsocketResult,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  TestClient,
  websocketRoundTrip,
  type TestApp,
} from '../../test/harness';

/**
 * A WebSocket lives only as long as the session it was opened with: every revocation (log-out,
 * refresh-token reuse, a risk ban) closes the session's sockets with 4401, and each new operation
 * on a socket checks its session or API key again. A banned account cannot sign in again.
 */

let testApp: TestApp;
let admin: TestClient;
const websockets: Client[] = [];

beforeAll(async () => {
  testApp = await startTestApp();
  admin = (await createStaff(testApp, ['ADMIN'])).client;
});
afterEach(async () => {
  await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
});
afterAll(async () => {
  await testApp.close();
});

const viewerEvents = 'subscription { viewerEvents { kind subjectId } }';

/** A graphql-ws client on `client`'s credentials with a viewerEvents subscription, and its close. */
async function openSocket(client: TestClient) {
  // The close these tests expect is not an error to report on the console.
  const websocket = client.websocket({}, { onNonLazyError: () => undefined });
  websockets.push(websocket);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    websocket.on('closed', (event) => {
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason });
    }),
  );
  const events = await subscribe(websocket, viewerEvents);
  return { websocket, closed, events };
}

/** Proves a socket still delivers events: `client` creates an API key and the socket hears of it. */
async function expectEventDelivered(
  client: TestClient,
  socket: Awaited<ReturnType<typeof openSocket>>,
): Promise<void> {
  const { id } = await createApiKey(client);
  expect(await socket.events.next()).toEqual({
    data: { viewerEvents: { kind: 'API_KEY_CREATED', subjectId: id } },
  });
}

/** A second session of the same account, signed in from another client. */
async function secondSession(account: { email: string; password: string }): Promise<TestClient> {
  const client = new TestClient(testApp.baseUrl);
  const response = await logIn(client, account.email, account.password);
  expect(response.data?.logIn.errors).toEqual([]);
  return client;
}

const revoked = { code: 4401, reason: 'Session revoked' };

const overrideMutation = `mutation ($input: OverrideRiskTierInput!) {
  overrideRiskTier(input: $input) { riskProfile { tier } errors { code } }
}`;

async function ban(userId: string, role: 'BUYER' | 'SELLER' = 'BUYER'): Promise<void> {
  const answer = await admin.data(overrideMutation, {
    input: {
      userId,
      role,
      tier: 'BANNED',
      reason: 'Confirmed fraud',
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
  });
  expect(answer.overrideRiskTier).toEqual({ riskProfile: { tier: 'BANNED' }, errors: [] });
}

describe('open sockets when a session is revoked', () => {
  it('given two sessions of a seller with a subscription each, when one logs out, then only its socket closes with 4401', async () => {
    // given a seller signed in twice, and another seller, each with an open subscription
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const other = await secondSession(seller);
    const bystander = await signUp(testApp.baseUrl, { sellerAccount: true });
    const loggingOut = await openSocket(seller.client);
    const staying = await openSocket(other);
    const bystanderSocket = await openSocket(bystander.client);

    // when the first session logs out
    await seller.client.data('mutation { logOut { loggedOut } }');

    // then its socket is closed, and the other session and the other user still receive events
    expect(await loggingOut.closed).toEqual(revoked);
    await expectEventDelivered(other, staying);
    await expectEventDelivered(bystander.client, bystanderSocket);
  });

  it("given a socket on an API key, when the key is revoked, then that socket closes with 4401 and the owner's session socket stays", async () => {
    // given a seller's session socket, and a partner socket on one of the seller's API keys
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const sessionSocket = await openSocket(seller.client);
    const key = await createApiKey(seller.client);
    expect(await sessionSocket.events.next()).toMatchObject({
      data: { viewerEvents: { kind: 'API_KEY_CREATED' } },
    });
    const partner = new TestClient(testApp.baseUrl);
    partner.apiKey = key.secret;
    // A lazy client kept open between operations: one socket for the whole test.
    const partnerSocket = partner.websocket({}, { lazy: true, lazyCloseTimeout: 60_000, retryAttempts: 0 });
    websockets.push(partnerSocket);
    const partnerClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      partnerSocket.on('closed', (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolve({ code, reason });
      }),
    );
    expect(await firstWebsocketResult(partnerSocket, '{ me { id } }')).toEqual({
      data: { me: { id: seller.userId } },
    });

    // when the seller revokes the key
    await seller.client.data(
      `mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }`,
      {
        input: { apiKeyId: key.id },
      },
    );

    // then the partner socket is closed, and the seller's own socket hears of the revocation
    expect(await partnerClosed).toEqual(revoked);
    expect(await sessionSocket.events.next()).toEqual({
      data: { viewerEvents: { kind: 'API_KEY_REVOKED', subjectId: key.id } },
    });
  });

  it('given a subscription, when another session of the account logs out of all sessions, then the socket closes with 4401', async () => {
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const other = await secondSession(seller);
    const bystander = await signUp(testApp.baseUrl, { sellerAccount: true });
    const socket = await openSocket(seller.client);
    const bystanderSocket = await openSocket(bystander.client);

    await other.data('mutation { logOut(input: { allSessions: true }) { loggedOut } }');

    expect(await socket.closed).toEqual(revoked);
    await expectEventDelivered(bystander.client, bystanderSocket);
  });

  it('given a subscription, when a rotated refresh token of its session is presented again, then the socket closes with 4401', async () => {
    // given a session with a subscription, and a stolen copy of its cookies
    const { client } = await signUp(testApp.baseUrl);
    const attacker = new TestClient(testApp.baseUrl);
    for (const [name, value] of client.cookies) attacker.cookies.set(name, value);
    const socket = await openSocket(client);
    expect((await client.post('/auth/refresh', {})).status).toBe(200);
    // (past the grace in which a rotated token is answered RACED, refresh.test.ts)
    await queryDatabase(
      testApp,
      `update refresh_tokens set rotated_at = rotated_at - interval '1 minute' where rotated_at is not null`,
    );

    // when the rotated token is replayed, the session is revoked
    const reuse = await attacker.post('/auth/refresh', {});
    expect(await reuse.json()).toMatchObject({ error: 'REFRESH_TOKEN_REUSED' });

    // then the socket opened with that session is closed
    expect(await socket.closed).toEqual(revoked);
  });

  it('given a subscription, when an admin bans the user through the risk service, then the socket closes with 4401', async () => {
    const buyer = await signUp(testApp.baseUrl);
    const bystander = await signUp(testApp.baseUrl, { sellerAccount: true });
    const socket = await openSocket(buyer.client);
    const bystanderSocket = await openSocket(bystander.client);

    await ban(buyer.userId);

    expect(await socket.closed).toEqual(revoked);
    await expectEventDelivered(bystander.client, bystanderSocket);
  });
});

describe('each new operation on a socket checks its credentials again', () => {
  it.each([
    [
      'its session was revoked',
      `update sessions set revoked_at = now(), revoked_reason = 'TEST' where user_id = $1`,
    ],
    ['its account was disabled', `update users set status = 'DISABLED' where id = $1`],
  ])(
    'given a socket whose revocation it did not hear of, when %s and it subscribes again, then UNAUTHENTICATED',
    async (_case, statement) => {
      // given an open socket, then a change made in the database behind the event bus's back
      // (as when the listener was reconnecting and missed the event)
      const { client, userId } = await signUp(testApp.baseUrl);
      const { websocket } = await openSocket(client);
      await queryDatabase(testApp, statement, [rawId(userId)]);

      // when the socket starts new operations, then they are refused
      for (const query of [viewerEvents, '{ me { id } }']) {
        const result = await firstWebsocketResult(websocket, query);
        expect(result.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      }
    },
  );

  it('given a socket on an API key whose revocation it did not hear of, then new operations are refused; each one counts against the rate limit', async () => {
    // given a socket authenticated with a seller's API key
    const seller = await signUp(testApp.baseUrl, { sellerAccount: true });
    const key = await createApiKey(seller.client);
    const partner = new TestClient(testApp.baseUrl);
    partner.apiKey = key.secret;
    // One socket for the whole test: a lazy client kept open between operations.
    const websocket = partner.websocket({}, { lazy: true, lazyCloseTimeout: 60_000 });
    websockets.push(websocket);
    let connections = 0;
    websocket.on('connected', () => connections++);
    const bucket = `api-key:${rawId(key.id)}`;
    const hits = async () =>
      (
        await queryDatabase(
          testApp,
          'select coalesce(sum(hits), 0)::int as hits from rate_limit_windows where bucket = $1',
          [bucket],
        )
      )[0]!['hits'] as number;
    expect(await firstWebsocketResult(websocket, '{ me { id } }')).toEqual({
      data: { me: { id: seller.userId } },
    });

    // then each operation is one more request against the key's limit
    const before = await hits();
    await websocketRoundTrip(websocket, '{ me { id } }');
    await websocketRoundTrip(websocket, '{ me { id } }');
    expect(await hits()).toBe(before + 2);

    // and over the limit (this window and the next filled up), operations are refused
    const limit = testApp.config.auth.apiKeyRequestsPerMinute;
    await queryDatabase(
      testApp,
      `insert into rate_limit_windows (bucket, window_start, hits)
       select $1, to_timestamp(floor(extract(epoch from now()) / 60) * 60) + offset_seconds * interval '1 second', $2
       from (values (0), (60)) as windows (offset_seconds)
       on conflict (bucket, window_start) do update set hits = excluded.hits`,
      [bucket, limit],
    );
    const limited = await firstWebsocketResult(websocket, '{ me { id } }');
    expect(limited.errors?.map((error) => error.extensions?.['code'])).toEqual(['RATE_LIMITED']);
    await queryDatabase(testApp, 'delete from rate_limit_windows where bucket = $1', [bucket]);

    // when the key is revoked without the event reaching this instance (revokeApiKey itself closes
    // the socket: see the test above), then the socket's next operation is refused all the same
    await queryDatabase(testApp, 'update api_keys set revoked_at = now() where id = $1', [rawId(key.id)]);
    const refused = await firstWebsocketResult(websocket, '{ me { id } }');
    expect(refused.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    expect(connections).toBe(1);
  });
});

describe('logIn of a banned account', () => {
  it.each(['BUYER', 'SELLER'] as const)(
    'given an account banned in its %s role, when it logs in with the right password, then ACCOUNT_BANNED and no session',
    async (role) => {
      const account = await signUp(testApp.baseUrl, { sellerAccount: true });
      await ban(account.userId, role);

      const client = new TestClient(testApp.baseUrl);
      const response = await logIn(client, account.email, account.password);

      expect(response.data!.logIn).toEqual({
        user: null,
        errors: [{ code: 'ACCOUNT_BANNED', message: 'This account is banned.' }],
      });
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(client.cookies.size).toBe(0);
      const open = await queryDatabase(
        testApp,
        'select count(*)::int as open from sessions where user_id = $1 and revoked_at is null',
        [rawId(account.userId)],
      );
      expect(open).toEqual([{ open: 0 }]);
    },
  );

  it('given a banned account, when it logs in with a wrong password, then INVALID_CREDENTIALS: the ban is not disclosed', async () => {
    const account = await signUp(testApp.baseUrl);
    await ban(account.userId);

    const response = await logIn(new TestClient(testApp.baseUrl), account.email, 'not the password at all');

    expect(response.data!.logIn.errors.map((error) => error.code)).toEqual(['INVALID_CREDENTIALS']);
  });
});
