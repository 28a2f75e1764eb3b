import type { FastifyReply } from 'fastify';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import type { ExpensiveOperationBudget } from '../shared/expensive-operations';
import type { Loaders } from './loaders';

export interface RequestMeta {
  requestId: string;
  address: string;
  userAgent: string | null;
  /** Shared by every operation of one HTTP request (a batch too); one per graphql-ws operation. */
  expensiveOperations: ExpensiveOperationBudget;
}

/** What every resolver receives: the viewer, the request's metadata, the services and a fresh loader set. */
export interface Context {
  viewer: Viewer | null;
  meta: RequestMeta;
  services: Services;
  loaders: Loaders;
  /** Present on HTTP requests (to set cookies); absent on subscriptions. */
  reply: FastifyReply | null;
}
