import { logIn, queryDatabase, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';

async function attempt(testApp: TestApp, email: string, password: string): Promise<string> {
  const response = await logIn(new TestClient(testApp.baseUrl), email, password);
  return response.data!.logIn.user ? 'OK' : response.data!.logIn.errors[0]!.code;
}

function countAnswers(answers: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer] = (counts[answer] ?? 0) + 1;
  return counts;
}

describe('logIn rate limit per account', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given 3 failed logins, when the right password comes, then TOO_MANY_ATTEMPTS and no session', async () => {
    const { email, password } = await signUp(testApp.baseUrl);
    const failures = [];
    for (let index = 0; index < 3; index++) failures.push(await attempt(testApp, email, 'wrong password!'));
    expect(failures).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);

    expect(await attempt(testApp, email, password)).toBe('TOO_MANY_ATTEMPTS');
    // The limit is per account, whatever the letter case of the email.
    expect(await attempt(testApp, email.toUpperCase(), password)).toBe('TOO_MANY_ATTEMPTS');
  });

  it('given another account is locked, when this account logs in, then it is not affected', async () => {
    const locked = await signUp(testApp.baseUrl);
    const other = await signUp(testApp.baseUrl);
    for (let index = 0; index < 3; index++) await attempt(testApp, locked.email, 'wrong password!');
    expect(await attempt(testApp, other.email, other.password)).toBe('OK');
  });

  it('given 20 wrong passwords in parallel, when they race, then only 3 are verified and the rest are refused', async () => {
    const { email, password } = await signUp(testApp.baseUrl);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => attempt(testApp, email, 'wrong password!')),
    );

    expect(countAnswers(answers)).toEqual({ INVALID_CREDENTIALS: 3, TOO_MANY_ATTEMPTS: 17 });
    const rows = await queryDatabase(
      testApp,
      'select count(*)::int as count from login_attempts where email_normalized = $1',
      [email],
    );
    expect(rows[0]!.count).toBe(3);
    expect(await attempt(testApp, email, password)).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('logIn rate limit: failures from other addresses', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    // Behind a proxy on loopback, each request's address is the one it forwards.
    testApp = await startTestApp({
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const attemptFrom = async (
    address: string,
    email: string,
    password: string,
    client = new TestClient(testApp.baseUrl),
  ) => {
    const response = await client.graphql<{ logIn: { user: unknown; errors: { code: string }[] } }>(
      `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
      { input: { email, password } },
      { 'x-forwarded-for': address },
    );
    return response.data!.logIn.user ? 'OK' : response.data!.logIn.errors[0]!.code;
  };

  it('locks the account to new addresses, not to the one its owner signs in from, nor their password change', async () => {
    // given an owner who signed in from their usual address
    const { client, email, password } = await signUp(testApp.baseUrl);
    expect(await attemptFrom('198.51.100.7', email, password)).toBe('OK');
    // when three other addresses each try one wrong password
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      expect(await attemptFrom(address, email, 'wrong password!')).toBe('INVALID_CREDENTIALS');
    }
    // then the account is locked to an address it never signed in from, even with the right password
    expect(await attemptFrom('203.0.113.4', email, password)).toBe('TOO_MANY_ATTEMPTS');
    // and its owner still signs in from their usual address
    expect(await attemptFrom('198.51.100.7', email, password)).toBe('OK');
    // and their session, wherever it is, still changes the password (the thief's guesses lock nothing)
    const changed = await client.graphql<{
      changePassword: { changed: boolean; errors: { code: string }[] };
    }>(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed errors { code } } }`,
      { input: { currentPassword: password, newPassword: 'a fresh passphrase for 2027' } },
      { 'x-forwarded-for': '192.0.2.99' },
    );
    expect(changed.data?.changePassword).toEqual({ changed: true, errors: [] });
  });

  it('knows the address an account signed up from, before any sign-in', async () => {
    // given an account signed up from this machine (no forwarded address: 127.0.0.1), never signed in
    const { email, password } = await signUp(testApp.baseUrl);
    for (const address of ['203.0.113.21', '203.0.113.22', '203.0.113.23']) {
      expect(await attemptFrom(address, email, 'wrong password!')).toBe('INVALID_CREDENTIALS');
    }
    // then a new address is locked out, and the sign-up's address is not
    expect(await attemptFrom('203.0.113.24', email, password)).toBe('TOO_MANY_ATTEMPTS');
    expect(await attemptFrom('127.0.0.1', email, password)).toBe('OK');
  });

  it('still locks one address that guesses, its owner’s usual one included', async () => {
    // given an owner who signed in from their address, then three wrong passwords from it
    const { email, password } = await signUp(testApp.baseUrl);
    expect(await attemptFrom('198.51.100.8', email, password)).toBe('OK');
    for (let index = 0; index < 3; index++) {
      expect(await attemptFrom('198.51.100.8', email, 'wrong password!')).toBe('INVALID_CREDENTIALS');
    }
    // then that address is refused on this account, the right password too, and a new one as well
    expect(await attemptFrom('198.51.100.8', email, password)).toBe('TOO_MANY_ATTEMPTS');
    expect(await attemptFrom('203.0.113.9', email, password)).toBe('TOO_MANY_ATTEMPTS');
  });

  it('knows no address with LOGIN_KNOWN_ADDRESS_DAYS=0: other addresses lock the owner out as well', async () => {
    const strict = await startTestApp({
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_KNOWN_ADDRESS_DAYS: '0',
    });
    try {
      const { email, password } = await signUp(strict.baseUrl);
      const from = (address: string, secret: string) =>
        attemptFrom(address, email, secret, new TestClient(strict.baseUrl));
      expect(await from('198.51.100.10', password)).toBe('OK');
      for (const address of ['203.0.113.11', '203.0.113.12', '203.0.113.13']) {
        expect(await from(address, 'wrong password!')).toBe('INVALID_CREDENTIALS');
      }
      expect(await from('198.51.100.10', password)).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      await strict.close();
    }
  });
});

