import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { maxPageSize } from './relay';

/**
 * Every limit on what one GraphQL document may ask for, checked in one linear pass over the parsed
 * document BEFORE graphql-js validates it: the specified rules are then only ever run on documents
 * whose size, nesting and field repetition are bounded (OverlappingFieldsCanBeMerged is quadratic
 * in repeated fields, and anything that walks fragment spreads naively is exponential).
 *
 * Linear: each definition is walked once, and each fragment's summary (depth, cost, the response
 * names it selects, its size) is computed once and reused at every spread. Numbers that grow with
 * fan-out (cost, size, repeats) saturate instead of overflowing.
 */

export interface DocumentLimits {
  maxOperations: number;
  maxFragments: number;
  /** Fields, fragment spreads and inline fragments, counted where they are written. */
  maxSelections: number;
  maxAliases: number;
  /** Arguments of fields and directives. */
  maxArguments: number;
  maxDirectives: number;
  /** The deepest field path, through fragments; introspection fields do not count. */
  maxDepth: number;
  /** How often one response name may be selected in one selection set, fragments included. */
  maxFieldRepeats: number;
  /**
   * The field comparisons graphql-js's overlap check may make, at most: in each selection set, every
   * two selections of one response name are compared, down to the fields under them, so a pair costs
   * at most the product of their sizes. Summed over the document.
   */
  maxOverlapComparisons: number;
  maxCost: number;
  /** Root fields of the mutation that would run. */
  maxMutations: number;
  /** Characters of the document's text, checked before it is parsed (queryLengthError). */
  maxQueryLength: number;
}

/** What the document is run with: the cost depends on `first` arguments given as variables. */
export interface DocumentRequest {
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export type DocumentCheck = { error: GraphQLError } | { cost: number; mutationFields: number };

/**
 * Introspection fields do not count towards maxDepth (a client's introspection query is deeper than
 * any application query), but their nesting is still bounded: this is deeper than graphql-js's own
 * introspection query.
 */
const maxIntrospectionNesting = 20;

/** Keeps sums and products exact where it matters and finite where fan-out would overflow them. */
const saturation = Number.MAX_SAFE_INTEGER;
const saturatingAdd = (left: number, right: number) => Math.min(left + right, saturation);
const saturatingMultiply = (left: number, right: number) => Math.min(left * right, saturation);

/**
 * A document longer than the limit, refused before it is parsed: its comments and whitespace are
 * no tokens (GRAPHQL_MAX_TOKENS does not see them), and a parsed document keeps its whole text for
 * as long as it is cached.
 */
export function queryLengthError(query: string, limits: DocumentLimits): GraphQLError | null {
  if (query.length <= limits.maxQueryLength) return null;
  return limitError(
    'QUERY_LENGTH_LIMIT_EXCEEDED',
    `The document is longer than ${limits.maxQueryLength} characters.`,
    { length: query.length, maxLength: limits.maxQueryLength },
  );
}

/** Characters of an `operationName`: a GraphQL name, which nobody writes longer. */
export const maxOperationNameLength = 256;

/**
 * An `operationName` longer than any name: refused before anything reads it, and never repeated in
 * the answer (graphql-js's "Unknown operation named …" would send a megabyte back for a megabyte).
 */
export function operationNameLengthError(operationName: unknown): GraphQLError | null {
  if (typeof operationName !== 'string' || operationName.length <= maxOperationNameLength) return null;
  return limitError(
    'OPERATION_NAME_LIMIT_EXCEEDED',
    `The operationName is longer than ${maxOperationNameLength} characters.`,
    { length: operationName.length, maxLength: maxOperationNameLength },
  );
}

const listCostExtension = 'listCostItems';

/**
 * A list field without `first` (a dispute's messages, say) costs its children this many times: it
 * is not paged, so the cost counts the items a client may fairly expect, for `@Extensions` on the
 * field. Without it such a list costs its children once, and twenty aliases of a dispute with 500
 * messages cost as little as one message.
 */
export function listCost(items: number): Record<string, number> {
  return { [listCostExtension]: items };
}

const textCostExtension = 'textCostUnits';
/** Characters of text a unit of cost stands for: a short field costs 1, as any field does. */
const charactersPerCostUnit = 500;

/**
 * A text field of up to `maxLength` characters (a dispute message's body, a listing's description)
 * costs one unit per 500 characters it may hold, for `@Extensions` on the field: the cost then
 * follows what the answer may weigh, and a document that repeats a conversation of long messages
 * under many aliases is refused before it runs (the attacker probe: 95 aliases of a 500 KB
 * conversation fit in one request at 1 unit per message, a 48 MB answer).
 */
export function textCost(maxLength: number): Record<string, number> {
  return { [textCostExtension]: Math.max(1, Math.ceil(maxLength / charactersPerCostUnit)) };
}

/** Checks every limit; the first one exceeded is returned as a typed error (HTTP status 400). */
export function checkDocumentLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: DocumentLimits,
  request: DocumentRequest = {},
): DocumentCheck {
  const counted = countWritten(document, limits);
  if (counted) return { error: counted };
  return new DocumentSummary(schema, document, limits, request).check();
}

