import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Variables that do not coerce (a string for an Int), answered with BAD_USER_INPUT at the first bad
 * value, before execution: over graphql-ws execution would report them as an unexpected error, and
 * over HTTP Apollo would coerce a list of thousands of bad values before giving up with one.
 */
export function variableValuesError(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null },
): GraphQLError | null {
  const operation = getOperationAST(document, request.operationName);
  // Without an operation, execution answers its own typed error; without variables, nothing to coerce.
  if (!operation?.variableDefinitions?.length) return null;
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
    maxErrors: 1,
  });
  const error = errors?.[0];
  if (!error) return null;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}
