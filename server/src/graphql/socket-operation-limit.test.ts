import type { Client } from 'graphql-ws';
import { startTestApp, subscribe, type TestApp } from '../../test/harness';
import { newBuyer } from '../../test/marketplace';

/** The answer to `query` on `websocket`: its data, or the codes of the errors that ended it. */
const outcome = (websocket: Client, query: string) =>
  new Promise<{ data?: unknown; codes?: unknown[] }>((resolve) =>
    websocket.subscribe(
      { query },
      {
        next: (result) =>
          resolve(
            result.errors
              ? { codes: result.errors.map((e) => e.extensions?.['code']) }
              : { data: result.data },
          ),
        error: (errors) =>
          resolve({
            codes: Array.isArray(errors)
              ? errors.map((error: { extensions?: Record<string, unknown> }) => error.extensions?.['code'])
              : [String(errors)],
          }),
        complete: () => undefined,
      },
    ),
  );

/** A socket runs at most GRAPHQL_WS_MAX_OPERATIONS operations at once: each holds server memory. */
describe('operations per graphql-ws socket', () => {
  let testApp: TestApp;
  const websockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_WS_MAX_OPERATIONS: '3' });
  });
  afterEach(async () => {
    await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('refuses an operation beyond the limit with a typed error, and takes one again once another ends', async () => {
    const buyer = await newBuyer(testApp);
    const websocket = buyer.client.websocket();
    websockets.push(websocket);
    // given a socket running as many subscriptions as it may (the harness's subscribe checks each
    // with a query, an operation of its own, so the last is sent bare)
    const running = [
      await subscribe(websocket, 'subscription { viewerEvents { kind } }'),
      await subscribe(websocket, 'subscription { viewerEvents { kind } }'),
    ];
    void outcome(websocket, 'subscription { viewerEvents { kind } }');
    // when it starts one more, then a query
    expect(await outcome(websocket, 'subscription { viewerEvents { kind } }')).toEqual({
      codes: ['SOCKET_OPERATION_LIMIT_EXCEEDED'],
    });
    expect(await outcome(websocket, '{ me { id } }')).toEqual({ codes: ['SOCKET_OPERATION_LIMIT_EXCEEDED'] });
    // then another socket of the same viewer is not limited by this one
    const other = buyer.client.websocket();
    websockets.push(other);
    expect(await outcome(other, '{ me { id } }')).toEqual({ data: { me: { id: buyer.id } } });
    // and once a subscription ends, the socket takes an operation again
    running[0]!.unsubscribe();
    let answer = await outcome(websocket, '{ me { id } }');
    // (the server hears the end a moment after the client sends it)
    while ('codes' in answer) answer = await outcome(websocket, '{ me { id } }');
    expect(answer).toEqual({ data: { me: { id: buyer.id } } });
  });
});

/**
 * A user runs at most GRAPHQL_WS_MAX_OPERATIONS_PER_USER operations over all its sockets: one
 * account subscribed thousands of times to its own feed would have each of its events written
 * thousands of times (attacker probe: 50 sockets x 100 viewerEvents).
 */
describe('operations per user over all their sockets', () => {
  let testApp: TestApp;
  const websockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_WS_MAX_OPERATIONS: '3', GRAPHQL_WS_MAX_OPERATIONS_PER_USER: '4' });
  });
  afterEach(async () => {
    await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
  });
  afterAll(async () => {
    await testApp.close();
  });

  const open = (client: { websocket(): Client }) => {
    const websocket = client.websocket();
    websockets.push(websocket);
    return websocket;
  };

  it("refuses a user's operation beyond the limit on any of their sockets, not another user's, and takes one again once another ends", async () => {
    // given a user running four subscriptions over two sockets (each below its own limit of three)
    const buyer = await newBuyer(testApp);
    const first = open(buyer.client);
    const running = [
      await subscribe(first, 'subscription { viewerEvents { kind } }'),
      await subscribe(first, 'subscription { viewerEvents { kind } }'),
    ];
    const second = open(buyer.client);
    await subscribe(second, 'subscription { viewerEvents { kind } }');
    void outcome(second, 'subscription { viewerEvents { kind } }');

    // when the user starts one more, on that socket or on a new one
    const refused = await outcome(second, 'subscription { viewerEvents { kind } }');
    const third = open(buyer.client);
    const query = await outcome(third, '{ me { id } }');

    // then both are refused with a typed error, while another user is not limited by them
    expect(refused).toEqual({ codes: ['SOCKET_OPERATION_LIMIT_EXCEEDED'] });
    expect(query).toEqual({ codes: ['SOCKET_OPERATION_LIMIT_EXCEEDED'] });
    const other = await newBuyer(testApp);
    expect(await outcome(open(other.client), '{ me { id } }')).toEqual({ data: { me: { id: other.id } } });
    // and once one of the user's subscriptions ends, the user may run an operation again
    running[0]!.unsubscribe();
    let answer = await outcome(third, '{ me { id } }');
    // (the server hears the end a moment after the client sends it)
    while ('codes' in answer) answer = await outcome(third, '{ me { id } }');
    expect(answer).toEqual({ data: { me: { id: buyer.id } } });
  });
});

/**
 * A user starts at most GRAPHQL_WS_OPERATION_STARTS_PER_MINUTE operations over graphql-ws (a token
 * bucket): the attacker probe's subscribe-and-complete loop started 1,700 a second from 8 sockets,
 * half a core of the server, slowing everyone, while never holding more than the concurrent caps.
 */
describe('operations started per minute over graphql-ws', () => {
  let testApp: TestApp;
  const websockets: Client[] = [];
  beforeAll(async () => {
    testApp = await startTestApp({ GRAPHQL_WS_OPERATION_STARTS_PER_MINUTE: '60' });
  });
  afterAll(async () => {
    await Promise.all(websockets.splice(0).map((websocket) => websocket.dispose()));
    await testApp.close();
  });

  it("refuses a user's operations past the budget with RATE_LIMITED, on every socket of theirs; another user goes on", async () => {
    // given a buyer who started the minute's budget of operations, one after another
    const buyer = await newBuyer(testApp);
    const websocket = buyer.client.websocket();
    websockets.push(websocket);
    for (let index = 0; index < 60; index++) {
      expect(await outcome(websocket, '{ me { id } }')).toEqual({ data: { me: { id: buyer.id } } });
    }

    // when they start one more, on this socket or another
    const other = buyer.client.websocket();
    websockets.push(other);

    // then it is refused, typed; and someone else is not limited by them
    expect(await outcome(websocket, 'subscription { viewerEvents { kind } }')).toEqual({
      codes: ['RATE_LIMITED'],
    });
    expect(await outcome(other, '{ me { id } }')).toEqual({ codes: ['RATE_LIMITED'] });
    const stranger = await newBuyer(testApp);
    const theirs = stranger.client.websocket();
    websockets.push(theirs);
    expect(await outcome(theirs, '{ me { id } }')).toEqual({ data: { me: { id: stranger.id } } });
  });
});
