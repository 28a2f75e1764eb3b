/**
 * @jest-environment node
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { createCodesaleClient, type CodesaleClient } from './apollo-client';
import type { SocketState, SocketStateStore } from './socket-state';

/**
 * A real WebSocket server speaking just enough graphql-transport-ws: it acknowledges
 * `connection_init` and answers each `ping` with a `pong`, until it is frozen. A frozen server
 * keeps the socket open and says nothing, as a stopped process or a dead network path does.
 */
class PingServer {
  frozen = false;
  pongs = 0;
  connections = 0;
  private readonly server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: () => 'graphql-transport-ws',
  });
  private readonly pongListeners = new Set<() => void>();

  constructor() {
    this.server.on('connection', (socket: ServerSocket) => {
      this.connections += 1;
      socket.on('message', (data) => {
        if (this.frozen) return;
        const message = JSON.parse(String(data)) as { type: string };
        if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
        if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
          this.pongs += 1;
          for (const listener of [...this.pongListeners]) listener();
        }
      });
    });
  }

  /** Resolves once the server listens. */
  listening(): Promise<void> {
    return this.server.address()
      ? Promise.resolve()
      : new Promise((resolve) => this.server.once('listening', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  /** Resolves once the server has answered `count` pings in all. */
  pongsReach(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.pongs < count) return;
        this.pongListeners.delete(check);
        resolve();
      };
      this.pongListeners.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Resolves when the store reaches `wanted` (at once if it is there). */
function stateReaches(store: SocketStateStore, wanted: SocketState): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (store.get() !== wanted) return;
      unsubscribe();
      resolve();
    };
    const unsubscribe = store.subscribe(check);
    check();
  });
}

describe('socket liveness', () => {
  let server: PingServer;
  let client: CodesaleClient;

  beforeEach(async () => {
    server = new PingServer();
    await server.listening();
    client = createCodesaleClient({
      graphqlUrl: server.url,
      onSignedOut: () => undefined,
      readCsrfToken: () => undefined,
      keepAliveMs: 50,
      pongTimeoutMs: 200,
    });
    // Lazy: a subscription opens the socket (the fake server never answers it, which is fine).
    client.webSocket.subscribe(
      { query: 'subscription { viewerEvents { kind } }' },
      {
        next: () => undefined,
        error: () => undefined,
        complete: () => undefined,
      },
    );
  });

  afterEach(async () => {
    client.dispose();
    await server.stop();
  });

  it('stays connected while the server answers its pings', async () => {
    await stateReaches(client.socketState, 'connected');
    await server.pongsReach(5);
    expect(client.socketState.get()).toBe('connected');
    expect(server.connections).toBe(1);
  });

  it('given an open socket, when the server stops answering, then it is no longer "connected", and it reconnects once the server answers again', async () => {
    // given a live socket
    await stateReaches(client.socketState, 'connected');
    await server.pongsReach(1);

    // when the server freezes with the socket open
    server.frozen = true;

    // then the next unanswered ping takes the socket out of "connected"
    await new Promise<void>((resolve) => {
      const unsubscribe = client.socketState.subscribe(() => {
        if (client.socketState.get() === 'connected') return;
        unsubscribe();
        resolve();
      });
    });
    expect(client.socketState.get()).not.toBe('connected');

    // and once the server answers again, a new socket is live
    server.frozen = false;
    await stateReaches(client.socketState, 'connected');
    expect(server.connections).toBeGreaterThanOrEqual(2);
  });
});