function limitError(code: string, message: string, measured: Record<string, number>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...measured, http: { status: 400 } },
  });
}

/** The cost message and figures of graphql-query-complexity's days, which clients may already parse. */
export function costLimitError(cost: number, maxCost: number): GraphQLError {
  return limitError(
    'COST_LIMIT_EXCEEDED',
    `The query costs ${cost}; at most ${maxCost} is allowed. Ask for fewer items or fields.`,
    { cost, maxCost },
  );
}

function depthLimitError(depth: number, maxDepth: number): GraphQLError {
  return limitError(
    'DEPTH_LIMIT_EXCEEDED',
    `The query is ${depth} levels deep; at most ${maxDepth} are allowed.`,
    { depth, maxDepth },
  );
}

export function mutationLimitError(mutations: number, maxMutations: number): GraphQLError {
  return limitError(
    'MUTATION_LIMIT_EXCEEDED',
    `The request runs ${mutations} mutations; at most ${maxMutations} are allowed in one request.`,
    { mutations, maxMutations },
  );
}

/** First pass: what is written, without following fragment spreads. */
function countWritten(document: DocumentNode, limits: DocumentLimits): GraphQLError | null {
  let operations = 0;
  let fragments = 0;
  let selections = 0;
  let aliases = 0;
  let argumentCount = 0;
  let directives = 0;
  let deepest = 0;
  let deepestIntrospection = 0;
  const countDirectives = (nodes: readonly DirectiveNode[] | undefined) => {
    for (const directive of nodes ?? []) {
      directives++;
      argumentCount += directive.arguments?.length ?? 0;
    }
  };
  // An explicit stack: nesting is bounded only by the token limit, so no recursion here. Depth as
  // written (spreads not followed) is at most the depth through fragments: checking it here bounds
  // the second pass's recursion.
  const pending: { selectionSet: SelectionSetNode; depth: number; introspectionNesting: number }[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      operations++;
      countDirectives(definition.directives);
      for (const variable of definition.variableDefinitions ?? []) countDirectives(variable.directives);
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments++;
      countDirectives(definition.directives);
    } else {
      continue;
    }
    pending.push({ selectionSet: definition.selectionSet, depth: 0, introspectionNesting: 0 });
  }
  while (pending.length > 0) {
    const { selectionSet, depth, introspectionNesting } = pending.pop()!;
    for (const selection of selectionSet.selections) {
      selections++;
      countDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        argumentCount += selection.arguments?.length ?? 0;
        const introspection = introspectionNesting > 0 || selection.name.value.startsWith('__');
        const fieldDepth = introspection ? depth : depth + 1;
        const nesting = introspection ? introspectionNesting + 1 : 0;
        deepest = Math.max(deepest, fieldDepth);
        deepestIntrospection = Math.max(deepestIntrospection, nesting);
        if (selection.selectionSet) {
          pending.push({
            selectionSet: selection.selectionSet,
            depth: fieldDepth,
            introspectionNesting: nesting,
          });
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        pending.push({ selectionSet: selection.selectionSet, depth, introspectionNesting });
      }
    }
  }
  if (operations > limits.maxOperations) {
    return limitError(
      'OPERATION_LIMIT_EXCEEDED',
      `The document holds ${operations} operations; at most ${limits.maxOperations} are allowed.`,
      { operations, maxOperations: limits.maxOperations },
    );
  }
  if (fragments > limits.maxFragments) {
    return limitError(
      'FRAGMENT_LIMIT_EXCEEDED',
      `The document defines ${fragments} fragments; at most ${limits.maxFragments} are allowed.`,
      { fragments, maxFragments: limits.maxFragments },
    );
  }
  if (selections > limits.maxSelections) {
    return limitError(
      'SELECTION_LIMIT_EXCEEDED',
      `The document holds ${selections} fields and fragment selections; at most ${limits.maxSelections} are allowed.`,
      { selections, maxSelections: limits.maxSelections },
    );
  }
  if (aliases > limits.maxAliases) {
    return limitError('ALIAS_LIMIT_EXCEEDED', `The document uses more than ${limits.maxAliases} aliases.`, {
      aliases,
      maxAliases: limits.maxAliases,
    });
  }
  if (directives > limits.maxDirectives) {
    return limitError(
      'DIRECTIVE_LIMIT_EXCEEDED',
      `The document uses ${directives} directives; at most ${limits.maxDirectives} are allowed.`,
      { directives, maxDirectives: limits.maxDirectives },
    );
  }
  if (argumentCount > limits.maxArguments) {
    return limitError(
      'ARGUMENT_LIMIT_EXCEEDED',
      `The document passes ${argumentCount} arguments; at most ${limits.maxArguments} are allowed.`,
      { arguments: argumentCount, maxArguments: limits.maxArguments },
    );
  }
  if (deepest > limits.maxDepth) return depthLimitError(deepest, limits.maxDepth);
  if (deepestIntrospection > maxIntrospectionNesting) {
    return limitError(
      'DEPTH_LIMIT_EXCEEDED',
      `Introspection fields are nested ${deepestIntrospection} levels deep; at most ${maxIntrospectionNesting} are allowed.`,
      { depth: deepestIntrospection, maxDepth: maxIntrospectionNesting },
    );
  }
  return null;
}

