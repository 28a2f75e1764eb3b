import type { FastifyInstance } from 'fastify';
import { maskedMessage } from '../graphql/errors';
import { ApiKeyScope, hasRole, Role } from '../auth/roles';
import { listingImageRoutePrefix } from '../catalog/listing-images.service';
import { isVariantWidth } from '../catalog/listing-image-processing';
import { toGlobalId } from '../graphql/relay';
import type { Services } from '../services';
import { authenticateUploads } from './upload-auth';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Listing images, outside GraphQL so that bytes travel as bytes:
 *
 * - `POST /listing-images`: the raw image as the body (its type is read from the content). A
 *   seller's browser session (cookies and the x-csrf-token header, as for GraphQL), or an API key
 *   with the CATALOG_WRITE scope. 201 `{ id }` (a ListingImage id, to pass to setListingImages);
 *   4xx `{ error: CODE, message }`.
 * - `GET /listing-images/:id/:width`: the image as WebP, `width` one of 160, 320, 640, 1280, for
 *   anyone (ids are random UUIDs; listing pages are public). Immutable: an id's bytes never change.
 *   Images stored in ImageKit redirect there.
 */
export async function registerListingImageRoutes(
  fastify: FastifyInstance,
  services: Services,
): Promise<void> {
  const { maxBytes } = services.config.listingImages;

  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler(async (error: { statusCode?: number }, request, reply) => {
      if (error.statusCode === 413) {
        return reply
          .code(413)
          .send({ error: 'FILE_TOO_LARGE', message: `Images are at most ${maxBytes} bytes.` });
      }
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        return reply
          .code(error.statusCode)
          .send({ error: 'BAD_REQUEST', message: 'The request could not be read.' });
      }
      request.log.error({ err: error }, 'listing image upload failed');
      return reply
        .code(500)
        .send({ error: 'INTERNAL_SERVER_ERROR', message: maskedMessage(request.id), requestId: request.id });
    });

    const uploaderOf = authenticateUploads(scope, services, (viewer) => {
      const allowed =
        viewer.via === 'apiKey'
          ? viewer.scopes.includes(ApiKeyScope.CATALOG_WRITE)
          : hasRole(viewer, Role.SELLER, Role.ADMIN);
      if (allowed) return null;
      return {
        status: 403,
        error: 'FORBIDDEN',
        message:
          viewer.via === 'apiKey'
            ? 'This API key does not have the CATALOG_WRITE scope.'
            : 'Only sellers upload listing images.',
      };
    });

    scope.post(listingImageRoutePrefix, async (request, reply) => {
      const viewer = uploaderOf(request);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await services.listingImages.upload(viewer, body);
      if ('error' in result) {
        const status = {
          FILE_TOO_LARGE: 413,
          TOO_MANY_UPLOADS: 429,
          TOO_MANY_UNATTACHED_IMAGES: 429,
          ACCOUNT_BANNED: 403,
          EMPTY_FILE: 422,
          TOO_MANY_PIXELS: 422,
          UNSUPPORTED_IMAGE_TYPE: 415,
          SERVER_BUSY: 503,
        }[result.error.code];
        if (result.error.code === 'SERVER_BUSY') reply.header('retry-after', '1');
        return reply.code(status).send({ error: result.error.code, message: result.error.message });
      }
      const { image } = result;
      return reply.code(201).send({
        id: toGlobalId('ListingImage', image.id),
        width: image.width,
        height: image.height,
        url: services.listingImages.url(image, 320),
      });
    });
  });

  fastify.get<{ Params: { id: string; width: string } }>(
    `${listingImageRoutePrefix}/:id/:width`,
    async (request, reply) => {
      // Only the canonical spelling (`0640` or `640 ` would be one more address of the same image for caches).
      const width = /^[1-9]\d{0,4}$/.test(request.params.width) ? Number(request.params.width) : NaN;
      if (!isVariantWidth(width)) {
        return reply
          .code(400)
          .send({ error: 'UNSUPPORTED_WIDTH', message: 'Widths are 160, 320, 640 and 1280 pixels.' });
      }
      const notFound = () => reply.code(404).send({ error: 'NOT_FOUND', message: 'No such image.' });
      if (!uuidPattern.test(request.params.id)) return notFound();
      const served = await services.listingImages.variant(request.params.id, width);
      if (served.kind === 'missing') return notFound();
      if (served.kind === 'busy') {
        return reply.code(503).header('retry-after', '1').send({
          error: 'SERVER_BUSY',
          message: 'The server is rendering other images; try again in a moment.',
        });
      }
      if (served.kind === 'redirect') {
        return reply.header('cache-control', 'public, max-age=86400').redirect(served.url, 302);
      }
      return reply
        .header('content-type', served.contentType)
        .header('content-length', String(served.body.length))
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(served.body);
    },
  );
}
