import type { ApolloServerPlugin } from '@apollo/server';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OperationDefinitionNode } from 'graphql';
import type { Context } from '../graphql/context';

/** Probes and scrapes come every few seconds: their lines are debug, not info. */
const quietPaths = new Set(['/healthz', '/readyz', '/metrics']);

const maxOperationLength = 100;

declare module 'fastify' {
  interface FastifyRequest {
    /** The GraphQL operations the request ran, for its log line (several in a batch). */
    graphqlOperations: string[] | null;
  }
}

/**
 * Declares `request.graphqlOperations` on every request: Fastify sets declared fields when it
 * builds a request, so filling it in keeps each request's shape (a WeakMap entry per request cost
 * more than the rest of the line).
 */
export function declareRequestLogFields(fastify: FastifyInstance): void {
  fastify.decorateRequest('graphqlOperations', null);
}

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
    const operation = request.graphqlOperations?.join(',').slice(0, maxOperationLength);
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

/**
 * Notes a resolved operation on its HTTP request: its name, or its root fields when it has none.
 * Apollo's plugin below calls it, and so do known operations (known-operations.ts).
 */
export function noteOperation(
  request: FastifyRequest | undefined,
  operation: OperationDefinitionNode | null | undefined,
): void {
  if (!request) return;
  const rootFields = operation?.selectionSet.selections.map((selection) =>
    selection.kind === 'Field' ? selection.name.value : '...',
  );
  const name = operation?.name?.value ?? rootFields?.join('+') ?? 'unknown';
  (request.graphqlOperations ??= []).push(name);
}

export function operationLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          noteOperation(contextValue.reply?.request, operation);
        },
      };
    },
  };
}
