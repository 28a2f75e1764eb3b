import '../tools/node-version.guard';
import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, processEnvironment } from '../config';
import { ensureDatabase } from '../db/embedded';
import { createDatabase, type Database } from '../db/pool';
import { ledgerIsClean, verifyLedger, type LedgerVerification } from '../ledger/ledger.service';
import { runCli } from '../tools/cli';
import { benchmarkResultsDirectory, benchmarkStamp } from './benchmark-results';
import {
  concurrencyLevels,
  evaluateGoals,
  formatTable,
  verdict,
  type GoalFigures,
  type GoalResult,
  type PhasesRun,
  type Scenario,
  type TableRow,
} from './bench-goals';
import {
  openWebsocketCount,
  postgresCpuMs,
  processCpuMs,
  residentSetKb,
  startApiServer,
  startFreshDatabase,
  startLoadGenerator,
  type ApiServer,
  type LoadGenerator,
} from './bench-processes';
import type {
  CheckoutLoadResult,
  Credentials,
  FireEventResult,
  HttpLoadResult,
  TpcbScriptResult,
} from './bench-protocol';
import {
  addCodes,
  assignDisputeBody,
  inParallel,
  setUpWorld,
  stockByListing,
  type BenchWorld,
} from './bench-setup';
import { formatProfile, readProfile, resetProfile, type Profile } from './bench-profile';
import { median, ProgressBar, round, sleep, summarize, type LatencySummary } from './bench-stats';
import {
  pgbenchAvailable,
  pgbenchInitialize,
  pgbenchRun,
  scriptInitialize,
  tpcbPrepareRun,
  type PgbenchRun,
} from './tpcb';
import { benchSetupLimits } from './bench-limits';

/**
 * `npm run bench`: issue 11's one run. Ratios against anchors measured in the same run, on the same
 * machine, minutes apart:
 * - TPC-B: pgbench's tpcb-like on its own database of the bench's PostgreSQL (tpcb.ts);
 * - checkout: purchaseListing through GraphQL, spread over 100 listings and on one hot listing,
 *   at 1, 8, 32 and 128 clients;
 * - the HTTP layer: a bare Fastify route in the API server's own process, `{ __typename }`, and an
 *   authenticated `{ me { id } }`;
 * - disputeFeed fan-out to 2,000 graphql-ws subscribers (commit -> receipt), plain and with a field
 *   that loads from the database, beside a bare `ws` broadcast of the same message to as many
 *   sockets from the API server's own process (request -> receipt);
 * - a socket soak: the server's RSS idle, then after 2,000 sockets are opened and closed, 5 times.
 *
 * Processes: this orchestrator (database, setup, SQL reads, the table), the API server
 * (server/dist/main.js with bare-route.preload), the load generator (load-generator.ts), pgbench.
 * Writes bench/results/bench-<time>.json; exits 1 when a goal is missed, a system error occurred or
 * the ledger is not clean (bench-goals.ts).
 */

const phaseNames = ['soak', 'fanout', 'http', 'tpcb', 'checkout'] as const;
type PhaseName = (typeof phaseNames)[number];

interface Settings {
  mode: 'quick' | 'full';
  buyers: number;
  spreadListings: number;
  httpConnections: number;
  httpWarmupMs: number;
  httpDurationMs: number;
  httpRounds: number;
  tpcbScale: number;
  tpcbSeconds: number;
  checkoutWarmupMs: number;
  checkoutDurationMs: number;
  subscribers: number;
  fanOutEvents: number;
  eventTimeoutMs: number;
  soakRounds: number;
  idleSettleMs: number;
  soakSettleMs: number;
}

function settingsFor(quick: boolean): Settings {
  return {
    mode: quick ? 'quick' : 'full',
    buyers: Math.max(...concurrencyLevels),
    spreadListings: 100,
    httpConnections: 16,
    httpWarmupMs: quick ? 500 : 2_000,
    httpDurationMs: quick ? 2_000 : 10_000,
    httpRounds: quick ? 1 : 3,
    tpcbScale: 10,
    tpcbSeconds: quick ? 4 : 20,
    checkoutWarmupMs: quick ? 500 : 2_000,
    checkoutDurationMs: quick ? 2_000 : 10_000,
    subscribers: 2_000,
    fanOutEvents: quick ? 3 : 10,
    eventTimeoutMs: 20_000,
    soakRounds: quick ? 2 : 5,
    idleSettleMs: quick ? 2_000 : 5_000,
    soakSettleMs: quick ? 1_500 : 5_000,
  };
}

interface Options {
  quick: boolean;
  phases: Set<PhaseName>;
  tpcbMethod: 'auto' | 'pgbench' | 'script';
  /** PostgreSQL's own accounting per checkout level (pg_stat_statements, bench-profile.ts). */
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { quick: false, phases: new Set(phaseNames), tpcbMethod: 'auto', profile: false };
  for (const argument of argv) {
    if (argument === '--quick') options.quick = true;
    else if (argument === '--profile') options.profile = true;
    else if (argument.startsWith('--only=')) {
      const names = argument.slice('--only='.length).split(',');
      for (const name of names) {
        if (!(phaseNames as readonly string[]).includes(name))
          throw new Error(`--only: unknown phase ${name} (phases: ${phaseNames.join(', ')})`);
      }
      options.phases = new Set(names as PhaseName[]);
    } else if (argument === '--tpcb=pgbench' || argument === '--tpcb=script') {
      options.tpcbMethod = argument.slice('--tpcb='.length) as 'pgbench' | 'script';
    } else {
      throw new Error(
        `unknown argument ${argument} (--quick, --only=${phaseNames.join(',')}, --tpcb=pgbench|script, --profile)`,
      );
    }
  }
  return options;
}

const plainFeedQuery = 'subscription { disputeFeed { kind state version cursor disputeId occurredAt } }';
const loadingFeedQuery = 'subscription { disputeFeed { version dispute { id state version } } }';
const typenameBody = JSON.stringify({ query: '{ __typename }' });

/**
 * The HTTP phase's requests: the bare route, the two GraphQL anchors beside it on the bare
 * Fastify (bare-route.preload.ts), and the app's `{ __typename }` and `{ me { id } }`.
 */
