import crypto from 'node:crypto';
import {
  firstWebsocketResult,
  signUp,
  startTestApp,
  TestClient,
  type GraphqlResponse,
  type TestApp,
} from '../../test/harness';

const deepApiKeys = '{ myApiKeys { edges { node { id } } } }';

describe('depth limit', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_MAX_DEPTH: '2' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function usersWithEmail(email: string): Promise<number> {
    const { rows } = await testApp.database.$client.query(
      'select count(*)::int as count from users where email_normalized = $1',
      [email],
    );
    return rows[0].count;
  }

  it('refuses a document deeper than GRAPHQL_MAX_DEPTH with DEPTH_LIMIT_EXCEEDED, before anything executes', async () => {
    // given a sign-up mutation three levels deep
    const client = new TestClient(testApp.baseUrl);
    const input = {
      email: 'deep@example.test',
      password: 'correct horse battery staple',
      displayName: 'Deep',
    };

    // when it is sent
    const refused = await client.graphql(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }`,
      { input },
    );

    // then it is refused with its typed error, and no user was created
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'DEPTH_LIMIT_EXCEEDED', depth: 3, maxDepth: 2 });
    expect(refused.errors?.[0]?.message).toBe('The query is 3 levels deep; at most 2 are allowed.');
    expect(await usersWithEmail('deep@example.test')).toBe(0);

    // and the same mutation within the limit does execute
    const accepted = await client.graphql(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }`,
      { input },
    );
    expect(accepted.errors).toBeUndefined();
    expect(await usersWithEmail('deep@example.test')).toBe(1);
  });

  it('counts the fields inside fragment spreads and inline fragments', async () => {
    const client = new TestClient(testApp.baseUrl);

    const spread = await client.graphql(
      '{ myApiKeys { ...Edges } } fragment Edges on ApiKeyConnection { edges { cursor } }',
    );
    const inline = await client.graphql('{ myApiKeys { ... on ApiKeyConnection { edges { cursor } } } }');

    for (const response of [spread, inline]) {
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.message).toBe('The query is 3 levels deep; at most 2 are allowed.');
    }
  });

  it('does not count introspection fields', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql<{
      __type: { fields: { name: string; type: { ofType: { name: string } | null } }[] };
    }>('{ __type(name: "User") { fields { name type { ofType { name } } } } me { id } }');

    expect(response.errors).toBeUndefined();
    expect(response.data?.__type.fields.map((field) => field.name)).toContain('email');
  });

  it('applies over graphql-ws too', async () => {
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const result = await firstWebsocketResult(websocket, deepApiKeys);

      expect(result.data).toBeUndefined();
      expect(result.errors?.[0]?.extensions?.['code']).toBe('DEPTH_LIMIT_EXCEEDED');
      expect(result.errors?.[0]?.message).toBe('The query is 4 levels deep; at most 2 are allowed.');
    } finally {
      await websocket.dispose();
    }
  });
});

