import '../tools/node-version.guard';
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDatabase } from '../db/pool';
import { closeServices, createServices } from '../services';
import { hostileDocuments, type HostileDocument } from './hostile-documents';
import { runCli } from '../tools/cli';
import { startBenchmarkDatabase } from './benchmark-database';
import { benchmarkStamp, writeBenchmarkResult } from './benchmark-results';

/**
 * Issue 7.1's goal under load: while 8 clients send the hostile corpus (hostile-documents.ts)
 * continuously for 10 seconds, alternating HTTP and graphql-ws, /healthz keeps answering in under
 * 100 ms. Prints a progress line and the figures, writes JSON to bench/results/hostile-<time>.json,
 * and exits non-zero when the goal is missed or a hostile document gets any answer but its typed error.
 * The clients and the /healthz probe run in a worker thread, so that the server's event loop does
 * only the server's work.
 */

const clients = 8;
const durationMs = 10_000;
const healthzGoalMs = 100;

interface Tally {
  sent: number;
  wrongAnswers: number;
  firstWrongAnswer: string | null;
}

/** What the load worker reports: a progress message each second, then the final figures. */
interface LoadReport {
  done: boolean;
  elapsedMs: number;
  tally: Tally;
  healthzMs: number[];
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Request bodies serialised once: the load generator should spend its time sending. */
const httpBodies = new Map(
  hostileDocuments.map((document) => [
    document,
    JSON.stringify(document.operations.length > 1 ? document.operations : document.operations[0]),
  ]),
);

async function sendOverHttp(graphqlUrl: string, document: HostileDocument): Promise<string> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: httpBodies.get(document),
  });
  const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return `${response.status} ${answer.errors?.[0]?.extensions?.code ?? 'no error'}`;
}

async function sendOverWebsocket(websocket: Client, document: HostileDocument): Promise<string[]> {
  const codes: string[] = [];
  for (const operation of document.operations) {
    codes.push(
      await new Promise<string>((resolve, reject) => {
        websocket.subscribe(
          { query: operation.query, variables: operation.variables },
          {
            next: () => resolve('data'),
            error: (error) =>
              Array.isArray(error)
                ? resolve(String((error[0] as { extensions?: { code?: string } })?.extensions?.code))
                : reject(error instanceof Error ? error : new Error(String(error))),
            complete: () => resolve('complete'),
          },
        );
      }),
    );
  }
  return codes;
}

function connect(graphqlUrl: string): Client {
  return createClient({
    url: graphqlUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
  });
}

/** Every document over HTTP, then over the socket, stopping at `until`. */
async function sendCorpus(graphqlUrl: string, websocket: Client, tally: Tally, until: number): Promise<void> {
  const wrong = (document: HostileDocument, answer: string) => {
    tally.wrongAnswers++;
    tally.firstWrongAnswer ??= `${document.name}: ${answer}`;
  };
  for (const document of hostileDocuments) {
    if (performance.now() >= until) return;
    const http = await sendOverHttp(graphqlUrl, document);
    tally.sent++;
    if (http !== `400 ${document.code}`) wrong(document, `HTTP ${http}`);
    const codes = await sendOverWebsocket(websocket, document);
    tally.sent += codes.length;
    for (const code of codes) if (code !== document.code) wrong(document, `graphql-ws ${code}`);
  }
}

/** One hostile client: the corpus again and again until the deadline. */
async function hostileClient(graphqlUrl: string, deadline: number, tally: Tally): Promise<void> {
  const websocket = connect(graphqlUrl);
  try {
    while (performance.now() < deadline) await sendCorpus(graphqlUrl, websocket, tally, deadline);
  } finally {
    await websocket.dispose();
  }
}

