import crypto from 'node:crypto';
import { SignJWT } from 'jose';
import {
  capturedLog,
  createStaff,
  firstWebsocketResult,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type GraphqlResponse,
  type TestApp,
} from '../../test/harness';
import { emulatorOf } from '../../test/wallet-helpers';
import { signatureHeader } from '../stripe/emulator/signature';

/**
 * Every bad input gets a typed error, changes nothing and logs nothing at error level: each case
 * here once reached PostgreSQL (or a resolver that could not handle it) and came back as a masked
 * INTERNAL_SERVER_ERROR, with the SQL and its parameters logged at error level.
 */

const log = capturedLog('warn');
let testApp: TestApp;
let anonymous: TestClient;
let seller: TestClient;
let staff: TestClient;

beforeAll(async () => {
  testApp = await startTestApp({}, { log: log.log });
  anonymous = new TestClient(testApp.baseUrl);
  seller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
  staff = (await createStaff(testApp, ['SUPPORT', 'ADMIN'])).client;
});
afterAll(async () => {
  await testApp.close();
});

/** Row counts of every table (ours and the job queue's): a refused input must leave them all as they were. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryDatabase<{ name: string }>(
    testApp,
    `select format('%I.%I', table_schema, table_name) as name from information_schema.tables
      where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryDatabase<{ count: number }>(
      testApp,
      `select count(*)::int as count from ${name}`,
    );
    counts[name] = row!.count;
  }
  return counts;
}

/**
 * Runs `send` and checks what every refused input owes: no INTERNAL_SERVER_ERROR, no row changed,
 * no error-level log line, and no log line at all that quotes `marker` (a piece of the input).
 */
async function refusedCleanly<T>(send: () => Promise<T>, marker?: string): Promise<T> {
  const before = await rowCounts();
  const logged = log.lines.length;
  const answer = await send();
  expect(JSON.stringify(answer)).not.toContain('INTERNAL_SERVER_ERROR');
  expect(await rowCounts()).toEqual(before);
  const lines = log.lines.slice(logged);
  expect(lines.filter((line) => line['level'] >= 50)).toEqual([]);
  if (marker) expect(lines.filter((line) => JSON.stringify(line).includes(marker))).toEqual([]);
  return answer;
}

function codes(response: { errors?: readonly { extensions?: Record<string, unknown> }[] }): unknown[] {
  return (response.errors ?? []).map((error) => error.extensions?.['code']);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const marker = () => `marker${crypto.randomBytes(4).toString('hex')}`;

describe('a NUL character in a string input is BAD_USER_INPUT', () => {
  const listings =
    'query ($search: String) { listings(filter: { search: $search }) { edges { node { id } } } }';
  const logIn = 'mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }';
  const signUpMutation =
    'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code } } }';
  const createApiKey =
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret errors { code } } }';

  const cases: [string, () => TestClient, (text: string) => [string, Record<string, unknown>]][] = [
    ['a search string, in variables', () => anonymous, (text) => [listings, { search: `${text}\u0000` }]],
    [
      'a search string, as a literal',
      () => anonymous,
      (text) => [`{ listings(filter: { search: "${text}\\u0000" }) { edges { node { id } } } }`, {}],
    ],
    [
      'a logIn email',
      () => anonymous,
      (text) => [
        logIn,
        { input: { email: `${text}\u0000@example.test`, password: 'correct horse battery' } },
      ],
    ],
    [
      'a signUp email',
      () => anonymous,
      (text) => [
        signUpMutation,
        {
          input: {
            email: `${text}\u0000@example.test`,
            password: 'correct horse battery staple',
            displayName: 'Nul',
            sellerAccount: false,
          },
        },
      ],
    ],
    [
      'an API key name',
      () => seller,
      (text) => [createApiKey, { input: { name: `${text}\u0000`, scopes: ['CATALOG_READ'] } }],
    ],
  ];

  it.each(cases)('over HTTP: %s', async (_name, client, operation) => {
    // given an input that carries U+0000
    const text = marker();
    const [query, variables] = operation(text);

    // when it is sent over HTTP
    const response = await refusedCleanly(() => client().graphql(query, variables), text);

    // then it is refused before execution, as the client's mistake, naming where the character is
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/NUL character \(U\+0000\): (\$[a-z.]+|a string literal)/i);
    expect(response.data).toBeUndefined();
  });

  it.each(cases)('over graphql-ws: %s', async (_name, client, operation) => {
    // given an input that carries U+0000 and an open socket
    const text = marker();
    const [query, variables] = operation(text);
    const websocket = client().websocket();
    try {
      // when it is sent over the socket
      const result = await refusedCleanly(() => firstWebsocketResult(websocket, query, variables), text);

      // then the operation ends with the same typed error
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    } finally {
      await websocket.dispose();
    }
  });
});

