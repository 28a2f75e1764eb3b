import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import {
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import Negotiator from 'negotiator';
import client from 'prom-client';
import type { Context } from '../graphql/context';
import { TextKeyedCache } from '../shared/text-keyed-cache';

/**
 * Known operations: an operation Apollo Server has parsed, validated and resolved once is executed
 * by graphql-js directly the next time the same text comes, with CodeSale's own steps around it,
 * and answered as Apollo answers it. On the bench's bare Fastify, Apollo Server with its defaults
 * answers `{ __typename }` with about 0.09 ms more CPU than graphql-js's `execute` alone (0.13
 * against 0.044 ms): a SHA-256 of the text, content negotiation twice, a dozen plugin hooks
 * awaited in turn (docs/adr/0013-..., bench/README.md, "known operations").
 *
 * Apollo stays the authority on everything but the happy path of a repeat: the first sight of a
 * text, a document that does not parse or validate, GET, batches, persisted queries, unusual
 * Accept headers, a failed authentication, a refused operation and variables that do not coerce
 * all go to Apollo, handed the context already built (authentication runs once). Only an
 * operation that executes is answered here: the answer Apollo would give, byte for byte
 * (known-operations.test.ts answers each case both ways and compares).
 */

/** What CodeSale does around an operation: the same functions Apollo's plugins call (app.ts). */
export interface OperationSteps {
  schema: GraphQLSchema;
  /** The refusals made before execution (request-guards.ts); a refusal sends the request to Apollo. */
  refusal(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    request: { variables: Record<string, unknown> | null; operationName: string | null },
  ): GraphQLError | null;
  /** The operation's name on the request's log line (request-log.ts). */
  noteOperation(request: FastifyRequest, operation: OperationDefinitionNode): void;
  /** Apollo's `formatError` (errors.ts). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Apollo's didEncounterErrors and willSendResponse (graphql-outcome.ts). */
  didEncounterErrors(errors: readonly GraphQLError[], context: Context): void;
  answeredErrors(
    context: Context,
    operation: OperationDefinitionNode,
    errors: GraphQLFormattedError[] | undefined,
  ): GraphQLFormattedError[] | undefined;
}

/** A request this path can answer: a known operation, its variables and the answer's content type. */
export interface KnownRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null;
  operationName: string | null;
  contentType: string;
}

export interface KnownAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

type KnownDocument = { document: DocumentNode; operations: Map<string | null, OperationDefinitionNode> };

/** Documents up to 20,000 characters are kept, 500,000 characters of them in all. */
const knownDocumentMaxLength = 20_000;
const knownDocumentsMaxTotalLength = 500_000;

export class KnownOperations {
  private readonly documents = new TextKeyedCache<KnownDocument>(
    knownDocumentMaxLength,
    knownDocumentsMaxTotalLength,
  );
  /** Requests answered here, and requests handed to Apollo (`codesale_graphql_http_requests_total`). */
  readonly answered = { known: 0, apollo: 0 };

  constructor(private readonly steps: OperationSteps) {}

  /** Called once Apollo has validated the document and resolved the operation (the plugin below). */
  remember(
    query: string,
    operationName: string | null,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ) {
    if (operation.operation === 'subscription') return;
    let known = this.documents.get(query);
    if (!known) {
      known = { document, operations: new Map() };
      this.documents.set(query, known);
    }
    // Operations are looked up by name in the document Apollo resolved them in (the first one kept).
    if (known.document === document) known.operations.set(operationName, operation);
  }

