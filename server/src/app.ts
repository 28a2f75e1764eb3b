import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyError,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type onResponseHookHandler,
} from 'fastify';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Context as SocketContext, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { ReplayBudget } from './graphql/replay-budget';
import { WebSocketServer } from 'ws';
import { createSchema } from './graphql/schema';
import type { Context } from './graphql/context';
import type { RequestMeta } from './shared/request-meta';
import { TextKeyedCache } from './shared/text-keyed-cache';
import {
  formatError,
  isPublicError,
  maskedMessage,
  maskUnexpected,
  withCode,
  withoutSuggestions,
} from './graphql/errors';
import { checkDocumentLimits, operationNameLengthError, queryLengthError } from './graphql/document-limits';
import { sizedDocumentStore } from './graphql/document-store';
import { checkHttpRequestLimits, documentLimits, persistedQueryLimitsPlugin } from './graphql/request-limits';
import { createLoaders, type Loaders } from './graphql/loaders';
import { OperationOrder } from './graphql/operation-order';
import { registerFanOutMetrics, SubscriptionFanOut } from './graphql/subscription-fan-out';
import {
  inputRefusal,
  operationRefusal,
  persistedQueryRefusal,
  requestGuardsPlugin,
} from './graphql/request-guards';
import { authenticate, singleHeader } from './http/authenticate';
import { createMetrics, registerMetricsRoute, requestDurationObserver } from './http/metrics';
import { registerStripeWebhookRoute } from './http/stripe-webhook.route';
import { registerStripeEmulatorRoutes } from './http/stripe-emulator.route';
import { registerAttachmentRoutes } from './http/attachments.route';
import { registerGraphqlIdeRoutes } from './http/graphql-ide.route';
import { registerListingImageRoutes } from './http/listing-images.route';
import { registerConsoleRoutes } from './http/console.route';
import {
  declareRequestLogFields,
  noteOperation,
  operationLogPlugin,
  RequestLogController,
} from './http/request-log';
import { answeredErrors, errorLoggingPlugin, logUnexpectedErrors } from './http/graphql-outcome';
import {
  KnownOperations,
  knownOperationsPlugin,
  registerKnownOperationMetrics,
} from './http/known-operations';
import { SessionSockets } from './http/session-sockets';
import { HolderOperations, SocketQuota, socketHolder, tooManySocketsCloseCode } from './http/socket-quota';
import { applySecurityHeaders, securityHeaders } from './http/security-headers';
import { graphqlHandler, type GraphqlRoute } from './http/graphql-handler';
import { defaultMemoryRelease, MemoryRelease, memoryReducingCollection } from './http/memory-release';
import { clientAddress, proxyTrust } from './http/trusted-proxies';
import { jsonShapeRefusal, screenSocketMessages } from './http/json-shape';
import {
  clearSessionCookies,
  csrfHeader,
  refreshPath,
  sessionCookieNames,
  setSessionCookies,
} from './http/session-cookies';
import { sessionsRevokedTopic, type SessionsRevoked } from './auth/session-events';
import type { Viewer } from './auth/roles';
import type { Services } from './services';
import { ExpensiveOperationBudget } from './shared/expensive-operations';

export interface App {
  fastify: FastifyInstance;
  schema: GraphQLSchema;
  /** Subscription results: executed once per event and distinct result, written to every socket. */
  subscriptionFanOut: SubscriptionFanOut;
  /** HTTP operations repeated by clients, executed without Apollo's request pipeline. */
  knownOperations: KnownOperations;
  /** Stops accepting work, drains HTTP and WebSocket connections. Does not close the services. */
  close(): Promise<void>;
}

const requestIdHeader = 'x-request-id';

/** What onConnect learnt of a graphql-ws socket's credentials; checked again before each operation. */
type SocketCredentials = {
  viewer: Viewer | null;
  apiKey: string | undefined;
  /** The socket's operations, set up in the order they arrive (graphql/operation-order.ts). */
  operations?: OperationOrder;
  /** Whom the socket counts against (socketHolder). */
  holder: string;
};

