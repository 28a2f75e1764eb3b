import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client as WebSocketClient } from 'graphql-ws';
import { createAuthRetryLink } from './auth-retry-link';
import { csrfHeader, readCsrfToken } from './session-cookies';
import { SessionRefresher } from './session-refresher';
import { registerSocketState, SocketStateStore } from './socket-state';

export interface CodesaleClientOptions {
  /** Same-origin path or absolute URL of the GraphQL endpoint; the WebSocket URL is derived from it. */
  graphqlUrl?: string;
  refreshUrl?: string;
  /** Called once when the session cannot be renewed (or another tab signed out). */
  onSignedOut: () => void;
  typePolicies?: TypePolicies;
  /** Limit on socket reconnection attempts before subscriptions report an error. */
  maxReconnectAttempts?: number;
  /** Where the CSRF token comes from; the CSRF cookie by default. */
  readCsrfToken?: () => string | undefined;
  /** The refresher to share; by default one coordinated with the browser's other tabs. */
  refresher?: SessionRefresher;
  /** How often the socket pings the server (15 s), and how long it waits for the pong (5 s): see `createCodesaleClient`. */
  keepAliveMs?: number;
  pongTimeoutMs?: number;
}

export interface CodesaleClient {
  apollo: ApolloClient;
  refresher: SessionRefresher;
  webSocket: WebSocketClient;
  /** Whether the subscriptions' socket is open and answering now (what the Live badges show). */
  socketState: SocketStateStore;
  /** Closes the socket and stops the client (sign-out, unmount). */
  dispose: () => void;
}

function webSocketUrl(graphqlUrl: string): string {
  const url = new URL(graphqlUrl, globalThis.location?.href ?? 'http://localhost/');
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * Whether the cookies hold a live session now: `me` is null for an anonymous (expired) request.
 * A bare fetch, outside Apollo's links: the probe must never itself wait for a refresh.
 */
export async function probeSession(graphqlUrl: string, csrfToken: string | undefined): Promise<boolean> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    credentials: 'include',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      ...(csrfToken ? { [csrfHeader]: csrfToken } : {}),
    },
    body: JSON.stringify({ operationName: 'SessionProbe', query: 'query SessionProbe { me { id } }' }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) return false;
  const body = (await response.json()) as { data?: { me?: { id: string } | null } | null };
  return Boolean(body.data?.me);
}

/** Reconnect at once after a refresh or a blip, then back off: 1 s, 2 s, 4 s ... at most 30 s. */
async function reconnectWait(retries: number): Promise<void> {
  const delayMs = retries === 0 ? Math.random() * 250 : Math.min(30_000, 1000 * 2 ** (retries - 1));
  await new Promise((resolve) => setTimeout(resolve, delayMs + Math.random() * 250));
}

/** Close code of a socket whose server stopped answering pings (graphql-ws retries it). */
const pongTimeoutCloseCode = 4408;

/**
 * Apollo Client for a browser session held in cookies:
 * - HTTP sends the cookies (`credentials: 'include'`), the CSRF token read from its cookie at each
 *   request (the double-submit the server checks), and `apollo-require-preflight`, which makes
 *   every request a non-simple one so Apollo Server's CSRF prevention accepts GETs too;
 * - subscriptions go over graphql-ws on the same path; the upgrade request carries the cookies and
 *   the CSRF token travels as a connection parameter;
 * - an UNAUTHENTICATED answer renews the session through the single in-flight refresh and retries
 *   once; after a refresh the socket is reopened with the new cookie, and after any reconnection
 *   the active queries are fetched again, so a page catches up with what it missed.
 */
export function createCodesaleClient(options: CodesaleClientOptions): CodesaleClient {
  const graphqlUrl = options.graphqlUrl ?? '/graphql';
  const csrfToken = options.readCsrfToken ?? (() => readCsrfToken());
  const refresher =
    options.refresher ??
    new SessionRefresher({
      refreshUrl: options.refreshUrl,
      readCsrfToken: csrfToken,
      probeSession: () => probeSession(graphqlUrl, csrfToken()),
    });
  const socketState = new SocketStateStore();
  // An open socket is not a live one: a frozen server (or a dead network path) keeps it open and
  // silent. The client pings; a pong that does not come in time closes the socket, which
  // reconnects, and the badges say "Connecting…" from that moment, not after the close handshake.
  const pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
  let openSocket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const webSocket = createClient({
    url: webSocketUrl(graphqlUrl),
    lazy: true,
    connectionParams: () => ({ csrfToken: csrfToken() }),
    retryAttempts: options.maxReconnectAttempts ?? 20,
    retryWait: reconnectWait,
    shouldRetry: () => true,
    keepAlive: options.keepAliveMs ?? 15_000,
    // A server that accepts the socket and never acknowledges it is not live either.
    connectionAckWaitTimeout: 10_000,
    on: {
      connecting: () => socketState.set('connecting'),
      connected: (socket, _payload, wasRetry) => {
        openSocket = socket as WebSocket;
        socketState.set('connected');
        // The socket opens lazily, after `apollo` below exists.
        if (wasRetry) void apollo.refetchQueries({ include: 'active' });
      },
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          const socket = openSocket;
          if (socket?.readyState !== WebSocket.OPEN) return;
          socketState.set('connecting');
          socket.close(pongTimeoutCloseCode, 'No pong from the server');
        }, pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: () => {
        clearTimeout(pongTimer);
        openSocket = null;
        socketState.set('closed');
      },
    },
  });

  let signedOut = false;
  const signOut = () => {
    if (signedOut) return;
    signedOut = true;
    options.onSignedOut();
  };
  refresher.onRefresh((outcome) => {
    // Sockets authenticate when they open: reopen with the renewed cookie.
    if (outcome === 'REFRESHED') webSocket.terminate();
  });

  const httpLink = new HttpLink({
    uri: graphqlUrl,
    credentials: 'include',
  });
  const sessionHeaders = new ApolloLink((operation, forward) => {
    const token = csrfToken();
    operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
      headers: {
        ...headers,
        'apollo-require-preflight': 'true',
        ...(token ? { [csrfHeader]: token } : {}),
      },
    }));
    return forward(operation);
  });
  const transport = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(webSocket),
    ApolloLink.from([sessionHeaders, httpLink]),
  );

  const apollo = new ApolloClient({
    link: ApolloLink.from([createAuthRetryLink({ refresher, onSignedOut: signOut }), transport]),
    cache: new InMemoryCache({ typePolicies: options.typePolicies }),
  });
  registerSocketState(apollo, socketState);

  return {
    apollo,
    refresher,
    webSocket,
    socketState,
    dispose: () => {
      void webSocket.dispose();
      apollo.stop();
    },
  };
}
