/**
 * @jest-environment node
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { createCodesaleClient, probeSession, type CodesaleClient } from './apollo-client';
import {
  racedRefreshDelaysMs,
  SessionRefresher,
  singleTabCoordination,
  type TabCoordination,
} from './session-refresher';

/**
 * A real HTTP server speaking the two routes the client uses. While the session is expired every
 * GraphQL request is answered UNAUTHENTICATED (as our API answers a lapsed access cookie); POST
 * /auth/refresh renews it, or refuses with 401 like a revoked refresh token. `holdUntil` keeps
 * answers back until that many GraphQL requests arrived, so they are truly concurrent.
 */
class SessionServer {
  graphqlRequests = 0;
  refreshRequests = 0;
  expired = true;
  refuseRefresh = false;
  /** A refresh that answers 200 yet leaves the session unusable (a server bug the client must survive). */
  refreshHasNoEffect = false;
  /** How many refreshes to answer 409 RACED first, as the API answers a token another app rotated a moment ago. */
  racedRefreshes = 0;
  /** Cleared by a refused refresh, as the server clears the cookie. */
  csrfToken: string | undefined = 'csrf-1';
  private held: Array<() => void> = [];
  private holdUntil = 0;
  private readonly server = http.createServer((request, response) => this.handle(request, response));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  holdAnswersUntil(requests: number): void {
    this.holdUntil = requests;
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse) {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/auth/refresh') {
        this.refreshRequests += 1;
        if (this.racedRefreshes > 0) {
          this.racedRefreshes -= 1;
          response.writeHead(409, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'REFRESH_TOKEN_RACED' }));
          return;
        }
        if (this.refuseRefresh || request.headers['x-csrf-token'] !== this.csrfToken) {
          this.csrfToken = undefined;
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'REFRESH_TOKEN_REVOKED' }));
          return;
        }
        if (!this.refreshHasNoEffect) this.expired = false;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
        return;
      }
      this.graphqlRequests += 1;
      const expiredWhenReceived = this.expired;
      const answer = () => {
        const payload = expiredWhenReceived
          ? {
              data: { me: null },
              errors: [{ message: 'Sign in to do this.', extensions: { code: 'UNAUTHENTICATED' } }],
            }
          : {
              data: { me: { __typename: 'User', id: 'user-1', echo: JSON.parse(body).variables?.n ?? null } },
            };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (this.graphqlRequests <= this.holdUntil) {
        this.held.push(answer);
        if (this.held.length === this.holdUntil) for (const release of this.held.splice(0)) release();
        return;
      }
      answer();
    });
  }
}

const MeQuery = gql`
  query Me($n: Int!) {
    me {
      id
      echo(n: $n)
    }
  }
`;

interface Tab {
  client: CodesaleClient;
  signOuts: number;
}

function openTab(
  server: SessionServer,
  origin: string,
  coordination: TabCoordination,
  sleep?: (ms: number) => Promise<void>,
): Tab {
  const readCsrfToken = () => server.csrfToken;
  const refresher = new SessionRefresher({
    refreshUrl: `${origin}/auth/refresh`,
    readCsrfToken,
    coordination,
    probeSession: () => probeSession(`${origin}/graphql`, readCsrfToken()),
    ...(sleep ? { sleep } : {}),
  });
  const tab: Tab = {
    signOuts: 0,
    client: createCodesaleClient({
      graphqlUrl: `${origin}/graphql`,
      readCsrfToken,
      refresher,
      onSignedOut: () => (tab.signOuts += 1),
    }),
  };
  return tab;
}

/** Twenty different operations (distinct variables), all in flight at once, no cache in between. */
function fireConcurrently(tab: Tab, count: number) {
  return Promise.allSettled(
    Array.from({ length: count }, (_, n) =>
      tab.client.apollo.query({ query: MeQuery, variables: { n }, fetchPolicy: 'network-only' }),
    ),
  );
}

/**
 * Tabs of one browser simulated in one process: one Web Lock, and either one localStorage (the
 * time of the last refresh seen at once) or, as across Chromium's processes, a localStorage whose
 * writes have not reached the other tab yet.
 */
function browserTabs(storage: 'shared' | 'not yet synchronised'): () => TabCoordination {
  let queue: Promise<unknown> = Promise.resolve();
  let held = false;
  let sharedRefreshedAt = 0;
  return () => {
    let ownRefreshedAt = 0;
    return {
      withLock: <T>(task: (state: { waited: boolean }) => Promise<T>): Promise<T> => {
        const waited = held;
        const run = queue.then(async () => {
          held = true;
          try {
            return await task({ waited });
          } finally {
            held = false;
          }
        });
        queue = run.catch(() => undefined);
        return run;
      },
      lastRefreshedAt: () => (storage === 'shared' ? sharedRefreshedAt : ownRefreshedAt),
      recordRefresh: (at) => {
        sharedRefreshedAt = at;
        ownRefreshedAt = at;
      },
    };
  };
}

