import { appendConnectionPage } from './connection';

const page = (cursors: string[], hasNextPage: boolean) => ({
  edges: cursors.map((cursor) => ({ cursor, node: { id: cursor } })),
  pageInfo: { hasNextPage, endCursor: cursors.at(-1) ?? null },
});

describe('appendConnectionPage', () => {
  it('appends the next page after the rows shown and takes its page info', () => {
    const merged = appendConnectionPage(page(['a', 'b'], true), page(['c', 'd'], false));
    expect(merged.edges.map((edge) => edge.cursor)).toEqual(['a', 'b', 'c', 'd']);
    expect(merged.pageInfo).toEqual({ hasNextPage: false, endCursor: 'd' });
  });

  it('keeps a row that came back in the next page once, where it was first shown', () => {
    const merged = appendConnectionPage(page(['a', 'b'], true), page(['b', 'c'], true));
    expect(merged.edges.map((edge) => edge.cursor)).toEqual(['a', 'b', 'c']);
  });
});
