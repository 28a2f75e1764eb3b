import { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify from 'fastify';
import { buildSchema, execute, parse, validate, type DocumentNode } from 'graphql';
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
 * - `POST /bare-graphql` and `POST /bare-apollo`: the same request answered by GraphQL with nothing
 *   of the app, on a one-field schema: graphql-js's `execute` (the document parsed and validated
 *   once), and Apollo Server as it comes (its defaults, `@as-integrations/fastify`'s handler). They
 *   split `{ __typename }`'s cost into what executing GraphQL takes, what Apollo's request pipeline
 *   adds to that, and what the app adds to Apollo.
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

  const schema = buildSchema('type Query { ok: Boolean }');
  const documents = new Map<string, DocumentNode>();
  bare.post<{ Body: { query?: unknown } }>('/bare-graphql', async (request, reply) => {
    const query = request.body?.query;
    if (typeof query !== 'string') return reply.code(400).send('{"error":"query: a string"}');
    let document = documents.get(query);
    if (!document) {
      document = parse(query);
      const errors = validate(schema, document);
      if (errors.length > 0) return reply.code(400).send(JSON.stringify({ errors }));
      documents.set(query, document);
    }
    const result = await execute({ schema, document });
    return reply.type('application/json').send(JSON.stringify(result));
  });

  const apollo = new ApolloServer({ schema });
  apollo
    .start()
    .then(async () => {
      bare.post('/bare-apollo', fastifyApolloHandler(apollo));
      await bare.listen({ host: '127.0.0.1', port });
    })
    .catch((error: unknown) => {
      console.error('bench: the bare Fastify routes could not listen', error);
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