describe('single in-flight refresh', () => {
  let server: SessionServer;
  let origin: string;
  const tabs: Tab[] = [];

  beforeEach(async () => {
    server = new SessionServer();
    origin = await server.start();
  });

  afterEach(async () => {
    for (const tab of tabs.splice(0)) tab.client.dispose();
    await server.stop();
  });

  it('given 20 concurrent UNAUTHENTICATED answers, sends exactly one refresh and retries each operation once', async () => {
    const tab = openTab(server, origin, singleTabCoordination());
    tabs.push(tab);
    server.holdAnswersUntil(20);

    const results = await fireConcurrently(tab, 20);

    expect(server.refreshRequests).toBe(1);
    // 20 first attempts, then exactly one retry each.
    expect(server.graphqlRequests).toBe(40);
    for (const [n, result] of results.entries()) {
      expect(result.status).toBe('fulfilled');
      if (result.status === 'fulfilled')
        expect(result.value.data).toEqual({ me: { __typename: 'User', id: 'user-1', echo: n } });
    }
    expect(tab.signOuts).toBe(0);
  });

  it('given a refused refresh, signs out once and reports the failures without retrying or refreshing again', async () => {
    const tab = openTab(server, origin, singleTabCoordination());
    tabs.push(tab);
    server.refuseRefresh = true;
    server.holdAnswersUntil(20);

    const results = await fireConcurrently(tab, 20);

    expect(server.refreshRequests).toBe(1);
    expect(server.graphqlRequests).toBe(20);
    expect(tab.signOuts).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(CombinedGraphQLErrors.is(result.reason)).toBe(true);
        expect((result.reason as CombinedGraphQLErrors).errors[0]?.extensions?.['code']).toBe(
          'UNAUTHENTICATED',
        );
      }
    }

    // No loop: the next operation fails at once, with no refresh request (the cookie is gone).
    await expect(
      tab.client.apollo.query({ query: MeQuery, variables: { n: 99 }, fetchPolicy: 'network-only' }),
    ).rejects.toThrow();
    expect(server.refreshRequests).toBe(1);
    expect(server.graphqlRequests).toBe(21);
  });

  it('given a retry that is still UNAUTHENTICATED, reports it instead of refreshing again', async () => {
    const tab = openTab(server, origin, singleTabCoordination());
    tabs.push(tab);
    server.refreshHasNoEffect = true;

    const result = await tab.client.apollo
      .query({ query: MeQuery, variables: { n: 1 }, fetchPolicy: 'network-only' })
      .catch((error: unknown) => error);

    expect(CombinedGraphQLErrors.is(result)).toBe(true);
    expect(server.refreshRequests).toBe(1);
    expect(server.graphqlRequests).toBe(2);
  });

  it('given a refresh answered 409 RACED (another app of the browser renewed the session), when the cookies then hold a live session, then the operations succeed with no second refresh and no sign-out', async () => {
    const waits: number[] = [];
    // The other app's answer sets the shared cookies while this one waits.
    const tab = openTab(server, origin, singleTabCoordination(), async (ms) => {
      waits.push(ms);
      server.expired = false;
    });
    tabs.push(tab);
    server.racedRefreshes = 1;
    server.holdAnswersUntil(5);

    const results = await fireConcurrently(tab, 5);

    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(server.refreshRequests).toBe(1);
    expect(waits).toEqual([racedRefreshDelaysMs[0]]);
    expect(tab.signOuts).toBe(0);
  });

  it('given refreshes answered RACED until the grace ends and then refused (a thief rotated the token first), then the client retries past the grace and signs out once', async () => {
    const waits: number[] = [];
    const tab = openTab(server, origin, singleTabCoordination(), async (ms) => {
      waits.push(ms);
    });
    tabs.push(tab);
    server.racedRefreshes = racedRefreshDelaysMs.length;
    server.refuseRefresh = true;

    const result = await tab.client.apollo
      .query({ query: MeQuery, variables: { n: 1 }, fetchPolicy: 'network-only' })
      .catch((error: unknown) => error);

    expect(CombinedGraphQLErrors.is(result)).toBe(true);
    // Every wait taken, then the last attempt, answered for good (REUSED on the server).
    expect(waits).toEqual(racedRefreshDelaysMs);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(5_000);
    expect(server.refreshRequests).toBe(racedRefreshDelaysMs.length + 1);
    expect(tab.signOuts).toBe(1);
  });

  it.each(['shared', 'not yet synchronised'] as const)(
    'given two tabs failing at the same moment (localStorage %s), refreshes once for both',
    async (storage) => {
      const tabOf = browserTabs(storage);
      const first = openTab(server, origin, tabOf());
      const second = openTab(server, origin, tabOf());
      tabs.push(first, second);
      server.holdAnswersUntil(10);

      const [firstResults, secondResults] = await Promise.all([
        fireConcurrently(first, 5),
        fireConcurrently(second, 5),
      ]);

      expect(server.refreshRequests).toBe(1);
      expect([...firstResults, ...secondResults].every((result) => result.status === 'fulfilled')).toBe(true);
      // 10 first attempts and 10 retries, plus the waiting tab's probe when it could not see the time.
      expect(server.graphqlRequests).toBe(storage === 'shared' ? 20 : 21);
    },
  );
});
