import crypto from 'node:crypto';
import { and, asc, count, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { userStanding } from '../auth/auth.queries';
import { isStaff, type Viewer } from '../auth/roles';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { openDisputeStates } from '../domain/dispute-matrix';
import type { JobQueue, SweepOutcome } from '../jobs/queue';
import { isReadableLine } from '../shared/display-text';
import { userError, type UserErrorValue } from '../shared/user-error';
import { assert } from '../shared/assert';
import type { AttachmentStorage } from '../storage/attachment-storage';
import { downloadFileName, sniffContentType } from '../storage/content-type';
import { signedAttachmentUrl, verifyGrant, type GrantCheck } from '../storage/signed-url';
import { disputeAttachments, disputeMessageAttachments, disputes } from './disputes.tables';
import type { DisputeAttachmentRow } from './disputes.service';

export enum UploadAttachmentErrorCode {
  EMPTY_FILE = 'EMPTY_FILE',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  /** Only PNG, JPEG, PDF and plain UTF-8 text, recognised by their content. */
  UNSUPPORTED_FILE_TYPE = 'UNSUPPORTED_FILE_TYPE',
  INVALID_FILE_NAME = 'INVALID_FILE_NAME',
  TOO_MANY_UPLOADS = 'TOO_MANY_UPLOADS',
  /** Uploads not yet attached to a message, at ATTACHMENT_MAX_UNATTACHED: attach or wait for the cleanup. */
  TOO_MANY_UNATTACHED_UPLOADS = 'TOO_MANY_UNATTACHED_UPLOADS',
  /** Only who could attach the file uploads it: a buyer of a disputable order, a party of an open dispute, staff. */
  FORBIDDEN = 'FORBIDDEN',
}

const fileNameMaxLength = 200;

export const unattachedCleanupSweep = 'disputes.unattached_cleanup';
/** How often each worker looks for expired unattached uploads, and how many one transaction deletes. */
const cleanupSweepSeconds = 600;
const cleanupBatchSize = 100;

/** An upload no message attaches. */
const unattached = notExists(
  sql`(select 1 from ${disputeMessageAttachments} where ${disputeMessageAttachments.attachmentId} = ${disputeAttachments.id})`,
);

/**
 * Dispute evidence files. An upload is checked (who uploads, size, type by magic bytes), stored
 * under its SHA-256 and recorded as the uploader's; one message then attaches it (DisputeService).
 * An upload no message attached within ATTACHMENT_UNATTACHED_TTL_HOURS is deleted by a sweep. It is
 * readable by its uploader, by the two parties of the dispute a message attached it to, and by
 * staff, through short-lived signed URLs; the download route checks the signature, the expiry
 * and, again, that the user the URL was issued to may read it.
 */
export class AttachmentService {
  constructor(
    private readonly database: Database,
    private readonly storage: AttachmentStorage,
    private readonly settings: Config['attachments'],
    private readonly publicUrl: URL,
  ) {}

  registerTasks(jobs: JobQueue): void {
    jobs.registerSweep(unattachedCleanupSweep, cleanupSweepSeconds, () => this.deleteUnattached());
  }

  /**
   * Who may upload and the limits (uploads in 24 hours, unattached uploads) are checked before the
   * body is looked at (a refused upload costs one query), and again under the uploader's lock.
   */
  async upload(
    viewer: Viewer,
    body: Buffer,
    fileName: string | null,
  ): Promise<{ attachment: DisputeAttachmentRow } | { error: UserErrorValue<UploadAttachmentErrorCode> }> {
    const early = await this.uploaderRefusal(this.database, viewer);
    if (early) return early;
    if (body.length === 0) return refusal(UploadAttachmentErrorCode.EMPTY_FILE, 'The file is empty.');
    if (body.length > this.settings.maxBytes) {
      return refusal(
        UploadAttachmentErrorCode.FILE_TOO_LARGE,
        `Files are at most ${this.settings.maxBytes} bytes.`,
      );
    }
    if (fileName !== null && !validFileName(fileName)) {
      return refusal(
        UploadAttachmentErrorCode.INVALID_FILE_NAME,
        `File names are 1 to ${fileNameMaxLength} printable characters, without slashes or invisible or direction-changing characters.`,
        'fileName',
      );
    }
    const contentType = sniffContentType(body);
    if (!contentType) {
      return refusal(
        UploadAttachmentErrorCode.UNSUPPORTED_FILE_TYPE,
        'Upload a PNG or JPEG image, a PDF, or plain text.',
      );
    }
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    return withTransaction(this.database, async (tx) => {
      await advisoryLock(tx, `attachment_upload:${viewer.userId}`);
      const refused = await this.uploaderRefusal(tx, viewer);
      if (refused) return refused;
      // Stored before it is recorded, under the lock the cleanup holds while it deletes bytes no row
      // names: no row ever names missing bytes. A refused upload stores nothing.
      await advisoryLock(tx, contentLockKey(sha256));
      await this.storage.put({ sha256, body, contentType });
      const [attachment] = await tx
        .insert(disputeAttachments)
        .values({
          id: crypto.randomUUID(),
          uploaderId: viewer.userId,
          contentSha256: sha256,
          contentType,
          sizeBytes: body.length,
          // Stored as it downloads: with the extension of the detected type (downloadFileName).
          fileName: fileName === null ? null : downloadFileName(fileName, contentType, '', fileNameMaxLength),
        })
        .returning();
      assert(attachment, 'attachment insert returned no row');
      return { attachment };
    });
  }

  /** A download URL for `viewerId`; the caller has checked that the viewer may read the attachment. */
  signedUrl(
    attachmentId: string,
    viewerId: string,
    nowMs: number = Date.now(),
  ): { url: string; expiresAt: Date } {
    const expiresAt = Math.floor(nowMs / 1000) + this.settings.urlTtlSeconds;
    return {
      url: signedAttachmentUrl(this.publicUrl, this.settings.signingKey, {
        attachmentId,
        viewerId,
        expiresAt,
      }),
      expiresAt: new Date(expiresAt * 1000),
    };
  }

  verify(parameters: Parameters<typeof verifyGrant>[1], nowMs: number = Date.now()): GrantCheck {
    return verifyGrant(this.settings.signingKey, parameters, Math.floor(nowMs / 1000));
  }

  /** The attachment if `viewerId` may read it: its uploader, a party of a dispute it is attached to, or active staff. */
  async readableBy(viewerId: string, attachmentId: string): Promise<DisputeAttachmentRow | null> {
    const [attachment] = await this.database
      .select()
      .from(disputeAttachments)
      .where(eq(disputeAttachments.id, attachmentId));
    if (!attachment) return null;
    if (attachment.uploaderId === viewerId) return attachment;
    const viewer = await userStanding(this.database, viewerId);
    if (!viewer || viewer.status !== 'ACTIVE') return null;
    if (viewer.roles.some((role) => role === 'SUPPORT' || role === 'ADMIN')) return attachment;
    const [party] = await this.database
      .select({ disputeId: disputes.id })
      .from(disputeMessageAttachments)
      .innerJoin(disputes, eq(disputes.id, disputeMessageAttachments.disputeId))
      .where(
        and(
          eq(disputeMessageAttachments.attachmentId, attachmentId),
          or(eq(disputes.buyerId, viewerId), eq(disputes.sellerId, viewerId)),
        ),
      )
      .limit(1);
    return party ? attachment : null;
  }

  async content(attachment: DisputeAttachmentRow): Promise<Buffer | null> {
    return this.storage.get(attachment.contentSha256);
  }

  /**
   * One pass of the cleanup sweep: deletes up to a batch of uploads that no message attached within
   * unattachedTtlHours, oldest first, then the bytes no remaining upload names. Uploads are taken
   * FOR UPDATE SKIP LOCKED, the lock a message takes on what it attaches (ownAttachments), so an
   * upload is either attached or deleted, never both.
   */
  async deleteUnattached(now: Date = new Date()): Promise<SweepOutcome> {
    const cutoff = new Date(now.getTime() - this.settings.unattachedTtlHours * 3_600_000);
    const { due, deleted } = await withTransaction(this.database, async (tx) => {
      const due = await tx
        .select({ id: disputeAttachments.id })
        .from(disputeAttachments)
        .where(and(lt(disputeAttachments.createdAt, cutoff), unattached))
        .orderBy(asc(disputeAttachments.createdAt))
        .limit(cleanupBatchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return { due: 0, deleted: [] };
      const ids = due.map((row) => row.id);
      // Asked again in a statement of its own: it sees a message that attached one of them and
      // committed while the walk above ran.
      const deleted = await tx
        .delete(disputeAttachments)
        .where(and(inArray(disputeAttachments.id, ids), unattached))
        .returning({ sha256: disputeAttachments.contentSha256 });
      return { due: due.length, deleted };
    });
    for (const sha256 of new Set(deleted.map((row) => row.sha256))) await this.deleteUnnamedBytes(sha256);
    return { processed: deleted.length, more: due === cleanupBatchSize };
  }

  /** The bytes of `sha256`, unless an upload names them; under the lock an upload stores them under. */
  private async deleteUnnamedBytes(sha256: string): Promise<void> {
    await withTransaction(this.database, async (tx) => {
      await advisoryLock(tx, contentLockKey(sha256));
      const [named] = await tx
        .select({ id: disputeAttachments.id })
        .from(disputeAttachments)
        .where(eq(disputeAttachments.contentSha256, sha256))
        .limit(1);
      if (!named) await this.storage.delete(sha256);
    });
  }

  private async uploaderRefusal(db: Database | Tx, viewer: Viewer) {
    if (!isStaff(viewer) && !(await mayAttachEvidence(db, viewer.userId))) {
      return refusal(
        UploadAttachmentErrorCode.FORBIDDEN,
        'Evidence is uploaded by the buyer of an order that can still be disputed, the parties of an open dispute, and staff.',
      );
    }
    const [row] = await db
      .select({
        recent: count(sql`case when ${disputeAttachments.createdAt} > now() - interval '1 day' then 1 end`),
        unattached: count(sql`case when ${unattached} then 1 end`),
      })
      .from(disputeAttachments)
      .where(eq(disputeAttachments.uploaderId, viewer.userId));
    if ((row?.recent ?? 0) >= this.settings.maxUploadsPerUserPerDay) {
      return refusal(
        UploadAttachmentErrorCode.TOO_MANY_UPLOADS,
        'Too many uploads in the last 24 hours; try again later.',
      );
    }
    if ((row?.unattached ?? 0) >= this.settings.maxUnattached) {
      return refusal(
        UploadAttachmentErrorCode.TOO_MANY_UNATTACHED_UPLOADS,
        `You have ${this.settings.maxUnattached} uploads not attached to a dispute message; attach them, or wait until they are deleted after ${this.settings.unattachedTtlHours} hours.`,
      );
    }
    return null;
  }
}

/**
 * Whether `userId` could attach an upload now (DisputeService): as the buyer of a held order still
 * in its protection window (openDispute), or as a party of an open dispute (postDisputeMessage).
 * Staff may too. Orders are checkout's, read here as party-history.ts reads them.
 */
async function mayAttachEvidence(db: Database | Tx, userId: string): Promise<boolean> {
  const result = await db.execute<{ may: boolean }>(sql`
    select exists (select 1 from orders o
                    where o.buyer_id = ${userId} and o.escrow_status = 'HELD' and o.protection_ends_at > now())
        or exists (select 1 from disputes d
                    where (d.buyer_id = ${userId} or d.seller_id = ${userId})
                      and d.state = any(${sql.param([...openDisputeStates])}::dispute_state[])) as may`);
  return result.rows[0]?.may === true;
}

/** Uploads and the cleanup of one content take this lock before they store or delete its bytes. */
function contentLockKey(sha256: string): string {
  return `attachment_content:${sha256}`;
}

async function advisoryLock(tx: Tx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

function refusal(code: UploadAttachmentErrorCode, message: string, field: string | null = null) {
  return { error: userError(code, message, field) };
}

function validFileName(name: string): boolean {
  return name.length >= 1 && name.length <= fileNameMaxLength && isReadableLine(name) && !/[/\\]/.test(name);
}