const httpKinds = ['bare', 'graphqlJs', 'apollo', 'typename', 'me'] as const;
type HttpKind = (typeof httpKinds)[number];
const anchorPaths: Record<HttpKind, string | null> = {
  bare: '/bare',
  graphqlJs: '/bare-graphql',
  apollo: '/bare-apollo',
  typename: null,
  me: null,
};
const meBody = JSON.stringify({ query: '{ me { id } }' });

interface SystemErrors {
  phase: string;
  count: number;
  samples: string[];
}

/** CPU per unit of work: the API server's process and the whole PostgreSQL server. */
interface CpuPerUnit {
  units: number;
  serverMsPerUnit: number | null;
  postgresMsPerUnit: number | null;
  /** The load generator's own CPU: where it nears the wall time, the client bounds the figure. */
  loadGeneratorMsPerUnit: number | null;
}

interface EventMeasure {
  version: number;
  /** How the commit time was taken: the event row's commit timestamp, or the mutation's answer. */
  commitMethod: 'pg_xact_commit_timestamp' | 'mutation answer';
  /** From the commit to the mutation's answer arriving in the load generator. */
  commitToAnswerMs: number | null;
  receipts: number;
  missing: number;
  latency: LatencySummary;
  /** The API server's CPU for the event: the mutation and the fan-out to every subscriber. */
  serverCpuMs: number | null;
  /** The load generator's CPU for the event: the mutation, and reading every subscriber's message. */
  loadGeneratorCpuMs: number | null;
}

class BenchRun {
  readonly systemErrors: SystemErrors[] = [];
  /** Each phase's start: seconds since the bench started, and the machine's load then. */
  readonly loadAverages: { phase: string; startedAtSecond: number; loadAverage: number[] }[] = [];
  readonly results: Record<string, unknown> = {};
  private nextAssignee = 1;

  constructor(
    readonly settings: Settings,
    readonly options: Options,
    readonly server: ApiServer,
    readonly generator: LoadGenerator,
    readonly database: Database,
    readonly world: BenchWorld,
    readonly metricsToken: string,
    readonly postgresDataDirectory: string,
  ) {}

  get systemErrorCount(): number {
    return this.systemErrors.reduce((sum, entry) => sum + entry.count, 0);
  }

  recordErrors(phase: string, count: number, samples: string[]): void {
    if (count <= 0) return;
    this.systemErrors.push({ phase, count, samples: samples.slice(0, 5) });
    process.stderr.write(`  ${count} system error(s) in ${phase}: ${samples[0] ?? ''}\n`);
  }

  markPhase(phase: string): void {
    const loadAverage = os.loadavg().map((value) => round(value, 2));
    const startedAtSecond = round(performance.now() / 1000, 1);
    this.loadAverages.push({ phase, startedAtSecond, loadAverage });
    process.stderr.write(`\n== ${phase} at ${startedAtSecond} s (load average ${loadAverage.join(' ')})\n`);
  }

  rss(): number | null {
    return residentSetKb(this.server.pid);
  }

  /**
   * CPU time the API server and PostgreSQL spent while `work` ran, per unit of work (`units` of
   * its result: requests answered, transactions): a figure the machine's load changes far less
   * than a rate. null where /proc is missing. `settleMs`: a pause before the second reading, for
   * work whose connections close at its end (pgbench): an exiting backend's CPU time shows in the
   * postmaster's reaped-children times only once it has exited and been reaped.
   */
  async withCpu<T>(
    work: () => Promise<T>,
    units: (result: T) => number,
    settleMs = 0,
  ): Promise<T & { cpu: CpuPerUnit }> {
    const server = processCpuMs(this.server.pid);
    const postgres = postgresCpuMs(this.postgresDataDirectory);
    const generator = processCpuMs(this.generator.pid);
    const result = await work();
    if (settleMs > 0) await sleep(settleMs);
    const serverAfter = processCpuMs(this.server.pid);
    const postgresAfter = postgresCpuMs(this.postgresDataDirectory);
    const generatorAfter = processCpuMs(this.generator.pid);
    const count = units(result);
    const per = (before: number | null, after: number | null) =>
      before === null || after === null || count === 0 ? null : round((after - before) / count, 3);
    return {
      ...result,
      cpu: {
        units: count,
        serverMsPerUnit: per(server, serverAfter),
        postgresMsPerUnit: per(postgres, postgresAfter),
        loadGeneratorMsPerUnit: per(generator, generatorAfter),
      },
    };
  }

  get agentCredentials(): Credentials {
    return this.world.agents[0]!.session.credentials;
  }

  // ---- stock -------------------------------------------------------------------------------

  /** Tops each listing of `scenario` up so that `purchases` more cannot run it out. */
  async restock(scenario: Scenario, purchases: number): Promise<void> {
    const stock = await stockByListing(this.world.seller);
    if (scenario === 'hot') {
      const have = stock.get(this.world.hotListing) ?? 0;
      if (have < purchases) await addCodes(this.world.seller, this.world.hotListing, purchases * 2 - have);
      return;
    }
    // Random picks over 100 listings: 1.5x the mean per listing, plus a margin, covers the unluckiest.
    const perListing = Math.ceil((purchases / this.world.spreadListings.length) * 1.5) + 10;
    const short = this.world.spreadListings.filter((id) => (stock.get(id) ?? 0) < perListing);
    const bar = new ProgressBar(`restock spread (${perListing * 2} each)`, short.length);
    let done = 0;
    await inParallel(short.length, 4, async (index) => {
      const id = short[index]!;
      await addCodes(this.world.seller, id, perListing * 2 - (stock.get(id) ?? 0));
      bar.update(++done);
    });
  }

  // ---- HTTP --------------------------------------------------------------------------------

  httpLoad(kind: HttpKind, connections: number, warmupMs: number, durationMs: number, label: string) {
    const anchor = anchorPaths[kind];
    return this.generator.call('httpLoad', {
      label,
      host: this.server.host,
      port: anchor ? this.server.barePort : this.server.port,
      path: anchor ?? '/graphql',
      body: kind === 'me' ? meBody : typenameBody,
      credentials: kind === 'me' ? this.world.buyers[0]!.credentials : null,
      connections,
      warmupMs,
      durationMs,
      expect: kind === 'me' ? '"me":{"id":"' : '"__typename":"Query"',
    });
  }

  // ---- subscriptions -----------------------------------------------------------------------

