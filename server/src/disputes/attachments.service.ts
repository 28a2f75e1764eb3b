import crypto from 'node:crypto';
import { and, count, eq, gt, or, sql } from 'drizzle-orm';
import { userStanding } from '../auth/auth.queries';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { withTransaction } from '../db/transaction';
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
}

const fileNameMaxLength = 200;

/**
 * Dispute evidence files. An upload is checked (size, type by magic bytes), stored under its
 * SHA-256 and recorded as the uploader's; a message then attaches it (DisputeService). It is
 * readable by its uploader, by the two parties of any dispute a message attached it to, and by
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

  async upload(
    uploaderId: string,
    body: Buffer,
    fileName: string | null,
  ): Promise<{ attachment: DisputeAttachmentRow } | { error: UserErrorValue<UploadAttachmentErrorCode> }> {
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
    if ((await this.uploadsToday(this.database, uploaderId)) >= this.settings.maxUploadsPerUserPerDay)
      return tooMany();
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    // Stored before it is recorded, so no row ever names missing bytes. Content-addressed: a
    // refused or repeated upload leaves at most one unreferenced copy of the same bytes.
    await this.storage.put({ sha256, body, contentType });
    return withTransaction(this.database, async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`attachment_upload:${uploaderId}`}, 0))`,
      );
      if ((await this.uploadsToday(tx, uploaderId)) >= this.settings.maxUploadsPerUserPerDay)
        return tooMany();
      const [attachment] = await tx
        .insert(disputeAttachments)
        .values({
          id: crypto.randomUUID(),
          uploaderId,
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

  private async uploadsToday(db: Pick<Database, 'select'>, uploaderId: string): Promise<number> {
    const [row] = await db
      .select({ uploads: count() })
      .from(disputeAttachments)
      .where(
        and(
          eq(disputeAttachments.uploaderId, uploaderId),
          gt(disputeAttachments.createdAt, sql`now() - interval '1 day'`),
        ),
      );
    return row?.uploads ?? 0;
  }
}

function refusal(code: UploadAttachmentErrorCode, message: string, field: string | null = null) {
  return { error: userError(code, message, field) };
}

function tooMany() {
  return refusal(
    UploadAttachmentErrorCode.TOO_MANY_UPLOADS,
    'Too many uploads in the last 24 hours; try again later.',
  );
}

function validFileName(name: string): boolean {
  return name.length >= 1 && name.length <= fileNameMaxLength && isReadableLine(name) && !/[/\\]/.test(name);
}
