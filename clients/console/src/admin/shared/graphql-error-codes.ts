import { CombinedGraphQLErrors } from '@apollo/client/errors';

/** The `extensions.code` of each GraphQL error in a failed operation (empty for a network failure). */
export function graphQLErrorCodes(error: unknown): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.flatMap((entry) => {
    const code = entry.extensions?.code;
    return typeof code === 'string' ? [code] : [];
  });
}
