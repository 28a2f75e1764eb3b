import 'server-only';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** Where server components reach the API (server to server); the browser goes through server.mjs. */
export const apiUrl = (process.env.CODESALE_API_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');

export class ApiUnavailableError extends Error {}

/**
 * Runs a public query from a server component (catalog, listing): no cookies are forwarded, so the
 * answer is the same for everyone and never leaks a session. GraphQL errors throw: the page's
 * error boundary shows them.
 */
export async function serverQuery<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: print(document), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ApiUnavailableError(`The API at ${apiUrl} did not answer: ${(error as Error).message}`);
  }
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  }
  return body.data;
}
