import type { LatencySummary } from './bench-stats';

/**
 * What the orchestrator (bench.cli.ts) asks of the load generator (load-generator.ts) over the
 * child process's IPC channel, and what it answers. One request at a time; each answer carries the
 * request's id.
 */

export interface Credentials {
  /** The Cookie header: the session's access and CSRF cookies. */
  cookie: string;
  csrfToken: string;
}

export interface HttpLoadRequest {
  label: string;
  host: string;
  port: number;
  path: string;
  body: string;
  credentials: Credentials | null;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** A 200 answer whose body contains this is a success; anything else an error. */
  expect: string;
}

export interface HttpLoadResult {
  /** Answered inside the measured window. */
  requests: number;
  /** Answered in all, warm-up and stragglers included. */
  answeredTotal: number;
  seconds: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  errors: number;
  errorSamples: string[];
}

export interface CheckoutLoadRequest {
  label: string;
  host: string;
  port: number;
  /** One buyer per client: client i buys as buyers[i]. */
  buyers: Credentials[];
  listingIds: string[];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
}

export interface CheckoutLoadResult {
  /** Answered inside the measured window (orders and refusals). */
  purchases: number;
  /** Answered in all, warm-up and stragglers included. */
  answeredTotal: number;
  seconds: number;
  throughputPerSecond: number;
  latency: LatencySummary;
  /** Typed refusals (OUT_OF_STOCK, ...) by code, warm-up and stragglers included. */
  userErrors: Record<string, number>;
  /** GraphQL errors, HTTP failures, broken connections: warm-up and stragglers after the window included. */
  systemErrors: number;
  errorSamples: string[];
}

export interface OpenSubscribersRequest {
  label: string;
  url: string;
  /**
   * A graphql-ws subscription on each socket (connection_init with these credentials, then the
   * query), or, with null, a plain WebSocket that only listens (the bare broadcast anchor).
   */
  subscription: { credentials: Credentials; query: string } | null;
  count: number;
}

export interface OpenSubscribersResult {
  opened: number;
  failed: number;
  seconds: number;
  errorSamples: string[];
}

export interface FireEventRequest {
  host: string;
  port: number;
  /** `/graphql`, or the bare broadcast anchor's route. */
  path: string;
  /** The mutation (a GraphQL POST body) whose commit publishes the event. */
  body: string;
  credentials: Credentials | null;
  /** The dispute version the event carries: how a subscriber's message is matched to this event. */
  expectVersion: number;
  /** Subscribers must select `disputeFeed { dispute { id } }` and receive it non-null. */
  expectDispute: boolean;
  timeoutMs: number;
}

export interface FireEventResult {
  /** Wall-clock milliseconds (microsecond resolution) when the mutation was written and answered. */
  sentAtMs: number;
  answeredAtMs: number;
  /** The mutation's answer, parsed. */
  answer: unknown;
  /** Per open subscriber, wall-clock milliseconds of its receipt; NaN when it never came. */
  receiptsMs: number[];
  /** Messages for this event that were wrong (errors, a null dispute, a second copy). */
  wrongMessages: number;
  errorSamples: string[];
}

export interface CloseSubscribersResult {
  closed: number;
  seconds: number;
  /** Subscriptions that ended, errored or whose socket the server closed while they were open. */
  subscriptionErrors: number;
  errorSamples: string[];
}

export interface TpcbScriptRequest {
  label: string;
  url: string;
  scale: number;
  clients: number;
  durationMs: number;
}

export interface TpcbScriptResult {
  transactions: number;
  seconds: number;
  transactionsPerSecond: number;
  failures: number;
  latency: LatencySummary;
}

export interface LoadGeneratorApi {
  httpLoad(request: HttpLoadRequest): HttpLoadResult;
  checkoutLoad(request: CheckoutLoadRequest): CheckoutLoadResult;
  openSubscribers(request: OpenSubscribersRequest): OpenSubscribersResult;
  fireEvent(request: FireEventRequest): FireEventResult;
  closeSubscribers(request: Record<string, never>): CloseSubscribersResult;
  tpcbScript(request: TpcbScriptRequest): TpcbScriptResult;
}

export type LoadGeneratorMethod = keyof LoadGeneratorApi;

export interface LoadGeneratorCall<M extends LoadGeneratorMethod = LoadGeneratorMethod> {
  id: number;
  method: M;
  request: Parameters<LoadGeneratorApi[M]>[0];
}

export type LoadGeneratorAnswer = { id: number; result: unknown } | { id: number; error: string };
