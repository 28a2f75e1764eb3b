import Fastify from 'fastify';
import WebSocket, { WebSocketServer } from 'ws';

/**
 * The bench's anchors, loaded into the API server's own process with `node -r` before
 * server/dist/main.js (bench.cli.ts starts it so). No app code is involved; without
 * CODESALE_BENCH_BARE_PORT this file does nothing. The same Node process, event loop and CPUs
 * serve the anchors and the app, so each ratio measures what the app adds to the libraries under it:
 *
 * - `POST /bare`: a bare Fastify route that parses the same JSON body as POST /graphql and answers
 *   what `{ __typename }` answers. `{ __typename }` / bare is what the app's HTTP stack (hooks,
 *   Apollo, GraphQL, authentication) adds to Fastify itself.
 * - `GET /bare-ws` (a WebSocket) and `POST /bare-broadcast {"version":N}`: plain `ws` sockets, and
 *   one message of the plain disputeFeed selection's shape and size sent to every one of them with
 *   ws's `send`, in one loop, before the answer. The subscription fan-out's commit -> receipt
 *   beside this request -> receipt is what GraphQL, the events and graphql-ws add to the writes
 *   themselves: as fast as one process writing through ws makes 2,000 sockets hear of anything.
 */
const port = Number(process.env['CODESALE_BENCH_BARE_PORT'] ?? '');

if (Number.isInteger(port) && port > 0) {
  const bare = Fastify({ logger: false });
  const answer = '{"data":{"__typename":"Query"}}';
  bare.post('/bare', async (_request, reply) => reply.type('application/json').send(answer));

  const sockets = new WebSocketServer({ server: bare.server, path: '/bare-ws' });
  bare.post<{ Body: { version?: unknown } }>('/bare-broadcast', async (request, reply) => {
    const version = request.body?.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
      return reply.code(400).type('application/json').send('{"error":"version: an integer"}');
    }
    const message = Buffer.from(broadcastMessage(version));
    let sent = 0;
    for (const socket of sockets.clients) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      socket.send(message, { binary: false });
      sent++;
    }
    return reply.type('application/json').send(JSON.stringify({ sent }));
  });

  bare.listen({ host: '127.0.0.1', port }).catch((error: unknown) => {
    console.error('bench: the bare Fastify route could not listen', error);
    process.exit(1);
  });
}

/** A graphql-ws `next` message as the plain disputeFeed selection receives it, for `version`. */
function broadcastMessage(version: number): string {
  return JSON.stringify({
    id: '1',
    type: 'next',
    payload: {
      data: {
        disputeFeed: {
          kind: 'ASSIGNED',
          state: 'UNDER_REVIEW',
          version,
          cursor: String(1_000_000 + version),
          disputeId: 'RGlzcHV0ZTowMTk0YjM4Ni0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDA=',
          occurredAt: new Date().toISOString(),
        },
      },
    },
  });
}