describe('alias, cost, token, batch and body limits', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_COST: '50',
      GRAPHQL_MAX_TOKENS: '200',
      GRAPHQL_MAX_QUERY_LENGTH: '3000',
      GRAPHQL_MAX_BATCH_SIZE: '3',
      BODY_LIMIT_BYTES: '4096',
      // The batch test signs up three users in one request.
      AUTH_MAX_PASSWORD_CHECKS_PER_REQUEST: '3',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const aliases = (count: number) =>
    `{ ${Array.from({ length: count }, (_, index) => `a${index}: __typename`).join(' ')} }`;
  const expensive = '{ myApiKeys(first: 100) { edges { node { id name prefix } } } }';

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const client = new TestClient(testApp.baseUrl);

    const atLimit = await client.graphql(aliases(5));
    const overLimit = await client.graphql(aliases(6));

    expect(atLimit.data).toEqual({ a0: 'Query', a1: 'Query', a2: 'Query', a3: 'Query', a4: 'Query' });
    expect(overLimit.status).toBe(400);
    expect(overLimit.data).toBeUndefined();
    expect(overLimit.errors?.[0]?.message).toBe('The document uses more than 5 aliases.');
  });

  it('refuses a query costing more than GRAPHQL_MAX_COST, before authorisation', async () => {
    // given a seller, for whom myApiKeys is allowed
    const { client: seller } = await signUp(testApp.baseUrl, { sellerAccount: true });

    // when the seller and an anonymous client ask for 100 keys with nested fields
    const affordable = await seller.graphql('{ myApiKeys(first: 2) { edges { node { id name prefix } } } }');
    const bySeller = await seller.graphql(expensive);
    const anonymous = await new TestClient(testApp.baseUrl).graphql(expensive);

    // then both are refused for cost, not for authorisation; asking for more than a page holds costs one full page
    const beyondPageSize = await seller.graphql(expensive.replace('first: 100', 'first: 100000'));
    expect(affordable.data).toEqual({ myApiKeys: { edges: [] } });
    for (const response of [bySeller, anonymous, beyondPageSize]) {
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.extensions).toEqual({
        code: 'COST_LIMIT_EXCEEDED',
        cost: 501,
        maxCost: 50,
      });
    }
  });

  it('refuses a document over GRAPHQL_MAX_TOKENS at parse time', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql(`{ ${'__typename '.repeat(250)} }`);

    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/contains more th.. 200 tokens/);
  });

  /** `{ __typename }` after a comment, `length` characters in all: comments are no tokens. */
  const commented = (length: number) => `#${'z'.repeat(length - 16)}\n{ __typename }`;

  it('refuses a document longer than GRAPHQL_MAX_QUERY_LENGTH before parsing it, however few its tokens', async () => {
    const client = new TestClient(testApp.baseUrl);

    const atLimit = await client.graphql(commented(3000));
    const overLimit = await client.graphql(commented(3001));
    const inBatch = await client.post('/graphql', [{ query: '{ __typename }' }, { query: commented(3001) }]);

    expect(atLimit.data).toEqual({ __typename: 'Query' });
    expect(overLimit.status).toBe(400);
    expect(overLimit.data).toBeUndefined();
    expect(overLimit.errors?.[0]).toMatchObject({
      message: 'The document is longer than 3000 characters.',
      extensions: { code: 'QUERY_LENGTH_LIMIT_EXCEEDED', length: 3001, maxLength: 3000 },
    });
    expect(inBatch.status).toBe(400);
  });

  it('refuses an operationName longer than a name, over HTTP and graphql-ws, without repeating it', async () => {
    // given a name of 3,000 characters, and one of 256 characters (the longest allowed)
    const huge = 'N'.repeat(3_000);
    const longest = 'N'.repeat(256);
    const client = new TestClient(testApp.baseUrl);

    // when they are sent with a document, alone, in a batch, and over graphql-ws
    const refused = await client.post('/graphql', { query: '{ __typename }', operationName: huge });
    const refusedText = await refused.text();
    const inBatch = await client.post('/graphql', [{ query: '{ __typename }' }, { operationName: huge }]);
    const named = (await (
      await client.post('/graphql', { query: `query ${longest} { __typename }`, operationName: longest })
    ).json()) as { data?: unknown };
    const websocket = client.websocket();
    const overSocket = await new Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>(
      (resolve) =>
        websocket.subscribe(
          { query: '{ __typename }', operationName: huge },
          {
            next: (result) => resolve(result as never),
            error: (errors) => resolve({ errors: errors as never }),
            complete: () => undefined,
          },
        ),
    );
    await websocket.dispose();

    // then the long one is refused in a small answer, and the longest name works
    expect(refused.status).toBe(400);
    expect(refusedText.length).toBeLessThan(1_000);
    expect(JSON.parse(refusedText)).toMatchObject({
      errors: [
        {
          message: 'The operationName is longer than 256 characters.',
          extensions: { code: 'OPERATION_NAME_LIMIT_EXCEEDED', length: 3_000, maxLength: 256 },
        },
      ],
    });
    expect(inBatch.status).toBe(400);
    expect(named.data).toEqual({ __typename: 'Query' });
    expect(overSocket.errors?.[0]?.extensions?.['code']).toBe('OPERATION_NAME_LIMIT_EXCEEDED');
  });

  it('counts the costs of a batch together, documents sent by hash included', async () => {
    // given two operations of cost 26 each, under the limit of 50 alone
    const { client: seller } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const fiveKeys = '{ myApiKeys(first: 5) { edges { node { id name prefix } } } }';
    const fiveKeysAgain = '{ again: myApiKeys(first: 5) { edges { node { id name prefix } } } }';
    const byHash = (query: string) => ({
      extensions: {
        persistedQuery: { version: 1, sha256Hash: crypto.createHash('sha256').update(query).digest('hex') },
      },
    });
    const responseOf = async (body: unknown) => {
      const response = await seller.post('/graphql', body);
      return { status: response.status, body: (await response.json()) as unknown };
    };

    // when they are sent alone, then together in full, then together by hash (registered alone first)
    const alone = await responseOf({ query: fiveKeys });
    const inFull = await responseOf([{ query: fiveKeys }, { query: fiveKeysAgain }]);
    await responseOf({ query: fiveKeysAgain, ...byHash(fiveKeysAgain) });
    await responseOf({ query: fiveKeys, ...byHash(fiveKeys) });
    const byHashes = await responseOf([byHash(fiveKeys), byHash(fiveKeysAgain)]);

    // then each alone runs, and the batch costs 52: refused
    expect(alone).toEqual({ status: 200, body: { data: { myApiKeys: { edges: [] } } } });
    expect(inFull).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 52, maxCost: 50 } }] },
    });
    expect(byHashes.body).toEqual([
      { data: { myApiKeys: { edges: [] } } },
      {
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'COST_LIMIT_EXCEEDED', cost: 52 }),
          }),
        ],
      },
    ]);
  });

  it("counts a dispute's messages, which are not paged, as 50 items each of their fields, a body by its length (10 units for 5,000 characters)", async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql('{ dispute(id: "none") { messages { id body } } }');

    expect(response.status).toBe(400);
    // dispute 1 + messages 1 + 50 × (id 1 + body 10)
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'COST_LIMIT_EXCEEDED', cost: 552, maxCost: 50 });
  });

  it('refuses a batch larger than GRAPHQL_MAX_BATCH_SIZE without running any of it, and runs a smaller one', async () => {
    // given batches of sign-ups, one over the limit of 3 and one at it
    const client = new TestClient(testApp.baseUrl);
    const signUps = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, index) => ({
        query: 'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
        variables: {
          input: {
            email: `${prefix}-${index}@example.test`,
            password: 'correct horse battery staple',
            displayName: 'Batch',
          },
        },
      }));
    const usersNamed = async (prefix: string) =>
      (
        await testApp.database.$client.query('select 1 from users where email_normalized like $1', [
          `${prefix}-%`,
        ])
      ).rowCount;

    // when both are sent
    const tooLarge = await client.post('/graphql', signUps('too-large', 4));
    const small = await client.post('/graphql', signUps('small', 3));

    // then the large one is refused whole, and the small one runs
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toEqual({
      errors: [
        { message: 'A batch holds at most 3 operations.', extensions: { code: 'BATCH_LIMIT_EXCEEDED' } },
      ],
    });
    expect(await usersNamed('too-large')).toBe(0);
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual(
      [1, 2, 3].map(() => ({ data: { signUp: { __typename: 'SignUpPayload' } } })),
    );
    expect(await usersNamed('small')).toBe(3);
  });

  it('answers 413 to a body over BODY_LIMIT_BYTES', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.post('/graphql', {
      query: '{ __typename }',
      variables: { padding: 'x'.repeat(5000) },
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'BODY_TOO_LARGE' } }],
    });
  });

  it('applies the alias, cost, token and length limits over graphql-ws too', async () => {
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const [aliased, costly, long, lengthy] = await Promise.all([
        firstWebsocketResult(websocket, aliases(6)),
        firstWebsocketResult(websocket, expensive),
        firstWebsocketResult(websocket, `{ ${'__typename '.repeat(250)} }`),
        firstWebsocketResult(websocket, commented(3001)),
      ]);

      expect(aliased.errors?.[0]?.extensions?.['code']).toBe('ALIAS_LIMIT_EXCEEDED');
      expect(costly.errors?.[0]?.extensions?.['code']).toBe('COST_LIMIT_EXCEEDED');
      expect(long.errors?.[0]?.message).toMatch(/contains more th.. 200 tokens/);
      expect(lengthy.errors?.[0]?.extensions?.['code']).toBe('QUERY_LENGTH_LIMIT_EXCEEDED');
    } finally {
      await websocket.dispose();
    }
  });
});

