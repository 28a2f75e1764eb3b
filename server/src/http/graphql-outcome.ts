import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError, OperationTypeNode } from 'graphql';
import type { Context } from '../graphql/context';
import { isPublicError, maskedMessage } from '../graphql/errors';
import type { Metrics } from './metrics';

/**
 * What happens to an HTTP operation's errors on their way out, on both paths: Apollo's plugin
 * below, and known operations, which skip Apollo (known-operations.ts).
 */

/** Every unexpected error is logged with the request id; public ones are the client's business. */
export function logUnexpectedErrors(errors: readonly GraphQLError[], context: Context): void {
  for (const error of errors) {
    if (isPublicError(error)) continue;
    context.services.log.error(
      { err: error.originalError ?? error, requestId: context.meta.requestId, path: error.path },
      'unexpected GraphQL error',
    );
  }
}

/**
 * Counts the operation by type and outcome, and hands the request id to the client with each
 * masked error (the id that finds it in the logs).
 */
export function answeredErrors(
  metrics: Metrics,
  context: Context,
  operationType: OperationTypeNode | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): GraphQLFormattedError[] | undefined {
  metrics.graphqlOperations.inc({
    type: operationType ?? 'unknown',
    outcome: errors?.length ? 'error' : 'ok',
  });
  return errors?.map((error) =>
    error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR'
      ? {
          ...error,
          message: maskedMessage(context.meta.requestId),
          extensions: { ...error.extensions, requestId: context.meta.requestId },
        }
      : error,
  );
}

export function errorLoggingPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          logUnexpectedErrors(errors, contextValue);
        },
        async willSendResponse({ response, contextValue, operation }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = answeredErrors(metrics, contextValue, operation?.operation, result.errors);
        },
      };
    },
  };
}