  /** Hands the dispute to the other agent: one disputeFeed event; its receipts and commit time. */
  async fire(
    expectDispute: boolean,
    timeoutMs = this.settings.eventTimeoutMs,
  ): Promise<{ result: FireEventResult; version: number; commitMs: number | null }> {
    const assignee = this.world.agents[this.nextAssignee]!;
    const expectVersion = this.world.dispute.version + 1;
    const result = await this.generator.call('fireEvent', {
      host: this.server.host,
      port: this.server.port,
      path: '/graphql',
      body: assignDisputeBody(this.world.dispute.globalId, assignee.userGlobalId, this.world.dispute.version),
      credentials: this.agentCredentials,
      expectVersion,
      expectDispute,
      timeoutMs,
    });
    const answer = result.answer as {
      data?: { assignDispute?: { dispute: { version: number } | null; errors: unknown[] } };
    };
    const version = answer.data?.assignDispute?.dispute?.version;
    if (version !== expectVersion) {
      throw new Error(
        `assignDispute did not publish version ${expectVersion}: ${JSON.stringify(result.answer)}`,
      );
    }
    this.world.dispute.version = version;
    this.nextAssignee = 1 - this.nextAssignee;
    this.recordErrors('fan-out messages', result.wrongMessages, result.errorSamples);
    return { result, version, commitMs: await this.commitTimestamp(version) };
  }

  /**
   * When the event's transaction committed, from the database: its events row's xmin's commit
   * timestamp (track_commit_timestamp). Null if the row cannot be found (events stored differently).
   */
  async commitTimestamp(version: number): Promise<number | null> {
    try {
      const { rows } = await this.database.$client.query<{ committed_ms: number | null }>(
        `select (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000)::float8 as committed_ms
         from events where topic = 'DISPUTE_FEED' and payload->>'disputeId' = $1 and payload->>'version' = $2`,
        [this.world.dispute.id, String(version)],
      );
      return rows.length === 1 ? rows[0]!.committed_ms : null;
    } catch {
      return null;
    }
  }

  /**
   * Opens `count` subscribers, then publishes events until every one has received one (at most
   * three): graphql-ws does not acknowledge a subscription, so a received event is the proof
   * that the server registered it.
   */
  async openSubscribed(label: string, count: number, query: string, expectDispute: boolean): Promise<number> {
    const opened = await this.generator.call('openSubscribers', {
      label,
      url: `ws://${this.server.host}:${this.server.port}/graphql`,
      subscription: { credentials: this.agentCredentials, query },
      count,
    });
    this.recordErrors(`${label}: sockets refused`, opened.failed, opened.errorSamples);
    // Short waits first: a subscription the server registers after an event misses it for good, and
    // waiting for it would only add to the run's length.
    const primingTimeoutsMs = [2_000, 5_000, 10_000, this.settings.eventTimeoutMs];
    const priming = performance.now();
    let missing = opened.opened;
    let events = 0;
    for (const timeoutMs of primingTimeoutsMs) {
      if (missing === 0) break;
      const { result } = await this.fire(expectDispute, timeoutMs);
      missing = result.receiptsMs.filter(Number.isNaN).length;
      events++;
    }
    this.recordErrors(`${label}: subscribers that never received an event`, missing, []);
    process.stderr.write(
      `${opened.opened} sockets opened in ${opened.seconds} s, all subscribed after ${events} event(s) in ${round1((performance.now() - priming) / 1000)} s\n`,
    );
    return opened.opened;
  }

  async closeSubscribers(label: string): Promise<void> {
    const closed = await this.generator.call('closeSubscribers', {});
    this.recordErrors(
      `${label}: subscriptions that failed while open`,
      closed.subscriptionErrors,
      closed.errorSamples,
    );
  }

  /** Waits (at most 30 s) until the server counts no open WebSocket: every close has reached it. */
  async serverSocketsClosed(): Promise<boolean> {
    const started = performance.now();
    while (performance.now() - started < 30_000) {
      const open = await openWebsocketCount(this.server.host, this.server.port, this.metricsToken);
      if (open === null) return false;
      if (open === 0) return true;
      await sleep(100);
    }
    return false;
  }

  // ---- phases ------------------------------------------------------------------------------

  async warmUp(): Promise<void> {
    this.markPhase('warm-up');
    await this.restock('spread', 500);
    for (const kind of ['bare', 'typename', 'me'] as const) {
      const result = await this.httpLoad(kind, 4, 0, 500, `warm-up ${kind}`);
      this.recordErrors(`warm-up ${kind}`, result.errors, result.errorSamples);
    }
    const purchases = await this.checkoutLoad('spread', 8, 0, 1_000, 'warm-up checkout');
    this.recordErrors('warm-up checkout', purchases.systemErrors, purchases.errorSamples);
    await this.openSubscribed('warm-up subscribers', 100, plainFeedQuery, false);
    await this.closeSubscribers('warm-up subscribers');
  }

  /** The server's RSS once the warm-up's sockets have closed and it has settled: the soak's baseline. */
  async idleRss(): Promise<number | null> {
    await this.serverSocketsClosed();
    await sleep(this.settings.idleSettleMs);
    const idleRssKb = this.rss();
    process.stderr.write(`idle RSS ${idleRssKb} kB\n`);
    return idleRssKb;
  }

