import { Writable } from 'node:stream';
import pino from 'pino';
import { firstWebsocketResult, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { GraphQLError } from 'graphql';
import { maskedMessage, maskUnexpected } from './errors';

/** Every JSON line the app logs, kept in memory. */
function capturedLog() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: pino({ level: 'error' }, stream) };
}

const myApiKeys = '{ myApiKeys { edges { node { id } } } }';

describe('error masking', () => {
  let testApp: TestApp;
  const captured = capturedLog();
  beforeAll(async () => {
    testApp = await startTestApp({}, { log: captured.log });
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Runs `during` while `table` is missing from the database: a real infrastructure failure. */
  async function withoutTable<T>(table: string, during: () => Promise<T>): Promise<T> {
    await testApp.database.$client.query(`alter table ${table} rename to ${table}_gone`);
    try {
      return await during();
    } finally {
      await testApp.database.$client.query(`alter table ${table}_gone rename to ${table}`);
    }
  }

  it('masks an unexpected resolver error, and logs it with the request id the client receives', async () => {
    // given a seller whose API keys table has disappeared
    const { client } = await signUp(testApp.baseUrl, { sellerAccount: true });

    // when the seller lists their keys
    const response = await withoutTable('api_keys', () => client.graphql(myApiKeys));

    // then the client sees the masked error with the request id, and the log holds the cause under that id
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toEqual(expect.any(String));
    expect(response.errors).toEqual([
      {
        message: maskedMessage(requestId!),
        locations: expect.any(Array),
        path: ['myApiKeys'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(JSON.stringify(response.errors)).not.toContain('api_keys');
    const logged = captured.lines.filter((line) => line.requestId === requestId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, msg: 'unexpected GraphQL error' });
    expect(JSON.stringify(logged[0]!.err)).toContain('api_keys');
  });

  it('masks an unexpected error while authenticating the request, and logs it with the request id', async () => {
    // given a signed-in user whose sessions table has disappeared
    const { client } = await signUp(testApp.baseUrl);

    // when the user asks who they are
    const response = await withoutTable('sessions', () => client.graphql('{ me { id } }'));

    // then the failure is masked, carries the request id, and is logged under it
    const requestId = response.headers.get('x-request-id');
    expect(response.status).toBe(500);
    expect(response.errors).toEqual([
      { message: maskedMessage(requestId!), extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
    ]);
    const logged = captured.lines.filter((line) => line.requestId === requestId);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0]!.err)).toContain('sessions');
  });

  it('masks an unexpected error over graphql-ws too', async () => {
    // given a seller connected over graphql-ws, whose API keys table has disappeared
    const { client } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const websocket = client.websocket();
    try {
      // when the seller lists their keys over the socket
      const result = await withoutTable('api_keys', () => firstWebsocketResult(websocket, myApiKeys));

      // then the error is masked and its request id is in the log
      expect(result.errors).toHaveLength(1);
      const requestId = result.errors![0]!.extensions!['requestId'];
      expect(requestId).toEqual(expect.any(String));
      expect(result.errors![0]).toMatchObject({
        message: maskedMessage(requestId as string),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(result.errors![0]!.message).toContain(requestId as string);
      expect(captured.lines.filter((line) => line.requestId === requestId)).toHaveLength(1);
    } finally {
      await websocket.dispose();
    }
  });

  it('does not mask user errors returned in a payload', async () => {
    const client = new TestClient(testApp.baseUrl);

    const response = await client.graphql(
      'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } errors { code field } } }',
      { input: { email: 'not an email', password: 'correct horse battery staple', displayName: 'Someone' } },
    );

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      signUp: { user: null, errors: [{ code: 'INVALID_EMAIL', field: 'email' }] },
    });
  });

  it('does not mask a variable of the wrong type (BAD_USER_INPUT), over HTTP or graphql-ws', async () => {
    const client = new TestClient(testApp.baseUrl);
    const websocket = client.websocket();
    const query = 'query ($first: Int!) { myApiKeys(first: $first) { edges { cursor } } }';
    try {
      const response = await client.graphql(query, { first: 'ten' });
      const overWebsocket = await firstWebsocketResult(websocket, query, { first: 'ten' });

      expect(response.status).toBe(400);
      for (const errors of [response.errors, overWebsocket.errors]) {
        expect(errors).toHaveLength(1);
        expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
        expect(errors?.[0]?.message).toMatch(/^Variable "\$first" got invalid value "ten"/);
      }
    } finally {
      await websocket.dispose();
    }
  });

  it('does not mask an authorisation error', async () => {
    const response = await new TestClient(testApp.baseUrl).graphql(myApiKeys);

    expect(response.errors?.[0]).toMatchObject({
      message: 'Sign in to do this.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });
});

describe('introspection', () => {
  const introspection = '{ __schema { queryType { name } } }';

  it('is allowed by default outside production', async () => {
    const testApp = await startTestApp({ NODE_ENV: 'development' });
    try {
      const response = await new TestClient(testApp.baseUrl).graphql(introspection);

      expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await testApp.close();
    }
  });

  it('is refused over HTTP and graphql-ws when GRAPHQL_INTROSPECTION=false', async () => {
    const testApp = await startTestApp({ GRAPHQL_INTROSPECTION: 'false' });
    const websocket = new TestClient(testApp.baseUrl).websocket();
    try {
      const overHttp = await new TestClient(testApp.baseUrl).graphql(introspection);
      const overWebsocket = await firstWebsocketResult(websocket, introspection);

      expect(overHttp.status).toBe(400);
      expect(overHttp.data).toBeUndefined();
      expect(overHttp.errors?.[0]?.message).toMatch(
        /^GraphQL introspection (is not allowed|has been disabled)/,
      );
      expect(overWebsocket.data).toBeUndefined();
      expect(overWebsocket.errors?.[0]?.message).toMatch(
        /^GraphQL introspection (is not allowed|has been disabled)/,
      );
    } finally {
      await websocket.dispose();
      await testApp.close();
    }
  });
});

describe('maskUnexpected', () => {
  it('logs a write to a socket the client closed at debug level, and any other unexpected error at error level', () => {
    // given a log that keeps every level
    const lines: Record<string, any>[] = [];
    const log = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    const closed = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    // (a socket dropped with a frame in flight: the attacker probe logged 250 error lines at once)
    const canceled = Object.assign(new Error('write ECANCELED'), { code: 'ECANCELED' });
    const bug = new Error('a bug');

    // when all are masked
    const answers = [closed, canceled, bug].map((cause) =>
      maskUnexpected(new GraphQLError(cause.message, { originalError: cause }), 'request-1', log),
    );

    // then the client sees the masked error either way, and only the bug is logged as an error
    for (const answer of answers)
      expect(answer.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'request-1' });
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [20, 'socket closed before its answer was written'],
      [20, 'socket closed before its answer was written'],
      [50, 'unexpected GraphQL error'],
    ]);
  });
});