describe('document limits checked in one pass before graphql-js validates', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      GRAPHQL_MAX_OPERATIONS: '2',
      GRAPHQL_MAX_FRAGMENTS: '2',
      GRAPHQL_MAX_SELECTIONS: '20',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_ARGUMENTS: '3',
      GRAPHQL_MAX_DIRECTIVES: '2',
      GRAPHQL_MAX_FIELD_REPEATS: '2',
      GRAPHQL_MAX_OVERLAP_COMPARISONS: '9',
      GRAPHQL_MAX_MUTATIONS_PER_REQUEST: '2',
      GRAPHQL_MAX_COST: '50',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const twentySelections =
    '{ me { id displayName roles createdAt } listings(first: 1) { edges { cursor node { id title description kind platform region stock status version createdAt updatedAt } } } }';

  it.each([
    [
      'GRAPHQL_MAX_OPERATIONS',
      'OPERATION_LIMIT_EXCEEDED',
      'query A { __typename } query B { __typename }',
      'query A { __typename } query B { __typename } query C { __typename }',
    ],
    [
      'GRAPHQL_MAX_FRAGMENTS',
      'FRAGMENT_LIMIT_EXCEEDED',
      '{ ...A ...B } fragment A on Query { me { id } } fragment B on Query { __typename }',
      '{ ...A ...B ...C } fragment A on Query { me { id } } fragment B on Query { __typename } fragment C on Query { listings(first: 1) { edges { cursor } } }',
    ],
    [
      'GRAPHQL_MAX_SELECTIONS',
      'SELECTION_LIMIT_EXCEEDED',
      twentySelections,
      twentySelections.replace('{ me', '{ __typename me'),
    ],
    [
      'GRAPHQL_MAX_ARGUMENTS',
      'ARGUMENT_LIMIT_EXCEEDED',
      '{ listings(first: 1, sort: NEWEST, after: null) { edges { cursor } } }',
      '{ listings(first: 1, sort: NEWEST, after: null, filter: null) { edges { cursor } } }',
    ],
    [
      'GRAPHQL_MAX_DIRECTIVES',
      'DIRECTIVE_LIMIT_EXCEEDED',
      '{ __typename @include(if: true) @skip(if: false) }',
      '{ a: __typename @include(if: true) b: __typename @skip(if: false) @include(if: true) }',
    ],
    [
      'GRAPHQL_MAX_FIELD_REPEATS',
      'FIELD_REPETITION_LIMIT_EXCEEDED',
      '{ __typename ...F } fragment F on Query { __typename }',
      '{ __typename ...F } fragment F on Query { __typename __typename }',
    ],
    [
      'GRAPHQL_MAX_OVERLAP_COMPARISONS',
      'FIELD_REPETITION_LIMIT_EXCEEDED',
      '{ me { id displayName } me { id roles } }',
      '{ me { id displayName roles createdAt } me { id displayName roles createdAt } }',
    ],
    [
      'GRAPHQL_MAX_COST',
      'COST_LIMIT_EXCEEDED',
      '{ listings(first: 12) { edges { node { id title } } } }',
      '{ listings(first: 13) { edges { node { id title } } } }',
    ],
  ])(
    '%s: a document at the limit runs, one past it is refused with %s',
    async (_variable, code, atLimit, overLimit) => {
      const client = new TestClient(testApp.baseUrl);
      const send = async (query: string) => {
        const response = await client.post('/graphql', {
          query,
          // The documents with several operations run the one named A.
          operationName: query.startsWith('query A') ? 'A' : undefined,
        });
        return {
          status: response.status,
          ...((await response.json()) as Omit<GraphqlResponse, 'status' | 'headers'>),
        };
      };

      const accepted = await send(atLimit);
      const refused = await send(overLimit);

      expect(accepted.errors).toBeUndefined();
      expect(accepted.status).toBe(200);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.map((error) => error.extensions?.['code'])).toEqual([code]);
    },
  );

  it('answers the limit error alone: the specified rules do not run on a refused document', async () => {
    // given a document over the alias limit whose fields do not even exist
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql('{ a: nope b: nowhere c: nothing }');

    // then only the limit is reported, not the unknown fields
    expect(response.status).toBe(400);
    expect(response.errors).toEqual([
      {
        message: 'The document uses more than 2 aliases.',
        extensions: { code: 'ALIAS_LIMIT_EXCEEDED', aliases: 3, maxAliases: 2 },
      },
    ]);
  });

  it('refuses a fragment cycle with a validation error instead of following it', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql(
      '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
    );

    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.['code'])).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });

  it('refuses a second fragment of the same name, whose selections would escape the limits', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql(
      '{ ...F } fragment F on Query { __typename } fragment F on Query { x(a: 1) x(a: 2) x(a: 3) }',
    );

    expect(response.status).toBe(400);
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: 'There can be only one fragment named "F".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
  });

  it('counts the cost of a `first` given as a variable, and of its default in the operation', async () => {
    const client = new TestClient(testApp.baseUrl);
    const query = 'query ($first: Int! = 100) { listings(first: $first) { edges { node { id title } } } }';

    const small = await client.graphql(query, { first: 1 });
    const large = await client.graphql(query, { first: 100 });
    const byDefault = await client.graphql(query);

    expect(small.errors).toBeUndefined();
    for (const response of [large, byDefault]) {
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions).toEqual({
        code: 'COST_LIMIT_EXCEEDED',
        cost: 401,
        maxCost: 50,
      });
    }
  });

  it('counts the cost of each subscribe over graphql-ws, also once its document is known', async () => {
    // given a document with a variable page size, and one that does not validate
    const query = 'query ($first: Int!) { listings(first: $first) { edges { node { id title } } } }';
    const invalid = 'query ($first: Int!) { listings(first: $first) { edges { node { nothing } } } }';
    // Each on a socket of its own: the documents a server has validated are shared by all its sockets.
    const overSocket = async (document: string, variables: Record<string, unknown>) => {
      const websocket = new TestClient(testApp.baseUrl).websocket();
      try {
        return await firstWebsocketResult(websocket, document, variables);
      } finally {
        await websocket.dispose();
      }
    };

    // when the first is sent with a small page, then a large one, then a small one again, and the
    // second twice
    const small = await overSocket(query, { first: 1 });
    const large = await overSocket(query, { first: 100 });
    const smallAgain = await overSocket(query, { first: 1 });
    const refusals = [await overSocket(invalid, { first: 1 }), await overSocket(invalid, { first: 1 })];

    // then the large page is refused for its cost, the small ones answered, the invalid one refused each time
    expect(small.errors).toBeUndefined();
    expect(smallAgain.errors).toBeUndefined();
    expect(large.errors?.[0]?.extensions).toEqual({ code: 'COST_LIMIT_EXCEEDED', cost: 401, maxCost: 50 });
    for (const refused of refusals) {
      expect(refused.errors?.[0]?.message).toMatch(/Cannot query field "nothing"/);
      // the code HTTP gives the same refusal
      expect(refused.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    }
    const unparsable = await overSocket('query {', {});
    expect(unparsable.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('applies to GET requests', async () => {
    const query = 'query ($first: Int!) { listings(first: $first) { edges { node { id title } } } }';
    const url = (first: number) =>
      `${testApp.baseUrl}/graphql?${new URLSearchParams({ query, variables: JSON.stringify({ first }) })}`;
    const headers = { 'apollo-require-preflight': 'true' };

    const small = await fetch(url(1), { headers });
    const large = await fetch(url(100), { headers });

    expect(small.status).toBe(200);
    expect(large.status).toBe(400);
    expect(await large.json()).toEqual({
      errors: [
        expect.objectContaining({ extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 401, maxCost: 50 } }),
      ],
    });
  });

  it('applies to an automatic persisted query sent by its hash alone, with that request`s variables', async () => {
    // given a query registered by its hash with a cheap page size
    const client = new TestClient(testApp.baseUrl);
    const query = 'query ($first: Int!) { listings(first: $first) { edges { node { id } } } }';
    const persistedQuery = {
      version: 1,
      sha256Hash: crypto.createHash('sha256').update(query).digest('hex'),
    };
    const registered = await client.post('/graphql', {
      query,
      variables: { first: 1 },
      extensions: { persistedQuery },
    });
    expect(registered.status).toBe(200);

    // when the hash alone is sent with a costly page size
    const response = await client.post('/graphql', {
      variables: { first: 100 },
      extensions: { persistedQuery },
    });

    // then it is refused for its cost before it runs
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        expect.objectContaining({ extensions: { code: 'COST_LIMIT_EXCEEDED', cost: 301, maxCost: 50 } }),
      ],
    });
  });

  it('applies over graphql-ws, with the operation`s variables', async () => {
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const query = 'query ($first: Int!) { listings(first: $first) { edges { node { id title } } } }';
      const [small, large, repeated] = await Promise.all([
        firstWebsocketResult(websocket, query, { first: 1 }),
        firstWebsocketResult(websocket, query, { first: 100 }),
        firstWebsocketResult(websocket, '{ __typename __typename __typename }'),
      ]);

      expect(small.errors).toBeUndefined();
      expect(large.errors?.[0]?.extensions?.['code']).toBe('COST_LIMIT_EXCEEDED');
      expect(repeated.errors?.[0]?.extensions?.['code']).toBe('FIELD_REPETITION_LIMIT_EXCEEDED');
    } finally {
      await websocket.dispose();
    }
  });
});

