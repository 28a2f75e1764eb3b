import { Readable } from 'node:stream';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type {
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteHandlerMethod,
} from 'fastify';
import type { Context } from '../graphql/context';
import type { KnownOperations } from './known-operations';

/** The route's body is whatever the client sent; it answers JSON text, or a stream of parts (@defer). */
export type GraphqlRoute = { Body: unknown; Reply: string | Readable };

/**
 * POST and GET /graphql: a known operation is executed directly (known-operations.ts); anything
 * else is handed to Apollo, with the context when it is already built.
 *
 * Apollo is called as `@as-integrations/fastify`'s handler calls it, less two costs it pays on
 * every request: a WHATWG `URL` built only to read the query string, and every request header
 * copied through `Object.entries`. Apollo reads the query string of a GET (`search`) and a handful
 * of headers (content type, accept, the CSRF-preflight ones). With the security headers on the
 * reply (security-headers.ts), this took `{ __typename }` from 0.342 to 0.312 ms of server CPU
 * (bench/README.md, "the HTTP path").
 */
export function graphqlHandler(
  apollo: ApolloServer<Context>,
  known: KnownOperations,
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<Context>,
): RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  GraphqlRoute
> {
  apollo.assertStarted('graphqlHandler()');
  const viaApollo = async (request: FastifyRequest, reply: FastifyReply, context: () => Promise<Context>) => {
    known.answered.apollo += 1;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: graphqlRequestOf(request),
      context,
    });
    for (const [name, value] of response.headers) void reply.header(name, value);
    void reply.code(response.status ?? 200);
    if (response.body.kind === 'complete') return response.body.string;
    return reply.send(Readable.from(response.body.asyncIterator));
  };
  return async (request, reply) => {
    const matched = known.match(request);
    if (!matched) return viaApollo(request, reply, () => context(request, reply));
    let contextValue: Context;
    try {
      contextValue = await context(request, reply);
    } catch (error) {
      // Apollo answers a failed context (its status, its error's format).
      return viaApollo(request, reply, () => Promise.reject(error as Error));
    }
    const answer = await known.execute(request, matched, contextValue);
    if (!answer) return viaApollo(request, reply, async () => contextValue);
    known.answered.known += 1;
    for (const [name, value] of answer.headers) void reply.header(name, value);
    void reply.code(answer.status);
    return answer.body;
  };
}

export function graphqlRequestOf(request: FastifyRequest): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  const sent = request.headers;
  for (const name in sent) {
    const value = sent[name];
    if (value) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: request.method, headers, search: searchOf(request.url), body: request.body };
}

/** The query string of a request target, `?` included, as `URL#search` gives it ('' when empty). */
export function searchOf(target: string): string {
  const start = target.indexOf('?');
  if (start === -1) return '';
  const fragment = target.indexOf('#', start);
  const search = fragment === -1 ? target.slice(start) : target.slice(start, fragment);
  return search === '?' ? '' : search;
}
