import type { FastifyInstance } from 'fastify';
import type { UploadAttachmentErrorCode } from '../disputes/attachments.service';
import { maskedMessage } from '../graphql/errors';
import { toGlobalId } from '../graphql/relay';
import type { Services } from '../services';
import { downloadFileName } from '../storage/content-type';
import { attachmentRoutePrefix } from '../storage/signed-url';
import { singleHeader } from './authenticate';
import { authenticateUploads } from './upload-auth';

/**
 * Dispute evidence files, outside GraphQL so that bytes travel as bytes:
 *
 * - `POST /attachments`: the raw file as the body (any content type; the type is read from the
 *   content), an optional URL-encoded `x-file-name` header. A browser session only (cookies and
 *   the x-csrf-token header, as for GraphQL); API keys are refused, and so is anyone who could not
 *   attach the file (AttachmentService.upload). 201 with the attachment's id, to pass in
 *   openDispute or postDisputeMessage; 4xx with `{ error: CODE, message }`.
 * - `GET /attachments/:id?viewer&expires&signature`: the file, for a URL the GraphQL API signed
 *   (DisputeAttachment.url). The signature, the expiry and the viewer's right to the file are
 *   checked; anything wrong is 403, without saying whether the file exists.
 */
export async function registerAttachmentRoutes(fastify: FastifyInstance, services: Services): Promise<void> {
  const { maxBytes } = services.config.attachments;

  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler(async (error: { statusCode?: number }, request, reply) => {
      if (error.statusCode === 413) {
        return reply
          .code(413)
          .send({ error: 'FILE_TOO_LARGE', message: `Files are at most ${maxBytes} bytes.` });
      }
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return reply
          .code(error.statusCode)
          .send({ error: 'BAD_REQUEST', message: 'The request could not be read.' });
      }
      request.log.error({ err: error }, 'attachment upload failed');
      return reply
        .code(500)
        .send({ error: 'INTERNAL_SERVER_ERROR', message: maskedMessage(request.id), requestId: request.id });
    });

    const uploaderOf = authenticateUploads(scope, services, (viewer) =>
      viewer.via === 'session'
        ? null
        : { status: 403, error: 'FORBIDDEN', message: 'API keys cannot upload dispute evidence.' },
    );

    scope.post(attachmentRoutePrefix, async (request, reply) => {
      const viewer = uploaderOf(request);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const fileName = decodeFileName(singleHeader(request.headers['x-file-name']));
      if (fileName === 'invalid') {
        return reply
          .code(400)
          .send({ error: 'INVALID_FILE_NAME', message: 'x-file-name must be URL-encoded UTF-8.' });
      }
      const result = await services.attachments.upload(viewer, body, fileName);
      if ('error' in result) {
        return reply
          .code(uploadRefusalStatus[result.error.code])
          .send({ error: result.error.code, message: result.error.message });
      }
      const { attachment } = result;
      return reply.code(201).send({
        attachment: {
          id: toGlobalId('DisputeAttachment', attachment.id),
          contentType: attachment.contentType,
          sizeBytes: attachment.sizeBytes,
          sha256: attachment.contentSha256,
          fileName: attachment.fileName,
        },
      });
    });
  });

  fastify.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    `${attachmentRoutePrefix}/:id`,
    async (request, reply) => {
      const refused = () =>
        reply.code(403).send({ error: 'FORBIDDEN', message: 'This link is invalid or has expired.' });
      const check = services.attachments.verify({
        attachmentId: request.params.id,
        viewer: request.query['viewer'],
        expires: request.query['expires'],
        signature: request.query['signature'],
      });
      if (!check.valid) return refused();
      const attachment = await services.attachments.readableBy(
        check.grant.viewerId,
        check.grant.attachmentId,
      );
      if (!attachment) return refused();
      const body = await services.attachments.content(attachment);
      if (!body) {
        request.log.error({ attachmentId: attachment.id }, 'attachment bytes missing from storage');
        return reply.code(404).send({ error: 'NOT_FOUND', message: 'The file is missing.' });
      }
      const image = attachment.contentType.startsWith('image/');
      const name = downloadFileName(attachment.fileName, attachment.contentType, attachment.id);
      const secondsLeft = Math.max(0, check.grant.expiresAt - Math.floor(Date.now() / 1000));
      return (
        reply
          .header(
            'content-type',
            attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType,
          )
          .header('content-length', String(body.length))
          .header('cache-control', `private, max-age=${secondsLeft}`)
          // Anything but an image is downloaded, never rendered in our origin.
          .header(
            'content-disposition',
            `${image ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(body)
      );
    },
  );
}

const uploadRefusalStatus: Record<UploadAttachmentErrorCode, number> = {
  FORBIDDEN: 403,
  FILE_TOO_LARGE: 413,
  TOO_MANY_UPLOADS: 429,
  TOO_MANY_UNATTACHED_UPLOADS: 429,
  EMPTY_FILE: 422,
  UNSUPPORTED_FILE_TYPE: 422,
  INVALID_FILE_NAME: 422,
};

function decodeFileName(raw: string | undefined): string | null | 'invalid' {
  if (raw === undefined || raw === '') return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return 'invalid';
  }
}
