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
