import {
  createApiKey,
  logIn,
  rawId,
  queryDatabase,
  setCookies,
  signUp,
  startTestApp,
  TestClient,
  websocketRoundTrip,
  type TestApp,
} from '../../test/harness';

const signUpMutation = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { user { id email } errors { code field } }
}`;
const meQuery = '{ me { id email } }';
const logOutMutation = 'mutation ($input: LogOutInput) { logOut(input: $input) { loggedOut } }';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(async () => {
  await testApp.close();
});

async function attemptSignUp(input: Record<string, unknown>) {
  const client = new TestClient(testApp.baseUrl);
  const response = await client.graphql<{
    signUp: { user: unknown; errors: { code: string; field: string }[] };
  }>(signUpMutation, {
    input: {
      email: 'someone@example.test',
      password: 'a long enough password',
      displayName: 'Someone',
      ...input,
    },
  });
  return { client, payload: response.data!.signUp };
}

async function userCount(): Promise<number> {
  return (await queryDatabase(testApp, 'select count(*)::int as count from users'))[0]!.count;
}

describe('signUp', () => {
  test.each([
    ['an invalid email', { email: 'not-an-email' }, 'INVALID_EMAIL', 'email'],
    ['a password shorter than 10 characters', { password: 'short' }, 'WEAK_PASSWORD', 'password'],
    ['a password of ten spaces', { password: ' '.repeat(10) }, 'WEAK_PASSWORD', 'password'],
    ['a password of one character repeated', { password: 'a'.repeat(12) }, 'WEAK_PASSWORD', 'password'],
    ['an email whose domain ends with a dot', { email: 'someone@example.test.' }, 'INVALID_EMAIL', 'email'],
    ['an email with an empty domain label', { email: 'someone@example..test' }, 'INVALID_EMAIL', 'email'],
    ['an email without a dotted domain', { email: 'someone@localhost' }, 'INVALID_EMAIL', 'email'],
    ['a blank display name', { displayName: '   ' }, 'INVALID_DISPLAY_NAME', 'displayName'],
    [
      'a display name with control characters',
      { displayName: 'bad\u0007name' },
      'INVALID_DISPLAY_NAME',
      'displayName',
    ],
    [
      'a display name reversed by a right-to-left override (shows as "Support Admin")',
      { displayName: '\u202enimdA troppuS' },
      'INVALID_DISPLAY_NAME',
      'displayName',
    ],
    [
      'a display name of a Hangul filler (looks blank)',
      { displayName: '\u3164' },
      'INVALID_DISPLAY_NAME',
      'displayName',
    ],
  ])(
    'given %s, when signing up, then it answers the error and creates no user',
    async (_case, overrides, code, field) => {
      const usersBefore = await userCount();
      const { client, payload } = await attemptSignUp({
        email: `invalid-${field}@example.test`,
        ...overrides,
      });
      expect(payload.user).toBeNull();
      expect(payload.errors).toEqual([{ code, field }]);
      expect(client.cookies.size).toBe(0);
      expect(await userCount()).toBe(usersBefore);
    },
  );

  test.each(['someone+shop@mail.example.test', 'müller@bücher.example', 'o.brien@example.co.uk'])(
    'given the email %s (a tag, another script, a subdomain), when signing up, then it opens the account',
    async (email) => {
      const { payload } = await attemptSignUp({ email });
      expect(payload.errors).toEqual([]);
      expect(payload.user).not.toBeNull();
    },
  );

  it('given an existing account, when signing up with the same email in other letter case, then EMAIL_TAKEN and no second row', async () => {
    await signUp(testApp.baseUrl, { email: 'taken@example.test' });
    const usersBefore = await userCount();
    const { client, payload } = await attemptSignUp({ email: '  TAKEN@Example.TEST ' });
    expect(payload).toEqual({ user: null, errors: [{ code: 'EMAIL_TAKEN', field: 'email' }] });
    expect(client.cookies.size).toBe(0);
    expect(await userCount()).toBe(usersBefore);
  });

  test.each(['ÉLODIE@example.test', 'ΟΔΥΣΣΕΥΣ@example.test', 'İSTANBUL@example.test'])(
    'given the non-ASCII email %s, when signing up, logging in with the domain in capitals and signing up again, then it works and is EMAIL_TAKEN',
    async (email) => {
      const { userId } = await signUp(testApp.baseUrl, { email, password: 'a long enough password' });
      const response = await logIn(
        new TestClient(testApp.baseUrl),
        email.replace('example.test', 'EXAMPLE.TEST'),
        'a long enough password',
      );
      expect(response.data!.logIn.user?.id).toBe(userId);
      expect((await attemptSignUp({ email })).payload.errors).toEqual([
        { code: 'EMAIL_TAKEN', field: 'email' },
      ]);
    },
  );
});

describe('logIn', () => {
  let account: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    account = await signUp(testApp.baseUrl);
  });

  it('given a wrong password or an unknown email, when logging in, then both answer the same INVALID_CREDENTIALS', async () => {
    const wrongPassword = await logIn(
      new TestClient(testApp.baseUrl),
      account.email,
      'not the right password',
    );
    const unknownEmail = await logIn(
      new TestClient(testApp.baseUrl),
      'nobody@example.test',
      account.password,
    );
    expect(wrongPassword.data!.logIn).toEqual({
      user: null,
      errors: [{ code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' }],
    });
    expect(unknownEmail.data!.logIn).toEqual(wrongPassword.data!.logIn);
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('given a disabled account, when logging in with the right password, then ACCOUNT_DISABLED and no session', async () => {
    const disabled = await signUp(testApp.baseUrl);
    await queryDatabase(testApp, `update users set status = 'DISABLED' where id = $1`, [
      rawId(disabled.userId),
    ]);
    const client = new TestClient(testApp.baseUrl);
    const response = await logIn(client, disabled.email, disabled.password);
    expect(response.data!.logIn.errors.map((error) => error.code)).toEqual(['ACCOUNT_DISABLED']);
    expect(client.cookies.size).toBe(0);
    // The session it already had stops working too.
    expect((await disabled.client.data(meQuery)).me).toBeNull();
  });

  it('given the right password, when logging in on localhost, then it sets the three session cookies with their flags and no Secure', async () => {
    const client = new TestClient(testApp.baseUrl);
    const response = await logIn(client, account.email.toUpperCase(), account.password);
    expect(response.data!.logIn.user?.id).toBe(account.userId);
    const cookies = setCookies(response.headers);
    expect(cookies.get('cs_access')?.attributes).toEqual(
      expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']),
    );
    expect(cookies.get('cs_refresh')?.attributes).toEqual(
      expect.arrayContaining(['httponly', 'path=/auth/refresh']),
    );
    expect(cookies.get('cs_csrf')?.attributes).not.toContain('httponly');
    for (const cookie of cookies.values()) expect(cookie.attributes).not.toContain('secure');
    expect((await client.data(meQuery)).me.id).toBe(account.userId);
  });

  it('given COOKIE_SECURE=true, when logging in, then every session cookie is Secure and carries the __Host-/__Secure- prefix', async () => {
    const secureApp = await startTestApp({ COOKIE_SECURE: 'true' });
    try {
      const { email, password } = await signUp(secureApp.baseUrl);
      const response = await logIn(new TestClient(secureApp.baseUrl), email, password);
      const cookies = setCookies(response.headers);
      expect([...cookies.keys()].sort()).toEqual([
        '__Host-cs_access',
        '__Host-cs_csrf',
        '__Secure-cs_refresh',
      ]);
      for (const cookie of cookies.values()) expect(cookie.attributes).toContain('secure');
    } finally {
      await secureApp.close();
    }
  });
});

describe('logOut', () => {
  it('given a session, when logging out, then its old access cookie no longer authenticates me', async () => {
    const { client } = await signUp(testApp.baseUrl);
    const stolen = new TestClient(testApp.baseUrl);
    for (const [name, value] of client.cookies) stolen.cookies.set(name, value);

    expect((await client.data(logOutMutation)).logOut.loggedOut).toBe(true);

    expect(client.cookies.size).toBe(0);
    expect((await stolen.data(meQuery)).me).toBeNull();
  });

  it('given two sessions, when one logs out of all sessions, then the other ends too', async () => {
    const first = await signUp(testApp.baseUrl);
    const second = new TestClient(testApp.baseUrl);
    await logIn(second, first.email, first.password);
    const bystander = await signUp(testApp.baseUrl);

    await first.client.data(logOutMutation, { input: { allSessions: true } });

    expect((await second.data(meQuery)).me).toBeNull();
    expect((await bystander.client.data(meQuery)).me.id).toBe(bystander.userId);
  });

  it('given two sessions, when one logs out, then the other still works', async () => {
    const first = await signUp(testApp.baseUrl);
    const second = new TestClient(testApp.baseUrl);
    await logIn(second, first.email, first.password);

    await first.client.data(logOutMutation);

    expect((await second.data(meQuery)).me.id).toBe(first.userId);
  });
});

describe('CSRF protection', () => {
  let seller: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    seller = await signUp(testApp.baseUrl, { sellerAccount: true });
  });
  async function apiKeyCount(): Promise<number> {
    const rows = await queryDatabase(
      testApp,
      'select count(*)::int as count from api_keys where owner_user_id = $1',
      [rawId(seller.userId)],
    );
    return rows[0]!.count;
  }
  const createKey = `mutation { createApiKey(input: { name: "csrf", scopes: [CATALOG_READ] }) { secret } }`;

  test.each([
    ['without the x-csrf-token header', (client: TestClient) => client.graphql(createKey, {}, {}), false],
    [
      'with a wrong x-csrf-token header',
      (client: TestClient) => client.graphql(createKey, {}, { 'x-csrf-token': 'forged' }),
      true,
    ],
  ])(
    'given a cookie session, when a mutation comes %s, then 403 CSRF_TOKEN_INVALID and nothing is created',
    async (_case, send, withHeader) => {
      const client = new TestClient(testApp.baseUrl);
      for (const [name, value] of seller.client.cookies) client.cookies.set(name, value);
      client.sendCsrfHeader = withHeader;

      const response = await send(client);

      expect(response.status).toBe(403);
      expect(response.errors?.[0]?.extensions?.['code']).toBe('CSRF_TOKEN_INVALID');
      expect(response.data).toBeUndefined();
      expect(await apiKeyCount()).toBe(0);
      // The same session with the right header is allowed: the refusal was about CSRF alone.
      await createApiKey(seller.client);
      expect(await apiKeyCount()).toBe(1);
      await queryDatabase(testApp, 'delete from api_keys where owner_user_id = $1', [rawId(seller.userId)]);
    },
  );

  it('given a cookie session, when a WebSocket connects with a wrong CSRF token, then the server closes it with 4403', async () => {
    // graphql-ws reports the refused eager connection on console.error as well; keep the output clean.
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const forged = seller.client.websocket({ csrfToken: 'forged' });
    try {
      await expect(websocketRoundTrip(forged, '{ me { id } }')).rejects.toMatchObject({ code: 4403 });
    } finally {
      await forged.dispose();
      consoleError.mockRestore();
    }
    const genuine = seller.client.websocket();
    await websocketRoundTrip(genuine, '{ me { id } }');
    await genuine.dispose();
  });

  it('given a simple text/plain POST, when it reaches /graphql, then Apollo refuses it before executing', async () => {
    const response = await fetch(`${testApp.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        cookie: seller.client.cookieHeader(),
        'x-csrf-token': seller.client.cookies.get('cs_csrf')!,
      },
      body: JSON.stringify({ query: createKey }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/i);
    expect(await apiKeyCount()).toBe(0);
  });
});
