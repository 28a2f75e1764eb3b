import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { logIn, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { SocketQuota, tooManySocketsCloseCode } from './socket-quota';

/** How a socket's connection ended up: acknowledged, or closed with a code and reason. */
type Connection = { connected: true } | { closed: number; reason: string };

/** GRAPHQL_WS_MAX_SOCKETS: each open socket holds server memory; one user or address holds a bounded number. */
describe('graphql-ws sockets per user and per address', () => {
  let testApp: TestApp;
  const sockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_WS_MAX_SOCKETS: '2' });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Opens a socket as `client` (none: without credentials) and waits for its connection's outcome. */
  const open = (client?: TestClient) =>
    new Promise<{ socket: Client; connection: Connection }>((resolve) => {
      const on = {
        connected: () => resolve({ socket, connection: { connected: true } }),
        closed: (event: unknown) => {
          const { code, reason } = event as { code: number; reason: string };
          resolve({ socket, connection: { closed: code, reason } });
        },
      };
      // A refused socket is the expected outcome here, not an error to print.
      const onNonLazyError = () => undefined;
      // A client that never signed in holds no cookie: its socket carries no credentials.
      const socket = (client ?? new TestClient(testApp.baseUrl)).websocket({}, { on, onNonLazyError });
      sockets.push(socket);
    });

  const refused = { closed: tooManySocketsCloseCode, reason: expect.stringContaining('at most 2') };

  it('refuses a user a socket beyond the quota, whatever the session, and takes one again once one closes', async () => {
    const user = await signUp(testApp.baseUrl);
    const first = await open(user.client);
    expect((await open(user.client)).connection).toEqual({ connected: true });
    expect(first.connection).toEqual({ connected: true });

    // a third socket of the same user is refused, also from another session of that user
    expect((await open(user.client)).connection).toEqual(refused);
    const secondSession = new TestClient(testApp.baseUrl);
    await logIn(secondSession, user.email, user.password);
    expect((await open(secondSession)).connection).toEqual(refused);

    // another user is not limited by this one
    const other = await signUp(testApp.baseUrl);
    expect((await open(other.client)).connection).toEqual({ connected: true });

    // once one of the user's sockets has closed, the user may open one again
    await first.socket.dispose();
    let again = await open(user.client);
    // (the server hears the close a moment after the client sends it)
    while ('closed' in again.connection) again = await open(user.client);
    expect(again.connection).toEqual({ connected: true });
  });

  it('counts sockets without credentials per address, apart from signed-in users', async () => {
    expect((await open()).connection).toEqual({ connected: true });
    expect((await open()).connection).toEqual({ connected: true });
    expect((await open()).connection).toEqual(refused);
    const user = await signUp(testApp.baseUrl);
    expect((await open(user.client)).connection).toEqual({ connected: true });
  });

  /** A bare socket that sends nothing (with `client`'s cookies): open, or refused at the upgrade with its HTTP status. */
  const bareSocket = (client?: TestClient) =>
    new Promise<{ socket: WebSocket; outcome: 'open' | number }>((resolve) => {
      const socket = new WebSocket(
        `${testApp.baseUrl.replace('http', 'ws')}/graphql`,
        'graphql-transport-ws',
        {
          headers: client ? { cookie: client.cookieHeader() } : {},
        },
      );
      socket.once('open', () => resolve({ socket, outcome: 'open' }));
      socket.once('unexpected-response', (_request, response) =>
        resolve({ socket, outcome: response.statusCode ?? 0 }),
      );
    });

  it('refuses an address more sockets waiting for connection_init than its quota, until one sends it', async () => {
    // given an address holding two sockets that sent nothing yet (a user's: signed in or not, a
    // socket is counted by its address until connection_init says who it is)
    const user = await signUp(testApp.baseUrl);
    const silent = [await bareSocket(user.client), await bareSocket(user.client)];
    expect(silent.map((opened) => opened.outcome)).toEqual(['open', 'open']);
    try {
      // then a third is refused at the upgrade, before any WebSocket is made
      expect((await bareSocket()).outcome).toBe(429);
      // when one of them sends connection_init, it counts against its user instead
      const acknowledged = new Promise((resolve) => silent[0]!.socket.once('message', resolve));
      silent[0]!.socket.send(
        JSON.stringify({ type: 'connection_init', payload: { csrfToken: user.client.csrfToken() } }),
      );
      expect(JSON.parse(String(await acknowledged))).toEqual({ type: 'connection_ack' });
      // and the address may open another
      const next = await bareSocket();
      expect(next.outcome).toBe('open');
      silent.push(next);
    } finally {
      for (const { socket } of silent) socket.terminate();
    }
  });
});

describe('SocketQuota', () => {
  /** The part of a ws socket the quota reads: its state, and its close event. */
  const fakeSocket = () => {
    const listeners: (() => void)[] = [];
    const socket = {
      OPEN: 1,
      readyState: 1,
      once: (_event: string, listener: () => void) => listeners.push(listener),
      close: () => {
        socket.readyState = 3;
        listeners.splice(0).forEach((listener) => listener());
      },
    };
    return socket;
  };

  it('counts each holder apart, frees a slot on close, and never counts a socket that is not open', () => {
    const quota = new SocketQuota(2);
    const [a, b, c] = [fakeSocket(), fakeSocket(), fakeSocket()];
    expect(quota.take(a as never, 'user:1')).toBe(true);
    expect(quota.take(b as never, 'user:1')).toBe(true);
    expect(quota.take(c as never, 'user:1')).toBe(false);
    expect(quota.take(c as never, 'user:2')).toBe(true);
    a.close();
    expect(quota.openOf('user:1')).toBe(1);
    const closed = fakeSocket();
    closed.close();
    expect(quota.take(closed as never, 'user:1')).toBe(false);
    expect(quota.openOf('user:1')).toBe(1);
    b.close();
    expect(quota.openOf('user:1')).toBe(0);
  });
});
