import type { FastifyReply } from 'fastify';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import type { RequestMeta } from '../shared/request-meta';
import type { Loaders } from './loaders';

/**
 * What every resolver receives: the viewer, the request's metadata, the services and a loader set
 * (one per HTTP request; for a subscription's events, one per event, shared by every execution of
 * that event: graphql/subscription-fan-out.ts, where the viewer and metadata are read through
 * proxies that record what a result depends on).
 */
export interface Context {
  viewer: Viewer | null;
  meta: RequestMeta;
  services: Services;
  loaders: Loaders;
  /** Present on HTTP requests (to set cookies); absent on subscriptions. */
  reply: FastifyReply | null;
}
