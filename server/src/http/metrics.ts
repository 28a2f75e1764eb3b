import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { constantTimeEqual } from '../auth/tokens';
import type { Config } from '../config';

/** Process metrics plus the few application series worth alerting on. One registry per app instance. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new client.Histogram({
      name: 'codesale_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    graphqlOperations: new client.Counter({
      name: 'codesale_graphql_operations_total',
      help: 'GraphQL operations by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    websocketConnections: new client.Gauge({
      name: 'codesale_websocket_connections',
      help: 'Open graphql-ws connections',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Observes a request's duration in its (method, route, status) series. Each series' child is kept,
 * so that a request neither sorts nor hashes its labels, as prom-client does on every labelled
 * `observe` (bench:compare, `{ __typename }` server CPU: 0.973 of before, 3 windows of 4 below).
 * Methods, routes and statuses are few, and the kept children are bounded anyway.
 */
export function requestDurationObserver(metrics: Metrics) {
  const series = new Map<string, ReturnType<Metrics['httpRequests']['labels']>>();
  const maxSeries = 1_000;
  return (method: string, route: string, status: number, seconds: number): void => {
    const key = `${method} ${status} ${route}`;
    let child = series.get(key);
    if (!child) {
      child = metrics.httpRequests.labels({ method, route, status: String(status) });
      if (series.size < maxSeries) series.set(key, child);
    }
    child.observe(seconds);
  };
}

/**
 * `GET /metrics`, Prometheus text format. Metrics tell an outsider about traffic, errors and the
 * process, so with METRICS_TOKEN set the scraper must send `Authorization: Bearer <token>` (401
 * otherwise); without it, production answers 404 and only development serves them openly.
 */
export function registerMetricsRoute(fastify: FastifyInstance, metrics: Metrics, config: Config): void {
  const token = config.http.metricsToken;
  if (token === undefined && config.production) return;
  fastify.get('/metrics', async (request, reply) => {
    const authorization = request.headers.authorization ?? '';
    const presented = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    if (token !== undefined && !constantTimeEqual(presented, token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'UNAUTHENTICATED', message: 'Send METRICS_TOKEN as a bearer token.' });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