  /**
   * Socket rounds: 2,000 subscribers opened, primed, closed, and the server's RSS read after each
   * round, against its RSS idle before the first. With the fan-out measured, the first round's
   * subscribers select the plain feed and the second's a field that loads from the database, and
   * each receives `fanOutEvents` measured events before its sockets close: the soak then includes
   * what the fan-out left in memory, as the issue saw it (memory not returned after fan-out).
   */
  async sockets(measureFanOut: boolean, measureSoak: boolean, idleRssKb: number | null): Promise<void> {
    this.markPhase(
      measureFanOut && measureSoak ? 'fan-out and socket soak' : measureFanOut ? 'fan-out' : 'socket soak',
    );
    const variants = measureFanOut
      ? [
          { name: 'plain', query: plainFeedQuery, expectDispute: false },
          { name: 'dispute field', query: loadingFeedQuery, expectDispute: true },
        ]
      : [];
    const roundCount = measureSoak ? Math.max(this.settings.soakRounds, variants.length) : variants.length;
    const rounds: {
      round: number;
      subscription: string;
      openSeconds: number;
      /** The server's CPU to accept, authenticate and subscribe one socket (priming events included). */
      serverCpuMsPerSocket: number | null;
      openRssKb: number | null;
      closedRssKb: number | null;
      allClosed: boolean;
    }[] = [];
    const fanOut: Record<string, unknown> = {};
    for (let round = 1; round <= roundCount; round++) {
      const variant = variants[round - 1];
      const label = `round ${round}/${roundCount}${variant ? ` (fan-out ${variant.name})` : ''}: sockets`;
      const opening = performance.now();
      const { subscribers, cpu } = await this.withCpu(
        async () => ({
          subscribers: await this.openSubscribed(
            label,
            this.settings.subscribers,
            variant?.query ?? plainFeedQuery,
            variant?.expectDispute ?? false,
          ),
        }),
        (opened) => opened.subscribers,
      );
      const openSeconds = (performance.now() - opening) / 1000;
      if (variant) fanOut[variant.name] = await this.measureEvents(variant, subscribers);
      const openRssKb = this.rss();
      await this.closeSubscribers(label);
      const allClosed = await this.serverSocketsClosed();
      if (!allClosed) this.recordErrors(`${label}: the server still counts open sockets`, 1, []);
      if (measureSoak) await sleep(this.settings.soakSettleMs);
      const closedRssKb = this.rss();
      rounds.push({
        round,
        subscription: variant ? `fan-out ${variant.name}` : 'plain',
        openSeconds: round1(openSeconds),
        serverCpuMsPerSocket: cpu.serverMsPerUnit,
        openRssKb,
        closedRssKb,
        allClosed,
      });
      process.stderr.write(
        `round ${round}: opened and primed in ${round1(openSeconds)} s (server CPU ${cpu.serverMsPerUnit} ms/socket); RSS ${openRssKb} kB open, ${closedRssKb} kB closed\n`,
      );
    }
    if (measureFanOut) this.results['fanOut'] = fanOut;
    if (measureSoak) {
      const afterRssKb = rounds.at(-1)?.closedRssKb ?? null;
      this.results['soak'] = {
        subscribers: this.settings.subscribers,
        settleMs: this.settings.soakSettleMs,
        idleRssKb,
        rounds,
        afterRssKb,
        afterToIdle: idleRssKb && afterRssKb ? round(afterRssKb / idleRssKb, 3) : null,
      };
    }
  }

  /** `fanOutEvents` events to the open subscribers: commit -> receipt for each subscriber. */
  async measureEvents(
    variant: { name: string; query: string; expectDispute: boolean },
    subscribers: number,
  ): Promise<Record<string, unknown>> {
    const events: EventMeasure[] = [];
    const pooled: number[] = [];
    const pooledFromAnswer: number[] = [];
    let missing = 0;
    const bar = new ProgressBar(`fan-out ${variant.name}: events`, this.settings.fanOutEvents);
    for (let index = 0; index < this.settings.fanOutEvents; index++) {
      // A pause, so that one event's deliveries are not still being written when the next commits.
      await sleep(300);
      const { result, version, commitMs, cpu } = await this.withCpu(
        () => this.fire(variant.expectDispute),
        () => 1,
      );
      const committed = commitMs ?? result.answeredAtMs;
      const received = result.receiptsMs.filter((at) => !Number.isNaN(at));
      const latencies = received.map((at) => at - committed);
      missing += result.receiptsMs.length - received.length;
      pooled.push(...latencies);
      pooledFromAnswer.push(...received.map((at) => at - result.answeredAtMs));
      events.push({
        version,
        commitMethod: commitMs === null ? 'mutation answer' : 'pg_xact_commit_timestamp',
        commitToAnswerMs: commitMs === null ? null : round(result.answeredAtMs - commitMs, 2),
        receipts: received.length,
        missing: result.receiptsMs.length - received.length,
        latency: summarize(latencies),
        serverCpuMs: cpu.serverMsPerUnit,
        loadGeneratorCpuMs: cpu.loadGeneratorMsPerUnit,
      });
      bar.update(index + 1);
    }
    this.recordErrors(`fan-out ${variant.name}: receipts missing`, missing, []);
    return {
      query: variant.query,
      subscribers,
      events: events.length,
      commitMethod: events.every((event) => event.commitMethod === 'pg_xact_commit_timestamp')
        ? 'pg_xact_commit_timestamp'
        : 'mutation answer (for some events)',
      commitToReceipt: summarize(pooled),
      answerToReceipt: summarize(pooledFromAnswer),
      serverCpuMsPerEvent: medianOrNull(events.map((event) => event.serverCpuMs)),
      loadGeneratorCpuMsPerEvent: medianOrNull(events.map((event) => event.loadGeneratorCpuMs)),
      perEvent: events,
    };
  }

  /**
   * The fan-out's anchor: as many plain `ws` sockets as subscribers, on the bare server in the API
   * server's own process (bare-route.preload.ts), and `fanOutEvents` broadcasts (after one that
   * primes, as the subscriptions' first event does) of a message of the plain feed's shape, each sent
   * with ws's `send` to every socket in one loop: request sent -> receipt, per socket. What the
   * machine itself takes to write that many messages to that many sockets and read them back.
   */
  async broadcastAnchor(): Promise<void> {
    this.markPhase('fan-out anchor: ws broadcast');
    const label = 'ws broadcast anchor: sockets';
    const opened = await this.generator.call('openSubscribers', {
      label,
      url: `ws://${this.server.host}:${this.server.barePort}/bare-ws`,
      subscription: null,
      count: this.settings.subscribers,
    });
    this.recordErrors(`${label} refused`, opened.failed, opened.errorSamples);
    const pooled: number[] = [];
    const serverCpuMs: (number | null)[] = [];
    const loadGeneratorCpuMs: (number | null)[] = [];
    let missing = 0;
    try {
      const bar = new ProgressBar('ws broadcast anchor: events', this.settings.fanOutEvents);
      for (let index = 0; index <= this.settings.fanOutEvents; index++) {
        await sleep(300);
        const version = index + 1;
        const { cpu, ...result } = await this.withCpu(
          () =>
            this.generator.call('fireEvent', {
              host: this.server.host,
              port: this.server.barePort,
              path: '/bare-broadcast',
              body: JSON.stringify({ version }),
              credentials: null,
              expectVersion: version,
              expectDispute: false,
              timeoutMs: this.settings.eventTimeoutMs,
            }),
          () => 1,
        );
        const received = result.receiptsMs.filter((at) => !Number.isNaN(at));
        missing += result.receiptsMs.length - received.length;
        this.recordErrors('ws broadcast anchor: messages', result.wrongMessages, result.errorSamples);
        if (index === 0) continue;
        pooled.push(...received.map((at) => at - result.sentAtMs));
        serverCpuMs.push(cpu.serverMsPerUnit);
        loadGeneratorCpuMs.push(cpu.loadGeneratorMsPerUnit);
        bar.update(index);
      }
    } finally {
      await this.closeSubscribers(label);
    }
    this.recordErrors('ws broadcast anchor: receipts missing', missing, []);
    this.results['fanOutAnchor'] = {
      route:
        'ws send of one message to every socket of a bare ws server in the API server process (bare-route.preload.ts)',
      sockets: opened.opened,
      events: serverCpuMs.length,
      requestToReceipt: summarize(pooled),
      serverCpuMsPerEvent: medianOrNull(serverCpuMs),
      loadGeneratorCpuMsPerEvent: medianOrNull(loadGeneratorCpuMs),
    };
  }

