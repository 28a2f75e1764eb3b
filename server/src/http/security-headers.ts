import type { ServerResponse } from 'node:http';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
import { assert } from '../shared/assert';

/**
 * The response headers @fastify/helmet sets with `options`, computed once. The plugin builds its
 * middleware again on every request (parsing the CSP directives each time: about 5% of a small
 * GraphQL request's CPU), although with a fixed configuration and no nonces the headers never
 * change. So they are read once from a probe instance with the same plugin and options, and
 * `applySecurityHeaders` sets them on each response as the plugin would (on the raw response, in
 * onRequest: a route's own `reply.header` still overrides one, as the console's CSP does).
 */
export async function securityHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  // A nonce must be new on every response: headers computed once cannot carry one.
  assert(!options.enableCSPNonces, 'CSP nonces need @fastify/helmet on every request');
  const probe = Fastify();
  await probe.register(fastifyHelmet, options);
  probe.get('/', async () => 'probe');
  try {
    const response = await probe.inject('/');
    const fastifyOwn = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
    return Object.entries(response.headers)
      .filter(([name]) => !fastifyOwn.has(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]);
  } finally {
    await probe.close();
  }
}

export function applySecurityHeaders(response: ServerResponse, headers: [string, string][]): void {
  for (const [name, value] of headers) response.setHeader(name, value);
}
