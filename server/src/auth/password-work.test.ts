import pg from 'pg';
import type { Client } from 'graphql-ws';
import {
  firstWebsocketResult,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  subscribe,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';

/**
 * Issue 7.2: the work one request can start is capped. Aliases and batches multiply the logIn and
 * signUp mutations a request carries; each costs an argon2 hash and opens a session.
 */

const logInFields = (email: string, password: string, alias: string) =>
  `${alias}: logIn(input: { email: "${email}", password: "${password}" }) { user { id } errors { code } }`;

async function openSessions(testApp: TestApp, userId: string): Promise<number> {
  const [row] = await queryDatabase(
    testApp,
    'select count(*)::int as count from sessions where user_id = $1 and revoked_at is null',
    [rawId(userId)],
  );
  return row!.count;
}

async function loginAttempts(testApp: TestApp, email: string): Promise<number> {
  const [row] = await queryDatabase(
    testApp,
    'select count(*)::int as count from login_attempts where email_normalized = lower($1)',
    [email],
  );
  return row!.count;
}

type Answer = { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };

const codesOf = (answers: Answer[]) =>
  answers.flatMap((answer) => answer.errors?.map((error) => error.extensions?.code) ?? []);

describe('AUTH_MAX_PASSWORD_CHECKS_PER_REQUEST', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('a batch of aliased logIn mutations runs one password check and opens one session', async () => {
    // given an account and a batch of 5 documents of 2 aliased logIns each (10 mutations, the limit)
    const account = await signUp(testApp.baseUrl);
    const batch = Array.from({ length: 5 }, () => ({
      query: `mutation { ${logInFields(account.email, account.password, 'a')} ${logInFields(account.email, account.password, 'b')} }`,
    }));

    // when it is sent in one request
    const response = await new TestClient(testApp.baseUrl).post('/graphql', batch);

    // then one logIn ran; in each document the first refused logIn ends the document (mutations run
    // in order, and logIn is non-null), and one hash ran
    expect(response.status).toBe(200);
    const answers = (await response.json()) as Answer[];
    expect(codesOf(answers)).toEqual(Array.from({ length: 5 }, () => 'TOO_MANY_EXPENSIVE_OPERATIONS'));
    expect(await loginAttempts(testApp, account.email)).toBe(1);
    // the sign-up's session and this one
    expect(await openSessions(testApp, account.userId)).toBe(2);
  });

  it('signUp and logIn share the budget', async () => {
    const account = await signUp(testApp.baseUrl);
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql(
      `mutation { ${logInFields(account.email, account.password, 'first')}
        second: signUp(input: { email: "second-${account.email}", password: "correct horse battery staple", displayName: "Second" }) { user { id } } }`,
    );

    expect(response.data).toBeNull();
    expect(response.errors?.map((error) => error.extensions?.['code'])).toEqual([
      'TOO_MANY_EXPENSIVE_OPERATIONS',
    ]);
    expect(await loginAttempts(testApp, account.email)).toBe(1);
    const [created] = await queryDatabase(
      testApp,
      'select count(*)::int as count from users where email = $1',
      [`second-${account.email}`],
    );
    expect(created!.count).toBe(0);
  });

  it('applies per graphql-ws operation', async () => {
    const account = await signUp(testApp.baseUrl);
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const threeLogIns = `mutation { ${['a', 'b', 'c']
        .map((alias) => logInFields(account.email, account.password, alias))
        .join(' ')} }`;

      const first = await firstWebsocketResult(websocket, threeLogIns);
      const second = await firstWebsocketResult(websocket, threeLogIns);

      for (const result of [first, second]) {
        expect(result.errors?.map((error) => error.extensions?.['code'])).toEqual([
          'TOO_MANY_EXPENSIVE_OPERATIONS',
        ]);
      }
      expect(await loginAttempts(testApp, account.email)).toBe(2);
      expect(await openSessions(testApp, account.userId)).toBe(3);
    } finally {
      await websocket.dispose();
    }
  });
});

describe('PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE_LENGTH', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE_LENGTH: '0' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers SERVER_BUSY, changing nothing, while every hashing slot is held and the queue is full', async () => {
    // given a logIn holding the only slot: its transaction waits on its account's login lock, held here
    const account = await signUp(testApp.baseUrl);
    const lockHolder = new pg.Client({ connectionString: testApp.config.database.url });
    await lockHolder.connect();
    try {
      const lockKey = `login:${account.email.toLowerCase()}`;
      await lockHolder.query('select pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
      const holding = logIn(new TestClient(testApp.baseUrl), account.email, account.password);
      await waitForAdvisoryLockWaiter(lockHolder);

      // when someone signs up meanwhile
      const busy = await new TestClient(testApp.baseUrl).graphql(
        'mutation { signUp(input: { email: "busy@example.test", password: "correct horse battery staple", displayName: "Busy" }) { user { id } } }',
      );

      // then it is refused as busy and no account exists; the held logIn completes once the lock is released
      expect(busy.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'SERVER_BUSY', retryAfterSeconds: 1 } }),
      ]);
      const [created] = await queryDatabase(
        testApp,
        "select count(*)::int as count from users where email = 'busy@example.test'",
      );
      expect(created!.count).toBe(0);
      await lockHolder.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
      expect((await holding).data?.logIn.errors).toEqual([]);
    } finally {
      await lockHolder.end();
    }
  });
});

