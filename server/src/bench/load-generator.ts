import '../tools/node-version.guard';
import crypto from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import type {
  CheckoutLoadRequest,
  CheckoutLoadResult,
  CloseSubscribersResult,
  Credentials,
  FireEventRequest,
  FireEventResult,
  HttpLoadRequest,
  HttpLoadResult,
  LoadGeneratorAnswer,
  LoadGeneratorApi,
  LoadGeneratorCall,
  OpenSubscribersRequest,
  OpenSubscribersResult,
  TpcbScriptRequest,
  TpcbScriptResult,
} from './bench-protocol';
import { ProgressBar, round, summarize, WallClock } from './bench-stats';
import { HttpConnection, postRequest } from './raw-http';
import { tpcbTransaction } from './tpcb';

/**
 * The bench's load generator: a child process of bench.cli.ts (never run by hand), so that the
 * client's CPU time is its own process's and not the orchestrator's or the server's. It holds
 * keep-alive HTTP connections (raw-http.ts) and graphql-ws sockets (`ws`, the
 * graphql-transport-ws protocol spoken directly: a receipt is timed in the socket's first
 * callback, before anything parses it), and answers the orchestrator's calls
 * (bench-protocol.ts) one at a time.
 */

const maxErrorSamples = 5;

function credentialHeaders(credentials: Credentials | null): Record<string, string> {
  return credentials ? { Cookie: credentials.cookie, 'x-csrf-token': credentials.csrfToken } : {};
}

function addSample(samples: string[], sample: string): void {
  if (samples.length < maxErrorSamples) samples.push(sample.slice(0, 300));
}

/** A request unanswered this long is a failure (and its connection is replaced). */
const requestTimeoutMs = 60_000;
/** A window too short for `minimumAnswers` answers is extended by at most this much. */
const maxExtensionMs = 60_000;

/**
 * Runs `connections` loops; each sends `next()`'s request, waits for the answer, and sends the
 * next. After `warmupMs`, the answers arriving in the measured window count (throughput is answers
 * in the window over its length). The window lasts `durationMs`, longer if it saw fewer than
 * `minimumAnswers` (a slow level at 128 clients may answer nothing in a short window), up to 60 s
 * more.
 */
async function closedLoop(options: {
  label: string;
  host: string;
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  minimumAnswers: number;
  next: (client: number) => Buffer;
  /** null: success; a string: a failure (system error); { refusal }: a typed refusal (a user error). */
  check: (client: number, status: number, body: Buffer) => string | null | { refusal: string };
}): Promise<{
  latencies: number[];
  seconds: number;
  /** Every answer, warm-up and stragglers included (server CPU per request divides by it). */
  answeredTotal: number;
  errors: number;
  failuresInWindow: number;
  /** Typed refusals by code, wherever they fell, and how many fell inside the window. */
  refusals: Record<string, number>;
  refusalsInWindow: number;
  errorSamples: string[];
}> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let failuresInWindow = 0;
  let answeredTotal = 0;
  const refusals: Record<string, number> = {};
  let refusalsInWindow = 0;
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const plannedEnd = measureFrom + options.durationMs;
  let windowEnd: number | undefined;
  const settle = () => {
    const now = performance.now();
    if (windowEnd !== undefined || now < plannedEnd) return;
    if (latencies.length >= options.minimumAnswers || now >= plannedEnd + maxExtensionMs) windowEnd = now;
  };
  const timer = setTimeout(settle, Math.max(0, plannedEnd - performance.now()));
  const loop = async (client: number) => {
    let connection = new HttpConnection(options.host, options.port);
    try {
      while (windowEnd === undefined || performance.now() < windowEnd) {
        const sent = performance.now();
        let failure: string | null;
        let refusal: string | null = null;
        let timeout: NodeJS.Timeout | undefined;
        try {
          const answer = await Promise.race([
            connection.request(options.next(client)),
            new Promise<never>((_resolve, reject) => {
              timeout = setTimeout(() => reject(new Error('no answer within 60 s')), requestTimeoutMs);
            }),
          ]);
          const verdict = options.check(client, answer.status, answer.body);
          failure = typeof verdict === 'object' && verdict !== null ? null : verdict;
          if (typeof verdict === 'object' && verdict !== null) {
            refusal = verdict.refusal;
            refusals[refusal] = (refusals[refusal] ?? 0) + 1;
          }
        } catch (error) {
          failure = `request failed: ${String(error)}`;
          connection.close();
          connection = new HttpConnection(options.host, options.port);
        } finally {
          clearTimeout(timeout);
        }
        const answered = performance.now();
        answeredTotal++;
        // A failure counts wherever it falls (warm-up, after the window); latencies only inside it.
        if (failure !== null) {
          errors++;
          addSample(errorSamples, failure);
        }
        if (answered < measureFrom || (windowEnd !== undefined && answered > windowEnd)) continue;
        latencies.push(answered - sent);
        if (failure !== null) failuresInWindow++;
        if (refusal !== null) refusalsInWindow++;
        settle();
      }
    } finally {
      connection.close();
    }
  };
  await ProgressBar.during(
    options.label,
    options.warmupMs + options.durationMs,
    Promise.all(Array.from({ length: options.connections }, (_, client) => loop(client))),
  );
  clearTimeout(timer);
  return {
    latencies,
    seconds: (windowEnd! - measureFrom) / 1000,
    answeredTotal,
    errors,
    failuresInWindow,
    refusals,
    refusalsInWindow,
    errorSamples,
  };
}

