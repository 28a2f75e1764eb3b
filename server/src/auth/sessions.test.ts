import {
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  subscribe,
  TestClient,
  type TestApp,
} from '../../test/harness';

/**
 * `mySessions` lists the viewer's active sessions and marks the request's own; `revokeSession`
 * ends one of them through the same revocation as logOut: its refresh token stops working, its
 * sockets close. Another user's session cannot be touched (SESSION_NOT_FOUND, nothing changes).
 */

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

const mySessions = '{ mySessions { id createdAt userAgent address current } }';
const revokeSession = `mutation ($input: RevokeSessionInput!) {
  revokeSession(input: $input) { session { id current } errors { code message field } }
}`;

interface SessionView {
  id: string;
  createdAt: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

async function sessionsOf(client: TestClient): Promise<SessionView[]> {
  return (await client.data<{ mySessions: SessionView[] }>(mySessions)).mySessions;
}

/** Logs the account in again from another client (another browser), with its own user agent. */
async function secondBrowser(account: { email: string; password: string }, userAgent: string) {
  const client = new TestClient(testApp.baseUrl);
  const response = await client.graphql(
    `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
    { input: { email: account.email, password: account.password } },
    { 'user-agent': userAgent },
  );
  expect(response.errors).toBeUndefined();
  return client;
}

async function openSessionCount(userId: string): Promise<number> {
  const [row] = await queryDatabase(
    testApp,
    'select count(*)::int as open from sessions where user_id = $1 and revoked_at is null',
    [rawId(userId)],
  );
  return row!['open'] as number;
}

describe('mySessions', () => {
  it('given two browsers of one account, then each lists both, newest first, and marks its own as current', async () => {
    // given an account signed up in one browser and logged in from a second
    const account = await signUp(testApp.baseUrl);
    const phone = await secondBrowser(account, 'Phone browser/1.0');

    // when each lists its sessions
    const fromFirst = await sessionsOf(account.client);
    const fromPhone = await sessionsOf(phone);

    // then both see the same two sessions, the phone's (newest) first, each marking its own
    expect(fromFirst.map((session) => session.id)).toEqual(fromPhone.map((session) => session.id));
    expect(fromFirst).toHaveLength(2);
    expect(fromPhone[0]).toMatchObject({ userAgent: 'Phone browser/1.0', current: true });
    expect(fromPhone[1]!.current).toBe(false);
    expect(fromFirst.map((session) => session.current)).toEqual([false, true]);
    expect(fromFirst[0]!.address).toEqual(expect.any(String));
  });

  it('given a session that logged out, then it is no longer listed', async () => {
    const account = await signUp(testApp.baseUrl);
    const other = await secondBrowser(account, 'Other/1.0');
    await other.data('mutation { logOut { loggedOut } }');

    const sessions = await sessionsOf(account.client);

    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.current).toBe(true);
  });
});

describe('revokeSession', () => {
  it("given another browser's session, when it is revoked, then that session's refresh token and access stop working, its socket closes, and this one stays", async () => {
    // given an account in two browsers, the second with an open subscription
    const account = await signUp(testApp.baseUrl);
    const phone = await secondBrowser(account, 'Phone/2.0');
    const phoneSocket = phone.websocket({}, { onNonLazyError: () => undefined });
    const closed = new Promise<{ code: number }>((resolve) =>
      phoneSocket.on('closed', (event) => resolve(event as { code: number })),
    );
    await subscribe(phoneSocket, 'subscription { viewerEvents { kind subjectId } }');
    const phoneSession = (await sessionsOf(phone)).find((session) => session.current)!;

    // when the first browser revokes the phone's session
    const answer = await account.client.data(revokeSession, { input: { sessionId: phoneSession.id } });

    // then it answers the revoked session, not current
    expect(answer.revokeSession).toEqual({ session: { id: phoneSession.id, current: false }, errors: [] });
    // and the phone's socket closes, its refresh token is refused, and it is signed out
    expect((await closed).code).toBe(4401);
    const refresh = await phone.post('/auth/refresh', {});
    expect(refresh.status).toBe(401);
    const me = await phone.graphql('{ me { id } }');
    expect(me.data).toEqual({ me: null });
    // while the first browser is still signed in and lists only itself
    expect((await account.client.data('{ me { id } }')).me.id).toBe(account.userId);
    expect((await sessionsOf(account.client)).map((session) => session.id)).not.toContain(phoneSession.id);
    await phoneSocket.dispose();
  });

  it('given the current session, when it is revoked, then this browser is signed out: cookies cleared, the old refresh token refused', async () => {
    const account = await signUp(testApp.baseUrl);
    const [current] = await sessionsOf(account.client);
    const stolen = new TestClient(testApp.baseUrl);
    for (const [name, value] of account.client.cookies) stolen.cookies.set(name, value);

    const answer = await account.client.data(revokeSession, { input: { sessionId: current!.id } });

    expect(answer.revokeSession).toEqual({ session: { id: current!.id, current: true }, errors: [] });
    expect(account.client.cookies.size).toBe(0);
    expect((await stolen.post('/auth/refresh', {})).status).toBe(401);
    expect((await stolen.graphql('{ me { id } }')).data).toEqual({ me: null });
    expect(await openSessionCount(account.userId)).toBe(0);
  });

  it("given another user's session id, when a user tries to revoke it, then SESSION_NOT_FOUND and the session stays open", async () => {
    // given a victim signed in, and another user who learned the victim's session id
    const victim = await signUp(testApp.baseUrl);
    const attacker = await signUp(testApp.baseUrl);
    const [victimSession] = await sessionsOf(victim.client);

    // when the attacker revokes it
    const answer = await attacker.client.data(revokeSession, { input: { sessionId: victimSession!.id } });

    // then refused as unknown, and the victim is still signed in with a working refresh token
    expect(answer.revokeSession).toEqual({
      session: null,
      errors: [{ code: 'SESSION_NOT_FOUND', message: 'No such active session.', field: 'sessionId' }],
    });
    expect(await openSessionCount(victim.userId)).toBe(1);
    expect((await victim.client.post('/auth/refresh', {})).status).toBe(200);
    expect((await victim.client.data('{ me { id } }')).me.id).toBe(victim.userId);
    expect(await openSessionCount(attacker.userId)).toBe(1);
  });

  it.each([
    ['a malformed id', () => 'not-a-session-id'],
    ['an id of another type', (userId: string) => userId],
  ])('given %s, then SESSION_NOT_FOUND and nothing changes', async (_case, sessionIdOf) => {
    const account = await signUp(testApp.baseUrl);
    const answer = await account.client.data(revokeSession, {
      input: { sessionId: sessionIdOf(account.userId) },
    });
    expect(answer.revokeSession.errors.map((error: { code: string }) => error.code)).toEqual([
      'SESSION_NOT_FOUND',
    ]);
    expect(await openSessionCount(account.userId)).toBe(1);
  });

  it('given a session already revoked, when it is revoked again, then SESSION_NOT_FOUND', async () => {
    const account = await signUp(testApp.baseUrl);
    const other = new TestClient(testApp.baseUrl);
    expect((await logIn(other, account.email, account.password)).errors).toBeUndefined();
    const otherSession = (await sessionsOf(other)).find((session) => session.current)!;
    await account.client.data(revokeSession, { input: { sessionId: otherSession.id } });

    const again = await account.client.data(revokeSession, { input: { sessionId: otherSession.id } });

    expect(again.revokeSession.errors.map((error: { code: string }) => error.code)).toEqual([
      'SESSION_NOT_FOUND',
    ]);
    expect(await openSessionCount(account.userId)).toBe(1);
  });
});