/** Resolves once another connection waits for an advisory lock (the logIn holding the hashing slot). */
async function waitForAdvisoryLockWaiter(client: pg.Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query(
      `select count(*)::int as count from pg_locks
        where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`,
    );
    if (rows[0].count > 0) return;
  }
  throw new Error('no connection waited for the advisory lock within 10 s');
}

describe('AUTH_MAX_SESSIONS_PER_USER', () => {
  let testApp: TestApp;
  const websockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ AUTH_MAX_SESSIONS_PER_USER: '3' });
  });
  afterAll(async () => {
    await Promise.all(websockets.map((websocket) => websocket.dispose()));
    await testApp.close();
  });

  it('a new session beyond the limit revokes the oldest one, whose socket closes with 4401', async () => {
    // given a user whose first session (from sign-up) has a subscription open
    const account = await signUp(testApp.baseUrl);
    const websocket = account.client.websocket({}, { onNonLazyError: () => undefined });
    websockets.push(websocket);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      websocket.on('closed', (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolve({ code, reason });
      }),
    );
    await subscribe(websocket, 'subscription { viewerEvents { kind } }');

    // when three more sessions are opened
    for (let index = 0; index < 3; index++) {
      const response = await logIn(new TestClient(testApp.baseUrl), account.email, account.password);
      expect(response.data?.logIn.errors).toEqual([]);
    }

    // then the user holds three sessions, the first was revoked for the limit and its socket closed
    expect(await openSessions(testApp, account.userId)).toBe(3);
    const [oldest] = await queryDatabase(
      testApp,
      'select revoked_reason from sessions where user_id = $1 order by created_at limit 1',
      [rawId(account.userId)],
    );
    expect(oldest!.revoked_reason).toBe('SESSION_LIMIT');
    expect(await closed).toEqual({ code: 4401, reason: 'Session revoked' });
    expect(await account.client.data('{ me { id } }')).toEqual({ me: null });
  });
});

/**
 * An attacker probe kept 40 logIns in flight from one address (its own account, or a made-up email)
 * and held the whole wait queue of password checks: every other user's login was SERVER_BUSY. One
 * address now holds at most PASSWORD_HASH_PER_ADDRESS places, running or waiting.
 */
describe('PASSWORD_HASH_PER_ADDRESS', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      TRUST_PROXY: 'loopback',
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE_LENGTH: '32',
      PASSWORD_HASH_PER_ADDRESS: '2',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const logInFrom = (address: string, email: string, password: string) =>
    new TestClient(testApp.baseUrl)
      .post(
        '/graphql',
        {
          query: `mutation { ${logInFields(email, password, 'logIn')} }`,
        },
        { 'x-forwarded-for': address },
      )
      .then((response) => response.json() as Promise<Answer>);

  const waitForQueued = async (count: number) => {
    while (testApp.services.passwordHasher.slots.queued < count) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("one address's flood is refused beyond its share while another address's login waits its turn and signs in", async () => {
    const victim = await signUp(testApp.baseUrl);
    // given the one hashing slot busy (as with a long check)
    const slots = testApp.services.passwordHasher.slots;
    await slots.acquire();
    let released = false;
    try {
      // when one address sends three logIns at once (a made-up account)
      const flood = [1, 2, 3].map(() => logInFrom('203.0.113.9', 'nobody@example.test', 'a guess at it'));
      // then two wait for the slot, and the third is refused at once
      await waitForQueued(2);
      const third = await Promise.race(flood.map((answer, index) => answer.then(() => index)));
      expect(codesOf([await flood[third]!])).toEqual(['SERVER_BUSY']);

      // and a user at another address still gets a place in the queue
      const victimLogIn = logInFrom('198.51.100.7', victim.email, victim.password);
      await waitForQueued(3);
      slots.release();
      released = true;

      // and signs in once the slot is free; the flood's two waiting checks ran and failed
      const answer = await victimLogIn;
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toMatchObject({ logIn: { user: { id: victim.userId }, errors: [] } });
      const waited = await Promise.all(flood.filter((_, index) => index !== third));
      expect(waited.map((each) => each.data)).toEqual([
        { logIn: { user: null, errors: [{ code: 'INVALID_CREDENTIALS' }] } },
        { logIn: { user: null, errors: [{ code: 'INVALID_CREDENTIALS' }] } },
      ]);
    } finally {
      if (!released) slots.release();
    }
  });
});
