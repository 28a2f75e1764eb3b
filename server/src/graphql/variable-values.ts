import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * Over graphql-ws, a variable that does not coerce (a string for an Int) would come back from
 * execution as an unexpected error and be masked; Apollo labels it BAD_USER_INPUT over HTTP. This
 * coerces the variables before execution and answers the same typed error. (The cost check used to
 * do it as a side effect, when it coerced the variables to read `first`.)
 */
export function variableValuesError(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { variables?: Record<string, unknown> | null; operationName?: string | null },
): GraphQLError | null {
  const operation = getOperationAST(document, request.operationName);
  // Without an operation, execution answers its own typed error.
  if (!operation) return null;
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
