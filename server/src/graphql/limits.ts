import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { maxPageSize } from './relay';

/**
 * Limits on what one document may ask for: depth, aliases and cost are validation-time checks
 * (nothing executes); tokens are limited at parse time and batch size at the HTTP layer.
 */

/** Depth of the deepest field path, through fragments; introspection fields do not count. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const depthOf = (selectionSet: SelectionSetNode, depth: number, visiting: Set<string>): number => {
      let deepest = depth;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const below = selection.selectionSet
            ? depthOf(selection.selectionSet, depth + 1, visiting)
            : depth + 1;
          deepest = Math.max(deepest, below);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, depth, visiting));
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // Cycles are reported by graphql's own NoFragmentCycles rule; here they just stop.
          if (!fragment || visiting.has(name)) continue;
          visiting.add(name);
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, depth, visiting));
          visiting.delete(name);
        }
        if (deepest > maxDepth) return deepest;
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth} levels deep; at most ${maxDepth} are allowed.`, {
              nodes: [operation],
              extensions: { code: 'DEPTH_LIMIT_EXCEEDED' },
            }),
          );
        }
      },
    };
  };
}

export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(field) {
        if (!field.alias) return;
        aliases++;
        if (aliases > maxAliases && !reported) {
          reported = true;
          context.reportError(
            new GraphQLError(`The document uses more than ${maxAliases} aliases.`, {
              nodes: [field],
              extensions: { code: 'ALIAS_LIMIT_EXCEEDED' },
            }),
          );
        }
      },
    };
  };
}

/** A list field with `first` costs its children once per item it can return (pages are capped at maxPageSize). */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = args['first'];
  return typeof first === 'number'
    ? 1 + childComplexity * Math.min(Math.max(first, 1), maxPageSize)
    : undefined;
};

/** The cost of the operation; throws a BAD_USER_INPUT GraphQLError when its variables do not coerce. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
): number {
  try {
    // graphql-query-complexity coerces the variables with no cap on errors, and each error costs a
    // stack trace: 5,000 bad list items held the event loop for seconds. Coerced here first, the
    // first error is the answer.
    const operation = getOperationAST(document, operationName);
    const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], variables ?? {}, {
      maxErrors: 1,
    });
    if (coerced.errors) throw coerced.errors[0];
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // The cost needs the variables: one that does not coerce is the client's mistake, not ours.
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

export function costLimitError(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `The query costs ${cost}; at most ${maxCost} is allowed. Ask for fewer items or fields.`,
    {
      extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost, http: { status: 400 } },
    },
  );
}
