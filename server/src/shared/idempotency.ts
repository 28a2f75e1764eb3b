import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../db/transaction';
import { assert } from './assert';
import { canonicalHash } from './canonical-json';
import { idempotencyKeys } from './idempotency.tables';

/**
 * Idempotency keys for money-moving mutations (invariant 13). A key is stored per scope (the
 * mutation), user and key, with a hash of the request's input:
 * - the same key with the same input replays the first result;
 * - the same key with a different input is IDEMPOTENCY_KEY_REUSED;
 * - a first use is claimed and completed inside the caller's transaction, so the key commits
 *   with the work it guards, and a rolled-back attempt (a broken business rule) leaves no trace.
 * Two concurrent first uses of one key queue on the primary key: the second waits for the first
 * to commit, then replays its result (or, if the first rolled back, claims the key itself).
 */

export interface IdempotentRequest {
  /** The operation, e.g. `createTopUp`: keys of different operations never collide. */
  scope: string;
  key: string;
  userId: string;
  /** Everything that defines the request except the key itself. */
  input: unknown;
}

export type IdempotencyClaim<Result> =
  { status: 'CLAIMED' } | { status: 'REPLAYED'; result: Result } | { status: 'KEY_REUSED' };

/** Keys are 1 to 100 characters: letters, digits, `.` `_` `:` `-` (a UUID is the usual choice). */
export const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{1,100}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return idempotencyKeyPattern.test(key);
}

/** SHA-256 of the input's canonical JSON, in hex. */
export function inputHash(input: unknown): string {
  return canonicalHash(input).toString('hex');
}

/**
 * Claims `request.key` in `tx`. On CLAIMED the caller does the work and calls
 * completeIdempotencyKey in the same transaction before it commits.
 */
export async function claimIdempotencyKey<Result>(
  tx: Tx,
  request: IdempotentRequest,
): Promise<IdempotencyClaim<Result>> {
  assert(isValidIdempotencyKey(request.key), 'idempotency keys are validated before they are claimed');
  const hash = inputHash(request.input);
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ scope: request.scope, userId: request.userId, key: request.key, inputHash: hash, result: null })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed) return { status: 'CLAIMED' };
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, request.scope),
        eq(idempotencyKeys.userId, request.userId),
        eq(idempotencyKeys.key, request.key),
      ),
    );
  assert(existing, `idempotency key ${request.scope}/${request.key} conflicted but is missing`);
  if (existing.inputHash !== hash) return { status: 'KEY_REUSED' };
  assert(
    existing.result !== null,
    `idempotency key ${request.scope}/${request.key} committed without a result`,
  );
  return { status: 'REPLAYED', result: existing.result as Result };
}

/** Stores the result of a claimed key; replays return it from now on. */
export async function completeIdempotencyKey<Result>(
  tx: Tx,
  request: IdempotentRequest,
  result: Result,
): Promise<void> {
  const updated = await tx
    .update(idempotencyKeys)
    .set({ result: result as unknown })
    .where(
      and(
        eq(idempotencyKeys.scope, request.scope),
        eq(idempotencyKeys.userId, request.userId),
        eq(idempotencyKeys.key, request.key),
        isNull(idempotencyKeys.result),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  assert(
    updated.length === 1,
    `idempotency key ${request.scope}/${request.key} was not claimed in this transaction`,
  );
}

/**
 * Runs `work` once per key: claims the key, runs `work`, stores its result, all in `tx`.
 * A replay returns the stored result without running `work`. `work` that breaks a business rule
 * should make the caller roll `tx` back, which releases the key.
 */
export async function withIdempotencyKey<Result>(
  tx: Tx,
  request: IdempotentRequest,
  work: () => Promise<Result>,
): Promise<{ status: 'FIRST' | 'REPLAYED'; result: Result } | { status: 'KEY_REUSED' }> {
  const claim = await claimIdempotencyKey<Result>(tx, request);
  if (claim.status === 'KEY_REUSED') return claim;
  if (claim.status === 'REPLAYED') return claim;
  const result = await work();
  await completeIdempotencyKey(tx, request, result);
  return { status: 'FIRST', result };
}