describe('GRAPHQL_MAX_MUTATIONS_PER_REQUEST', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({
      GRAPHQL_MAX_MUTATIONS_PER_REQUEST: '2',
      AUTH_MAX_PASSWORD_CHECKS_PER_REQUEST: '3',
    });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const signUps = (prefix: string, count: number) =>
    `mutation { ${Array.from(
      { length: count },
      (_, index) =>
        `s${index}: signUp(input: { email: "${prefix}-${index}@example.test", password: "correct horse battery staple", displayName: "M" }) { __typename }`,
    ).join(' ')} }`;
  const usersNamed = async (prefix: string) =>
    (
      await testApp.database.$client.query('select 1 from users where email_normalized like $1', [
        `${prefix}-%`,
      ])
    ).rowCount;

  it('refuses a document with more root mutation fields, before any of them runs', async () => {
    const client = new TestClient(testApp.baseUrl);

    const refused = await client.graphql(signUps('three', 3));
    const accepted = await client.graphql(signUps('two', 2));

    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions).toEqual({
      code: 'MUTATION_LIMIT_EXCEEDED',
      mutations: 3,
      maxMutations: 2,
    });
    expect(await usersNamed('three')).toBe(0);
    expect(accepted.errors).toBeUndefined();
    expect(await usersNamed('two')).toBe(2);
  });

  it('counts the mutations of a whole batch, and refuses it before any of them runs', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.post('/graphql', [
      { query: signUps('batch-a', 1) },
      { query: signUps('batch-b', 2) },
    ]);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        expect.objectContaining({
          extensions: { code: 'MUTATION_LIMIT_EXCEEDED', mutations: 3, maxMutations: 2 },
        }),
      ],
    });
    expect(await usersNamed('batch-a')).toBe(0);
    expect(await usersNamed('batch-b')).toBe(0);
  });

  it('applies over graphql-ws', async () => {
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const result = await firstWebsocketResult(websocket, signUps('socket', 3));

      expect(result.errors?.[0]?.extensions?.['code']).toBe('MUTATION_LIMIT_EXCEEDED');
      expect(await usersNamed('socket')).toBe(0);
    } finally {
      await websocket.dispose();
    }
  });
});
