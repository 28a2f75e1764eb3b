import { queryDatabase, rawId, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { refreshRaceGraceMs } from './auth.service';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

async function refresh(client: TestClient, headers: Record<string, string> = {}) {
  const response = await client.post('/auth/refresh', {}, headers);
  return { status: response.status, body: (await response.json()) as { ok?: boolean; error?: string } };
}

async function me(client: TestClient): Promise<string | null> {
  return (await client.data<{ me: { id: string } | null }>('{ me { id } }')).me?.id ?? null;
}

/** A second client holding a copy of `client`'s cookies: the attacker who stole them, or an old tab. */
function copyOf(client: TestClient): TestClient {
  const copy = new TestClient(client.baseUrl);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

/** Moves the user's token rotations back past the grace in which a rotated token is answered RACED. */
async function pastTheRaceGrace(userId: string): Promise<void> {
  await queryDatabase(
    testApp,
    `update refresh_tokens set rotated_at = rotated_at - make_interval(secs => $2)
      where rotated_at is not null and session_id in (select id from sessions where user_id = $1)`,
    [rawId(userId), refreshRaceGraceMs / 1000 + 1],
  );
}

describe('POST /auth/refresh', () => {
  it('given a session, when refreshing with the cookie and CSRF header, then it rotates to a new refresh token that still authenticates', async () => {
    const { client, userId } = await signUp(testApp.baseUrl);
    const before = client.cookies.get('cs_refresh');

    const result = await refresh(client);

    expect(result).toEqual({ status: 200, body: { ok: true } });
    expect(client.cookies.get('cs_refresh')).toBeDefined();
    expect(client.cookies.get('cs_refresh')).not.toBe(before);
    expect(await me(client)).toBe(userId);
    expect((await refresh(client)).status).toBe(200);
  });

  it('given a rotated refresh token, when it is presented again, then 401 REFRESH_TOKEN_REUSED and the whole session is revoked', async () => {
    const { client, userId } = await signUp(testApp.baseUrl);
    const attacker = copyOf(client);
    await refresh(client);
    const bystander = await signUp(testApp.baseUrl);
    await pastTheRaceGrace(userId);

    const reuse = await refresh(attacker);

    expect(reuse).toEqual({
      status: 401,
      body: { error: 'REFRESH_TOKEN_REUSED', message: 'Sign in again.' },
    });
    expect(attacker.cookies.has('cs_refresh')).toBe(false);
    // The newest refresh token and the access token of that session stop working.
    expect(await me(client)).toBeNull();
    expect((await refresh(client)).status).toBe(401);
    const sessions = await queryDatabase(testApp, 'select revoked_reason from sessions where user_id = $1', [
      rawId(userId),
    ]);
    expect(sessions).toEqual([{ revoked_reason: 'REFRESH_TOKEN_REUSED' }]);
    // Other users' sessions are untouched.
    expect(await me(bystander.client)).toBe(bystander.userId);
  });

  it('given a session, when the refresh comes without the CSRF header, then 403 and the token is not rotated', async () => {
    const { client } = await signUp(testApp.baseUrl);
    client.sendCsrfHeader = false;
    const before = client.cookies.get('cs_refresh');

    const result = await refresh(client);

    expect(result.status).toBe(403);
    expect(result.body.error).toBe('CSRF_TOKEN_INVALID');
    expect(client.cookies.get('cs_refresh')).toBe(before);
    client.sendCsrfHeader = true;
    expect((await refresh(client)).status).toBe(200);
  });

  it('given a session, when the CSRF header does not match the cookie, then 403', async () => {
    const { client } = await signUp(testApp.baseUrl);
    expect((await refresh(client, { 'x-csrf-token': 'forged-token' })).status).toBe(403);
  });

  it('given an expired refresh token, when refreshing, then 401 REFRESH_TOKEN_EXPIRED', async () => {
    const { client, userId } = await signUp(testApp.baseUrl);
    await queryDatabase(
      testApp,
      `update refresh_tokens set expires_at = now() - interval '1 second'
       where session_id in (select id from sessions where user_id = $1)`,
      [rawId(userId)],
    );

    const result = await refresh(client);

    expect(result.status).toBe(401);
    expect(result.body.error).toBe('REFRESH_TOKEN_EXPIRED');
  });

  it('given no refresh cookie, when refreshing, then 401 REFRESH_TOKEN_MISSING', async () => {
    const { client } = await signUp(testApp.baseUrl);
    client.cookies.delete('cs_refresh');
    expect((await refresh(client)).body.error).toBe('REFRESH_TOKEN_MISSING');
  });

  it('given a logged-out session, when its refresh token is presented, then 401 REFRESH_TOKEN_INVALID', async () => {
    const { client } = await signUp(testApp.baseUrl);
    const old = copyOf(client);
    await client.data('mutation { logOut { loggedOut } }');
    expect(await refresh(old)).toMatchObject({ status: 401, body: { error: 'REFRESH_TOKEN_INVALID' } });
  });

  it('given two concurrent refreshes with one token (two apps of one browser), when both run, then one rotates, the other is 409 RACED, and the session lives on', async () => {
    const { client, userId } = await signUp(testApp.baseUrl);
    const other = copyOf(client);
    const before = other.cookies.get('cs_refresh');

    const results = await Promise.all([refresh(client), refresh(other)]);

    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect(results.find((result) => result.status === 409)?.body.error).toBe('REFRESH_TOKEN_RACED');
    // The loser's cookies are left as they were (clearing them would sign the browser out), and it
    // was issued nothing.
    const [loser, winner] = results[0]!.status === 409 ? [client, other] : [other, client];
    expect(loser.cookies.get('cs_refresh')).toBe(before);
    // The session is open: the winner's tokens work, and the loser, retrying with the cookies as they
    // are now (the browser shares them), renews.
    expect(await me(winner)).toBe(userId);
    for (const [name, value] of winner.cookies) loser.cookies.set(name, value);
    expect((await refresh(loser)).status).toBe(200);
    const sessions = await queryDatabase(testApp, 'select revoked_at from sessions where user_id = $1', [
      rawId(userId),
    ]);
    expect(sessions).toEqual([{ revoked_at: null }]);
  });

  it("given a thief who rotated a stolen token first, when the owner presents the old one, then RACED within the grace, and past it REUSED revokes the thief's session", async () => {
    const { client, userId } = await signUp(testApp.baseUrl);
    const thief = copyOf(client);
    expect((await refresh(thief)).status).toBe(200);

    // Within the grace the owner's refresh is answered RACED: nothing issued, nothing revoked.
    expect(await refresh(client)).toMatchObject({ status: 409, body: { error: 'REFRESH_TOKEN_RACED' } });
    expect(await me(thief)).toBe(userId);
    // The owner's client retries past the grace (session-refresher.ts), with the same old cookie.
    await pastTheRaceGrace(userId);
    expect(await refresh(client)).toMatchObject({ status: 401, body: { error: 'REFRESH_TOKEN_REUSED' } });
    expect(await me(thief)).toBeNull();
    expect((await refresh(thief)).status).toBe(401);
  });
});
