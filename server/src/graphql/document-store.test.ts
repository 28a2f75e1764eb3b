import { parse } from 'graphql';
import { sizedDocumentStore } from './document-store';

/**
 * Apollo's document store keeps parsed documents by the hash of their text. A parsed document
 * holds its whole text, so the store must count it: 40 documents of 1 MiB of comment each are more
 * than its 30 MiB, and the oldest must go.
 */
describe('sizedDocumentStore', () => {
  it('counts the text a parsed document keeps, so that long documents are evicted', async () => {
    const store = sizedDocumentStore();
    const keys = Array.from({ length: 40 }, (_, index) => `document-${index}`);
    for (const key of keys) {
      await store.set(key, parse(`#${key}${'z'.repeat(1024 * 1024)}\n{ __typename }`));
    }

    expect(await store.get(keys[0]!)).toBeUndefined();
    expect(await store.get(keys.at(-1)!)).toBeDefined();
  });

  it('keeps many ordinary documents', async () => {
    const store = sizedDocumentStore();
    const keys = Array.from({ length: 1_000 }, (_, index) => `document-${index}`);
    for (const key of keys)
      await store.set(key, parse(`query Q${key.slice(9)} { me { id displayName roles } }`));

    expect(await store.get(keys[0]!)).toBeDefined();
  });
});
