import { queryDatabase, rawId, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';

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

  it('given two concurrent refreshes with one token, when both run, then exactly one rotates and the other is treated as reuse', async () => {
    const { client } = await signUp(testApp.baseUrl);
    const other = copyOf(client);

    const results = await Promise.all([refresh(client), refresh(other)]);

    expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    expect(results.find((result) => result.status === 401)?.body.error).toBe('REFRESH_TOKEN_REUSED');
  });
});
