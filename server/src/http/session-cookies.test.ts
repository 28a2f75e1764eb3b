import {
  logIn,
  setCookies,
  signUp,
  startTestApp,
  TestClient,
  websocketRoundTrip,
  type TestApp,
} from '../../test/harness';

const meQuery = '{ me { id } }';

/** A client holding `victim`'s session cookies, but the CSRF cookie and header of `attacker`'s session. */
function withForeignCsrfToken(victim: TestClient, attacker: TestClient): TestClient {
  const client = new TestClient(victim.baseUrl);
  for (const [name, value] of victim.cookies) client.cookies.set(name, value);
  client.cookies.set('cs_csrf', attacker.cookies.get('cs_csrf')!);
  return client;
}

describe('CSRF token bound to the session (an HMAC of the session id)', () => {
  let testApp: TestApp;
  let victim: Awaited<ReturnType<typeof signUp>>;
  let attacker: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    testApp = await startTestApp();
    victim = await signUp(testApp.baseUrl);
    attacker = await signUp(testApp.baseUrl);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it("given another session's valid CSRF token, when it comes with this session's cookies over HTTP, then 403 CSRF_TOKEN_INVALID", async () => {
    const forged = withForeignCsrfToken(victim.client, attacker.client);

    const response = await forged.graphql(meQuery);

    expect(response.status).toBe(403);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('CSRF_TOKEN_INVALID');
    expect((await victim.client.data(meQuery)).me.id).toBe(victim.userId);
  });

  it("given another session's valid CSRF token, when a WebSocket connects with it and this session's cookies, then the server closes it with 4403", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const socket = withForeignCsrfToken(victim.client, attacker.client).websocket();
    try {
      await expect(websocketRoundTrip(socket, meQuery)).rejects.toMatchObject({ code: 4403 });
    } finally {
      await socket.dispose();
      consoleError.mockRestore();
    }
  });

  it("given another session's valid CSRF token, when refreshing this session with it, then 403 and the refresh token is not rotated", async () => {
    const forged = withForeignCsrfToken(victim.client, attacker.client);
    const before = forged.cookies.get('cs_refresh');

    const response = await forged.post('/auth/refresh', {});

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'CSRF_TOKEN_INVALID' });
    expect(forged.cookies.get('cs_refresh')).toBe(before);
    const refreshed = await victim.client.post('/auth/refresh', {});
    expect(refreshed.status).toBe(200);
  });

  it('given two sessions of one user, when each logs in, then their CSRF tokens differ and a refresh keeps its own', async () => {
    const second = new TestClient(testApp.baseUrl);
    await logIn(second, victim.email, victim.password);
    const token = second.cookies.get('cs_csrf');
    expect(token).not.toBe(victim.client.cookies.get('cs_csrf'));

    expect((await second.post('/auth/refresh', {})).status).toBe(200);

    expect(second.cookies.get('cs_csrf')).toBe(token);
    expect((await second.data(meQuery)).me.id).toBe(victim.userId);
  });
});

describe('session cookie names under https', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ PUBLIC_URL: 'https://codesale.example' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given an https PUBLIC_URL, when logging in, then the session and CSRF cookies are __Host- (Secure, Path=/, no Domain) and the refresh cookie __Secure-', async () => {
    const { email, password } = await signUp(testApp.baseUrl);
    const client = new TestClient(testApp.baseUrl);

    const response = await logIn(client, email, password);

    const cookies = setCookies(response.headers);
    expect([...cookies.keys()].sort()).toEqual(['__Host-cs_access', '__Host-cs_csrf', '__Secure-cs_refresh']);
    for (const name of ['__Host-cs_access', '__Host-cs_csrf']) {
      expect(cookies.get(name)!.attributes).toEqual(expect.arrayContaining(['secure', 'path=/']));
      expect(cookies.get(name)!.attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);
    }
    expect(cookies.get('__Secure-cs_refresh')!.attributes).toEqual(
      expect.arrayContaining(['secure', 'httponly', 'path=/auth/refresh']),
    );
    expect((await client.data(meQuery)).me).not.toBeNull();
    expect((await client.post('/auth/refresh', {})).status).toBe(200);
  });

  it('given an https PUBLIC_URL, when the access token comes in an unprefixed cs_access cookie, then it is ignored', async () => {
    const { client } = await signUp(testApp.baseUrl);
    const planted = new TestClient(testApp.baseUrl);
    const cookie = (name: string) => client.cookies.get(`__Host-${name}`) ?? client.cookies.get(name)!;
    planted.cookies.set('cs_access', cookie('cs_access'));
    planted.cookies.set('cs_csrf', cookie('cs_csrf'));

    expect((await planted.data(meQuery)).me).toBeNull();
  });
});
