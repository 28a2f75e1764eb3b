import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import pino from 'pino';
import { createLogger, logFormatFor } from '../logger';
import { startTestApp, TestClient, type TestApp } from '../../test/harness';

/** A log destination that keeps every line it receives. */
function memoryOutput(isTTY = false) {
  const lines: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, lines };
}

describe('request log', () => {
  let testApp: TestApp;
  const output = memoryOutput();

  beforeAll(async () => {
    testApp = await startTestApp({}, { log: pino({ level: 'info' }, output.stream) });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const entriesOf = (requestId: string | null) =>
    output.lines
      .map((line) => JSON.parse(line) as { msg: string; http?: Record<string, unknown> })
      .filter((entry) => entry.http?.['requestId'] === requestId);

  it('writes one line per request with method, path, status, duration and the GraphQL operation', async () => {
    // given a visitor
    const client = new TestClient(testApp.baseUrl);

    // when it runs an anonymous mutation, a named query, and a GET query whose variables sit in the URL
    const mutation = await client.graphql(
      `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
      { input: { email: 'nobody@example.test', password: 'not the password' } },
    );
    const named = await client.graphql(`query Catalogue { __typename }`);
    const get = await fetch(
      `${testApp.baseUrl}/graphql?query=${encodeURIComponent('query ($e: String!) { __type(name: $e) { name } }')}&variables=${encodeURIComponent('{"e":"secret@example.test"}')}`,
      { headers: { 'apollo-require-preflight': 'true' } },
    );

    const missing = await fetch(`${testApp.baseUrl}/nowhere?token=secret`);

    // then each request has exactly one line, readable on its own, and the URL's variables are not in it
    const lines = [mutation.headers, named.headers, get.headers, missing.headers].map((headers) =>
      entriesOf(headers.get('x-request-id')),
    );
    expect(lines.map((entries) => entries.length)).toEqual([1, 1, 1, 1]);
    expect(lines[3]![0]!.msg).toMatch(/^GET \/nowhere 404 \d+ms$/);
    expect(lines[0]![0]!.msg).toMatch(/^POST \/graphql 200 \d+ms op=logIn$/);
    expect(lines[1]![0]!.msg).toMatch(/^POST \/graphql 200 \d+ms op=Catalogue$/);
    expect(lines[2]![0]!.msg).toMatch(/^GET \/graphql 200 \d+ms op=__type$/);
    expect(lines[0]![0]!.http).toMatchObject({ method: 'POST', path: '/graphql', statusCode: 200 });
    expect(output.lines.join('\n')).not.toContain('secret@example.test');
    expect(output.lines.join('\n')).not.toMatch(/incoming request|request completed|not found/);
    expect(output.lines.join('\n')).not.toContain('token=secret');
  });
});

describe('createLogger', () => {
  const config = { logLevel: 'info', logFormat: undefined, production: false } as const;

  it('writes readable single lines on a terminal outside production, JSON otherwise or when told', () => {
    expect(logFormatFor(config, { isTTY: true })).toBe('pretty');
    expect(logFormatFor(config, { isTTY: false })).toBe('json');
    expect(logFormatFor({ ...config, production: true }, { isTTY: true })).toBe('json');
    expect(logFormatFor({ ...config, logFormat: 'pretty' }, { isTTY: false })).toBe('pretty');
    expect(logFormatFor({ ...config, logFormat: 'json' }, { isTTY: true })).toBe('json');
  });

  it('prints a request line as one readable line on a terminal', () => {
    // given the development logger on a terminal
    const output = memoryOutput(true);
    const log = createLogger(config, output.stream);

    // when a request line is logged
    log.info(
      { http: { requestId: 'r1', method: 'POST', path: '/graphql', statusCode: 200, durationMs: 12 } },
      'POST /graphql 200 12ms op=purchaseListing',
    );

    // then it is one line with the level and the message, without the JSON fields
    expect(output.lines).toHaveLength(1);
    const line = stripVTControlCharacters(output.lines[0]!);
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: POST \/graphql 200 12ms op=purchaseListing$/);
  });
});
