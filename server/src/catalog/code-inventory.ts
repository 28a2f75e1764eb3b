import crypto from 'node:crypto';
import { asc, eq, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { assert } from '../shared/assert';
import { CodeLineStatus, CodeStatus, ListingStatus } from './catalog.enums';
import { visibleSellerCondition } from './catalog.queries';
import { codes, listings } from './catalog.tables';
import type { CodeCipher, SealedCode } from './code-cipher';
import { parseCodeLine } from './code-format';

/**
 * The code inventory's writes: sealing and inserting uploaded codes, selling one, re-encrypting
 * under a new key. Plain functions over an explicit transaction; CatalogService calls them.
 */

export type CodeRow = typeof codes.$inferSelect;

/** Rows per INSERT statement: bounds each statement's size and paces the progress log. */
export const insertBatchSize = 1_000;

export interface RejectedLine {
  /** 1-based position in the upload. */
  line: number;
  status: CodeLineStatus;
  message: string;
}

/** A valid, sealed code of an upload, ready to insert. */
export interface CodeCandidate extends SealedCode {
  id: string;
  line: number;
  fingerprint: Buffer;
}

/**
 * Validates and seals every line, outside any transaction (it is all CPU). Lines that are not
 * codes, and lines that repeat an earlier line of the same upload, are rejected here. The
 * candidates come back ordered by fingerprint: every upload inserts in that one order, so two
 * uploads that share codes wait on each other in one direction only and cannot deadlock.
 */
export async function prepareUpload(
  cipher: CodeCipher,
  lines: readonly string[],
): Promise<{
  candidates: CodeCandidate[];
  rejected: RejectedLine[];
}> {
  const candidates: CodeCandidate[] = [];
  const rejected: RejectedLine[] = [];
  const firstLineByFingerprint = new Map<string, number>();
  for (let index = 0; index < lines.length; index++) {
    // Sealing 10,000 codes takes a fifth of a second of CPU: other requests run between slices.
    if (index > 0 && index % prepareSliceSize === 0) await new Promise((resolve) => setImmediate(resolve));
    const line = index + 1;
    const parsed = parseCodeLine(lines[index]!);
    if (!parsed.valid) {
      rejected.push({ line, status: CodeLineStatus.INVALID, message: parsed.reason });
      continue;
    }
    const fingerprint = cipher.fingerprint(parsed.normalized);
    const key = fingerprint.toString('base64');
    const firstLine = firstLineByFingerprint.get(key);
    if (firstLine !== undefined) {
      rejected.push({
        line,
        status: CodeLineStatus.DUPLICATE,
        message: `This code repeats line ${firstLine}.`,
      });
      continue;
    }
    firstLineByFingerprint.set(key, line);
    const id = crypto.randomUUID();
    candidates.push({ id, line, fingerprint, ...cipher.seal(id, parsed.code) });
  }
  candidates.sort((left, right) => Buffer.compare(left.fingerprint, right.fingerprint));
  return { candidates, rejected };
}

/** Lines prepared between two turns of the event loop (about 10 ms of sealing). */
const prepareSliceSize = 500;

/**
 * Inserts the candidates into the listing, in batches. The unique index on fingerprint decides
 * what is new: `on conflict do nothing` skips a code that exists anywhere, including one another
 * upload inserted a moment ago and has not committed yet (PostgreSQL waits for that transaction
 * and skips the row if it commits). Nothing is read first, so there is no window between a check
 * and a write. Returns the candidates that were skipped as duplicates, with why, and how many of
 * them another seller holds (each one tells the uploader that the code exists: addCodes rations them).
 */
export async function insertCandidates(
  tx: Tx,
  listing: { id: string; sellerId: string },
  candidates: readonly CodeCandidate[],
  log: Logger,
): Promise<{ duplicates: RejectedLine[]; heldByOtherSellers: number }> {
  const inserted = new Set<string>();
  for (let start = 0; start < candidates.length; start += insertBatchSize) {
    const batch = candidates.slice(start, start + insertBatchSize);
    // Columns as arrays through unnest: 8 parameters per statement rather than 8 per row, which
    // keeps building and sending a 1,000-row statement cheap.
    const result = await tx.execute<{ id: string }>(sql`
      insert into ${codes} (id, listing_id, seller_id, fingerprint, key_id, iv, ciphertext, auth_tag)
      select batch.id, ${listing.id}::uuid, ${listing.sellerId}::uuid, batch.fingerprint, batch.key_id,
             batch.iv, batch.ciphertext, batch.auth_tag
        from unnest(
          ${sql.param(batch.map((candidate) => candidate.id))}::uuid[],
          ${sql.param(batch.map((candidate) => candidate.fingerprint))}::bytea[],
          ${sql.param(batch.map((candidate) => candidate.keyId))}::text[],
          ${sql.param(batch.map((candidate) => candidate.iv))}::bytea[],
          ${sql.param(batch.map((candidate) => candidate.ciphertext))}::bytea[],
          ${sql.param(batch.map((candidate) => candidate.authTag))}::bytea[]
        ) with ordinality as batch (id, fingerprint, key_id, iv, ciphertext, auth_tag, position)
       order by batch.position
      on conflict (fingerprint) do nothing
      returning id`);
    for (const row of result.rows) inserted.add(row.id);
    if (candidates.length > insertBatchSize) {
      log.info(
        {
          listingId: listing.id,
          processed: start + batch.length,
          total: candidates.length,
          added: inserted.size,
        },
        'addCodes progress',
      );
    }
  }
  const skipped = candidates.filter((candidate) => !inserted.has(candidate.id));
  return describeDuplicates(tx, listing, skipped);
}

/** The rows that made the skipped candidates duplicates are committed by now; say where they are. */
async function describeDuplicates(
  tx: Tx,
  listing: { id: string; sellerId: string },
  skipped: readonly CodeCandidate[],
): Promise<{ duplicates: RejectedLine[]; heldByOtherSellers: number }> {
  const holderOf = new Map<string, { listingId: string; sellerId: string; status: string }>();
  for (let start = 0; start < skipped.length; start += insertBatchSize) {
    const fingerprints = skipped
      .slice(start, start + insertBatchSize)
      .map((candidate) => candidate.fingerprint);
    const rows = await tx
      .select({
        fingerprint: codes.fingerprint,
        listingId: codes.listingId,
        sellerId: codes.sellerId,
        status: codes.status,
      })
      .from(codes)
      .where(sql`${codes.fingerprint} = any(${sql.param(fingerprints)}::bytea[])`);
    for (const row of rows) holderOf.set(row.fingerprint.toString('base64'), row);
  }
  let heldByOtherSellers = 0;
  const duplicates = skipped.map((candidate) => {
    const holder = holderOf.get(candidate.fingerprint.toString('base64'));
    const own = holder?.sellerId === listing.sellerId;
    if (!own) heldByOtherSellers++;
    return {
      line: candidate.line,
      status: CodeLineStatus.DUPLICATE,
      // Which listing or seller holds another seller's code is not said: only that it is taken.
      message: !own
        ? 'This code is already on CodeSale.'
        : holder.status === CodeStatus.REMOVED
          ? 'This code was withdrawn with a listing of yours you archived: a code once uploaded cannot be uploaded again.'
          : holder.listingId === listing.id
            ? 'This code is already in this listing.'
            : 'This code is already in another of your listings.',
    };
  });
  return { duplicates, heldByOtherSellers };
}

/**
 * The statement that sells one AVAILABLE code of the listing `listingId` selects (an expression,
 * possibly a subquery) to `orderId`: the oldest one that no concurrent transaction holds (`skip
 * locked`). The stock trigger decrements the listing in the same statement. Returns `id`.
 */
function sellOneCodeSql(listingId: SQLWrapper, orderId: SQLWrapper): SQL {
  // The statuses are literals, not parameters: a prepared statement's generic plan can then use
  // the partial index codes_available_idx (where status = 'AVAILABLE').
  return sql`update ${codes}
       set status = ${literal(CodeStatus.SOLD)}, order_id = ${orderId}, sold_at = now(), updated_at = now()
     where id = (
       select id from ${codes}
        where listing_id = (${listingId}) and status = ${literal(CodeStatus.AVAILABLE)}
        order by created_at, id
        limit 1
        for update skip locked)
    returning id`;
}

/** A status as an SQL literal (an enum's value: a fixed word, never input). */
function literal(status: CodeStatus | ListingStatus): SQL {
  return sql.raw(`'${status}'`);
}

/** Sells one AVAILABLE code of the listing to `orderId` (sellOneCodeSql). Returns its id, or null when none is left. */
export async function takeAvailableCode(tx: Tx, listingId: string, orderId: string): Promise<string | null> {
  const result = await tx.execute<{ id: string }>(
    sellOneCodeSql(sql`${listingId}::uuid`, sql`${orderId}::uuid`),
  );
  return result.rows[0]?.id ?? null;
}

/**
 * The catalog's part of the checkout's claim statement (checkout/purchase-statements.ts): one
 * statement checks the listing, sells a code, and (the checkout's part) inserts the order. Two CTEs
 * for its WITH clause:
 *
 * - `claimed_listing` (id, seller_id, price_amount, currency, version, active): the listing as it is once
 *   the purchase holds the listing's sales lock shared until its transaction ends (the plpgsql
 *   function listing_for_sale, migration 0019). A seller's change takes that lock exclusive first
 *   (lockListing in catalog.service.ts): it waits for the purchases in flight, and a claim that
 *   waited for it reads the listing as the change left it. The row is locked only FOR KEY SHARE,
 *   which another purchase's stock update does not wait for: purchases of one listing do not queue
 *   on its row. `active`: ACTIVE from a visible seller. No row when there is no such listing.
 * - `claimed_code` (id): one code sold to `orderId`, only when the listing is active at exactly
 *   `priceAmount` in `currency` (what the checkout charged) and still at `version` (what the
 *   checkout read: the seller changed nothing since); no row otherwise, or when none is left.
 *   Concurrent purchases take different codes (`skip locked`); the sale's stock decrement runs at
 *   COMMIT (codes_stock_sale, 0019), so the listing row is written only while the commit runs.
 */
export function claimCodeCtes(input: {
  listingId: SQLWrapper;
  orderId: SQLWrapper;
  priceAmount: SQLWrapper;
  currency: SQLWrapper;
  version: SQLWrapper;
}): SQL {
  return sql`claimed_listing as materialized (
    select ${listings.id} as id, ${listings.sellerId} as seller_id, ${listings.priceAmount} as price_amount,
           ${listings.currency} as currency, ${listings.version} as version,
           ${listings.status} = ${literal(ListingStatus.ACTIVE)} and ${visibleSellerCondition()} as active
      from listing_for_sale(${input.listingId}) as ${listings}
  ),
  claimed_code as (
    ${sellOneCodeSql(
      sql`select claimed_listing.id from claimed_listing
           where claimed_listing.active and claimed_listing.price_amount = ${input.priceAmount}
             and claimed_listing.currency = ${input.currency}
             and claimed_listing.version = ${input.version}`,
      input.orderId,
    )}
  )`;
}

/** The plaintext of a sold code, for its buyer. Refuses codes that are not sold: those are nobody's to see. */
export async function openSoldCode(tx: Tx, cipher: CodeCipher, codeId: string): Promise<string> {
  const [row] = await tx.select().from(codes).where(eq(codes.id, codeId));
  assert(row, `code ${codeId} does not exist`);
  assert(row.status === CodeStatus.SOLD, `code ${codeId} is ${row.status}, not SOLD: it may not be revealed`);
  return cipher.open(row);
}

/**
 * Re-encrypts up to `limit` codes sealed under a key other than the active one, in one
 * transaction, and returns how many. Run it until it returns 0; then the old key may go.
 */
export async function reencryptBatch(database: Database, cipher: CodeCipher, limit: number): Promise<number> {
  assert(
    Number.isSafeInteger(limit) && limit >= 1 && limit <= insertBatchSize,
    'reencrypt batches are 1 to 1,000 codes',
  );
  return withTransaction(database, async (tx) => {
    const rows = await tx
      .select()
      .from(codes)
      .where(ne(codes.keyId, cipher.activeKeyId))
      .orderBy(asc(codes.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    for (const row of rows) {
      const sealed = cipher.seal(row.id, cipher.open(row));
      await tx
        .update(codes)
        .set({ ...sealed, updatedAt: new Date() })
        .where(eq(codes.id, row.id));
    }
    return rows.length;
  });
}