  async http(): Promise<void> {
    this.markPhase('HTTP layer');
    const runs: Record<HttpKind, (HttpLoadResult & { cpu: CpuPerUnit })[]> = {
      bare: [],
      graphqlJs: [],
      apollo: [],
      typename: [],
      me: [],
    };
    // Alternating kinds, so that a change in the machine's load falls on all of them alike.
    for (let round = 1; round <= this.settings.httpRounds; round++) {
      for (const kind of httpKinds) {
        const result = await this.withCpu(
          () =>
            this.httpLoad(
              kind,
              this.settings.httpConnections,
              this.settings.httpWarmupMs,
              this.settings.httpDurationMs,
              `HTTP ${kind} (round ${round}/${this.settings.httpRounds})`,
            ),
          (answered) => answered.answeredTotal,
        );
        this.recordErrors(`HTTP ${kind}`, result.errors, result.errorSamples);
        runs[kind].push(result);
      }
    }
    const summary = Object.fromEntries(
      httpKinds.map((kind) => [
        kind,
        {
          requestsPerSecond: median(runs[kind].map((run) => run.requestsPerSecond)),
          serverCpuMsPerRequest: medianOrNull(runs[kind].map((run) => run.cpu.serverMsPerUnit)),
          runs: runs[kind],
        },
      ]),
    );
    // The server's CPU per bare request over its CPU per request of each kind: what the ratio of
    // rates would be if the server alone bounded them (the load generator shares the CPUs).
    const bareCpu = summary['bare']!.serverCpuMsPerRequest;
    const cpuRatio = (kind: HttpKind) => {
      const cpu = summary[kind]!.serverCpuMsPerRequest;
      return bareCpu !== null && cpu ? round(bareCpu / cpu, 3) : null;
    };
    const bareRate = summary['bare']!.requestsPerSecond;
    this.results['http'] = {
      connections: this.settings.httpConnections,
      bareRoute: 'POST /bare on a bare Fastify in the API server process (bare-route.preload.ts)',
      anchorRoutes: {
        graphqlJs: 'POST /bare-graphql: graphql-js execute on the bare Fastify, one-field schema',
        apollo: 'POST /bare-apollo: Apollo Server with its defaults on the bare Fastify, one-field schema',
      },
      ...summary,
      ratioToBare: Object.fromEntries(
        httpKinds.map((kind) => [
          kind,
          bareRate ? round(summary[kind]!.requestsPerSecond / bareRate, 3) : null,
        ]),
      ),
      cpuRatioToBare: Object.fromEntries(httpKinds.map((kind) => [kind, cpuRatio(kind)])),
    };
  }

  async tpcb(tpcbUrl: string): Promise<void> {
    this.markPhase('TPC-B anchor');
    const usePgbench =
      this.options.tpcbMethod === 'pgbench' || (this.options.tpcbMethod === 'auto' && pgbenchAvailable());
    const scale = this.settings.tpcbScale;
    const runs: Record<string, (PgbenchRun | TpcbScriptResult) & { cpu: CpuPerUnit }> = {};
    if (usePgbench) {
      await ProgressBar.during(`pgbench -i -s ${scale}`, 8_000, pgbenchInitialize(tpcbUrl, scale));
      for (const clients of [8, 32]) {
        await tpcbPrepareRun(tpcbUrl);
        const seconds = Math.round(this.settings.tpcbSeconds);
        const run = await this.withCpu(
          () =>
            ProgressBar.during(
              `pgbench tpcb-like @${clients}`,
              seconds * 1000,
              pgbenchRun(tpcbUrl, clients, seconds),
            ),
          (done) => done.transactions,
          1_000,
        );
        this.recordErrors(`pgbench @${clients}`, run.failedTransactions, []);
        runs[`at${clients}`] = run;
      }
    } else {
      await ProgressBar.during(`TPC-B tables, scale ${scale}`, 8_000, scriptInitialize(tpcbUrl, scale));
      for (const clients of [8, 32]) {
        await tpcbPrepareRun(tpcbUrl);
        const run = await this.withCpu(
          () =>
            this.generator.call('tpcbScript', {
              label: `TPC-B script @${clients}`,
              url: tpcbUrl,
              scale,
              clients,
              durationMs: this.settings.tpcbSeconds * 1000,
            }),
          (done) => done.transactions,
          1_000,
        );
        this.recordErrors(`TPC-B script @${clients}`, run.failures, []);
        runs[`at${clients}`] = run;
      }
    }
    const tps = (run: PgbenchRun | TpcbScriptResult | undefined) => run?.transactionsPerSecond ?? null;
    this.results['tpcb'] = {
      method: usePgbench ? 'pgbench (built-in tpcb-like)' : 'TPC-B script on a pg pool (load generator)',
      protocol: 'prepared (named prepared statements)',
      scale,
      seconds: this.settings.tpcbSeconds,
      at8: tps(runs['at8']),
      at32: tps(runs['at32']),
      postgresCpuMsPerTransactionAt8: runs['at8']?.cpu.postgresMsPerUnit ?? null,
      runs,
    };
  }

