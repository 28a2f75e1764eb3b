import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { SessionEndedError } from '../auth/session-ended';

/**
 * Errors a client may see as they are. Anything else is a bug or an infrastructure failure:
 * its message is replaced, and the request id in the response finds it in the logs.
 */
const publicCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_INVALID',
  'PERSISTED_QUERY_HASH_MISMATCH',
  'OPERATION_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_TOKEN_INVALID',
  'RATE_LIMITED',
  'DEPTH_LIMIT_EXCEEDED',
  'ALIAS_LIMIT_EXCEEDED',
  'COST_LIMIT_EXCEEDED',
  'BATCH_LIMIT_EXCEEDED',
  // Resumable subscriptions (graphql/event-subscription.ts).
  'EVENT_CURSOR_EXPIRED',
  'EVENT_SUBSCRIBER_LAGGED',
  'OPERATION_LIMIT_EXCEEDED',
  'FRAGMENT_LIMIT_EXCEEDED',
  'SELECTION_LIMIT_EXCEEDED',
  'ARGUMENT_LIMIT_EXCEEDED',
  'DIRECTIVE_LIMIT_EXCEEDED',
  'FIELD_REPETITION_LIMIT_EXCEEDED',
  'MUTATION_LIMIT_EXCEEDED',
  'QUERY_LENGTH_LIMIT_EXCEEDED',
  'OPERATION_NAME_LIMIT_EXCEEDED',
  'TOO_MANY_EXPENSIVE_OPERATIONS',
  'SERVER_BUSY',
  'SOCKET_OPERATION_LIMIT_EXCEEDED',
]);

/**
 * The message of every unexpected error: it names the request, so that whatever a client shows
 * (most show only the message) is enough to find the cause in the server's log.
 */
export function maskedMessage(requestId: string | undefined): string {
  return requestId
    ? `Internal server error. Quote request id ${requestId} when you report it.`
    : 'Internal server error.';
}

export function isPublicError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof SessionEndedError) return true;
  if (!(original instanceof GraphQLError)) return false;
  const code = original.extensions?.['code'];
  // graphql-js's own validation and coercion errors carry no code but are about the request.
  if (code === undefined) return original.originalError === undefined || original.originalError === null;
  return typeof code === 'string' && publicCodes.has(code);
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isPublicError(error)) {
    const { http: _http, ...extensions } = formatted.extensions ?? {};
    const code = publicCode(error as GraphQLError, extensions, formatted.path !== undefined);
    return { ...formatted, extensions: { ...extensions, code } };
  }
  // A request id put there by us (see maskUnexpected) is the one thing of an unexpected error the client may see.
  const requestId = formatted.extensions?.['requestId'];
  return {
    message: maskedMessage(typeof requestId === 'string' ? requestId : undefined),
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(typeof requestId === 'string' ? { requestId } : {}) },
  };
}

/**
 * A public error's code: its own; else graphql-js's error about the request: BAD_USER_INPUT when
 * execution raised it at a field (an argument's value, such as null from a nullable variable where
 * the argument is non-null with a default), BAD_REQUEST otherwise. Apollo's formatting names every
 * error without a code INTERNAL_SERVER_ERROR before this sees it: that default is not the error's.
 */
function publicCode(error: GraphQLError, extensions: Record<string, unknown>, atField: boolean): unknown {
  if (unwrapResolverError(error) instanceof SessionEndedError) return 'UNAUTHENTICATED';
  const original = unwrapResolverError(error) as GraphQLError;
  const own = original.extensions?.['code'] ?? extensions['code'];
  if (
    own !== undefined &&
    !(own === 'INTERNAL_SERVER_ERROR' && original.extensions?.['code'] === undefined)
  ) {
    return own;
  }
  return atField ? 'BAD_USER_INPUT' : 'BAD_REQUEST';
}

/**
 * Public errors as they are; anything else is logged under the request id and replaced by the
 * masked error that carries that id. For the paths Apollo's plugins do not cover: context
 * creation and graphql-ws.
 */
export function maskUnexpected(error: GraphQLError, requestId: string, log: Logger): GraphQLFormattedError {
  if (isPublicError(error)) return formatError(error.toJSON(), error);
  const cause = error.originalError ?? error;
  if (isClosedSocketError(cause)) {
    // The client went away while its answer was being written: theirs to reconnect, nothing to alert on.
    log.debug({ err: cause, requestId, path: error.path }, 'socket closed before its answer was written');
  } else {
    log.error({ err: cause, requestId, path: error.path }, 'unexpected GraphQL error');
  }
  return formatError({ ...error.toJSON(), extensions: { requestId } }, error);
}

/** A write to a socket the client already closed (graphql-ws sending to a dropped connection). */
export function isClosedSocketError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // ECANCELED: the write was still queued when the socket closed (a client that dropped mid-frame).
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ECANCELED' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Drops graphql-js's "Did you mean ...?" from a client error. Its suggestions are names from the
 * schema (fields, arguments, enum values, input fields): with introspection off, as in
 * production, they would hand the schema out to anyone who guesses near it.
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/\s*Did you mean\b[\s\S]*$/, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

/**
 * `error` with `code`, as Apollo codes the documents it refuses over HTTP: graphql-ws refuses
 * them with the same codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED), not as BAD_REQUEST.
 */
export function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
