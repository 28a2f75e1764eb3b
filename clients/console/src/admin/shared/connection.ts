/** The shape every cursor connection of the API shares. */
export interface ConnectionPage<Edge extends { cursor: string }> {
  edges: readonly Edge[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Appends the next keyset page to the pages already shown. An edge can come twice when the list
 * moved between two requests (a row inserted before the cursor): it is kept once, where it was
 * first seen, so rows never jump or repeat.
 */
export function appendConnectionPage<Edge extends { cursor: string }, Page extends ConnectionPage<Edge>>(
  previous: Page,
  next: Page,
): Page {
  const seen = new Set(previous.edges.map((edge) => edge.cursor));
  const fresh = next.edges.filter((edge) => !seen.has(edge.cursor));
  return { ...next, edges: [...previous.edges, ...fresh], pageInfo: next.pageInfo };
}
