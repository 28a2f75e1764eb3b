import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, parse, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import { TextKeyedCache } from '../shared/text-keyed-cache';
import type { Context } from './context';
import {
  checkDocumentLimits,
  costLimitError,
  mutationLimitError,
  operationNameLengthError,
  queryLengthError,
  type DocumentCheck,
  type DocumentLimits,
} from './document-limits';

/**
 * The document limits applied to an HTTP request before Apollo sees it: every operation of the
 * request (one, or a whole batch) is parsed and checked, and the batch's mutations are counted
 * together, so a refused request runs nothing, not even authentication.
 */

export function documentLimits(graphql: Config['graphql']): DocumentLimits {
  return {
    maxOperations: graphql.maxOperations,
    maxFragments: graphql.maxFragments,
    maxSelections: graphql.maxSelections,
    maxAliases: graphql.maxAliases,
    maxArguments: graphql.maxArguments,
    maxDirectives: graphql.maxDirectives,
    maxDepth: graphql.maxDepth,
    maxFieldRepeats: graphql.maxFieldRepeats,
    maxOverlapComparisons: graphql.maxOverlapComparisons,
    maxCost: graphql.maxCost,
    maxMutations: graphql.maxMutationsPerRequest,
    maxQueryLength: graphql.maxQueryLength,
  };
}

/**
 * Parsed documents by their text, so that a client repeating its operations (every client) is not
 * parsed again on each request; the limits are still checked each time (the cost depends on the
 * variables). Documents up to 4,000 characters, 200,000 in all. A document that does not parse is
 * never kept.
 */
class ParsedDocuments {
  private readonly documents = new TextKeyedCache<DocumentNode>(4_000, 200_000);

  constructor(private readonly maxTokens: number) {}

  parse(query: string): DocumentNode {
    const known = this.documents.get(query);
    if (known) return known;
    const document = parse(query, { maxTokens: this.maxTokens });
    this.documents.set(query, document);
    return document;
  }
}

/** One cache per token limit: a document parsed under another limit is not reused. */
const parsedDocuments = new Map<number, ParsedDocuments>();

function parseOnce(query: string, maxTokens: number): DocumentNode {
  let documents = parsedDocuments.get(maxTokens);
  if (!documents) {
    documents = new ParsedDocuments(maxTokens);
    parsedDocuments.set(maxTokens, documents);
  }
  return documents.parse(query);
}

/** One GraphQL request as sent over HTTP: a POST body (or one item of a batch), or GET's query string. */
type SentOperation = { query?: unknown; variables?: unknown; operationName?: unknown };

/**
 * The first limit the request exceeds, or null. Operations that do not parse, or that carry no
 * document (an automatic persisted query), are left to Apollo: it answers the first with its own
 * parse error, and the plugin below checks the second once Apollo has found its document.
 */
export function checkHttpRequestLimits(
  schema: GraphQLSchema,
  limits: DocumentLimits,
  maxTokens: number,
  sent: unknown,
): GraphQLError | null {
  const operations = Array.isArray(sent) ? sent : [sent];
  let mutations = 0;
  // One budget per request: a batch's operations run together, so their costs add up.
  let cost = 0;
  for (const operation of operations) {
    if (typeof operation !== 'object' || operation === null) continue;
    const { query, variables, operationName } = operation as SentOperation;
    const nameTooLong = operationNameLengthError(operationName);
    if (nameTooLong) return nameTooLong;
    if (typeof query !== 'string') continue;
    const tooLong = queryLengthError(query, limits);
    if (tooLong) return tooLong;
    let document;
    try {
      document = parseOnce(query, maxTokens);
    } catch {
      continue;
    }
    const checked = checkedLimits(schema, document, limits, {
      variables: variablesOf(variables),
      operationName: typeof operationName === 'string' ? operationName : undefined,
    });
    if ('error' in checked) return checked.error;
    mutations += checked.mutationFields;
    cost += checked.cost;
  }
  if (cost > limits.maxCost) return costLimitError(cost, limits.maxCost);
  return mutations > limits.maxMutations ? mutationLimitError(mutations, limits.maxMutations) : null;
}

/**
 * A document without a variable costs the same on every request: its check is kept with it, by
 * operation name (most documents clients repeat, `{ me { ... } }` say, have none), for the schema
 * and limits it was made under.
 */
type Checks = WeakMap<DocumentNode, Map<string | undefined, DocumentCheck>>;
const variableFreeChecks = new WeakMap<GraphQLSchema, WeakMap<DocumentLimits, Checks>>();
const hasVariables = new WeakMap<DocumentNode, boolean>();

function checkedLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: DocumentLimits,
  request: { variables: Record<string, unknown> | undefined; operationName: string | undefined },
): DocumentCheck {
  let variables = hasVariables.get(document);
  if (variables === undefined) {
    variables = containsVariable(document);
    hasVariables.set(document, variables);
  }
  if (variables) return checkDocumentLimits(schema, document, limits, request);
  const checks = keptChecks(schema, limits, document);
  let checked = checks.get(request.operationName);
  if (!checked) {
    checked = checkDocumentLimits(schema, document, limits, request);
    // Names are the client's to choose: no more are kept than the document has operations.
    if (checks.size <= document.definitions.length) checks.set(request.operationName, checked);
  }
  return checked;
}

function keptChecks(schema: GraphQLSchema, limits: DocumentLimits, document: DocumentNode) {
  let bySchema = variableFreeChecks.get(schema);
  if (!bySchema) variableFreeChecks.set(schema, (bySchema = new WeakMap()));
  let byLimits = bySchema.get(limits);
  if (!byLimits) bySchema.set(limits, (byLimits = new WeakMap()));
  let checks = byLimits.get(document);
  if (!checks) byLimits.set(document, (checks = new Map()));
  return checks;
}

function containsVariable(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.VARIABLE]: () => {
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** GET carries variables as JSON text; anything that is not an object is Apollo's to refuse. */
function variablesOf(variables: unknown): Record<string, unknown> | undefined {
  let value = variables;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * An automatic persisted query arrives as a hash without its document, which the HTTP check cannot
 * read: its document was checked when it was registered, and is checked again here with this
 * request's variables, before anything executes.
 */
export function persistedQueryLimitsPlugin(limits: DocumentLimits): ApolloServerPlugin<Context> {
  // The cost of a batch's operations sent by hash alone, per HTTP request (Apollo gives each
  // operation of a batch a shallow copy of the request's context: its `meta` is the request's):
  // they add up as the documents sent in full do before Apollo.
  const spentByRequest = new WeakMap<Context['meta'], number>();
  return {
    async requestDidStart({ request, contextValue }) {
      if (request.query !== undefined) return;
      return {
        async didResolveOperation({ document, schema }) {
          const checked = checkDocumentLimits(schema, document, limits, {
            variables: request.variables,
            operationName: request.operationName,
          });
          if ('error' in checked) throw checked.error;
          const spent = (spentByRequest.get(contextValue.meta) ?? 0) + checked.cost;
          if (spent > limits.maxCost) throw costLimitError(spent, limits.maxCost);
          spentByRequest.set(contextValue.meta, spent);
        },
      };
    },
  };
}
