import { firstWebsocketResult, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';

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

  it('refuses a document deeper than GRAPHQL_MAX_DEPTH with a validation error, before anything executes', async () => {
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

    // then it is refused as invalid, and no user was created
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
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
      GRAPHQL_MAX_BATCH_SIZE: '3',
      BODY_LIMIT_BYTES: '4096',
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
  });

  it('applies the alias, cost and token limits over graphql-ws too', async () => {
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const [aliased, costly, long] = await Promise.all([
        firstWebsocketResult(websocket, aliases(6)),
        firstWebsocketResult(websocket, expensive),
        firstWebsocketResult(websocket, `{ ${'__typename '.repeat(250)} }`),
      ]);

      expect(aliased.errors?.[0]?.extensions?.['code']).toBe('ALIAS_LIMIT_EXCEEDED');
      expect(costly.errors?.[0]?.extensions?.['code']).toBe('COST_LIMIT_EXCEEDED');
      expect(long.errors?.[0]?.message).toMatch(/contains more th.. 200 tokens/);
    } finally {
      await websocket.dispose();
    }
  });
});
