import { CombinedGraphQLErrors } from '@apollo/client';
import { errorMessage } from './error-message';

describe('errorMessage', () => {
  it("says the server could not be reached instead of the browser's 'Failed to fetch'", () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(
      'The server could not be reached; check the connection and try again.',
    );
  });

  it("gives the server's words for a GraphQL error", () => {
    const error = new CombinedGraphQLErrors({ errors: [{ message: 'You are not allowed to do this.' }] });
    expect(errorMessage(error)).toBe('You are not allowed to do this.');
  });
});