describe('a keyset cursor is BAD_USER_INPUT unless it holds a real date and a uuid', () => {
  const uuid = '6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01';
  const connections: [string, () => TestClient, string][] = [
    ['listings', () => anonymous, 'query ($after: String) { listings(after: $after) { edges { cursor } } }'],
    ['myApiKeys', () => seller, 'query ($after: String) { myApiKeys(after: $after) { edges { cursor } } }'],
    [
      'flaggedWallets',
      () => staff,
      'query ($after: String) { flaggedWallets(after: $after) { edges { cursor } } }',
    ],
    [
      'disputeQueue',
      () => staff,
      'query ($after: String) { disputeQueue(after: $after) { edges { cursor } } }',
    ],
  ];
  const cursors: [string, (connection: string) => string][] = [
    [
      'an impossible date (31 February)',
      (connection) =>
        connection === 'listings'
          ? base64url(['NEWEST', '2024-02-31T00:00:00.000000Z', uuid])
          : base64url(['2024-02-31T00:00:00.000Z', uuid]),
    ],
    [
      'a year beyond 9999',
      (connection) =>
        connection === 'listings'
          ? base64url(['NEWEST', '+099999-01-01T00:00:00.000000Z', uuid])
          : base64url(['+099999-01-01T00:00:00.000Z', uuid]),
    ],
    [
      'an id that is not a uuid',
      (connection) =>
        connection === 'listings'
          ? base64url(['NEWEST', '2024-01-01T00:00:00.000000Z', 'not-a-uuid'])
          : base64url(['2024-01-01T00:00:00.000Z', 'not-a-uuid']),
    ],
  ];
  const matrix = connections.flatMap(([connection, client, query]) =>
    cursors.map(([kind, cursor]) => [connection, kind, client, query, cursor(connection)] as const),
  );

  it.each(matrix)('%s after %s', async (_connection, _kind, client, query, cursor) => {
    // when a page is asked for after a forged cursor
    const response = await refusedCleanly(() => client().graphql(query, { after: cursor }));

    // then the cursor is refused by name
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/cursor/i);
  });
});

describe('a page size below 1 is BAD_USER_INPUT; above 100 is served as 100', () => {
  const connections: [string, () => TestClient, string][] = [
    ['listings', () => anonymous, 'query ($first: Int!) { listings(first: $first) { edges { cursor } } }'],
    ['myApiKeys', () => seller, 'query ($first: Int!) { myApiKeys(first: $first) { edges { cursor } } }'],
    [
      'disputeQueue',
      () => staff,
      'query ($first: Int!) { disputeQueue(first: $first) { edges { cursor } } }',
    ],
  ];
  const sizes = [-1, 0, -2147483648];
  const matrix = connections.flatMap(([connection, client, query]) =>
    sizes.map((first) => [connection, first, client, query] as const),
  );

  it.each(matrix)('%s(first: %d)', async (_connection, first, client, query) => {
    const response = await refusedCleanly(() => client().graphql(query, { first }));
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toBe(`\`first\` is 1 to 100; it was ${first}.`);
  });

  it('serves at most 100 however many are asked for', async () => {
    const response = await anonymous.graphql<{ listings: { edges: unknown[] } }>(
      'query ($first: Int!) { listings(first: $first) { edges { cursor } } }',
      { first: 100_000 },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.listings.edges.length).toBeLessThanOrEqual(100);
  });
});

