import type { Client } from 'graphql-ws';
import { startTestApp, subscribe, type TestApp } from '../../test/harness';
import { newBuyer } from '../../test/marketplace';

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
