/**
 * Answers and live events race (a query answered before a change may land after its event; a
 * resumed subscription replays what it missed): the thread shows the dispute with the highest
 * `version` it has seen and never rolls back. Same rule as the console's Dispute type policy
 * (clients/console/src/support/dispute-type-policies.ts), kept in the component because the buyer's
 * shared Apollo client has no such policy.
 *
 * On equal versions the LATER candidate wins: pass the complete live event last. The cache's copy
 * of a version can be partial (the order page refetches `dispute { id state version }` and Apollo
 * merges those fields into the cached dispute, whose other fields are older).
 */
export function newestDispute<Dispute extends { version: number }>(
  ...candidates: readonly (Dispute | null | undefined)[]
): Dispute | null {
  let newest: Dispute | null = null;
  for (const candidate of candidates) {
    if (candidate && (!newest || candidate.version >= newest.version)) newest = candidate;
  }
  return newest;
}