  checkoutLoad(scenario: Scenario, concurrency: number, warmupMs: number, durationMs: number, label: string) {
    return this.generator.call('checkoutLoad', {
      label,
      host: this.server.host,
      port: this.server.port,
      buyers: this.world.buyers.map((buyer) => buyer.credentials),
      listingIds: scenario === 'hot' ? [this.world.hotListing] : this.world.spreadListings,
      concurrency,
      warmupMs,
      durationMs,
    });
  }

  async checkout(): Promise<void> {
    this.markPhase('checkout');
    const levels: (CheckoutLoadResult & {
      scenario: Scenario;
      concurrency: number;
      cpu: CpuPerUnit;
      profile?: Profile;
    })[] = [];
    const tpcbAt8 = (this.results['tpcb'] as { at8?: number | null } | undefined)?.at8 ?? null;
    let fastest = 0;
    const seconds = (this.settings.checkoutWarmupMs + this.settings.checkoutDurationMs) / 1000;
    for (const concurrency of concurrencyLevels) {
      for (const scenario of ['spread', 'hot'] as const) {
        // Enough codes for the fastest rate this level could reach: a purchase is no cheaper than TPC-B.
        const ceiling = Math.min(tpcbAt8 ?? 3_000, fastest * 4 + 300);
        await this.restock(scenario, Math.ceil(ceiling * seconds * 1.3));
        // As before each TPC-B run: no level pays for writing out pages the one before left dirty.
        await this.database.$client.query('checkpoint');
        if (this.options.profile) await resetProfile(this.database.$client);
        const result = await this.withCpu(
          () =>
            this.checkoutLoad(
              scenario,
              concurrency,
              this.settings.checkoutWarmupMs,
              this.settings.checkoutDurationMs,
              `checkout ${scenario} @${concurrency}`,
            ),
          (answered) => answered.answeredTotal,
        );
        this.recordErrors(`checkout ${scenario} @${concurrency}`, result.systemErrors, result.errorSamples);
        fastest = Math.max(fastest, result.throughputPerSecond);
        let profile: Profile | undefined;
        if (this.options.profile) {
          profile = await readProfile(this.database.$client, result.answeredTotal);
          console.log(`\n${formatProfile(`checkout ${scenario} @${concurrency}`, profile)}\n`);
        }
        levels.push({ scenario, concurrency, ...result, ...(profile ? { profile } : {}) });
      }
    }
    this.results['checkout'] = {
      mutation: 'purchaseListing (fresh idempotency key, one funded buyer per client)',
      warmupMs: this.settings.checkoutWarmupMs,
      durationMs: this.settings.checkoutDurationMs,
      spreadListings: this.world.spreadListings.length,
      levels,
    };
  }
}

function goalFigures(results: Record<string, unknown>, subscribers: number): GoalFigures {
  const tpcb = results['tpcb'] as { at8: number | null } | undefined;
  const checkout = results['checkout'] as
    { levels: { scenario: Scenario; concurrency: number; throughputPerSecond: number }[] } | undefined;
  const http = results['http'] as
    Record<'bare' | 'typename' | 'me', { requestsPerSecond: number }> | undefined;
  const fanOut = results['fanOut'] as
    Record<string, { subscribers: number; commitToReceipt: LatencySummary }> | undefined;
  const soak = results['soak'] as { idleRssKb: number | null; afterRssKb: number | null } | undefined;
  const byLevel = (scenario: Scenario) =>
    Object.fromEntries(
      (checkout?.levels ?? [])
        .filter((level) => level.scenario === scenario)
        .map((level) => [level.concurrency, level.throughputPerSecond]),
    );
  const plain = fanOut?.['plain'];
  return {
    tpcbAt8: tpcb?.at8 ?? null,
    checkout: { spread: byLevel('spread'), hot: byLevel('hot') },
    bareRequestsPerSecond: http?.bare.requestsPerSecond ?? null,
    typenameRequestsPerSecond: http?.typename.requestsPerSecond ?? null,
    meRequestsPerSecond: http?.me.requestsPerSecond ?? null,
    fanOut: plain
      ? { subscribers: Math.min(plain.subscribers, subscribers), p99Ms: plain.commitToReceipt.p99Ms }
      : null,
    soak:
      soak?.idleRssKb && soak.afterRssKb ? { idleRssKb: soak.idleRssKb, afterRssKb: soak.afterRssKb } : null,
  };
}