describe('logIn rate limit per address', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '100',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
    });
  });
  afterEach(async () => {
    await testApp.close();
  });

  it('given 3 failures on different accounts from one address, when a fourth account logs in correctly, then TOO_MANY_ATTEMPTS', async () => {
    const victim = await signUp(testApp.baseUrl);
    for (let index = 0; index < 3; index++) {
      expect(await attempt(testApp, `guess-${index}@example.test`, 'wrong password!')).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    expect(await attempt(testApp, victim.email, victim.password)).toBe('TOO_MANY_ATTEMPTS');
  });

  it('given 20 wrong passwords on 20 accounts in parallel from one address, when they race, then only 3 are verified', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        attempt(testApp, `spray-${index}@example.test`, 'wrong password!'),
      ),
    );

    expect(countAnswers(answers)).toEqual({ INVALID_CREDENTIALS: 3, TOO_MANY_ATTEMPTS: 17 });
    const rows = await queryDatabase(
      testApp,
      `select count(*)::int as count from login_attempts where address = '127.0.0.1'`,
    );
    expect(rows[0]!.count).toBe(3);
  });
});

describe('signUp answers that name a taken email: distinct emails per address', () => {
  let testApp: TestApp;
  beforeEach(async () => {
    testApp = await startTestApp({ SIGN_UP_MAX_TAKEN_PER_ADDRESS: '3' });
  });
  afterEach(async () => {
    await testApp.close();
  });

  async function signUpAnswer(email: string): Promise<string> {
    const data = await new TestClient(testApp.baseUrl).data<{
      signUp: { user: { id: string } | null; errors: { code: string }[] };
    }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code } } }`, {
      input: { email, password: 'correct horse battery staple', displayName: 'Prober', sellerAccount: false },
    });
    return data.signUp.user ? 'OK' : data.signUp.errors[0]!.code;
  }

  const userCount = async () =>
    (await queryDatabase<{ count: number }>(testApp, 'select count(*)::int as count from users'))[0]!.count;

  it('given 3 EMAIL_TAKEN answers, then every sign-up from that address is refused, a new email too, and no account is made', async () => {
    // given accounts that exist
    const taken = await Promise.all(Array.from({ length: 4 }, () => signUp(testApp.baseUrl)));
    // when an address checks them one by one
    const answers = [];
    for (const { email } of taken) answers.push(await signUpAnswer(email.toUpperCase()));
    // then the first 3 say taken, the 4th is refused without saying
    expect(answers).toEqual(['EMAIL_TAKEN', 'EMAIL_TAKEN', 'EMAIL_TAKEN', 'TOO_MANY_ATTEMPTS']);
    // and an email already answered is answered again: it tells nothing new
    expect(await signUpAnswer(taken[0]!.email)).toBe('EMAIL_TAKEN');
    // and a new email is refused as well (its success would tell the same), creating nothing
    const before = await userCount();
    expect(await signUpAnswer('never-seen@example.test')).toBe('TOO_MANY_ATTEMPTS');
    expect(await userCount()).toBe(before);
  });

  it('given 20 different taken emails at once from one address, then exactly 3 say taken', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, () => signUp(testApp.baseUrl)));
    const answers = await Promise.all(taken.map(({ email }) => signUpAnswer(email)));
    expect(countAnswers(answers)).toEqual({ EMAIL_TAKEN: 3, TOO_MANY_ATTEMPTS: 17 });
  });

  it('counts one email raced 30 times (a double-clicked sign-up) as one: every answer says taken', async () => {
    const { email } = await signUp(testApp.baseUrl);
    const answers = await Promise.all(Array.from({ length: 30 }, () => signUpAnswer(email)));
    expect(countAnswers(answers)).toEqual({ EMAIL_TAKEN: 30 });
  });

  it('does not count accounts made: 10 new sign-ups from one address all succeed', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => signUpAnswer(`new-${index}-${Date.now()}@example.test`)),
    );
    expect(answers).toEqual(Array.from({ length: 10 }, () => 'OK'));
  });
});

describe('signUp: accounts opened per address', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ SIGN_UP_MAX_ACCOUNTS_PER_ADDRESS: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const signUpFrom = async (address: string, email: string) => {
    const answer = await new TestClient(testApp.baseUrl).graphql<{
      signUp: { user: { id: string } | null; errors: { code: string; message: string }[] };
    }>(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code message } } }`,
      {
        input: { email, password: 'correct horse battery staple', displayName: 'Many', sellerAccount: false },
      },
      { 'x-forwarded-for': address },
    );
    return answer.data!.signUp;
  };

  it('given 10 sign-ups at once from one address, then 3 accounts are opened, the rest refused in words, and another address is not limited', async () => {
    // when one address opens accounts as fast as it can
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => signUpFrom('203.0.113.7', `many-${index}@example.test`)),
    );

    // then exactly the limit is opened, and the others are refused, creating nothing
    expect(answers.filter((answer) => answer.user !== null)).toHaveLength(3);
    const refused = answers.filter((answer) => answer.user === null);
    expect(refused).toHaveLength(7);
    for (const answer of refused) {
      expect(answer.errors).toEqual([
        {
          code: 'TOO_MANY_ATTEMPTS',
          message: expect.stringMatching(/^Too many accounts were opened from your network this hour\./),
        },
      ]);
    }
    const opened = await queryDatabase<{ count: number }>(
      testApp,
      `select count(*)::int as count from users where email like 'many-%@example.test'`,
    );
    expect(opened).toEqual([{ count: 3 }]);
    // and another address opens its own
    expect((await signUpFrom('203.0.113.8', 'other-address@example.test')).user).not.toBeNull();
  });
});