async function httpLoad(request: HttpLoadRequest): Promise<HttpLoadResult> {
  const bytes = postRequest(
    request.host,
    request.port,
    request.path,
    request.body,
    credentialHeaders(request.credentials),
  );
  const expected = Buffer.from(request.expect);
  const run = await closedLoop({
    ...request,
    minimumAnswers: 100,
    next: () => bytes,
    check: (_client, status, body) =>
      status === 200 && body.includes(expected) ? null : `HTTP ${status}: ${body.toString('utf8')}`,
  });
  const successes = run.latencies.length - run.failuresInWindow;
  return {
    requests: run.latencies.length,
    answeredTotal: run.answeredTotal,
    seconds: round(run.seconds, 2),
    requestsPerSecond: round(successes / run.seconds, 1),
    latency: summarize(run.latencies),
    errors: run.errors,
    errorSamples: run.errorSamples,
  };
}

const purchaseMutation =
  'mutation ($input: PurchaseListingInput!) { purchaseListing(input: $input) { order { id } errors { code } } }';

interface PurchaseAnswer {
  data?: { purchaseListing?: { order: { id: string } | null; errors: { code: string }[] } | null };
  errors?: unknown[];
}

async function checkoutLoad(request: CheckoutLoadRequest): Promise<CheckoutLoadResult> {
  if (request.buyers.length < request.concurrency) throw new Error('one buyer per client is needed');
  const run = await closedLoop({
    ...request,
    connections: request.concurrency,
    // Every client answered about once: fewer would measure the first requests' queueing.
    minimumAnswers: Math.max(20, request.concurrency),
    next: (client) => {
      const listingId = request.listingIds[crypto.randomInt(request.listingIds.length)]!;
      const body = JSON.stringify({
        query: purchaseMutation,
        variables: { input: { listingId, idempotencyKey: crypto.randomUUID() } },
      });
      return postRequest(
        request.host,
        request.port,
        '/graphql',
        body,
        credentialHeaders(request.buyers[client]!),
      );
    },
    check: (_client, status, body) => {
      let answer: PurchaseAnswer;
      try {
        answer = JSON.parse(body.toString('utf8')) as PurchaseAnswer;
      } catch {
        return `HTTP ${status}: ${body.toString('utf8')}`;
      }
      const payload = answer.data?.purchaseListing;
      if (status !== 200 || answer.errors || !payload) return `HTTP ${status}: ${body.toString('utf8')}`;
      const code = payload.errors[0]?.code;
      if (code) return { refusal: code };
      if (!payload.order) {
        return `no order and no error: ${body.toString('utf8')}`;
      }
      return null;
    },
  });
  // Typed refusals are answered purchases but not sales: throughput counts orders only.
  const orders = run.latencies.length - run.failuresInWindow - run.refusalsInWindow;
  return {
    purchases: run.latencies.length,
    answeredTotal: run.answeredTotal,
    seconds: round(run.seconds, 2),
    throughputPerSecond: round(orders / run.seconds, 1),
    latency: summarize(run.latencies),
    userErrors: run.refusals,
    systemErrors: run.errors,
    errorSamples: run.errorSamples,
  };
}

