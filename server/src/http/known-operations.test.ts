import { Writable } from 'node:stream';
import { parse, type OperationDefinitionNode } from 'graphql';
import pino from 'pino';
import { signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { KnownOperations, type OperationSteps } from './known-operations';

/**
 * Known operations answer as Apollo answers. Each case sends a request twice: once with a comment
 * appended to its text (a text never seen, so Apollo answers it; the comment moves no location),
 * and once with the known text. Status, headers and body must be the same, byte for byte, with the
 * request ids (different on every request) put aside.
 */

/** Headers that differ between any two requests, or that Fastify sets the same on every route. */
const perRequestHeaders = new Set(['date', 'x-request-id', 'keep-alive', 'connection']);

type Answer = { status: number; headers: Record<string, string>; body: string };

async function answerOf(response: Response): Promise<Answer> {
  const requestId = response.headers.get('x-request-id') ?? '';
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!perRequestHeaders.has(name)) headers[name] = value;
  });
  const body = (await response.text()).replaceAll(requestId, '<request id>');
  if (body.includes('<request id>')) headers['content-length'] = '<length>';
  return { status: response.status, headers, body };
}

describe('known operations', () => {
  let testApp: TestApp;
  const logLines: Record<string, any>[] = [];
  let unseen = 0;

  beforeAll(async () => {
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line));
        done();
      },
    });
    testApp = await startTestApp({}, { log: pino({ level: 'info' }, output) });
  });

  afterAll(async () => {
    await testApp.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const answered = () => ({ ...testApp.app.knownOperations.answered });

  /** Sends `body` once so Apollo validates its text, when `learn`; then answers it both ways. */
  async function bothWays(
    client: TestClient,
    body: Record<string, unknown>,
    options: { headers?: Record<string, string>; learn?: boolean } = {},
  ) {
    const query = body['query'] as string;
    if (options.learn !== false) await client.post('/graphql', body, options.headers);
    unseen += 1;
    const before = answered();
    const apollo = await answerOf(
      await client.post('/graphql', { ...body, query: `${query}\n# unseen ${unseen}` }, options.headers),
    );
    const middle = answered();
    const known = await answerOf(await client.post('/graphql', body, options.headers));
    const after = answered();
    return {
      apollo,
      known,
      apolloAnsweredFirst: middle.apollo - before.apollo === 1 && middle.known === before.known,
      knownAnsweredSecond: after.known - middle.known === 1 && after.apollo === middle.apollo,
    };
  }

  it('answers a repeated query itself, as Apollo answers it', async () => {
    // given a visitor whose `{ __typename }` Apollo has answered once
    const client = new TestClient(testApp.baseUrl);

    // when it sends it again
    const result = await bothWays(client, { query: '{ __typename }' });

    // then the repeat is answered without Apollo, with Apollo's status, headers and body
    expect(result.apolloAnsweredFirst).toBe(true);
    expect(result.knownAnsweredSecond).toBe(true);
    expect(result.known).toEqual(result.apollo);
    expect(result.known.body).toBe('{"data":{"__typename":"Query"}}\n');

    // and /metrics counts the requests by the path that answered them
    const metrics = await (await fetch(`${testApp.baseUrl}/metrics`)).text();
    const counted = (path: string) =>
      Number(
        metrics.match(
          new RegExp(`^codesale_graphql_http_requests_total\\{path="${path}"\\} (\\d+)$`, 'm'),
        )?.[1],
      );
    expect(counted('known')).toBe(testApp.app.knownOperations.answered.known);
    expect(counted('apollo')).toBe(testApp.app.knownOperations.answered.apollo);
    expect(counted('known')).toBeGreaterThan(0);
  });

  it('answers a signed-in viewer, an operation chosen by name, and variables, as Apollo does', async () => {
    // given a signed-in buyer and a document of two named operations
    const { client } = await signUp(testApp.baseUrl);
    const document = `query Me { me { id email roles } }
      query Browse($first: Int!, $sort: ListingSort!) { listings(first: $first, sort: $sort) { edges { node { id } } pageInfo { hasNextPage } } }`;

    // when each operation is repeated by name, the second with variables
    const me = await bothWays(client, { query: document, operationName: 'Me' });
    const browse = await bothWays(client, {
      query: document,
      operationName: 'Browse',
      variables: { first: 3, sort: 'NEWEST' },
    });

    // then both repeats are answered without Apollo, as Apollo answers them
    for (const result of [me, browse]) {
      expect(result.knownAnsweredSecond).toBe(true);
      expect(result.known).toEqual(result.apollo);
    }
    expect(JSON.parse(me.known.body).data.me.roles).toEqual(['BUYER']);
  });

  it('formats errors as Apollo does: a refused field, and an unexpected failure masked with its request id', async () => {
    // given a visitor, a field it may not read, and a catalogue whose database fails
    const client = new TestClient(testApp.baseUrl);
    const forbidden = await bothWays(client, { query: '{ myApiKeys { edges { node { id } } } }' });
    jest.spyOn(testApp.services.catalog, 'browse').mockRejectedValue(new Error('connection reset'));

    // when it repeats a query that reaches the failing database
    const failed = await bothWays(client, { query: '{ listings(first: 1) { edges { node { id } } } }' });

    // then both answers are Apollo's, errors and status alike
    expect(forbidden.knownAnsweredSecond).toBe(true);
    expect(forbidden.known).toEqual(forbidden.apollo);
    expect(JSON.parse(forbidden.known.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(failed.knownAnsweredSecond).toBe(true);
    expect(failed.known).toEqual(failed.apollo);
    const error = JSON.parse(failed.known.body).errors[0];
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: '<request id>' });
    expect(failed.known.body).not.toContain('connection reset');

    // and the failure is logged under the request id it was answered with, on both paths
    const logged = logLines.filter((line) => line.msg === 'unexpected GraphQL error');
    expect(logged.at(-1)?.err?.message).toBe('connection reset');
    expect(logged.at(-1)?.requestId).toEqual(expect.any(String));
  });

  it('gives each Accept header the content type Apollo gives it, and leaves a 406 to Apollo', async () => {
    const client = new TestClient(testApp.baseUrl);
    for (const accept of [
      'application/json',
      'application/graphql-response+json',
      'application/graphql-response+json, application/json;q=0.9',
      '*/*',
      'application/json; callbackSpec=1.0',
    ]) {
      // when a repeat asks for this content type
      const result = await bothWays(
        client,
        { query: 'query Accept { __typename }' },
        { headers: { accept } },
      );

      // then it gets Apollo's answer, answered without Apollo
      expect(result.knownAnsweredSecond).toBe(true);
      expect(result.known).toEqual(result.apollo);
    }

    // when a repeat accepts nothing Apollo sends
    const refused = await bothWays(
      client,
      { query: 'query Accept { __typename }' },
      { headers: { accept: 'text/html' } },
    );

    // then Apollo answers it, 406 both times
    expect(refused.knownAnsweredSecond).toBe(false);
    expect(refused.known).toEqual(refused.apollo);
    expect(refused.known.status).toBe(406);
  });

  it('hands every refusal of a known text to Apollo, after authenticating once', async () => {
    // given a signed-in buyer whose query is known
    const { client } = await signUp(testApp.baseUrl);
    const query =
      'query Page($first: Int!, $after: String) { listings(first: $first, after: $after) { edges { cursor } } }';
    await client.post('/graphql', { query, variables: { first: 1 } });

    const refusals: [string, TestClient, Record<string, unknown>, number][] = [
      ['variables that do not coerce', client, { query, variables: { first: 'ten' } }, 400],
      ['a NUL character in a variable', client, { query, variables: { first: 1, after: 'a\u0000b' } }, 400],
      ['a missing variable', client, { query, variables: {} }, 400],
      ['variables that are not an object', client, { query, variables: [1] }, 400],
      [
        'an operation name the document lacks',
        client,
        { query, operationName: 'Other', variables: { first: 1 } },
        400,
      ],
      ['an extensions object', client, { query, variables: { first: 1 }, extensions: {} }, 200],
      ['no CSRF header', withoutCsrf(client), { query, variables: { first: 1 } }, 403],
      [
        'an API key that does not exist',
        withApiKey(testApp.baseUrl, 'cs_live_unknown'),
        { query, variables: { first: 1 } },
        401,
      ],
    ];
    for (const [name, sender, body, status] of refusals) {
      // when the known text comes with it
      const result = await bothWays(sender, body, { learn: false });

      // then Apollo answers, as it answers an unseen text
      expect({ name, known: result.knownAnsweredSecond }).toEqual({ name, known: false });
      expect({ name, ...result.known }).toEqual({ name, ...result.apollo });
      expect({ name, status: result.known.status }).toEqual({ name, status });
    }
  });

  it('never takes a subscription, which Apollo refuses over HTTP', async () => {
    const client = new TestClient(testApp.baseUrl);
    const result = await bothWays(client, { query: 'subscription { moneyInvariantsChanged { checkedAt } }' });
    expect(result.knownAnsweredSecond).toBe(false);
    expect(result.known).toEqual(result.apollo);
    expect(result.known.status).toBe(400);
  });

  it('runs a known mutation once, and logs its name on the request line', async () => {
    // given a seller whose key-creating mutation is known
    const { client, email } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const mutation =
      'mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { name } errors { code } } }';
    await client.post('/graphql', {
      query: mutation,
      variables: { input: { name: 'first', scopes: ['CATALOG_READ'] } },
    });
    const before = answered();

    // when it creates a second key with the known text
    const response = await client.post('/graphql', {
      query: mutation,
      variables: { input: { name: 'second', scopes: ['CATALOG_READ'] } },
    });

    // then the second is answered without Apollo and made once, and the log line names the operation
    expect(answered().known - before.known).toBe(1);
    expect(await response.json()).toEqual({
      data: { createApiKey: { apiKey: { name: 'second' }, errors: [] } },
    });
    const { rows } = await testApp.database.$client.query(
      'SELECT k.name FROM api_keys k JOIN users u ON u.id = k.owner_user_id WHERE u.email = $1 ORDER BY k.created_at',
      [email],
    );
    expect(rows.map((row) => row.name)).toEqual(['first', 'second']);
    const line = logLines.find((entry) => entry.http?.requestId === response.headers.get('x-request-id'));
    expect(line?.msg).toMatch(/^POST \/graphql 200 \d+ms op=CreateKey$/);
  });
});

