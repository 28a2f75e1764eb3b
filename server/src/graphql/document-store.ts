import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

/** What Apollo's own document store holds by default: 30 MiB. */
const maxSize = 30 * 1024 * 1024;

/**
 * Apollo's cache of parsed and validated documents, sized by what a document really keeps. Its
 * default store measures a document by its JSON, where each node's location prints as two numbers,
 * but every parsed document holds its whole source text through those locations: 7 MiB of
 * comments counted as a few bytes, and an anonymous client filled the heap with them. Text length
 * is counted here too (documents are also refused past GRAPHQL_MAX_QUERY_LENGTH before parsing).
 */
export function sizedDocumentStore(): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({
    maxSize,
    sizeCalculation: (document) =>
      InMemoryLRUCache.sizeCalculation(document) + (document.loc?.source.body.length ?? 0),
  });
}
