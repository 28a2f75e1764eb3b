import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

/**
 * What to tell the person when a request got no usable answer, on every screen of the console and the buyer app. User errors
 * are values in the payload and never reach here; this is for failures: the network (the browser's
 * own "Failed to fetch" is not for people), a masked server error.
 */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return (
      error.errors.map((graphQLError) => graphQLError.message).join(' ') || 'The server refused the request.'
    );
  }
  if (ServerError.is(error)) return `The server answered ${error.statusCode}; try again in a moment.`;
  if (error instanceof TypeError)
    return 'The server could not be reached; check the connection and try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong; try again.';
}