describe('KnownOperations', () => {
  const steps = {} as OperationSteps;
  const operationOf = (text: string) => {
    const document = parse(text);
    return { document, operation: document.definitions[0] as OperationDefinitionNode };
  };
  const post = (query: string, extra: Record<string, unknown> = {}) =>
    ({ method: 'POST', body: { query, ...extra }, headers: {} }) as never;

  it('keeps 500,000 characters of documents, the oldest leaving first, and none over 20,000', () => {
    const known = new KnownOperations(steps);
    const texts = Array.from(
      { length: 60 },
      (_, index) => `query Q${index} { __typename ${' '.repeat(9_980)}}`,
    );
    for (const text of texts) {
      const { document, operation } = operationOf(text);
      known.remember(text, null, document, operation);
    }
    const huge = `{ __typename ${' '.repeat(20_000)}}`;
    known.remember(huge, null, ...(Object.values(operationOf(huge)) as [never, never]));

    const kept = texts.filter((text) => known.match(post(text)) !== null);
    expect(kept).toEqual(texts.slice(texts.length - kept.length));
    expect(kept.reduce((total, text) => total + text.length, 0)).toBeLessThanOrEqual(500_000);
    expect(kept.length).toBeGreaterThanOrEqual(49);
    expect(known.match(post(huge))).toBeNull();
  });

  it('matches only a POSTed object with the known text and operation name, and no extensions', () => {
    const known = new KnownOperations(steps);
    const text = 'query A { __typename } query B { __typename }';
    const { document } = operationOf(text);
    known.remember(text, 'A', document, document.definitions[0] as OperationDefinitionNode);

    expect(known.match(post(text, { operationName: 'A' }))).not.toBeNull();
    expect(known.match(post(text, { operationName: 'B' }))).toBeNull();
    expect(known.match(post(text))).toBeNull();
    expect(known.match(post(text, { operationName: 'A', extensions: {} }))).toBeNull();
    expect(known.match(post(text, { operationName: 'A', variables: 'x' }))).toBeNull();
    expect(
      known.match({ method: 'GET', query: { query: text, operationName: 'A' }, headers: {} } as never),
    ).toBeNull();
    expect(
      known.match({ method: 'POST', body: [{ query: text, operationName: 'A' }], headers: {} } as never),
    ).toBeNull();
  });
});

function withoutCsrf(client: TestClient): TestClient {
  const copy = new TestClient(client.baseUrl);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  copy.sendCsrfHeader = false;
  return copy;
}

function withApiKey(baseUrl: string, apiKey: string): TestClient {
  const client = new TestClient(baseUrl);
  client.apiKey = apiKey;
  return client;
}