  /**
   * The request as this path can answer it, or null for Apollo: one POSTed operation (the body a
   * JSON object, so Apollo's CSRF check passes: its content type is not a simple one) whose text
   * and operation name are known, without `extensions`, with an Accept header Apollo would answer.
   */
  match(request: FastifyRequest): KnownRequest | null {
    if (request.method !== 'POST') return null;
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body))
      return null;
    const { query, variables, operationName, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || extensions !== undefined) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return null;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    ) {
      return null;
    }
    const known = this.documents.get(query);
    const operation = known?.operations.get(operationName ?? null);
    if (!known || !operation) return null;
    const contentType = singleResultContentType(request.headers.accept);
    if (!contentType) return null;
    return {
      document: known.document,
      operation,
      variables: (variables as Record<string, unknown> | null | undefined) ?? null,
      operationName: operationName ?? null,
      contentType,
    };
  }

  /**
   * Executes a matched request with its context, or returns null, having run nothing, when a
   * refusal or graphql-js's own variable coercion stops it: Apollo then answers with its errors.
   */
  async execute(request: FastifyRequest, known: KnownRequest, context: Context): Promise<KnownAnswer | null> {
    const { steps } = this;
    if (steps.refusal(known.document, known.operation, known) !== null) return null;
    const result: ExecutionResult = await execute({
      schema: steps.schema,
      document: known.document,
      contextValue: context,
      variableValues: known.variables,
      operationName: known.operationName,
    });
    // No data: nothing executed (graphql-js refused the variables); Apollo answers that with a 400.
    if (result.data === undefined) return null;
    steps.noteOperation(request, known.operation);
    if (result.errors) steps.didEncounterErrors(result.errors, context);
    const http: HttpFromErrors = { status: undefined, headers: [] };
    const errors = steps.answeredErrors(
      context,
      known.operation,
      result.errors?.map((error) => formatOne(steps.formatError, error, http)),
    );
    const headers: [string, string][] = [...http.headers, ['content-type', known.contentType]];
    // Apollo's order of the fields, and its trailing newline.
    const body = `${JSON.stringify({ errors, data: result.data, extensions: result.extensions })}\n`;
    return { status: http.status ?? 200, headers, body };
  }
}

/** `codesale_graphql_http_requests_total{path="known"|"apollo"}` on `registry`, read from `known` when scraped. */
export function registerKnownOperationMetrics(registry: client.Registry, known: KnownOperations): void {
  const reported = { known: 0, apollo: 0 };
  new client.Counter({
    name: 'codesale_graphql_http_requests_total',
    help: 'GraphQL HTTP requests, by the path that answered them: known operations, or Apollo Server',
    labelNames: ['path'] as const,
    registers: [registry],
    collect() {
      for (const path of ['known', 'apollo'] as const) {
        this.inc({ path }, known.answered[path] - reported[path]);
        reported[path] = known.answered[path];
      }
    },
  });
}

/** Remembers every operation Apollo resolves: it has parsed and validated its document by then. */
export function knownOperationsPlugin(known: KnownOperations): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const { query } = request;
      if (typeof query !== 'string') return;
      return {
        async didResolveOperation({ document, operation }) {
          if (operation) known.remember(query, request.operationName ?? null, document, operation);
        },
      };
    },
  };
}

type HttpFromErrors = { status: number | undefined; headers: [string, string][] };

/**
 * One error as Apollo formats it (its `normalizeAndFormatErrors`): a code defaulted to
 * INTERNAL_SERVER_ERROR, an `http` extension taken off into the answer's status and headers, then
 * the server's `formatError`; a formatter that throws gives Apollo's generic error. Apollo also
 * renames graphql-js's variable coercion errors to BAD_USER_INPUT, but those come without data,
 * and that answer is Apollo's (above).
 */
function formatOne(
  formatError: OperationSteps['formatError'],
  error: GraphQLError,
  http: HttpFromErrors,
): GraphQLFormattedError {
  try {
    const extensions: Record<string, unknown> = {
      ...error.extensions,
      code: error.extensions['code'] ?? 'INTERNAL_SERVER_ERROR',
    };
    const head = extensions['http'];
    if (isHttpHead(head)) {
      if (head.status) http.status = head.status;
      for (const [name, value] of head.headers ?? []) http.headers.push([name, value]);
      delete extensions['http'];
    }
    return formatError({ ...error.toJSON(), extensions }, error);
  } catch {
    return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
}

function isHttpHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as Record<string, unknown>;
  return (
    (!('status' in head) || typeof head['status'] === 'number') &&
    (!('headers' in head) || head['headers'] instanceof Map)
  );
}

const mediaTypes = {
  json: 'application/json; charset=utf-8',
  graphqlResponse: 'application/graphql-response+json; charset=utf-8',
  jsonCallback: 'application/json; callbackSpec=1.0; charset=utf-8',
};

/**
 * The content type Apollo gives a single result for this Accept header (its
 * `chooseContentTypeForSingleResultResponse`), or null where Apollo answers 406. Clients send a
 * handful of Accept headers, so the choice is kept for the first 64 seen.
 */
const contentTypes = new Map<string, string | null>();
const contentTypesKept = 64;

function singleResultContentType(accept: string | undefined): string | null {
  if (!accept) return mediaTypes.json;
  const known = contentTypes.get(accept);
  if (known !== undefined) return known;
  const chosen =
    new Negotiator({ headers: { accept } }).mediaType([
      mediaTypes.json,
      mediaTypes.graphqlResponse,
      mediaTypes.jsonCallback,
    ]) ?? null;
  if (contentTypes.size < contentTypesKept) contentTypes.set(accept, chosen);
  return chosen;
}
