import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { authenticate, singleHeader } from './authenticate';
import { csrfHeader, sessionCookieNames } from './session-cookies';

/** An upload refused before its body is read: the HTTP status and the `{ error, message }` body. */
export interface UploadRefusal {
  status: number;
  error: string;
  message: string;
}

/**
 * Authenticates the POSTs of an upload route's scope (`POST /attachments`, `POST /listing-images`)
 * from their headers in an onRequest hook, before Fastify reads the body: a stranger's 10 MiB is
 * refused without a byte of it buffered (it was read whole first, then answered 401). `permit`
 * refuses a signed-in viewer who may not upload here. The refusal closes the connection, so the
 * rest of the body is not read either. The handler takes the viewer with `uploaderOf(request)`.
 */
export function authenticateUploads(
  scope: FastifyInstance,
  services: Services,
  permit: (viewer: Viewer) => UploadRefusal | null,
): (request: FastifyRequest) => Viewer {
  const uploaders = new WeakMap<FastifyRequest, Viewer>();
  const refuse = (reply: FastifyReply, refusal: UploadRefusal) =>
    reply
      .code(refusal.status)
      .header('connection', 'close')
      .send({ error: refusal.error, message: refusal.message });
  scope.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST') return;
    let viewer: Viewer | null;
    try {
      viewer = await authenticate(services, {
        apiKey: singleHeader(request.headers['x-api-key']),
        cookies: request.cookies,
        csrfToken: singleHeader(request.headers[csrfHeader]),
      });
    } catch (error) {
      const extensions = (error as { extensions?: { code?: unknown; http?: { status?: number } } })
        .extensions;
      const code = extensions?.code;
      if (code === 'CSRF_TOKEN_INVALID') {
        return refuse(reply, {
          status: 403,
          error: code,
          message: `Send the ${sessionCookieNames(services.config).csrf} cookie value in x-csrf-token.`,
        });
      }
      if (code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED') {
        return refuse(reply, {
          status: extensions?.http?.status ?? 401,
          error: code,
          message: (error as Error).message,
        });
      }
      throw error;
    }
    if (!viewer)
      return refuse(reply, { status: 401, error: 'UNAUTHENTICATED', message: 'Sign in to upload.' });
    const refusal = permit(viewer);
    if (refusal) return refuse(reply, refusal);
    uploaders.set(request, viewer);
  });
  return (request) => {
    const viewer = uploaders.get(request);
    if (!viewer) throw new Error('an upload reached its handler without the onRequest authentication');
    return viewer;
  };
}