function tableRows(run: BenchRun, goals: GoalResult[], ledger: LedgerVerification | null): TableRow[] {
  const results = run.results;
  const rows: TableRow[] = [];
  const goal = (name: string) => goals.find((entry) => entry.goal === name);
  const tpcb = results['tpcb'] as
    | {
        at8: number | null;
        at32: number | null;
        scale: number;
        method: string;
        postgresCpuMsPerTransactionAt8: number | null;
      }
    | undefined;
  if (tpcb) {
    rows.push({
      measure: 'TPC-B @8',
      value: `${tpcb.at8} tps`,
      detail: `${tpcb.method}, -M prepared, scale ${tpcb.scale}; PostgreSQL CPU ${tpcb.postgresCpuMsPerTransactionAt8 ?? '-'} ms/tx`,
    });
    rows.push({ measure: 'TPC-B @32', value: `${tpcb.at32} tps` });
  }
  const checkout = results['checkout'] as
    | { levels: (CheckoutLoadResult & { scenario: Scenario; concurrency: number; cpu: CpuPerUnit })[] }
    | undefined;
  for (const level of checkout?.levels ?? []) {
    const refusals = Object.entries(level.userErrors)
      .map(([code, count]) => `${code} ${count}`)
      .join(', ');
    rows.push({
      measure: `checkout ${level.scenario} @${level.concurrency}`,
      value: `${level.throughputPerSecond}/s`,
      detail:
        `p50 ${level.latency.p50Ms} p95 ${level.latency.p95Ms} p99 ${level.latency.p99Ms} ms; ` +
        `CPU/purchase: server ${level.cpu.serverMsPerUnit ?? '-'} ms, PostgreSQL ${level.cpu.postgresMsPerUnit ?? '-'} ms` +
        `${refusals ? `, refused: ${refusals}` : ''}${level.systemErrors ? `, ${level.systemErrors} errors` : ''}`,
    });
  }
  const http = results['http'] as
    | (Record<HttpKind, { requestsPerSecond: number; serverCpuMsPerRequest: number | null } | undefined> & {
        ratioToBare?: Record<HttpKind, number | null>;
        cpuRatioToBare: Record<HttpKind, number | null>;
      })
    | undefined;
  if (http?.bare && http.typename && http.me) {
    const cpu = (kind: HttpKind) => `server CPU ${http[kind]?.serverCpuMsPerRequest ?? '-'} ms/request`;
    rows.push({
      measure: 'bare Fastify route',
      value: `${http.bare.requestsPerSecond}/s`,
      detail: `${run.settings.httpConnections} connections; ${cpu('bare')}`,
    });
    const anchors = [
      ['graphqlJs', '{ __typename }: graphql-js on bare Fastify'],
      ['apollo', '{ __typename }: Apollo Server on bare Fastify'],
    ] as const;
    for (const [kind, measure] of anchors) {
      const anchor = http[kind];
      if (!anchor) continue;
      rows.push({
        measure,
        value: `${anchor.requestsPerSecond}/s`,
        detail:
          `anchor, nothing of the app: ${http.ratioToBare?.[kind] ?? '-'}x the bare rate; ` +
          `${cpu(kind)} (bare/this CPU: ${http.cpuRatioToBare[kind] ?? '-'})`,
      });
    }
    rows.push({
      measure: '{ __typename }',
      value: `${http.typename.requestsPerSecond}/s`,
      detail: `${cpu('typename')} (bare/this CPU: ${http.cpuRatioToBare.typename ?? '-'})`,
    });
    rows.push({
      measure: '{ me { id } }',
      value: `${http.me.requestsPerSecond}/s`,
      detail: `session cookie + x-csrf-token; ${cpu('me')} (bare/this CPU: ${http.cpuRatioToBare.me ?? '-'})`,
    });
  }
  const fanOut = results['fanOut'] as
    | Record<
        string,
        {
          subscribers: number;
          events: number;
          commitToReceipt: LatencySummary;
          commitMethod: string;
          serverCpuMsPerEvent: number | null;
          loadGeneratorCpuMsPerEvent: number | null;
        }
      >
    | undefined;
  const anchor = results['fanOutAnchor'] as
    | {
        sockets: number;
        events: number;
        requestToReceipt: LatencySummary;
        serverCpuMsPerEvent: number | null;
        loadGeneratorCpuMsPerEvent: number | null;
      }
    | undefined;
  if (anchor) {
    rows.push({
      measure: 'fan-out anchor: bare ws broadcast',
      value: `p99 ${anchor.requestToReceipt.p99Ms} ms`,
      detail:
        `p50 ${anchor.requestToReceipt.p50Ms} ms, max ${anchor.requestToReceipt.maxMs} ms; ` +
        `${anchor.sockets} sockets x ${anchor.events} messages; CPU/message: server ${anchor.serverCpuMsPerEvent ?? '-'} ms, load generator ${anchor.loadGeneratorCpuMsPerEvent ?? '-'} ms; request -> receipt`,
    });
  }
  for (const [name, variant] of Object.entries(fanOut ?? {})) {
    const toAnchor =
      anchor?.requestToReceipt.p99Ms && variant.commitToReceipt.p99Ms
        ? `; ${round(variant.commitToReceipt.p99Ms / anchor.requestToReceipt.p99Ms, 2)}x the anchor's p99`
        : '';
    rows.push({
      measure: `fan-out ${name}`,
      value: `p99 ${variant.commitToReceipt.p99Ms} ms`,
      detail:
        `p50 ${variant.commitToReceipt.p50Ms} ms, max ${variant.commitToReceipt.maxMs} ms${toAnchor}; ` +
        `${variant.subscribers} subscribers x ${variant.events} events; CPU/event: server ${variant.serverCpuMsPerEvent ?? '-'} ms, load generator ${variant.loadGeneratorCpuMsPerEvent ?? '-'} ms; ` +
        `commit time: ${variant.commitMethod === 'pg_xact_commit_timestamp' ? 'pg_xact_commit_timestamp' : 'mutation answer'}`,
    });
  }
  const soak = results['soak'] as
    | {
        idleRssKb: number | null;
        rounds: { round: number; openRssKb: number | null; closedRssKb: number | null }[];
      }
    | undefined;
  if (soak) {
    rows.push({ measure: 'server RSS idle', value: `${mb(soak.idleRssKb)} MB` });
    for (const entry of soak.rounds) {
      rows.push({
        measure: `server RSS soak round ${entry.round}`,
        value: `${mb(entry.closedRssKb)} MB`,
        detail: `closed (${mb(entry.openRssKb)} MB with ${run.settings.subscribers} open)`,
      });
    }
  }
  for (const entry of goals) {
    if (entry.status === 'skipped') continue;
    rows.push({ measure: `GOAL ${entry.goal}`, value: '', goal: goal(entry.goal) });
  }
  rows.push({
    measure: 'ledger:verify',
    value: ledger ? (ledgerIsClean(ledger) ? 'clean' : 'NOT CLEAN') : 'not run',
    detail: ledger ? `${ledger.transactions} transactions, ${ledger.entries} entries` : '',
  });
  rows.push({
    measure: 'system errors',
    value: String(run.systemErrorCount),
    detail: run.systemErrors.map((entry) => `${entry.phase}: ${entry.count}`).join('; '),
  });
  return rows;
}

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length > 0 ? median(known) : null;
}

function round1(value: number): number {
  return round(value, 1);
}

function mb(kb: number | null): string {
  return kb === null ? '-' : (kb / 1024).toFixed(1);
}

