import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyReply } from 'fastify';
import { assert } from '../shared/assert';

/**
 * The response headers @fastify/helmet sets with `options`, computed once. The plugin builds its
 * middleware again on every request (parsing the CSP directives each time: about 5% of a small
 * GraphQL request's CPU), although with a fixed configuration and no nonces the headers never
 * change. So they are read once from a probe instance with the same plugin and options, and
 * `applySecurityHeaders` puts them on each reply in onRequest (a route's own `reply.header` still
 * overrides one, as the console's CSP does).
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  // A nonce must be new on every response: headers computed once cannot carry one.
  assert(!options.enableCSPNonces, 'CSP nonces need @fastify/helmet on every request');
  const probe = Fastify();
  await probe.register(fastifyHelmet, options);
  probe.get('/', async () => 'probe');
  try {
    const response = await probe.inject('/');
    const fastifyOwn = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
    return Object.fromEntries(
      Object.entries(response.headers)
        .filter(([name]) => !fastifyOwn.has(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
    );
  } finally {
    await probe.close();
  }
}

/**
 * On the reply, not on the raw response: Node then validates and writes every header once, when
 * Fastify calls `writeHead`. A header set on the raw response costs a `setHeader` of its own and
 * makes Node merge each of Fastify's headers into it with another `setHeader`. With our GraphQL
 * handler (graphql-handler.ts), this took `{ __typename }` from 0.342 to 0.312 ms of server CPU
 * (bench/README.md, "the HTTP path").
 */
export function applySecurityHeaders(reply: FastifyReply, headers: Record<string, string>): void {
  reply.headers(headers);
}