/** The subscriber sockets currently open, and the event they are waiting for. */
class Subscribers {
  private sockets: WebSocket[] = [];
  /** True while close() closes the sockets: their closing is no error. */
  private closing = false;
  private errors = 0;
  private errorSamples: string[] = [];
  private armed:
    | {
        version: number;
        expectDispute: boolean;
        receipts: number[];
        received: number;
        wrong: number;
        samples: string[];
        done: () => void;
      }
    | undefined;

  get size(): number {
    return this.sockets.length;
  }

  async open(request: OpenSubscribersRequest): Promise<OpenSubscribersResult> {
    if (this.sockets.length > 0) throw new Error('close the open subscribers first');
    const started = performance.now();
    const errorSamples: string[] = [];
    const bar = new ProgressBar(request.label, request.count);
    let opened = 0;
    let failed = 0;
    let next = 0;
    const subscription = request.subscription;
    const subscribe =
      subscription && JSON.stringify({ id: '1', type: 'subscribe', payload: { query: subscription.query } });
    const init =
      subscription &&
      JSON.stringify({ type: 'connection_init', payload: { csrfToken: subscription.credentials.csrfToken } });
    const openOne = (index: number) =>
      new Promise<void>((resolve) => {
        const socket = subscription
          ? new WebSocket(request.url, 'graphql-transport-ws', {
              headers: { cookie: subscription.credentials.cookie },
              perMessageDeflate: false,
            })
          : new WebSocket(request.url, { perMessageDeflate: false });
        /** Its place in `sockets` (and in an event's receipts) once acknowledged (plain: once open). */
        let slot = -1;
        socket.on('open', () => {
          if (init) return socket.send(init);
          slot = this.sockets.push(socket) - 1;
          opened++;
          resolve();
        });
        socket.on('message', (data: WebSocket.RawData) => {
          const receivedAt = performance.now();
          if (slot >= 0) return this.onMessage(slot, receivedAt, data, socket);
          if (!/"type":"connection_ack"/.test(data.toString())) {
            addSample(errorSamples, `socket ${index} before its ack: ${data.toString()}`);
            return;
          }
          slot = this.sockets.push(socket) - 1;
          if (subscribe) socket.send(subscribe);
          opened++;
          resolve();
        });
        socket.on('error', (error) => addSample(errorSamples, `socket ${index}: ${String(error)}`));
        socket.on('close', (code, reason) => {
          if (slot >= 0) {
            if (!this.closing)
              this.recordError(`socket ${index} closed by the server: ${code} ${reason.toString()}`);
            return;
          }
          failed++;
          addSample(errorSamples, `socket ${index} closed before its ack: ${code} ${reason.toString()}`);
          resolve();
        });
      });
    // At most 64 handshakes at once: a burst of 2,000 would queue in the accept backlog and time out.
    const worker = async () => {
      while (next < request.count) {
        const index = next++;
        await openOne(index);
        bar.update(opened + failed);
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    return { opened, failed, seconds: round((performance.now() - started) / 1000, 2), errorSamples };
  }

  private onMessage(index: number, receivedAt: number, data: WebSocket.RawData, socket: WebSocket): void {
    let message: {
      type?: string;
      payload?: { data?: { disputeFeed?: { version?: number; dispute?: { id?: string } | null } } };
    };
    try {
      message = JSON.parse(data.toString()) as typeof message;
    } catch {
      return;
    }
    if (message.type === 'ping') return void socket.send('{"type":"pong"}');
    const change = message.payload?.data?.disputeFeed;
    // A subscription that ended or answered with errors misses every event after it.
    if (message.type === 'error' || message.type === 'complete' || (message.type === 'next' && !change)) {
      this.recordError(`socket ${index}: ${data.toString()}`);
      return;
    }
    const armed = this.armed;
    if (!armed) return;
    if (message.type === 'next' && change?.version === armed.version) {
      if (!Number.isNaN(armed.receipts[index]!)) {
        armed.wrong++;
        addSample(armed.samples, `socket ${index}: the event twice`);
        return;
      }
      if (armed.expectDispute && !change.dispute?.id) {
        armed.wrong++;
        addSample(armed.samples, `socket ${index}: no dispute in ${data.toString()}`);
      }
      armed.receipts[index] = receivedAt;
      armed.received++;
      if (armed.received === armed.receipts.length) armed.done();
    }
  }

  /** A subscription that failed: counted whether or not an event is awaited. */
  private recordError(sample: string): void {
    this.errors++;
    addSample(this.errorSamples, sample);
  }

  async fire(request: FireEventRequest, clock: WallClock): Promise<FireEventResult> {
    const receipts = this.sockets.map(() => Number.NaN);
    let done: () => void = () => undefined;
    const allReceived = new Promise<void>((resolve) => (done = resolve));
    this.armed = {
      version: request.expectVersion,
      expectDispute: request.expectDispute,
      receipts,
      received: 0,
      wrong: 0,
      samples: [],
      done,
    };
    if (receipts.length === 0) done();
    clock.calibrate();
    const connection = new HttpConnection(request.host, request.port);
    const bytes = postRequest(
      request.host,
      request.port,
      request.path,
      request.body,
      credentialHeaders(request.credentials),
    );
    try {
      await connection.ready();
      const sent = performance.now();
      const answer = await connection.request(bytes);
      const answered = performance.now();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        allReceived,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, request.timeoutMs))),
      ]);
      clearTimeout(timer);
      const armed = this.armed;
      this.armed = undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.body.toString('utf8'));
      } catch {
        parsed = { status: answer.status, body: answer.body.toString('utf8') };
      }
      return {
        sentAtMs: clock.fromPerformance(sent),
        answeredAtMs: clock.fromPerformance(answered),
        answer: parsed,
        receiptsMs: receipts.map((at) => (Number.isNaN(at) ? at : clock.fromPerformance(at))),
        wrongMessages: armed.wrong,
        errorSamples: armed.samples,
      };
    } finally {
      this.armed = undefined;
      connection.close();
    }
  }

  async close(): Promise<CloseSubscribersResult> {
    const started = performance.now();
    const sockets = this.sockets;
    this.closing = true;
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => socket.terminate(), 10_000);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.close(1000, 'bench done');
          }),
      ),
    );
    const result = {
      closed: sockets.length,
      seconds: round((performance.now() - started) / 1000, 2),
      subscriptionErrors: this.errors,
      errorSamples: this.errorSamples,
    };
    this.sockets = [];
    this.closing = false;
    this.errors = 0;
    this.errorSamples = [];
    return result;
  }
}

