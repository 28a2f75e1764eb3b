import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from '../config';
import {
  firstWebsocketResult,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { productionEnvironment } from '../../test/production-env';

const logInMutation = `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`;

async function logInFrom(
  testApp: TestApp,
  forwardedFor: string,
  email: string,
  password: string,
): Promise<string> {
  const response = await new TestClient(testApp.baseUrl).graphql<{
    logIn: { user: unknown; errors: { code: string }[] };
  }>(logInMutation, { input: { email, password } }, { 'x-forwarded-for': forwardedFor });
  return response.data!.logIn.user ? 'OK' : response.data!.logIn.errors[0]!.code;
}

async function attemptAddresses(testApp: TestApp, email: string): Promise<string[]> {
  const rows = await queryDatabase(
    testApp,
    'select address from login_attempts where email_normalized = $1 order by created_at',
    [email],
  );
  return rows.map((row) => String(row['address']));
}

describe('TRUST_PROXY: the client address behind proxies, for login limits and the audit log', () => {
  describe('given production without TRUST_PROXY', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(
        productionEnvironment({ LOGIN_MAX_FAILURES_PER_ADDRESS: '2', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' }),
      );
    });
    afterAll(async () => {
      await testApp.close();
    });

    it('when a client spoofs X-Forwarded-For on each attempt, then its failures still count against its own address', async () => {
      const victim = await signUp(testApp.baseUrl);
      const guesses = ['203.0.113.1', '203.0.113.2'].map((spoofed, index) =>
        logInFrom(testApp, spoofed, `guess-${index}@example.test`, 'wrong password!'),
      );
      expect(await Promise.all(guesses)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);

      expect(await logInFrom(testApp, '203.0.113.3', victim.email, victim.password)).toBe(
        'TOO_MANY_ATTEMPTS',
      );
      expect(await attemptAddresses(testApp, 'guess-0@example.test')).toEqual(['127.0.0.1']);
    });
  });

  describe('given TRUST_PROXY=127.0.0.1 (the proxy in front of the server)', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(
        productionEnvironment({
          TRUST_PROXY: '127.0.0.1',
          LOGIN_MAX_FAILURES_PER_ADDRESS: '2',
          LOGIN_MAX_FAILURES_PER_ACCOUNT: '100',
        }),
      );
    });
    afterAll(async () => {
      await testApp.close();
    });

    it('when the proxy forwards each client, then failures count per forwarded address', async () => {
      const other = await signUp(testApp.baseUrl);
      for (const index of [0, 1]) {
        expect(await logInFrom(testApp, '203.0.113.10', `proxied-${index}@example.test`, 'wrong!!!!!')).toBe(
          'INVALID_CREDENTIALS',
        );
      }
      expect(await logInFrom(testApp, '203.0.113.10', other.email, other.password)).toBe('TOO_MANY_ATTEMPTS');

      expect(await logInFrom(testApp, '203.0.113.11', other.email, other.password)).toBe('OK');
      expect(await attemptAddresses(testApp, 'proxied-0@example.test')).toEqual(['203.0.113.10']);
    });

    it('when a client prepends its own X-Forwarded-For entry, then the address the proxy appended is used', async () => {
      await logInFrom(testApp, '198.51.100.7, 203.0.113.20', 'prepended@example.test', 'wrong!!!!!');
      expect(await attemptAddresses(testApp, 'prepended@example.test')).toEqual(['203.0.113.20']);
    });

    it('when a client logs in over graphql-ws, then the forwarded address of the upgrade is used, as over HTTP', async () => {
      class ForwardedWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { 'x-forwarded-for': '203.0.113.30' } });
        }
      }
      const websocket = createClient({
        url: `${testApp.baseUrl.replace('http', 'ws')}/graphql`,
        webSocketImpl: ForwardedWebSocket,
        retryAttempts: 0,
      });
      try {
        const result = await firstWebsocketResult(websocket, logInMutation, {
          input: { email: 'over-websocket@example.test', password: 'wrong!!!!!' },
        });
        expect(result.data).toEqual({ logIn: { user: null, errors: [{ code: 'INVALID_CREDENTIALS' }] } });
      } finally {
        await websocket.dispose();
      }
      expect(await attemptAddresses(testApp, 'over-websocket@example.test')).toEqual(['203.0.113.30']);
    });
  });

  describe('TRUST_PROXY values', () => {
    test.each([
      ['1', { kind: 'hops', hops: 1 }],
      [
        '10.0.0.5, 10.1.0.0/16,uniquelocal',
        { kind: 'addresses', entries: ['10.0.0.5', '10.1.0.0/16', 'uniquelocal'] },
      ],
      ['', { kind: 'none' }],
    ])('given TRUST_PROXY=%p, then the server trusts %p', (value, expected) => {
      expect(loadConfig({ TRUST_PROXY: value }).http.trustedProxies).toEqual(expected);
    });

    test.each(['true', '10.0.0.0/33', 'proxy.internal', '11'])(
      'given TRUST_PROXY=%p, then the configuration is refused, naming TRUST_PROXY',
      (value) => {
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
        expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
      },
    );
  });
});
