import { evaluateGoals, verdict, type GoalFigures, type PhasesRun } from './bench-goals';

/** Figures that meet every goal, each just inside its bound. */
function passingFigures(): GoalFigures {
  return {
    tpcbAt8: 1_000,
    checkout: {
      spread: { 1: 100, 8: 250, 32: 250, 128: 260 },
      hot: { 1: 50, 8: 125, 32: 125, 128: 130 },
    },
    bareRequestsPerSecond: 10_000,
    typenameRequestsPerSecond: 3_500,
    meRequestsPerSecond: 2_000,
    fanOut: { subscribers: 2_000, p99Ms: 49.9 },
    soak: { idleRssKb: 100_000, afterRssKb: 120_000 },
  };
}

const allPhases: PhasesRun = { tpcb: true, checkout: true, http: true, fanOut: true, soak: true };

function statusOf(figures: GoalFigures, goal: string, ran: PhasesRun = allPhases) {
  const found = evaluateGoals(figures, ran).find((entry) => entry.goal === goal);
  if (!found) throw new Error(`no goal ${goal}`);
  return found.status;
}

describe('evaluateGoals', () => {
  it('meets every goal with figures at their bounds, and the run exits 0', () => {
    // given figures exactly at each bound
    const goals = evaluateGoals(passingFigures(), allPhases);
    // then every goal is met and nothing fails the run
    expect(goals.map((goal) => goal.status)).toEqual(goals.map(() => 'met'));
    expect(verdict(goals, 0, true)).toEqual({ exitCode: 0, reasons: [] });
  });

  it.each<[string, (figures: GoalFigures) => void]>([
    ['checkout@8 / TPC-B@8', (f) => (f.checkout.spread[8] = 249)],
    ['checkout spread@32 / spread@8', (f) => (f.checkout.spread[32] = 249)],
    ['checkout hot@32 / hot@8', (f) => (f.checkout.hot[8] = 126)],
    ['checkout hot/spread @1', (f) => (f.checkout.hot[1] = 49)],
    ['checkout hot/spread @128', (f) => (f.checkout.hot[128] = 129)],
    ['{ __typename } / bare Fastify', (f) => (f.typenameRequestsPerSecond = 3_499)],
    ['{ me { id } } / bare Fastify', (f) => (f.meRequestsPerSecond = 1_999)],
    [
      'fan-out to 2000 subscribers: commit -> receipt p99 (ms)',
      (f) => (f.fanOut = { subscribers: 2_000, p99Ms: 50 }),
    ],
    ['RSS after socket soak / idle RSS', (f) => (f.soak = { idleRssKb: 100_000, afterRssKb: 120_001 })],
  ])('misses %s just past its bound, and the run exits 1', (goal, worsen) => {
    // given figures past one bound
    const figures = passingFigures();
    worsen(figures);
    // when the goals are judged
    const goals = evaluateGoals(figures, allPhases);
    // then exactly that goal is missed, and it fails the run
    expect(
      goals.filter((entry) => entry.status !== 'met').map((entry) => [entry.goal, entry.status]),
    ).toEqual([[goal, 'missed']]);
    expect(verdict(goals, 0, true)).toEqual({ exitCode: 1, reasons: [`goal missed: ${goal}`] });
  });

  it('does not count a fan-out to fewer than 2,000 subscribers, and a goal not measured fails the run', () => {
    // given a fast fan-out to only 1,999 subscribers, and no RSS (no /proc)
    const figures = passingFigures();
    figures.fanOut = { subscribers: 1_999, p99Ms: 1 };
    figures.soak = null;
    // when the goals are judged
    const goals = evaluateGoals(figures, allPhases);
    // then both are not measured, which is a failure, not a pass
    expect(statusOf(figures, 'fan-out to 2000 subscribers: commit -> receipt p99 (ms)')).toBe('not measured');
    expect(statusOf(figures, 'RSS after socket soak / idle RSS')).toBe('not measured');
    expect(verdict(goals, 0, true).exitCode).toBe(1);
  });

  it('skips the goals of phases left out with --only, which alone do not fail the run', () => {
    // given only the HTTP layer measured
    const figures = passingFigures();
    figures.tpcbAt8 = null;
    figures.checkout = { spread: {}, hot: {} };
    figures.fanOut = null;
    figures.soak = null;
    const ran: PhasesRun = { tpcb: false, checkout: false, http: true, fanOut: false, soak: false };
    // when the goals are judged
    const goals = evaluateGoals(figures, ran);
    // then only the HTTP goals are judged
    expect(goals.filter((goal) => goal.status !== 'skipped').map((goal) => goal.goal)).toEqual([
      '{ __typename } / bare Fastify',
      '{ me { id } } / bare Fastify',
    ]);
    expect(verdict(goals, 0, true).exitCode).toBe(0);
  });
});

describe('verdict', () => {
  const goals = evaluateGoals(passingFigures(), allPhases);

  it('fails the run on any system error, even with every goal met', () => {
    expect(verdict(goals, 1, true)).toEqual({ exitCode: 1, reasons: ['1 system error(s)'] });
  });

  it('fails the run when ledger:verify is not clean or did not run', () => {
    expect(verdict(goals, 0, false)).toEqual({ exitCode: 1, reasons: ['ledger:verify is not clean'] });
    expect(verdict(goals, 0, null)).toEqual({ exitCode: 1, reasons: ['ledger:verify did not run'] });
  });
});