/** The API server's log lines at level error or above (pino: 50, 60). */
function serverErrorLines(logFile: string): string[] {
  if (!fs.existsSync(logFile)) return [];
  const lines: string[] = [];
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (/"level":\s*(50|60)\b/.test(line)) lines.push(line);
  }
  return lines;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const settings = settingsFor(options.quick);
  const stamp = benchmarkStamp();
  const startedAt = new Date();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((value) => round(value, 2)),
  };
  console.log(
    `CodeSale bench (${settings.mode}): ${machine.cpus} CPUs (${machine.cpuModel}), load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  const metricsToken = crypto.randomBytes(24).toString('hex');
  // What the API server runs with: the environment (and .env, which it reads itself) as `npm start`
  // has it, except the database, ports, long-lived sessions (a full run outlasts the 15 min
  // default), cheap password hashes (setup signs up 129 accounts, from one address, past the limit
  // on new accounts; nothing measured hashes) and the socket and operation quotas (the fan-out's
  // 2,000 subscribers are one support agent's sockets).
  const overrides = {
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    ...benchSetupLimits,
    GRAPHQL_WS_MAX_SOCKETS: String(settings.subscribers + 100),
    GRAPHQL_WS_MAX_OPERATIONS_PER_USER: String(2 * settings.subscribers + 100),
    // (each round opens them all within seconds, five rounds a run)
    GRAPHQL_WS_OPERATION_STARTS_PER_MINUTE: '1000000',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    METRICS_TOKEN: metricsToken,
    STRIPE_EMULATOR_PORT: '0',
  };

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-bench-'));
  fs.chmodSync(directory, 0o755);
  const logFile = path.join(directory, 'api-server.log');
  const stops: (() => Promise<unknown>)[] = [];
  try {
    process.stderr.write('starting a fresh embedded PostgreSQL...\n');
    const postgres = await startFreshDatabase(directory, { profile: options.profile });
    stops.unshift(() => postgres.stop());
    const appUrl = await ensureDatabase(postgres.url, 'codesale_bench');
    const tpcbUrl = await ensureDatabase(postgres.url, 'tpcb');
    const environment = { ...processEnvironment(), ...overrides, DATABASE_URL: appUrl };
    // The API server runs as `npm start` would, logging at its configured level (info by default);
    // only this process's own services (the world's setup) are silent.
    const serverConfig = loadConfig(environment);
    const config = loadConfig({ ...environment, LOG_LEVEL: 'silent' });

    process.stderr.write('starting the API server (migrations)...\n');
    const server = await startApiServer({
      env: { ...process.env, ...overrides, DATABASE_URL: appUrl },
      logFile,
      readyTimeoutMs: 180_000,
    });
    stops.unshift(() => server.stop());
    const generator = startLoadGenerator();
    stops.unshift(() => generator.stop());
    const database = createDatabase({ url: appUrl, max: 2, statementTimeoutMs: 60_000 });
    stops.unshift(() => database.$client.end());
    const postgresVersion = (await database.$client.query<{ version: string }>('select version()')).rows[0]!
      .version;

    process.stderr.write(
      `setting up sellers, listings, buyers, support agents and a dispute (at ${round(performance.now() / 1000, 1)} s)...\n`,
    );
    const world = await setUpWorld({
      config,
      databaseUrl: appUrl,
      graphqlUrl: `http://${server.host}:${server.port}/graphql`,
      buyers: settings.buyers,
      spreadListings: settings.spreadListings,
    });
    const run = new BenchRun(
      settings,
      options,
      server,
      generator,
      database,
      world,
      metricsToken,
      postgres.dataDirectory,
    );
    const phases = options.phases;
    await run.warmUp();
    // The soak's baseline right after the warm-up, as before; then HTTP before the sockets: the soak
    // ends in a memory-reducing collection, after which requests cost the server more CPU for a
    // while (bench/README.md, "the HTTP path"), so the HTTP layer is measured on a settled server.
    const idleRssKb = phases.has('soak') ? await run.idleRss() : null;
    if (phases.has('http')) await run.http();
    if (phases.has('fanout')) await run.broadcastAnchor();
    if (phases.has('fanout') || phases.has('soak'))
      await run.sockets(phases.has('fanout'), phases.has('soak'), idleRssKb);
    if (phases.has('tpcb')) await run.tpcb(tpcbUrl);
    if (phases.has('checkout')) await run.checkout();

    run.markPhase('ledger:verify');
    const ledger = await verifyLedger(database);
    const errorLines = serverErrorLines(logFile);
    run.recordErrors('API server log (level error)', errorLines.length, errorLines);

    const ran: PhasesRun = {
      tpcb: phases.has('tpcb'),
      checkout: phases.has('checkout'),
      http: phases.has('http'),
      fanOut: phases.has('fanout'),
      soak: phases.has('soak'),
    };
    const goals = evaluateGoals(goalFigures(run.results, settings.subscribers), ran);
    const outcome = verdict(goals, run.systemErrorCount, ledgerIsClean(ledger));

    console.log('');
    console.log(formatTable(tableRows(run, goals, ledger)));
    const loadAtEnd = os.loadavg().map((value) => round(value, 2));
    console.log(
      `\nmachine: ${machine.cpus} CPUs, load average ${machine.loadAverageAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end`,
    );
    for (const reason of outcome.reasons) console.log(`exit 1: ${reason}`);

    const resultsDirectory = benchmarkResultsDirectory(config);
    if (errorLines.length > 0) {
      const errorLog = path.join(resultsDirectory, `bench-${stamp}.server-errors.log`);
      fs.writeFileSync(errorLog, `${errorLines.slice(0, 500).join('\n')}\n`);
      console.log(`API server errors: ${path.relative(process.cwd(), errorLog)}`);
    }
    const file = path.join(resultsDirectory, `bench-${stamp}.json`);
    const document = {
      command: `npm run bench --${options.quick ? ' --quick' : ''}`,
      arguments: process.argv.slice(2),
      mode: settings.mode,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverageAtEnd: loadAtEnd, loadAverageByPhase: run.loadAverages },
      postgres: { version: postgresVersion, trackCommitTimestamp: true },
      server: {
        command: 'node -r dist/bench/bare-route.preload.js dist/main.js',
        overrides: { ...overrides, METRICS_TOKEN: '(random)' },
        logLevel: serverConfig.logLevel,
        databasePoolMax: serverConfig.database.poolMax,
        jobsWorkerEnabled: serverConfig.jobs.workerEnabled,
      },
      settings,
      phases: [...phases],
      results: run.results,
      goals,
      ledger: { clean: ledgerIsClean(ledger), ...ledger },
      systemErrors: { total: run.systemErrorCount, byPhase: run.systemErrors },
      exitCode: outcome.exitCode,
      exitReasons: outcome.reasons,
    };
    fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return outcome.exitCode;
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error('bench: stopping', error));
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

runCli(main);
