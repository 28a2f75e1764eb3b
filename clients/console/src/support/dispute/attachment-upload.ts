import { csrfHeader, readCsrfToken } from '@codesale/client-shared';

/**
 * Evidence files travel as raw bytes to `POST /attachments` (server/src/http/attachments.route.ts,
 * docs/API.md section 6): the session cookies, the CSRF header, the file name URL-encoded in
 * `x-file-name`; 201 `{ attachment: { id, ... } }`, or a 4xx `{ error: CODE, message }`. The ids
 * then go with `postDisputeMessage`.
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
  sha256: string;
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

export interface UploadSession {
  /** Renews the session after a 401 (the shared single in-flight refresh); true when renewed. */
  renewSession: (sentAt: number) => Promise<boolean>;
  sessionClock: () => number;
}

/** Checked before sending so the agent hears at once; the server checks again. */
export function attachmentProblem(file: File): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > maxAttachmentBytes) return `${file.name} is larger than 5 MB.`;
  return null;
}

export async function uploadAttachment(
  file: File,
  session: UploadSession,
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

  const sentAt = session.sessionClock();
  let response = await send();
  if (response.status === 401) {
    // The access cookie lapsed: renew once (shared with every other request), then send again.
    if (!(await session.renewSession(sentAt))) {
      throw new AttachmentUploadError('UNAUTHENTICATED', 'Your session ended: sign in again to upload.');
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
