import 'server-only';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** Where server components reach the API (server to server); the browser goes through server.mjs. */
export const apiUrl = (process.env.CODESALE_API_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '');

/** The API did not answer, or answered something other than GraphQL (down, starting, a proxy's 502). */
export class ApiUnavailableError extends Error {}

/** The API answered with GraphQL errors; `codes` are their `extensions.code`. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly codes: string[],
  ) {
    super(message);
  }
}

interface GraphQLBody<Result> {
  data?: Result | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/**
 * Runs a public query from a server component (catalog, listing): no cookies are forwarded, so the
 * answer is the same for everyone and never leaks a session. Pages catch ApiUnavailableError to
 * say what to do; GraphQL errors throw GraphQLRequestError.
 */
export async function serverQuery<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  let response: Response;
  let body: GraphQLBody<Result>;
  try {
    response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: print(document), variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
    body = (await response.json()) as GraphQLBody<Result>;
  } catch (error) {
    throw new ApiUnavailableError(`The API at ${apiUrl} did not answer: ${(error as Error).message}`);
  }
  if (body.errors?.length || !body.data) {
    if (!body.errors?.length && response.status >= 500) {
      throw new ApiUnavailableError(`The API at ${apiUrl} answered HTTP ${response.status}`);
    }
    throw new GraphQLRequestError(
      body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`,
      (body.errors ?? []).flatMap((error) =>
        typeof error.extensions?.code === 'string' ? [error.extensions.code] : [],
      ),
    );
  }
  return body.data;
}
