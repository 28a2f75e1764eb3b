/**
 * Where a partner's system sends its requests: the GraphQL API on the origin the console is served
 * from (the console talks to /graphql on its own origin, vite.config.ts), as the browser sees it.
 */
export function graphqlEndpoint(origin: string): string {
  return new URL('/graphql', origin).href;
}

/** A first request to try with a new key (CATALOG_READ), as docs/API.md section 10 shows it. */
export function exampleRequest(endpoint: string): string {
  return [
    `curl -s ${endpoint} \\`,
    `  -H 'content-type: application/json' -H "x-api-key: $API_KEY" \\`,
    `  -d '{"query": "{ myListings(first: 5) { edges { node { title stock } } } }"}'`,
  ].join('\n');
}
