import crypto from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import {
  BREAK,
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type StringValueNode,
} from 'graphql';
import { nulCharacterPath } from '../shared/input-validation';
import type { Context } from './context';
import { variableValuesError } from './variable-values';

/**
 * Refusals at the edge, before anything executes: what would otherwise fail deep inside (in
 * PostgreSQL, or in a resolver that was never meant to run) and come back as a masked
 * INTERNAL_SERVER_ERROR gets a typed code and a 4xx here. HTTP runs them through
 * `persistedQueryRefusal` (in the route's hook, app.ts) and `requestGuardsPlugin`; graphql-ws calls
 * `inputRefusal` from its onSubscribe.
 */

/**
 * U+0000 in any string the operation carries, in its variables or in the document's literals:
 * PostgreSQL cannot store it in text and fails the statement. No field of CodeSale accepts it, so
 * the whole operation is refused, naming where the character is (a line of a bulk upload, say).
 */
export function nulCharacterError(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | null {
  const variablePath = nulCharacterPath(variables ?? {});
  if (variablePath !== null) {
    return new GraphQLError(
      `Strings may not contain the NUL character (U+0000): ${printPath(variablePath)}.`,
      {
        extensions: { code: 'BAD_USER_INPUT', variablePath, http: { status: 400 } },
      },
    );
  }
  const literal = literalWithNulCharacter(document);
  if (literal === null) return null;
  return new GraphQLError(
    'Strings may not contain the NUL character (U+0000): a string literal of the document.',
    {
      nodes: literal,
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    },
  );
}

/** `$input.codes[8]`, as graphql-js prints paths into variables. */
function printPath(path: (string | number)[]): string {
  const [variable, ...rest] = path;
  return `$${String(variable)}${rest.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')}`;
}

/**
 * Apollo hands each repeat of an operation the same parsed document (its document cache), so the
 * walk is made once per document.
 */
const nulLiterals = new WeakMap<DocumentNode, StringValueNode | null>();

function literalWithNulCharacter(document: DocumentNode): StringValueNode | null {
  const known = nulLiterals.get(document);
  if (known !== undefined) return known;
  const found = findNulLiteral(document);
  nulLiterals.set(document, found);
  return found;
}

function findNulLiteral(document: DocumentNode): StringValueNode | null {
  let found: StringValueNode | null = null;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (!node.value.includes('\u0000')) return undefined;
      found = node;
      return BREAK;
    },
  });
  return found;
}

const sha256HexPattern = /^[0-9a-f]{64}$/;

/**
 * Apollo's automatic persisted queries answer a hash that does not match the query, or a version
 * other than 1, with an error that has no code (INTERNAL_SERVER_ERROR to the client), and a plugin
 * that throws before Apollo's check gets a 500. So the check runs in Fastify, before Apollo: each
 * refusal gets its own code and a 400. A hash Apollo does not know stays its
 * PERSISTED_QUERY_NOT_FOUND, as the protocol expects.
 */
function persistedQueryError(operation: unknown): GraphQLError | null {
  if (typeof operation !== 'object' || operation === null) return null;
  const { query, extensions } = operation as Record<string, unknown>;
  const persistedQuery =
    typeof extensions === 'object' && extensions !== null
      ? (extensions as Record<string, unknown>)['persistedQuery']
      : undefined;
  if (persistedQuery === undefined || persistedQuery === null) return null;
  const { version, sha256Hash } = (typeof persistedQuery === 'object' ? persistedQuery : {}) as Record<
    string,
    unknown
  >;
  if (version !== 1 || typeof sha256Hash !== 'string' || !sha256HexPattern.test(sha256Hash)) {
    return new GraphQLError(
      'extensions.persistedQuery must be { version: 1, sha256Hash: <64 lower-case hex digits> }.',
      { extensions: { code: 'PERSISTED_QUERY_INVALID' } },
    );
  }
  if (typeof query !== 'string') return null;
  const queryHash = crypto.createHash('sha256').update(query).digest('hex');
  if (queryHash === sha256Hash) return null;
  return new GraphQLError('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.', {
    extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' },
  });
}

/**
 * The GraphQL route's refusal of a request whose persisted-query extension Apollo would answer
 * without a code (app.ts answers it with a 400): POST bodies (one operation or a batch) and GET
 * parameters.
 */
export function persistedQueryRefusal(request: FastifyRequest): GraphQLError | null {
  const body = request.body;
  const operations =
    request.method === 'GET' ? [getOperation(request.query)] : Array.isArray(body) ? body : [body];
  for (const operation of operations) {
    const refusal = persistedQueryError(operation);
    if (refusal) return refusal;
  }
  return null;
}

/** A GET request's operation: `extensions` is JSON in the query string; Apollo refuses it if it does not parse. */
function getOperation(parameters: unknown): unknown {
  const { query, extensions } = (parameters ?? {}) as Record<string, unknown>;
  if (typeof extensions !== 'string') return null;
  try {
    return { query, extensions: JSON.parse(extensions) as unknown };
  } catch {
    return null;
  }
}

/**
 * Subscriptions are served by graphql-ws only: over HTTP, Apollo would run a subscription's
 * resolver as a query, without the event it expects.
 */
function subscriptionOverHttpError(): GraphQLError {
  return new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) on this same path.', {
    extensions: { code: 'OPERATION_NOT_SUPPORTED', http: { status: 400 } },
  });
}

/**
 * What the operation carries that no field accepts, in this order: a NUL character, variables that
 * do not coerce (coerced to the first bad value: Apollo's own coercion would go through thousands
 * first, then answer "too many errors" as an unexpected error). Made over HTTP (below) and by
 * graphql-ws's onSubscribe.
 */
export function inputRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null },
): GraphQLError | null {
  return nulCharacterError(document, request.variables) ?? variableValuesError(schema, document, request);
}

/**
 * The refusals HTTP makes once the operation is known and before it executes: a subscription,
 * then the input's. Apollo's plugin below makes them, and so do known operations, which skip
 * Apollo (http/known-operations.ts).
 */
export function operationRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null },
): GraphQLError | null {
  if (operation?.operation === 'subscription') return subscriptionOverHttpError();
  return inputRefusal(schema, document, request);
}

export function requestGuardsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      return {
        async didResolveOperation({ operation, document, schema }) {
          const refusal = operationRefusal(schema, document, operation, request);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
