/**
 * Issue 11's goals, judged on one run's figures, and the table the bench prints. Pure: the goals
 * test (bench-goals.test.ts) shows each goal missed and each failure turning into exit code 1.
 */

export const concurrencyLevels = [1, 8, 32, 128] as const;
export type Scenario = 'spread' | 'hot';

/** What the goals read; null where a phase did not run or measured nothing. */
export interface GoalFigures {
  tpcbAt8: number | null;
  /** Orders per second by scenario and concurrency. */
  checkout: Record<Scenario, Partial<Record<number, number>>>;
  bareRequestsPerSecond: number | null;
  typenameRequestsPerSecond: number | null;
  meRequestsPerSecond: number | null;
  fanOut: { subscribers: number; p99Ms: number } | null;
  soak: { idleRssKb: number; afterRssKb: number } | null;
}

export type GoalStatus = 'met' | 'missed' | 'not measured' | 'skipped';

export interface GoalResult {
  goal: string;
  value: number | null;
  target: string;
  status: GoalStatus;
}

export const goalTargets = {
  checkoutToTpcb: 0.25,
  hotToSpread: 0.5,
  typenameToBare: 0.35,
  meToBare: 0.2,
  fanOutSubscribers: 2_000,
  fanOutP99Ms: 50,
  soakRssFactor: 1.2,
} as const;

function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator === null || numerator === undefined || !denominator || denominator <= 0) return null;
  return numerator / denominator;
}

function judge(value: number | null, met: (value: number) => boolean, ran: boolean): GoalStatus {
  if (!ran) return 'skipped';
  if (value === null || Number.isNaN(value)) return 'not measured';
  return met(value) ? 'met' : 'missed';
}

/** Which phases ran: a goal of a phase that was left out (--only) is skipped, not missed. */
export interface PhasesRun {
  tpcb: boolean;
  checkout: boolean;
  http: boolean;
  fanOut: boolean;
  soak: boolean;
}

export function evaluateGoals(figures: GoalFigures, ran: PhasesRun): GoalResult[] {
  const t = goalTargets;
  const results: GoalResult[] = [];
  const checkoutAt = (scenario: Scenario, level: number) => figures.checkout[scenario][level] ?? null;

  const anchored = ratio(checkoutAt('spread', 8), figures.tpcbAt8);
  results.push({
    goal: 'checkout@8 / TPC-B@8',
    value: anchored,
    target: `>= ${t.checkoutToTpcb}`,
    status: judge(anchored, (v) => v >= t.checkoutToTpcb, ran.tpcb && ran.checkout),
  });

  for (const scenario of ['spread', 'hot'] as const) {
    const value = ratio(checkoutAt(scenario, 32), checkoutAt(scenario, 8));
    results.push({
      goal: `checkout ${scenario}@32 / ${scenario}@8`,
      value,
      target: '>= 1',
      status: judge(value, (v) => v >= 1, ran.checkout),
    });
  }
  for (const level of concurrencyLevels) {
    const value = ratio(checkoutAt('hot', level), checkoutAt('spread', level));
    results.push({
      goal: `checkout hot/spread @${level}`,
      value,
      target: `>= ${t.hotToSpread}`,
      status: judge(value, (v) => v >= t.hotToSpread, ran.checkout),
    });
  }
  const typename = ratio(figures.typenameRequestsPerSecond, figures.bareRequestsPerSecond);
  results.push({
    goal: '{ __typename } / bare Fastify',
    value: typename,
    target: `>= ${t.typenameToBare}`,
    status: judge(typename, (v) => v >= t.typenameToBare, ran.http),
  });
  const me = ratio(figures.meRequestsPerSecond, figures.bareRequestsPerSecond);
  results.push({
    goal: '{ me { id } } / bare Fastify',
    value: me,
    target: `>= ${t.meToBare}`,
    status: judge(me, (v) => v >= t.meToBare, ran.http),
  });
  // Measured with fewer than 2,000 subscribers, the figure says nothing about the goal.
  const fanOut =
    figures.fanOut && figures.fanOut.subscribers >= t.fanOutSubscribers ? figures.fanOut.p99Ms : null;
  results.push({
    goal: `fan-out to ${t.fanOutSubscribers} subscribers: commit -> receipt p99 (ms)`,
    value: fanOut,
    target: `< ${t.fanOutP99Ms}`,
    status: judge(fanOut, (v) => v < t.fanOutP99Ms, ran.fanOut),
  });
  const soak = figures.soak ? ratio(figures.soak.afterRssKb, figures.soak.idleRssKb) : null;
  results.push({
    goal: 'RSS after socket soak / idle RSS',
    value: soak,
    target: `<= ${t.soakRssFactor}`,
    status: judge(soak, (v) => v <= t.soakRssFactor, ran.soak),
  });
  return results;
}

export interface RunVerdict {
  exitCode: 0 | 1;
  reasons: string[];
}

/**
 * Exit code 1 when a goal was missed or could not be measured, a system error occurred anywhere
 * (a GraphQL or HTTP failure, a subscriber without its event, pgbench failing), or the ledger is
 * not clean.
 */
export function verdict(goals: GoalResult[], systemErrors: number, ledgerClean: boolean | null): RunVerdict {
  const reasons: string[] = [];
  for (const goal of goals) {
    if (goal.status === 'missed') reasons.push(`goal missed: ${goal.goal}`);
    if (goal.status === 'not measured') reasons.push(`goal not measured: ${goal.goal}`);
  }
  if (systemErrors > 0) reasons.push(`${systemErrors} system error(s)`);
  if (ledgerClean === false) reasons.push('ledger:verify is not clean');
  if (ledgerClean === null) reasons.push('ledger:verify did not run');
  return { exitCode: reasons.length > 0 ? 1 : 0, reasons };
}

export interface TableRow {
  measure: string;
  value: string;
  detail?: string;
  goal?: GoalResult;
}

/** One plain-text table: the figures, each goal under the figure it judges. */
export function formatTable(rows: TableRow[]): string {
  const cells = rows.map((row) => [
    row.measure,
    row.value,
    row.detail ?? '',
    row.goal ? (row.goal.value === null ? '-' : row.goal.value.toFixed(3)) : '',
    row.goal?.target ?? '',
    row.goal ? row.goal.status.toUpperCase() : '',
  ]);
  const header = ['measure', 'value', 'detail', 'ratio', 'goal', 'status'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (cell: string[]) =>
    cell
      .map((text, column) =>
        column === 1 || column === 3 ? text.padStart(widths[column]!) : text.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}