async function main(): Promise<number> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-bench-'));
  fs.chmodSync(directory, 0o755);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', JOBS_WORKER_ENABLED: 'false' });
  console.log(
    `CodeSale hostile-document benchmark: ${clients} clients, ${durationMs / 1000} s, ${hostileDocuments.length} documents; goal /healthz < ${healthzGoalMs} ms`,
  );
  const server = await startBenchmarkDatabase(config, directory, 'codesale_bench');
  const url = server.url;
  const database = createDatabase({ url, max: config.database.poolMax, statementTimeoutMs: 30_000 });
  const services = await createServices(config, database, url, pino({ level: 'silent' }));
  const app = await buildApp(services);
  await app.fastify.listen({ host: '127.0.0.1', port: 0 });
  const address = app.fastify.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    // How busy the server's event loop was, and how loaded the machine: on a shared machine a slow
    // /healthz with a mostly idle event loop means the process was waiting for a CPU.
    const loadAverageBefore = os.loadavg()[0]!;
    const utilizationBefore = performance.eventLoopUtilization();
    let longestGcPauseMs = 0;
    const garbageCollections = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longestGcPauseMs = Math.max(longestGcPauseMs, entry.duration);
    });
    garbageCollections.observe({ entryTypes: ['gc'] });
    const worker = new Worker(__filename, { workerData: { baseUrl } });
    const report = await new Promise<LoadReport>((resolve, reject) => {
      worker.on('message', (message: LoadReport) => {
        const sorted = [...message.healthzMs].sort((left, right) => left - right);
        process.stderr.write(
          `\r${(message.elapsedMs / 1000).toFixed(0).padStart(3)} s  hostile operations ${String(message.tally.sent).padStart(6)}  ` +
            `/healthz ${String(sorted.length).padStart(5)} answers, p99 ${percentile(sorted, 0.99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
        );
        if (message.done) resolve(message);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    process.stderr.write('\n');
    const { tally } = report;
    const healthz = [...report.healthzMs];

    const seconds = report.elapsedMs / 1000;
    healthz.sort((left, right) => left - right);
    const serverEventLoopUtilization = performance.eventLoopUtilization(utilizationBefore).utilization;
    garbageCollections.disconnect();
    const figures = {
      serverEventLoopBusyPercent: Number((serverEventLoopUtilization * 100).toFixed(1)),
      serverLongestGcPauseMs: Number(longestGcPauseMs.toFixed(1)),
      machineLoadAverage: Number(loadAverageBefore.toFixed(2)),
      hostileOperations: tally.sent,
      hostileOperationsPerSecond: Number((tally.sent / seconds).toFixed(1)),
      wrongAnswers: tally.wrongAnswers,
      firstWrongAnswer: tally.firstWrongAnswer,
      healthzAnswers: healthz.length,
      healthzP50Ms: Number(percentile(healthz, 0.5).toFixed(1)),
      healthzP99Ms: Number(percentile(healthz, 0.99).toFixed(1)),
      healthzMaxMs: Number((healthz.at(-1) ?? 0).toFixed(1)),
    };
    const goalMet = figures.healthzMaxMs < healthzGoalMs && tally.wrongAnswers === 0;
    console.log(
      `server event loop busy ${figures.serverEventLoopBusyPercent}% of the run, longest garbage collection ${figures.serverLongestGcPauseMs} ms; machine load average ${figures.machineLoadAverage} on ${os.availableParallelism()} cores`,
    );
    console.log(
      `hostile operations: ${figures.hostileOperations} in ${seconds.toFixed(1)} s (${figures.hostileOperationsPerSecond}/s), ` +
        `answered other than with their typed error: ${figures.wrongAnswers}${tally.firstWrongAnswer ? ` (first: ${tally.firstWrongAnswer})` : ''}`,
    );
    console.log(
      `/healthz: ${figures.healthzAnswers} answers, p50 ${figures.healthzP50Ms} ms, p99 ${figures.healthzP99Ms} ms, max ${figures.healthzMaxMs} ms ` +
        `(goal: every answer under ${healthzGoalMs} ms) -> ${goalMet ? 'goal met' : 'GOAL MISSED'}`,
    );

    const file = writeBenchmarkResult(config, 'hostile', benchmarkStamp(), {
      clients,
      durationMs,
      documents: hostileDocuments.map((document) => ({ name: document.name, code: document.code })),
      healthzGoalMs,
      goalMet,
      ...figures,
    });
    console.log(`results: ${path.relative(process.cwd(), file)}`);
    return goalMet ? 0 : 1;
  } finally {
    await app.close();
    await closeServices(services);
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** The worker thread: 8 hostile clients and the /healthz probe, until the deadline. */
async function generateLoad(baseUrl: string): Promise<void> {
  // Unmeasured: one pass of the corpus and a few probes, so that the first requests' compilation
  // and connection set-up are not counted as load.
  const warmUpSocket = connect(`${baseUrl}/graphql`);
  await sendCorpus(
    `${baseUrl}/graphql`,
    warmUpSocket,
    { sent: 0, wrongAnswers: 0, firstWrongAnswer: null },
    Number.POSITIVE_INFINITY,
  );
  await warmUpSocket.dispose();
  for (let probe = 0; probe < 5; probe++) await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();

  const tally: Tally = { sent: 0, wrongAnswers: 0, firstWrongAnswer: null };
  const healthzMs: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const report = (done: boolean) =>
    parentPort!.postMessage({
      done,
      elapsedMs: performance.now() - started,
      tally,
      healthzMs,
    } satisfies LoadReport);
  const progress = setInterval(() => report(false), 1_000);
  const probing = (async () => {
    while (performance.now() < deadline) {
      const requestStarted = performance.now();
      const response = await fetch(`${baseUrl}/healthz`);
      await response.arrayBuffer();
      healthzMs.push(performance.now() - requestStarted);
      if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
    }
  })();
  await Promise.all([
    probing,
    ...Array.from({ length: clients }, () => hostileClient(`${baseUrl}/graphql`, deadline, tally)),
  ]);
  clearInterval(progress);
  report(true);
}

if (isMainThread) {
  runCli(main);
} else {
  // A failure rejects unhandled, which ends the worker with an 'error' event that main() rethrows.
  void generateLoad((workerData as { baseUrl: string }).baseUrl);
}
