import type { FastifyReply } from 'fastify';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import type { RequestMeta } from '../shared/request-meta';
import type { Loaders } from './loaders';

/** What every resolver receives: the viewer, the request's metadata, the services and a fresh loader set. */
export interface Context {
  viewer: Viewer | null;
  meta: RequestMeta;
  services: Services;
  loaders: Loaders;
  /** Present on HTTP requests (to set cookies); absent on subscriptions. */
  reply: FastifyReply | null;
}
