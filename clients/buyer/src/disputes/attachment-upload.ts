import { csrfHeader, readCsrfToken } from '@codesale/client-shared';

/**
 * Evidence files travel as raw bytes to `POST /attachments` (server/src/http/attachments.route.ts):
 * the session cookies, the CSRF header, the file name URL-encoded in `x-file-name`; 201
 * `{ attachment: { id, ... } }`, or a 4xx `{ error: CODE, message }`. The ids then go with
 * openDispute or postDisputeMessage. (After clients/console/src/support/dispute/attachment-upload.ts.)
 */

/** The server's limits (ATTACHMENT_MAX_BYTES, DISPUTE_MAX_ATTACHMENTS_PER_MESSAGE defaults). */
export const maxAttachmentBytes = 5 * 1024 * 1024;
export const maxAttachmentsPerMessage = 5;
/** What the server accepts, detected from the content (PNG, JPEG, PDF, UTF-8 text). */
export const acceptedAttachmentTypes =
  'image/png,image/jpeg,application/pdf,text/plain,.txt,.pdf,.png,.jpg,.jpeg';
const uploadTimeoutMs = 60_000;

export interface UploadedAttachment {
  id: string;
  contentType: string;
  sizeBytes: number;
  fileName: string | null;
}

export class AttachmentUploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AttachmentUploadError';
  }
}

/** Checked before sending so the buyer hears at once; the server checks again. */
export function attachmentsProblem(files: readonly File[]): string | null {
  if (files.length > maxAttachmentsPerMessage) return `Attach at most ${maxAttachmentsPerMessage} files.`;
  for (const file of files) {
    if (file.size === 0) return `${file.name} is empty.`;
    if (file.size > maxAttachmentBytes) return `${file.name} is larger than 5 MB.`;
  }
  return null;
}

/**
 * Uploads one file. A 401 (the access cookie lapsed) renews the session once through
 * `renewSession` (a GraphQL request, which goes through the shared single in-flight refresh), then
 * sends again.
 */
export async function uploadAttachment(
  file: File,
  renewSession: () => Promise<boolean>,
  endpoint = '/attachments',
): Promise<UploadedAttachment> {
  const send = () => {
    const csrfToken = readCsrfToken();
    return fetch(endpoint, {
      method: 'POST',
      credentials: 'include',
      headers: {
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
        ...(csrfToken ? { [csrfHeader]: csrfToken } : {}),
      },
      body: file,
      signal: AbortSignal.timeout(uploadTimeoutMs),
    });
  };

  let response = await send();
  if (response.status === 401) {
    if (!(await renewSession())) {
      throw new AttachmentUploadError('UNAUTHENTICATED', 'Your session ended: log in again to upload.');
    }
    response = await send();
  }
  const body = (await response.json().catch(() => null)) as {
    attachment?: UploadedAttachment;
    error?: string;
    message?: string;
  } | null;
  if (response.status === 201 && body?.attachment) return body.attachment;
  throw new AttachmentUploadError(
    body?.error ?? `HTTP_${response.status}`,
    body?.message ?? `The upload of ${file.name} failed (HTTP ${response.status}).`,
  );
}