/** The TPC-B anchor without pgbench: pgbench's built-in tpcb-like script, named prepared statements. */
async function tpcbScript(request: TpcbScriptRequest): Promise<TpcbScriptResult> {
  const pool = new pg.Pool({ connectionString: request.url, max: request.clients });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + request.durationMs;
  const loop = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < until) {
        const begin = performance.now();
        try {
          await tpcbTransaction(client, request.scale);
          const end = performance.now();
          if (end <= until) latencies.push(end - begin);
        } catch {
          failures++;
          await client.query('rollback').catch(() => undefined);
        }
      }
    } finally {
      client.release();
    }
  };
  try {
    await ProgressBar.during(
      request.label,
      request.durationMs,
      Promise.all(Array.from({ length: request.clients }, loop)),
    );
  } finally {
    await pool.end();
  }
  const seconds = request.durationMs / 1000;
  return {
    transactions: latencies.length,
    seconds,
    transactionsPerSecond: round(latencies.length / seconds, 1),
    failures,
    latency: summarize(latencies),
  };
}

const subscribers = new Subscribers();
const clock = new WallClock();

const api: { [M in keyof LoadGeneratorApi]: (request: never) => Promise<ReturnType<LoadGeneratorApi[M]>> } = {
  httpLoad,
  checkoutLoad,
  openSubscribers: (request: OpenSubscribersRequest) => subscribers.open(request),
  fireEvent: (request: FireEventRequest) => subscribers.fire(request, clock),
  closeSubscribers: () => subscribers.close(),
  tpcbScript,
};

if (!process.send) {
  console.error('load-generator.ts is started by bench.cli.ts (npm run bench), not by hand');
  process.exit(1);
}

// One call at a time, in order: the orchestrator awaits each answer before it sends the next.
let queue = Promise.resolve();
process.on('message', (call: LoadGeneratorCall) => {
  queue = queue.then(async () => {
    let answer: LoadGeneratorAnswer;
    try {
      const handler = api[call.method] as (request: unknown) => Promise<unknown>;
      answer = { id: call.id, result: await handler(call.request) };
    } catch (error) {
      answer = {
        id: call.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    process.send!(answer);
  });
});
process.on('disconnect', () => {
  void subscribers.close().finally(() => process.exit(0));
});