export async function buildApp(services: Services): Promise<App> {
  const { config } = services;
  const metrics = createMetrics();
  const trust = proxyTrust(config.http.trustedProxies);
  const fastify: FastifyInstance = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    // X-Forwarded-For only from the proxies TRUST_PROXY names: the address counts failed logins.
    trustProxy: trust,
    // Not `requestIdHeader`: Fastify would then take the header as it is and call genReqId only without it.
    requestIdHeader: false,
    genReqId: (request) =>
      validRequestId(singleHeader(request.headers[requestIdHeader])) ?? crypto.randomUUID(),
    return503OnClosing: true,
    // A request not received whole within this is answered 408 and its connection closed (Node
    // checks open connections every `connectionsCheckingInterval`, and enforces the request's
    // timeout only when the headers' is no longer); Fastify's default is no limit.
    requestTimeout: config.http.requestTimeoutMs,
    http: httpServerTimeouts(config.http.requestTimeoutMs),
    // One log line per request, written when it is answered.
    logController: new RequestLogController(),
  });

  declareRequestLogFields(fastify);
  // JSON bodies: their shape is checked before they are parsed (http/json-shape.ts), then Fastify's
  // own parser runs as before (a `__proto__` or `constructor.prototype` key is refused).
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    const refusal = jsonShapeRefusal(text);
    if (refusal) {
      done(Object.assign(new Error(refusal), { statusCode: 400 }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  // What a route's own handling did not answer. A failure of ours (5xx, or an error without a
  // status) is logged and masked: Fastify's default body would carry its message, which for a
  // database error is the SQL and its parameters. A request Fastify could not take (a body too
  // large, malformed JSON) keeps its status; on /graphql it is said in GraphQL's error shape.
  fastify.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = error.statusCode;
    if (typeof status !== 'number' || status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send({ error: 'INTERNAL_SERVER_ERROR', message: maskedMessage(request.id), requestId: request.id });
    }
    if (request.url.split('?')[0] === '/graphql') {
      const code = status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
      return reply.code(status).send({ errors: [{ message: error.message, extensions: { code } }] });
    }
    return reply.code(status).send({ error: error.code ?? 'BAD_REQUEST', message: error.message });
  });
  await fastify.register(fastifyCookie);
  const helmetHeaders = await securityHeaders({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  // Synchronous (a callback, not a promise): it runs on every request.
  fastify.addHook('onRequest', (request, reply, done) => {
    applySecurityHeaders(reply, helmetHeaders);
    reply.header(requestIdHeader, request.id);
    done();
  });
  // Each route's duration series, labelled with the route's path as it was added (reading
  // `request.routeOptions` builds an object on every call); requests no route matched, as `unknown`.
  const observe = requestDurationObserver(metrics);
  const observeDuration = (request: FastifyRequest, reply: FastifyReply, route: string) =>
    observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  fastify.addHook('onRoute', (route) => {
    const path = route.url ?? 'unknown';
    const observeRoute: onResponseHookHandler = (request, reply, done) => {
      observeDuration(request, reply, path);
      done();
    };
    route.onResponse = [...[route.onResponse ?? []].flat(), observeRoute];
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.is404) observeDuration(request, reply, 'unknown');
    done();
  });

  const schema = await createSchema(services.pubsub.forSchema());
  // No "Did you mean" naming schema elements while the schema itself is not published.
  const clientError = (formatted: GraphQLFormattedError) =>
    config.graphql.introspection ? formatted : withoutSuggestions(formatted);
  // Checked on the parsed document before graphql-js validates it (graphql/document-limits.ts).
  const limits = documentLimits(config.graphql);
  const validationOptions = { maxErrors: config.graphql.maxValidationErrors };

  const formatClientError = (formatted: GraphQLFormattedError, error: unknown) =>
    clientError(formatError(formatted, error));
  // Repeats skip Apollo's request pipeline, with the same steps around them (http/known-operations.ts).
  const knownOperations = new KnownOperations({
    schema,
    refusal: (document, operation, request) => operationRefusal(schema, document, operation, request),
    noteOperation,
    formatError: formatClientError,
    didEncounterErrors: logUnexpectedErrors,
    answeredErrors: (context, operation, errors) =>
      answeredErrors(metrics, context, operation.operation, errors),
  });

  registerKnownOperationMetrics(metrics.registry, knownOperations);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.graphql.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    documentStore: sizedDocumentStore(),
    validationOptions,
    formatError: formatClientError,
    plugins: [
      fastifyApolloDrainPlugin(fastify),
      ApolloServerPluginLandingPageDisabled(),
      // The schema sets no cache hints, so every answer is uncacheable and the plugin never sets a
      // header; installed (Apollo's default), it wraps every field's resolver to collect hints.
      ApolloServerPluginCacheControlDisabled(),
      requestGuardsPlugin(),
      persistedQueryLimitsPlugin(limits),
      errorLoggingPlugin(metrics),
      operationLogPlugin(),
      knownOperationsPlugin(knownOperations),
    ],
  });
  await apollo.start();

  /** The answer's one error, when the request is refused at the door. */
  const requestRefusal = (request: FastifyRequest): GraphQLFormattedError | null => {
    if (Array.isArray(request.body) && request.body.length > config.graphql.maxBatchSize) {
      return {
        message: `A batch holds at most ${config.graphql.maxBatchSize} operations.`,
        extensions: { code: 'BATCH_LIMIT_EXCEEDED' },
      };
    }
    const exceeded = checkHttpRequestLimits(
      schema,
      limits,
      config.graphql.maxTokens,
      request.method === 'GET' ? request.query : request.body,
    );
    if (exceeded) return formatError(exceeded.toJSON(), exceeded);
    return persistedQueryRefusal(request)?.toJSON() ?? null;
  };

  fastify.route<GraphqlRoute>({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    // The refusals made before anything runs, not even authentication, in this order: the batch's
    // size, the document limits, the persisted-query extension. One synchronous hook, on this
    // route only: an async hook costs a promise and a turn of the microtask queue per request.
    preValidation: (request, reply, done) => {
      // Answers hold wallets, codes and sessions' data: no cache, shared or private, keeps one.
      reply.header('cache-control', 'no-store');
      const refusal = requestRefusal(request);
      if (!refusal) return done();
      void reply
        .code(400)
        .type('application/json')
        .send(JSON.stringify({ errors: [refusal] }));
    },
    handler: graphqlHandler(apollo, knownOperations, async (request, reply): Promise<Context> => {
      // Apollo builds one context per HTTP request, shared by every operation of a batch.
      const meta: RequestMeta = {
        requestId: request.id,
        address: request.ip,
        userAgent: singleHeader(request.headers['user-agent']) ?? null,
        expensiveOperations: new ExpensiveOperationBudget(config.auth.maxPasswordChecksPerRequest),
      };
      const viewer = await authenticate(services, {
        apiKey: singleHeader(request.headers['x-api-key']),
        cookies: request.cookies,
        csrfToken: singleHeader(request.headers[csrfHeader]),
        operations: Array.isArray(request.body) ? Math.max(1, request.body.length) : 1,
      }).catch((error: unknown) => {
        // Apollo answers a failed context without running the plugins: mask and log here.
        if (isPublicError(error)) throw error;
        services.log.error(
          { err: error, requestId: meta.requestId },
          'unexpected error while authenticating',
        );
        throw new GraphQLError(maskedMessage(meta.requestId), {
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: meta.requestId, http: { status: 500 } },
        });
      });
      return { viewer, meta, services, loaders: createLoaders(services.database), reply };
    }),
  });

  fastify.post(refreshPath, async (request, reply) => {
    // A cross-site form cannot read the CSRF cookie, so it cannot echo it; the token must be the
    // refresh token's session's (AuthService.refresh checks it before anything changes).
    const names = sessionCookieNames(config);
    const result = await services.auth.refresh(
      request.cookies[names.refresh],
      singleHeader(request.headers[csrfHeader]),
      {
        requestId: request.id,
        address: request.ip,
        userAgent: singleHeader(request.headers['user-agent']) ?? null,
        expensiveOperations: new ExpensiveOperationBudget(config.auth.maxPasswordChecksPerRequest),
      },
    );
    if ('failure' in result && result.failure === 'CSRF_TOKEN_INVALID') {
      return reply.code(403).send({
        error: 'CSRF_TOKEN_INVALID',
        message: `Send the ${names.csrf} cookie value in x-csrf-token.`,
      });
    }
    if ('failure' in result && result.failure === 'RACED') {
      // The cookies stay: the other request that renewed the session has set (or is setting) new ones.
      return reply.code(409).send({
        error: 'REFRESH_TOKEN_RACED',
        message:
          'Another tab or app renewed this session a moment ago: retry with the cookies as they are now.',
      });
    }
    if ('failure' in result && result.failure === 'PASSWORD_EXPIRED') {
      clearSessionCookies(reply, config);
      return reply.code(401).send({
        error: 'PASSWORD_EXPIRED',
        message: 'The password an admin set for this account expired unchanged: ask an admin for a new one.',
      });
    }
    if ('failure' in result) {
      clearSessionCookies(reply, config);
      return reply.code(401).send({ error: `REFRESH_TOKEN_${result.failure}`, message: 'Sign in again.' });
    }
    setSessionCookies(reply, config, result.session);
    return reply.send({ ok: true });
  });

  await registerStripeWebhookRoute(fastify, services);
  await registerStripeEmulatorRoutes(fastify, services);
  await registerAttachmentRoutes(fastify, services);
  await registerListingImageRoutes(fastify, services);
  await registerGraphqlIdeRoutes(fastify, config);
  await registerConsoleRoutes(fastify, config);

  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    try {
      await services.database.$client.query('select 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });
  registerMetricsRoute(fastify, metrics, config);

  // graphql-ws on the same port and path as HTTP GraphQL.
  const websocketServer = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Sockets that have not yet sent connection_init, per address: until then a socket has no holder
  // for socketQuota, and without this bound one address could keep thousands open, each for the
  // init timeout (3 s), and open them again. Released at connection_init (the socket then counts
  // against its user or address) or at close.
  const awaitingInit = new SocketQuota(config.graphql.maxSocketsPerHolder);
  const releaseAwaitingInit = new WeakMap<object, () => void>();
  fastify.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql') {
      socket.destroy();
      return;
    }
    const holder = `address:${clientAddress(request, trust)}`;
    if (awaitingInit.full(holder)) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' +
          'Too many sockets from your address are waiting for connection_init; send it, or retry later.\n',
      );
      return;
    }
    websocketServer.handleUpgrade(request, socket, head, (client) => {
      const release = awaitingInit.hold(client, holder);
      if (!release) {
        client.close(
          tooManySocketsCloseCode,
          'Too many sockets from your address are waiting for connection_init',
        );
        return;
      }
      releaseAwaitingInit.set(client, release);
      websocketServer.emit('connection', client, request);
    });
  });
  // After a burst of closed sockets, the memory they used goes back to the system (http/memory-release.ts).
  const memoryRelease = new MemoryRelease({
    ...defaultMemoryRelease,
    collect: memoryReducingCollection,
    onReleased: (release) => services.log.info(release, 'memory of closed sockets released'),
  });
  websocketServer.on('connection', (socket) => {
    screenSocketMessages(socket);
    metrics.websocketConnections.inc();
    memoryRelease.socketOpened();
    socket.once('close', () => {
      metrics.websocketConnections.dec();
      memoryRelease.socketClosed();
    });
  });

  // Apollo adds its own introspection rule over HTTP; graphql-ws needs it spelled out.
  const websocketValidationRules = config.graphql.introspection
    ? specifiedRules
    : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  // Documents that parsed and validated over graphql-ws, by their text: every tab of the console
  // subscribes with the same few, again after each reconnect. Setting up a subscription took 0.30 ms
  // of the server's CPU, nearly all of it validation, and takes 0.034 ms with them kept (a profile
  // of the bench's fan-out phase, 4,000 subscribes: bench/README.md, "known operations").
  const validatedSocketDocuments = new TextKeyedCache<DocumentNode>(20_000, 500_000);
  // A socket lives no longer than its session: AuthService publishes each revocation on commit, to
  // every instance, and this one closes the sockets opened with the revoked sessions.
  const sessionSockets = new SessionSockets();
  const socketQuota = new SocketQuota(config.graphql.maxSocketsPerHolder);
  const holderOperations = new HolderOperations(config.graphql.maxOperationsPerHolder);
  const revocations = services.pubsub.subscribe(sessionsRevokedTopic)[Symbol.asyncIterator]();
  const closingRevokedSockets = (async () => {
    for (let event = await revocations.next(); !event.done; event = await revocations.next()) {
      sessionSockets.closeRevoked(event.value as SessionsRevoked);
    }
  })().catch((error: unknown) => services.log.error({ err: error }, 'session revocation listener failed'));

  /**
   * The socket's viewer now. A revocation may have been missed (the listener was reconnecting), so
   * the session must still be open; an API key is authenticated again, which also counts the
   * operation against its rate limit. Throws UNAUTHENTICATED or RATE_LIMITED.
   */
  async function currentViewer(credentials: Partial<SocketCredentials>): Promise<Viewer | null> {
    if (credentials.apiKey !== undefined) {
      return authenticate(services, { apiKey: credentials.apiKey, cookies: {}, csrfToken: undefined });
    }
    const viewer = credentials.viewer ?? null;
    if (viewer?.sessionId && !(await services.auth.sessionAlive(viewer.userId, viewer.sessionId))) {
      throw new GraphQLError('This session has ended; sign in again.', {
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    return viewer;
  }

  // Starting an operation costs its setup (authentication, parsing, the first read) whatever it
  // does next: a budget per holder, as a token bucket (graphql/replay-budget.ts), bounds the rate.
  const operationStarts = new ReplayBudget(config.graphql.operationStartsPerMinute);

  const subscriptionFanOut = new SubscriptionFanOut({
    database: services.database,
    formatErrors: (errors, requestId) =>
      errors.map((error) => clientError(maskUnexpected(error, requestId, services.log))),
  });
  registerFanOutMetrics(metrics.registry, subscriptionFanOut);

  const subscriptions = useServer<Record<string, unknown>, SocketCredentials>(
    {
      schema,
      subscribe: (args) => subscriptionFanOut.subscribe(args),
      onConnect: async (ctx) => {
        releaseAwaitingInit.get(ctx.extra.socket)?.();
        const request = ctx.extra.request;
        const cookies = fastifyCookie.parse(request.headers.cookie ?? '');
        const params = ctx.connectionParams ?? {};
        const apiKey =
          typeof params['apiKey'] === 'string'
            ? params['apiKey']
            : singleHeader(request.headers['x-api-key']);
        try {
          const viewer = await authenticate(services, {
            apiKey,
            cookies,
            csrfToken: typeof params['csrfToken'] === 'string' ? params['csrfToken'] : undefined,
          });
          const socket = ctx.extra.socket;
          const holder = socketHolder(viewer, clientAddress(request, trust));
          if (!socketQuota.take(socket, holder)) {
            const most = config.graphql.maxSocketsPerHolder;
            socket.close(
              tooManySocketsCloseCode,
              `Too many open sockets: at most ${most} per user or address`,
            );
            return false;
          }
          ctx.extra.viewer = viewer;
          ctx.extra.apiKey = apiKey;
          ctx.extra.holder = holder;
          holderOperations.add(socket, holder, ctx);
          if (viewer?.sessionId) sessionSockets.add(socket, viewer.userId, { sessionId: viewer.sessionId });
          if (viewer?.apiKeyId) sessionSockets.add(socket, viewer.userId, { apiKeyId: viewer.apiKeyId });
          return true;
        } catch {
          return false;
        }
      },
      // Each operation waits for the ones sent before it on the socket to be set up: a query sent
      // after a subscription runs once that subscription listens. A query or mutation (or a
      // refusal) is set up when this hook returns, a subscription once onOperation is called.
      onSubscribe: async (ctx, id, payload) => {
        // graphql-ws has entered this operation in ctx.subscriptions already.
        const maxOperations = config.graphql.maxSocketOperations;
        if (Object.keys(ctx.subscriptions).length > maxOperations) {
          return [
            new GraphQLError(
              `One socket runs at most ${maxOperations} operations at once; complete one before starting another.`,
              { extensions: { code: 'SOCKET_OPERATION_LIMIT_EXCEEDED', maxOperations } },
            ),
          ];
        }
        if (ctx.extra.holder !== undefined && holderOperations.over(ctx.extra.holder)) {
          const most = holderOperations.maxPerHolder;
          return [
            new GraphQLError(
              `One user (or address) runs at most ${most} operations at once over all its sockets; complete one before starting another.`,
              { extensions: { code: 'SOCKET_OPERATION_LIMIT_EXCEEDED', maxOperations: most } },
            ),
          ];
        }
        if (ctx.extra.holder !== undefined) {
          const retryAfterSeconds = operationStarts.take(ctx.extra.holder, 1);
          if (retryAfterSeconds !== null) {
            return [
              new GraphQLError(
                `Too many operations started over WebSockets by this user (or address): retry in ${retryAfterSeconds}s.`,
                { extensions: { code: 'RATE_LIMITED', retryAfterSeconds } },
              ),
            ];
          }
        }
        const operations = (ctx.extra.operations ??= new OperationOrder());
        await operations.turn(id);
        let subscription = false;
        try {
          const prepared = await prepareOperation(ctx, id, payload);
          subscription =
            'document' in prepared &&
            getOperationAST(prepared.document, prepared.operationName)?.operation === 'subscription';
          return prepared;
        } finally {
          if (!subscription) operations.settled(id);
        }
      },
      onOperation: (ctx, id) => {
        ctx.extra.operations?.settled(id);
        return undefined;
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        if (!result.errors) return undefined;
        const { requestId } = (args.contextValue as Context).meta;
        return {
          ...result,
          errors: result.errors.map((error) => clientError(maskUnexpected(error, requestId, services.log))),
        };
      },
      // Errors that end an operation: refusals from onSubscribe, or a failing event source (no context here).
      onError: (ctx, id, _payload, errors) => {
        ctx.extra.operations?.settled(id);
        const requestId = crypto.randomUUID();
        return errors.map((error) => clientError(maskUnexpected(error, requestId, services.log)));
      },
      onComplete: (ctx, id) => {
        ctx.extra.operations?.settled(id);
      },
      onClose: (ctx) => {
        ctx.extra.operations?.settleAll();
      },
    },
    websocketServer,
  );

  /** onSubscribe's work for one operation: its execution arguments, or why it is refused. */
  async function prepareOperation(
    ctx: SocketContext<Record<string, unknown>, Extra & Partial<SocketCredentials>>,
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    let viewer: Viewer | null;
    try {
      viewer = await currentViewer(ctx.extra);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const nameTooLong = operationNameLengthError(payload.operationName);
    if (nameTooLong) return [nameTooLong];
    const validated = validatedSocketDocuments.get(payload.query);
    let document = validated;
    if (!document) {
      const tooLong = queryLengthError(payload.query, limits);
      if (tooLong) return [tooLong];
      try {
        document = parse(payload.query, { maxTokens: config.graphql.maxTokens });
      } catch (error) {
        const parseError =
          error instanceof GraphQLError ? error : new GraphQLError('Could not parse the document.');
        return [withCode(parseError, 'GRAPHQL_PARSE_FAILED')];
      }
    }
    // Limits first: the specified rules run only on documents whose size they bound. Checked on
    // every subscribe: the cost depends on the variables.
    const checked = checkDocumentLimits(schema, document, limits, payload);
    if ('error' in checked) return [checked.error];
    if (!validated) {
      const errors = validate(schema, document, websocketValidationRules, validationOptions);
      if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      validatedSocketDocuments.set(payload.query, document);
    }
    const refusal = inputRefusal(schema, document, payload);
    if (refusal) return [refusal];
    const request = ctx.extra.request;
    let loaders: Loaders | undefined;
    const context: Context = {
      viewer,
      meta: {
        requestId: crypto.randomUUID(),
        address: clientAddress(request, trust),
        userAgent: singleHeader(request.headers['user-agent']) ?? null,
        expensiveOperations: new ExpensiveOperationBudget(config.auth.maxPasswordChecksPerRequest),
      },
      services,
      // A subscription's events run with a loader set per event (SubscriptionFanOut); this one
      // serves queries and mutations over the socket, and is made only for them.
      get loaders() {
        return (loaders ??= createLoaders(services.database));
      },
      reply: null,
    };
    const socket = ctx.extra.socket;
    subscriptionFanOut.attach(context, {
      id,
      query: payload.query,
      operationName: payload.operationName,
      variables: payload.variables,
      write: (frame, done) => {
        if (socket.readyState !== socket.OPEN) return queueMicrotask(done);
        socket.send(frame, { binary: false }, done);
      },
    });
    return {
      schema,
      document,
      variableValues: payload.variables ?? undefined,
      operationName: payload.operationName ?? undefined,
      contextValue: context,
    } satisfies ExecutionArgs;
  }

  // Node's close ends the connections idle at that moment only: one with a request in flight
  // answers it, then stays open for its keep-alive timeout (72 s), and the close waits for it. So
  // while closing, every connection is ended as soon as it is idle.
  let closingIdleConnections: NodeJS.Timeout | undefined;
  // preClose, not onClose: Fastify's own onClose waits for every socket, upgraded ones included,
  // so WebSocket clients must be closed before it runs or shutdown never completes.
  fastify.addHook('preClose', async () => {
    closingIdleConnections = setInterval(() => fastify.server.closeIdleConnections(), 100);
    closingIdleConnections.unref();
    memoryRelease.stop();
    await revocations.return?.();
    await closingRevokedSockets;
    for (const client of websocketServer.clients) client.close(1001, 'Server shutting down');
    await subscriptions.dispose();
    await new Promise<void>((resolve) => websocketServer.close(() => resolve()));
  });
  // Runs once the HTTP server has closed (Fastify closes it before the onClose hooks).
  fastify.addHook('onClose', async () => clearInterval(closingIdleConnections));

  return {
    fastify,
    schema,
    subscriptionFanOut,
    knownOperations,
    close: async () => {
      await fastify.close();
    },
  };
}

function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9._-]{8,128}$/.test(value) ? value : undefined;
}

/**
 * Node's timeouts for the API's connections. A request's headers are a few hundred bytes: 15
 * seconds is far more than any client needs, and a connection dripping them is dropped then, not
 * after the whole request's time. Node looks at open connections every `connectionsCheckingInterval`
 * (30 s by default, so a timeout could be overrun by that much): every 5 seconds here. The request's
 * own timeout applies only when the headers' is no longer than it.
 */
export function httpServerTimeouts(requestTimeoutMs: number): {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(15_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(5_000, Math.max(100, requestTimeoutMs / 2)),
  };
}
