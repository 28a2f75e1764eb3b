import Fastify from 'fastify';

/**
 * The bench's HTTP anchor, loaded into the API server's own process with `node -r` before
 * server/dist/main.js (bench.cli.ts starts it so): a bare Fastify server with one POST route that
 * parses the same JSON body as POST /graphql and answers what `{ __typename }` answers. The same
 * Node process, event loop and CPUs serve both, so `{ __typename }` / bare measures what the app's
 * HTTP stack (hooks, Apollo, GraphQL, authentication) adds to Fastify itself. No app code is
 * involved; without CODESALE_BENCH_BARE_PORT this file does nothing.
 */
const port = Number(process.env['CODESALE_BENCH_BARE_PORT'] ?? '');

if (Number.isInteger(port) && port > 0) {
  const bare = Fastify({ logger: false });
  const answer = '{"data":{"__typename":"Query"}}';
  bare.post('/bare', async (_request, reply) => reply.type('application/json').send(answer));
  bare.listen({ host: '127.0.0.1', port }).catch((error: unknown) => {
    console.error('bench: the bare Fastify route could not listen', error);
    process.exit(1);
  });
}
