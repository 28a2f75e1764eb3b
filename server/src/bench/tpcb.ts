import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import pg from 'pg';

/**
 * The TPC-B anchor: pgbench's built-in `tpcb-like` transaction on its own database of the bench's
 * PostgreSQL. With pgbench on PATH it runs pgbench itself; without it, the same transaction from
 * a pg pool (`tpcbTransaction`, run by the load generator) over tables made like `pgbench -i`'s.
 *
 * -M prepared: the purchase is meant to run on named prepared statements (issue 11), so the
 * anchor uses them too; the ratio then compares the work per transaction, not the protocol.
 * prepared is also pgbench's fastest mode, the stricter anchor.
 */

export interface PgbenchRun {
  clients: number;
  threads: number;
  seconds: number;
  transactions: number;
  transactionsPerSecond: number;
  latencyAverageMs: number;
  failedTransactions: number;
  command: string;
}

export function pgbenchAvailable(): boolean {
  return spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).status === 0;
}

function connectionArguments(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  return {
    args: ['-h', parsed.hostname, '-p', parsed.port || '5432', '-U', decodeURIComponent(parsed.username)],
    env: { ...process.env, PGPASSWORD: decodeURIComponent(parsed.password) },
  };
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

export async function pgbenchInitialize(url: string, scale: number): Promise<void> {
  const connection = connectionArguments(url);
  const database = new URL(url).pathname.slice(1);
  await runCommand(
    'pgbench',
    ['-i', '-q', '-s', String(scale), ...connection.args, database],
    connection.env,
  );
}

/**
 * What pgbench does before each run unless told `-n` (its tables vacuumed, its history emptied),
 * done apart so that the run (and the CPU time measured around it) is the transactions alone; then
 * a checkpoint, so that the run does not pay for writing out what `pgbench -i` or the previous run
 * left dirty.
 */
export async function tpcbPrepareRun(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum pgbench_branches');
    await client.query('vacuum pgbench_tellers');
    await client.query('truncate pgbench_history');
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

/** The tpcb-like script; run tpcbPrepareRun first (this passes -n: no vacuum of its own). */
export async function pgbenchRun(url: string, clients: number, seconds: number): Promise<PgbenchRun> {
  const connection = connectionArguments(url);
  const database = new URL(url).pathname.slice(1);
  const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2', '-T', String(seconds)];
  const output = await runCommand('pgbench', [...args, ...connection.args, database], connection.env);
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`pgbench output without ${pattern}:\n${output}`);
    return Number(match[1]);
  };
  return {
    clients,
    threads: 2,
    seconds,
    transactions: number(/number of transactions actually processed: (\d+)/),
    transactionsPerSecond: Math.round(number(/tps = ([\d.]+) \(without initial connection time\)/) * 10) / 10,
    latencyAverageMs: number(/latency average = ([\d.]+) ms/),
    // pgbench before 15 has no such line: nothing can have failed without it ending the run.
    failedTransactions: /number of failed transactions: (\d+)/.exec(output)
      ? number(/number of failed transactions: (\d+)/)
      : 0,
    command: `pgbench ${args.join(' ')} <database>`,
  };
}

/** `pgbench -i -s scale`'s tables and rows, without pgbench (the script anchor's database). */
export async function scriptInitialize(url: string, scale: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      drop table if exists pgbench_history, pgbench_tellers, pgbench_accounts, pgbench_branches;
      create table pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
      create table pgbench_tellers (tid int not null, bid int, tbalance int, filler char(84)) with (fillfactor = 100);
      create table pgbench_accounts (aid int not null, bid int, abalance int, filler char(84)) with (fillfactor = 100);
      create table pgbench_branches (bid int not null, bbalance int, filler char(88)) with (fillfactor = 100);`);
    await client.query(
      `insert into pgbench_branches (bid, bbalance) select bid, 0 from generate_series(1, $1) as bid`,
      [scale],
    );
    await client.query(
      `insert into pgbench_tellers (tid, bid, tbalance) select tid, (tid - 1) / 10 + 1, 0 from generate_series(1, $1) as tid`,
      [scale * 10],
    );
    await client.query(
      `insert into pgbench_accounts (aid, bid, abalance, filler)
       select aid, (aid - 1) / 100000 + 1, 0, '' from generate_series(1, $1) as aid`,
      [scale * 100_000],
    );
    await client.query(`
      alter table pgbench_branches add primary key (bid);
      alter table pgbench_tellers add primary key (tid);
      alter table pgbench_accounts add primary key (aid);`);
    // Alone: a multi-statement query is one implicit transaction, which VACUUM refuses.
    await client.query('vacuum analyze pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history');
  } finally {
    await client.end();
  }
}

/** pgbench's built-in tpcb-like transaction, statement for statement, as named prepared statements. */
export async function tpcbTransaction(client: pg.PoolClient, scale: number): Promise<void> {
  const aid = crypto.randomInt(1, 100_000 * scale + 1);
  const bid = crypto.randomInt(1, scale + 1);
  const tid = crypto.randomInt(1, 10 * scale + 1);
  const delta = crypto.randomInt(-5000, 5001);
  await client.query('begin');
  await client.query({
    name: 'tpcb_account',
    text: 'update pgbench_accounts set abalance = abalance + $1 where aid = $2',
    values: [delta, aid],
  });
  await client.query({
    name: 'tpcb_balance',
    text: 'select abalance from pgbench_accounts where aid = $1',
    values: [aid],
  });
  await client.query({
    name: 'tpcb_teller',
    text: 'update pgbench_tellers set tbalance = tbalance + $1 where tid = $2',
    values: [delta, tid],
  });
  await client.query({
    name: 'tpcb_branch',
    text: 'update pgbench_branches set bbalance = bbalance + $1 where bid = $2',
    values: [delta, bid],
  });
  await client.query({
    name: 'tpcb_history',
    text: 'insert into pgbench_history (tid, bid, aid, delta, mtime) values ($1, $2, $3, $4, current_timestamp)',
    values: [tid, bid, aid, delta],
  });
  await client.query('end');
}
