import type { FieldPolicy, Reference, StoreObject, TypePolicy } from '@apollo/client';

/**
 * Apollo cache rules for disputes (wired in app/type-policies.ts).
 *
 * Every answer and event that carries a dispute is written into one normalised `Dispute` object;
 * answers race with events, so an older version arriving late must not overwrite a newer one. The
 * incoming object is merged under the existing one when it is older: fields only it has (a
 * timeline the cache never held) are added, fields both have keep the newer value.
 *
 * Apollo runs a type's `merge` for a normalised object only when the object is written as the value
 * of a field (a query's `dispute`, an edge's `node`, a payload's `dispute`) AND one of its fields
 * has a merge function of its own: `version` has one for that reason. A root-level
 * `cache.writeFragment` bypasses type merges altogether, so the console's own writes of feed events
 * compare versions before writing (see queue/use-dispute-feed.ts and dispute/use-dispute-live.ts).
 */
export const disputeTypePolicy: TypePolicy = {
  merge(existing: StoreObject | Reference | undefined, incoming: StoreObject, { readField, mergeObjects }) {
    if (!existing) return incoming;
    const existingVersion = readField<number>('version', existing);
    const incomingVersion = readField<number>('version', incoming);
    if (
      typeof existingVersion === 'number' &&
      typeof incomingVersion === 'number' &&
      incomingVersion < existingVersion
    ) {
      // Older: keep every field the cache has, take only the ones it lacks.
      return mergeObjects(incoming, existing);
    }
    return mergeObjects(existing, incoming);
  },
  fields: {
    version: { merge: (_existing: number | undefined, incoming: number) => incoming },
    // Risk has no id: an answer replaces it whole (it is computed from the immutable snapshot).
    risk: { merge: true },
  },
};

interface QueuePage {
  edges: { cursor: string; node: Reference | StoreObject }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * `disputeQueue` pages: one list per filter (`first` and `after` are not part of the key). A page
 * fetched with `after` is appended when it continues the list; any answer without `after` (the
 * first page, a refetch, the feed's rewrite) replaces it. A page for a cursor the list no longer
 * ends with (the list was replaced while it was in flight) is dropped rather than leaving a gap.
 */
export const disputeQueueFieldPolicy: FieldPolicy<QueuePage> = {
  keyArgs: ['filter'],
  merge(existing, incoming, { args, readField }) {
    const after = typeof args?.['after'] === 'string' ? args['after'] : null;
    if (!existing || after === null) return incoming;
    if (after !== existing.pageInfo.endCursor) return existing;
    const listed = new Set(existing.edges.map((edge) => readField<string>('id', edge.node)));
    const added = incoming.edges.filter((edge) => !listed.has(readField<string>('id', edge.node)));
    return { ...incoming, edges: [...existing.edges, ...added] };
  },
};