/**
 * How often a response name is selected in a selection set, the fields those selections hold, and
 * the sum of the squares of their sizes (to count the field pairs between them).
 */
interface NameUse {
  count: number;
  size: number;
  squares: number;
}

/** What a selection set contributes wherever it is used; a fragment's is computed once. */
interface SetSummary {
  /** Deepest field path below, introspection fields excluded. */
  depth: number;
  /** graphql-query-complexity's estimate with the connection estimator (see pageMultiplier). */
  cost: number;
  /** Field nodes, fragments expanded. */
  size: number;
  /** Response names selected at this level, through inline fragments and spreads. */
  names: Map<string, NameUse>;
}

const emptySummary: SetSummary = { depth: 0, cost: 0, size: 0, names: new Map() };

/** Thrown inside the second pass to stop at the first exceeded limit; never leaves this module. */
class LimitExceeded {
  constructor(readonly error: GraphQLError) {}
}

/** Second pass: follows spreads, each fragment summarised once. */
class DocumentSummary {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly fragmentSummaries = new Map<string, SetSummary>();
  private readonly fragmentsInProgress = new Set<string>();
  private readonly operation: OperationDefinitionNode | undefined;
  /** A second fragment of one name would escape the summary keyed by name: UniqueFragmentNames' error, early. */
  private readonly duplicateFragment: FragmentDefinitionNode | undefined;
  private overlapComparisons = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly document: DocumentNode,
    private readonly limits: DocumentLimits,
    private readonly request: DocumentRequest,
  ) {
    const operations: OperationDefinitionNode[] = [];
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        if (this.fragments.has(definition.name.value)) this.duplicateFragment ??= definition;
        this.fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        operations.push(definition);
      }
    }
    // The operation that would run, as graphql-js picks it; without one nothing runs, so no cost.
    this.operation = request.operationName
      ? operations.find((operation) => operation.name?.value === request.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  }

  check(): DocumentCheck {
    if (this.duplicateFragment) {
      const name = this.duplicateFragment.name.value;
      return {
        error: new GraphQLError(`There can be only one fragment named "${name}".`, {
          nodes: [this.duplicateFragment],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
        }),
      };
    }
    try {
      let mutationFields = 0;
      let cost = 0;
      for (const definition of this.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          this.fragmentSummary(definition.name.value);
        } else if (definition.kind === Kind.OPERATION_DEFINITION) {
          const rootType = this.schema.getRootType(definition.operation);
          const summary = this.mergedSetSummary(definition.selectionSet, rootType ?? undefined);
          if (summary.depth > this.limits.maxDepth) {
            throw new LimitExceeded(depthLimitError(summary.depth, this.limits.maxDepth));
          }
          if (definition !== this.operation) continue;
          cost = summary.cost;
          if (summary.cost > this.limits.maxCost) {
            throw new LimitExceeded(costLimitError(summary.cost, this.limits.maxCost));
          }
          if (definition.operation === 'mutation') {
            for (const use of summary.names.values())
              mutationFields = saturatingAdd(mutationFields, use.count);
          }
        }
      }
      if (mutationFields > this.limits.maxMutations) {
        return { error: mutationLimitError(mutationFields, this.limits.maxMutations) };
      }
      return { cost, mutationFields };
    } catch (error) {
      if (error instanceof LimitExceeded) return { error: error.error };
      throw error;
    }
  }

  private fragmentSummary(name: string): SetSummary {
    const known = this.fragmentSummaries.get(name);
    if (known) return known;
    const fragment = this.fragments.get(name);
    // An unknown fragment is KnownFragmentNames' to report; it adds nothing here.
    if (!fragment) return emptySummary;
    if (this.fragmentsInProgress.has(name)) {
      throw new LimitExceeded(
        new GraphQLError(`Cannot spread fragment "${name}" within itself.`, {
          nodes: [fragment],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
        }),
      );
    }
    this.fragmentsInProgress.add(name);
    const summary = this.mergedSetSummary(
      fragment.selectionSet,
      this.schema.getType(fragment.typeCondition.name.value) ?? undefined,
    );
    this.fragmentsInProgress.delete(name);
    this.fragmentSummaries.set(name, summary);
    return summary;
  }

  /**
   * A selection set that graphql-js checks for overlapping fields on its own: an operation's, a
   * fragment definition's or a field's. Inline fragments and spreads merge into it.
   */
  private mergedSetSummary(selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined) {
    const summary: SetSummary = { depth: 0, cost: 0, size: 0, names: new Map() };
    this.addSelections(summary, selectionSet, parentType);
    for (const [name, use] of summary.names) {
      if (use.count > this.limits.maxFieldRepeats) {
        throw new LimitExceeded(
          limitError(
            'FIELD_REPETITION_LIMIT_EXCEEDED',
            `"${name}" is selected ${use.count} times in one selection set; at most ${this.limits.maxFieldRepeats} are allowed.`,
            { repeats: use.count, maxFieldRepeats: this.limits.maxFieldRepeats },
          ),
        );
      }
      // Sum over pairs i < j of size_i * size_j; in floating point, where a saturated size stays huge.
      const pairs = (use.size * use.size - use.squares) / 2;
      this.overlapComparisons = Math.min(this.overlapComparisons + pairs, saturation);
    }
    if (this.overlapComparisons > this.limits.maxOverlapComparisons) {
      throw new LimitExceeded(
        limitError(
          'FIELD_REPETITION_LIMIT_EXCEEDED',
          `Repeated selections would take ${this.overlapComparisons} field comparisons to merge; at most ${this.limits.maxOverlapComparisons} are allowed. Select each field once per selection set.`,
          {
            overlapComparisons: this.overlapComparisons,
            maxOverlapComparisons: this.limits.maxOverlapComparisons,
          },
        ),
      );
    }
    return summary;
  }

  private addSelections(
    summary: SetSummary,
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
  ): void {
    for (const selection of selectionSet.selections) {
      const included = this.included(selection.directives);
      if (selection.kind === Kind.FIELD) {
        const field = this.fieldSummary(selection, parentType);
        summary.depth = Math.max(summary.depth, field.depth);
        if (included) summary.cost = saturatingAdd(summary.cost, field.cost);
        summary.size = saturatingAdd(summary.size, field.size);
        addNameUse(summary.names, (selection.alias ?? selection.name).value, {
          count: 1,
          size: field.size,
          squares: saturatingMultiply(field.size, field.size),
        });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (this.schema.getType(selection.typeCondition.name.value) ?? undefined)
          : parentType;
        const inline: SetSummary = { depth: 0, cost: 0, size: 0, names: new Map() };
        this.addSelections(inline, selection.selectionSet, type);
        mergeInto(summary, inline, included);
      } else {
        mergeInto(summary, this.fragmentSummary(selection.name.value), included);
      }
    }
  }

  private fieldSummary(field: FieldNode, parentType: GraphQLNamedType | undefined) {
    const definition = fieldDefinition(parentType, field.name.value);
    const children = field.selectionSet
      ? this.mergedSetSummary(field.selectionSet, definition ? getNamedType(definition.type) : undefined)
      : emptySummary;
    const introspection = field.name.value.startsWith('__');
    const own = definition?.extensions?.[textCostExtension];
    return {
      depth: introspection ? 0 : children.depth + 1,
      cost: saturatingAdd(
        typeof own === 'number' ? own : 1,
        saturatingMultiply(children.cost, this.pageMultiplier(field, definition)),
      ),
      size: saturatingAdd(1, children.size),
    };
  }

  /**
   * The connection estimator: a field with a numeric `first` costs its children once per item it can
   * return, as many as a page holds at most; a list without `first` as many times as its `listCost`
   * says; any other field costs its children once.
   */
  private pageMultiplier(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number {
    const items = definition?.extensions?.[listCostExtension];
    if (typeof items === 'number') return items;
    const argument = field.arguments?.find((candidate) => candidate.name.value === 'first');
    const first = argument
      ? this.argumentValue(argument.value)
      : definition?.args.find((candidate) => candidate.name === 'first')?.defaultValue;
    return typeof first === 'number' && Number.isFinite(first)
      ? Math.min(Math.max(first, 1), maxPageSize)
      : 1;
  }

  /** A literal, or a variable's value from the request, or else its default in the operation. */
  private argumentValue(value: ValueNode): unknown {
    if (value.kind !== Kind.VARIABLE) return valueFromASTUntyped(value);
    const name = value.name.value;
    const variables = this.request.variables;
    if (variables && Object.prototype.hasOwnProperty.call(variables, name)) return variables[name];
    const definition = this.operation?.variableDefinitions?.find(
      (candidate) => candidate.variable.name.value === name,
    );
    return definition?.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
  }

  /** @skip and @include as graphql-js applies them; a skipped selection costs nothing. */
  private included(directives: readonly DirectiveNode[] | undefined): boolean {
    for (const directive of directives ?? []) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const condition = directive.arguments?.find((argument) => argument.name.value === 'if');
      const value = condition ? this.argumentValue(condition.value) : undefined;
      if (typeof value !== 'boolean') continue;
      if ((name === 'skip') === value) return false;
    }
    return true;
  }
}

function fieldDefinition(
  parentType: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (isObjectType(parentType) || isInterfaceType(parentType)) return parentType.getFields()[name];
  return undefined;
}

function addNameUse(names: Map<string, NameUse>, name: string, use: NameUse): void {
  const known = names.get(name);
  if (known) {
    known.count = saturatingAdd(known.count, use.count);
    known.size = saturatingAdd(known.size, use.size);
    known.squares = saturatingAdd(known.squares, use.squares);
  } else {
    names.set(name, { ...use });
  }
}

/**
 * Adds a spread's or inline fragment's summary. Types are not told apart: where selections on
 * different possible types of an abstract type cannot both apply, the sum is an upper bound of the
 * cost graphql-query-complexity reported (no field of this schema returns an abstract type).
 */
function mergeInto(summary: SetSummary, part: SetSummary, included: boolean): void {
  summary.depth = Math.max(summary.depth, part.depth);
  if (included) summary.cost = saturatingAdd(summary.cost, part.cost);
  summary.size = saturatingAdd(summary.size, part.size);
  for (const [name, use] of part.names) addNameUse(summary.names, name, use);
}
