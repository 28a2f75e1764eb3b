import type { ApolloServerPlugin } from '@apollo/server';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Context } from '../graphql/context';

/** Probes and scrapes come every few seconds: their lines are debug, not info. */
const quietPaths = new Set(['/healthz', '/readyz', '/metrics']);

const maxOperationLength = 100;

/** The GraphQL operations a request ran, for its log line (several in a batch). */
const operations = new WeakMap<FastifyRequest, string[]>();

/**
 * One log line per HTTP request, when it is answered: `POST /graphql 200 12ms op=purchaseListing`,
 * with the same facts as fields under `http` for log pipelines. It takes the place of Fastify's pair
 * of "incoming request" / "request completed" lines (and of its separate "route not found" line);
 * Fastify's error logs stay. The path is logged without its query string, which may carry GraphQL
 * variables or a signed URL's signature.
 */
export class RequestLogController extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const path = request.url.split('?', 1)[0]!;
    const durationMs = Math.round(reply.elapsedTime);
    const operation = operations.get(request)?.join(',').slice(0, maxOperationLength);
    const message = `${request.method} ${path} ${reply.statusCode} ${durationMs}ms${operation ? ` op=${operation}` : ''}`;
    const fields = {
      http: {
        requestId: request.id,
        method: request.method,
        path,
        statusCode: reply.statusCode,
        durationMs,
        ...(operation ? { operation } : {}),
      },
    };
    const log = request.server.log;
    if (error) log.error({ ...fields, err: error }, message);
    else if (quietPaths.has(path)) log.debug(fields, message);
    else log.info(fields, message);
  }
}

/** Notes each resolved operation on its HTTP request: its name, or its root fields when it has none. */
export function operationLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, contextValue }) {
          const request = contextValue.reply?.request;
          if (!request) return;
          const rootFields = operation?.selectionSet.selections.map((selection) =>
            selection.kind === 'Field' ? selection.name.value : '...',
          );
          const name = operationName ?? rootFields?.join('+') ?? 'unknown';
          operations.set(request, [...(operations.get(request) ?? []), name]);
        },
      };
    },
  };
}