describe('automatic persisted queries get typed answers', () => {
  const query = '{ listings(first: 1) { edges { cursor } } }';
  const hashOf = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

  async function post(body: unknown): Promise<GraphqlResponse> {
    const response = await anonymous.post('/graphql', body);
    const json = (await response.json()) as Omit<GraphqlResponse, 'status' | 'headers'>;
    return { ...json, status: response.status, headers: response.headers };
  }

  it('refuses a hash that is not the SHA-256 of the query, over POST and GET, with PERSISTED_QUERY_HASH_MISMATCH', async () => {
    // given a persisted-query extension whose hash belongs to another document
    const extensions = { persistedQuery: { version: 1, sha256Hash: hashOf('{ me { id } }') } };

    // when it is sent with the query, alone or in a batch, over POST and over GET
    const single = await refusedCleanly(() => post({ query, extensions }));
    const batch = await refusedCleanly(() => post([{ query }, { query, extensions }]));
    const parameters = new URLSearchParams({ query, extensions: JSON.stringify(extensions) });
    const get = await refusedCleanly(async () => {
      const response = await fetch(`${testApp.baseUrl}/graphql?${parameters}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      return { status: response.status, ...((await response.json()) as object) } as GraphqlResponse;
    });

    // then each is a 400 naming the mismatch
    for (const response of [single, batch, get]) {
      expect(response.status).toBe(400);
      expect(codes(response)).toEqual(['PERSISTED_QUERY_HASH_MISMATCH']);
    }
  });

  it('refuses a malformed extension with PERSISTED_QUERY_INVALID', async () => {
    // when the version or the hash is not what the protocol defines
    const responses = [
      await refusedCleanly(() =>
        post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: hashOf(query) } } }),
      ),
      await refusedCleanly(() => post({ extensions: { persistedQuery: { version: 1, sha256Hash: 'zz' } } })),
      await refusedCleanly(() => post({ query, extensions: { persistedQuery: 'yes' } })),
    ];

    // then each is a 400 naming the malformed extension
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(codes(response)).toEqual(['PERSISTED_QUERY_INVALID']);
    }
  });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, and serves a registered one', async () => {
    // given a document never registered
    const extensions = { persistedQuery: { version: 1, sha256Hash: hashOf(query) } };

    // when the hash alone is sent, then the document with its hash, then the hash alone again
    const miss = await refusedCleanly(() => post({ extensions }));
    const registered = await post({ query, extensions });
    const hit = await post({ extensions });

    // then the miss is typed, and the protocol still works
    expect(codes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(registered.errors).toBeUndefined();
    expect(hit.errors).toBeUndefined();
    expect(hit.data).toEqual(registered.data);
  });
});

describe('a subscription sent over HTTP is OPERATION_NOT_SUPPORTED', () => {
  it('refuses it over POST with 400, and over GET with 405', async () => {
    // given a signed-in user
    const { client } = await signUp(testApp.baseUrl);
    const subscription = 'subscription { viewerEvents { kind subjectId } }';

    // when a subscription is posted, or sent as a GET
    const posted = await refusedCleanly(() => client.graphql(subscription));
    const viaGet = await refusedCleanly(async () => {
      const response = await fetch(
        `${testApp.baseUrl}/graphql?${new URLSearchParams({ query: subscription })}`,
        { headers: { 'apollo-require-preflight': 'true' } },
      );
      return { status: response.status, ...((await response.json()) as object) } as GraphqlResponse;
    });

    // then neither runs the subscription's resolver; each says where subscriptions are served
    expect(posted.status).toBe(400);
    expect(codes(posted)).toEqual(['OPERATION_NOT_SUPPORTED']);
    expect(posted.errors?.[0]?.message).toMatch(/WebSocket/);
    expect(viaGet.status).toBe(405);
    expect(codes(viaGet)).toEqual(['BAD_REQUEST']);
  });
});

describe('a signed access token whose ids are not uuids is UNAUTHENTICATED', () => {
  async function forgedClient(claims: { subject: string; sessionId: string }): Promise<TestClient> {
    const token = await new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.subject)
      .setIssuer('codesale')
      .setAudience('codesale-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(testApp.config.auth.jwtSecret));
    const client = new TestClient(testApp.baseUrl);
    client.cookies.set('cs_access', token);
    client.cookies.set('cs_csrf', 'csrf-token-of-the-forged-session');
    return client;
  }

  it.each([
    ['subject', { subject: 'not-a-uuid', sessionId: crypto.randomUUID() }],
    ['session id', { subject: crypto.randomUUID(), sessionId: "' or 1=1 --" }],
  ])('refuses a token whose %s is not a uuid with 401', async (_claim, claims) => {
    // given a token signed with the server's own secret, carrying a malformed id
    const client = await forgedClient(claims);

    // when it is used for GraphQL and for an upload
    const response = await refusedCleanly(() => client.graphql('{ me { id } }'));
    const upload = await refusedCleanly(() =>
      client.post('/attachments', 'evidence', { 'content-type': 'text/plain' }),
    );

    // then both refuse the credential outright
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(upload.status).toBe(401);
  });
});

describe('POST /webhooks/stripe refuses a signed event it cannot store with PAYLOAD_INVALID', () => {
  function signedEvent(overrides: Record<string, unknown>): { body: string; signature: string } {
    const body = JSON.stringify({
      id: `evt_${crypto.randomBytes(8).toString('hex')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: `pi_${crypto.randomBytes(8).toString('hex')}`, object: 'payment_intent' } },
      ...overrides,
    });
    const secret = emulatorOf(testApp).webhookSecret;
    return { body, signature: signatureHeader(body, secret, Math.floor(Date.now() / 1000)) };
  }

  it.each([
    ['a NUL character in the event', { data: { object: { id: 'pi_1', description: 'a\u0000b' } } }],
    ['a creation time no date can hold', { created: 9_000_000_000_000 }],
  ])('%s', async (_name, overrides) => {
    // given a correctly signed event that no PostgreSQL column can hold
    const { body, signature } = signedEvent(overrides);

    // when Stripe (or whoever holds the secret) delivers it
    const response = await refusedCleanly(async () => {
      const answer = await fetch(`${testApp.baseUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        body,
      });
      return { status: answer.status, body: (await answer.json()) as { error: string } };
    });

    // then it is a 400, not a 500 that Stripe would retry for days, and nothing is recorded
    expect(response).toEqual({ status: 400, body: expect.objectContaining({ error: 'PAYLOAD_INVALID' }) });
  });
});

describe('variables that do not coerce', () => {
  it('are refused at the first bad value, not after coercing thousands', async () => {
    // given a list variable of 5,000 values, none of them a DisputeState
    const states = Array.from({ length: 5_000 }, (_, index) => `NOT_A_STATE_${index}`);
    const query =
      'query ($states: [DisputeState!]!) { disputeQueue(filter: { states: $states }) { edges { cursor } } }';

    // when an anonymous client sends it
    const startedAt = performance.now();
    const response = await refusedCleanly(() => anonymous.graphql(query, { states }));
    const elapsedMs = performance.now() - startedAt;

    // then it is one typed error, answered without coercing the rest (it took 17 s, error by error)
    expect(response.status).toBe(400);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('NOT_A_STATE_0');
    expect(elapsedMs).toBeLessThan(2_000);
  });
});

describe('POST /auth/refresh with a garbage cookie', () => {
  it('is REFRESH_TOKEN_INVALID with 401', async () => {
    // when the refresh cookie holds bytes no token has
    const response = await refusedCleanly(async () => {
      const answer = await fetch(`${testApp.baseUrl}/auth/refresh`, {
        method: 'POST',
        headers: { cookie: 'cs_refresh=%00%FF%C0; cs_csrf=token', 'x-csrf-token': 'token' },
      });
      return { status: answer.status, body: (await answer.json()) as { error: string } };
    });

    // then it is refused as an invalid token
    expect(response).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'REFRESH_TOKEN_INVALID' }),
    });
  });
});

describe('error logs', () => {
  it('log an unexpected database error with its SQL and code, never its parameters or the values PostgreSQL quotes', async () => {
    // given a users table that refuses this sign-up (a real database failure, not a rule of ours)
    const email = `${marker()}@example.test`;
    await queryDatabase(
      testApp,
      `alter table users add constraint forced_failure check (email not like 'marker%') not valid`,
    );
    let response: GraphqlResponse | undefined;
    const logged = log.lines.length;
    try {
      // when someone signs up with that email
      response = await anonymous.graphql(
        'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code } } }',
        {
          input: {
            email,
            password: 'correct horse battery staple',
            displayName: 'Logged',
            sellerAccount: false,
          },
        },
      );
    } finally {
      await queryDatabase(testApp, 'alter table users drop constraint forced_failure');
    }

    // then the client sees the masked error, and the error line finds the cause without the email
    expect(codes(response!)).toEqual(['INTERNAL_SERVER_ERROR']);
    const lines = log.lines.slice(logged);
    const errorLines = lines.filter((line) => line['level'] >= 50);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]!['err']).toMatchObject({
      message: expect.stringContaining('insert into "users"'),
      cause: { code: '23514', constraint: 'forced_failure', table: 'users' },
    });
    const emailLocalPart = email.split('@')[0]!;
    expect(lines.filter((line) => JSON.stringify(line).includes(emailLocalPart))).toEqual([]);
  });
});

describe('an explicit null for an argument that is non-null with a default is BAD_USER_INPUT', () => {
  // A nullable variable may stand where a non-null argument has a default (graphql-js allows it);
  // its value null then fails at execution, as the client's mistake, on HTTP as on graphql-ws.
  const cases: [string, string, Record<string, unknown>][] = [
    ['a page size', 'query ($first: Int) { listings(first: $first) { __typename } }', { first: null }],
    ['a sort', 'query ($sort: ListingSort) { listings(sort: $sort) { __typename } }', { sort: null }],
  ];

  it.each(cases)('over HTTP: %s', async (_name, query, variables) => {
    const response = await refusedCleanly(() => anonymous.graphql(query, variables));
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/must not be null/);
  });

  it.each(cases)('over graphql-ws: %s', async (_name, query, variables) => {
    const websocket = anonymous.websocket();
    try {
      const result = await refusedCleanly(() => firstWebsocketResult(websocket, query, variables));
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.message).toMatch(/must not be null/);
    } finally {
      await websocket.dispose();
    }
  });
});
