import type { PartyHistory } from './party-history';

/**
 * Risk scoring, as a pure function of a PartyHistory snapshot (invariant 12): the same snapshot
 * gives the same score on every run and every machine. No clock, no randomness, integers only.
 *
 * The weights are part of the scoring version. Changing any of them is a new version: a new
 * function in `scorers`, with the old one kept, so that every stored snapshot can still be
 * scored again by the version that scored it.
 */
export const RISK_SCORING_VERSION = 1;

export const riskRoles = ['BUYER', 'SELLER'] as const;
export type RiskRole = (typeof riskRoles)[number];

/** Ascending severity. PostgreSQL's `risk_tier` enum declares them in the same order. */
export const riskTiers = ['NORMAL', 'WARNING', 'AT_RISK', 'RESTRICTED', 'BANNED'] as const;
export type RiskTier = (typeof riskTiers)[number];

export const minScore = 0;
export const maxScore = 1000;

export interface RiskFactor {
  /** chargebacks, disputesLost, disputesLostRatio, refundRatio, accountAge, velocity. */
  name: string;
  /** The measured fact: a count, a ratio in basis points, or days (see the scorer). */
  value: number;
  /** Points this factor adds to the score; never negative. */
  contribution: number;
}

export interface RiskScore {
  version: number;
  /** 0 to 1000: the sum of the contributions, capped. */
  score: number;
  factors: RiskFactor[];
}

/** The lowest score of each tier above NORMAL; strictly ascending, within (0, 1000]. */
export interface RiskThresholds {
  WARNING: number;
  AT_RISK: number;
  RESTRICTED: number;
  BANNED: number;
}

/**
 * Counts above this are refused as a bug: it keeps every intermediate product far below 2^52,
 * so each division below is exact before it is floored.
 */
const maxCount = 1_000_000_000;
const basisPoints = 10_000;

export function scoreParty(history: PartyHistory, role: RiskRole): RiskScore {
  return scorers[RISK_SCORING_VERSION]!(history, role);
}

/** Scores a stored snapshot with the version that scored it; throws for a version this code does not know. */
export function scorePartyWithVersion(version: number, history: PartyHistory, role: RiskRole): RiskScore {
  const scorer = scorers[version];
  if (!scorer) throw new Error(`unknown risk scoring version ${version}`);
  return scorer(history, role);
}

type Scorer = (history: PartyHistory, role: RiskRole) => RiskScore;

const scorers: Readonly<Record<number, Scorer>> = {
  1: scoreVersion1,
};

/**
 * Version 1. Every contribution is non-negative and non-decreasing in each bad fact (chargebacks,
 * disputes lost, refunds, velocity) and non-increasing in the account's age. Ratios are weighed by
 * a confidence that grows with the sample, so one refund on a first order does not weigh like a
 * refund on every one of fifty.
 *
 * BUYER: chargebacks 250 each (4 at most count), disputes lost 60 each (5), disputes lost per
 * dispute opened up to 200 (full confidence at 5 disputes), refunds per order up to 150 (at 10
 * orders), a young account 100 / 60 / 30 (under 1 / 7 / 30 days), orders in 24 hours beyond 20:
 * 10 each, up to 200.
 * SELLER: the same person's chargebacks as a buyer 150 each (4), disputes lost 80 each (5),
 * disputes lost per sale up to 300 (at 10 sales), refunds per sale up to 200 (at 10 sales), the
 * same account age, sales in 7 days beyond 200: 1 each, up to 150.
 */
function scoreVersion1(history: PartyHistory, role: RiskRole): RiskScore {
  assertHistory(history);
  const factors = role === 'BUYER' ? buyerFactorsVersion1(history) : sellerFactorsVersion1(history);
  const total = factors.reduce((sum, factor) => sum + factor.contribution, 0);
  return { version: 1, score: Math.min(maxScore, total), factors };
}

function buyerFactorsVersion1(history: PartyHistory): RiskFactor[] {
  const buyer = history.asBuyer;
  const lostRatio = ratioBasisPoints(buyer.disputesLost, buyer.disputesOpened);
  const refundRatio = ratioBasisPoints(buyer.refundedOrders, buyer.orders);
  return [
    { name: 'chargebacks', value: buyer.chargebacks, contribution: Math.min(buyer.chargebacks, 4) * 250 },
    { name: 'disputesLost', value: buyer.disputesLost, contribution: Math.min(buyer.disputesLost, 5) * 60 },
    {
      name: 'disputesLostRatio',
      value: lostRatio,
      contribution: weighted(lostRatio, 200, buyer.disputesOpened, 5),
    },
    { name: 'refundRatio', value: refundRatio, contribution: weighted(refundRatio, 150, buyer.orders, 10) },
    accountAgeFactor(history.accountAgeDays),
    {
      name: 'velocity',
      value: buyer.ordersLast24Hours,
      contribution: Math.min(Math.max(0, buyer.ordersLast24Hours - 20) * 10, 200),
    },
  ];
}

function sellerFactorsVersion1(history: PartyHistory): RiskFactor[] {
  const seller = history.asSeller;
  const lostRatio = ratioBasisPoints(seller.disputesLost, seller.sales);
  const refundRatio = ratioBasisPoints(seller.refundedSales, seller.sales);
  const chargebacks = history.asBuyer.chargebacks;
  return [
    { name: 'chargebacks', value: chargebacks, contribution: Math.min(chargebacks, 4) * 150 },
    { name: 'disputesLost', value: seller.disputesLost, contribution: Math.min(seller.disputesLost, 5) * 80 },
    { name: 'disputesLostRatio', value: lostRatio, contribution: weighted(lostRatio, 300, seller.sales, 10) },
    { name: 'refundRatio', value: refundRatio, contribution: weighted(refundRatio, 200, seller.sales, 10) },
    accountAgeFactor(history.accountAgeDays),
    {
      name: 'velocity',
      value: seller.salesLast7Days,
      contribution: Math.min(Math.max(0, seller.salesLast7Days - 200), 150),
    },
  ];
}

function accountAgeFactor(days: number): RiskFactor {
  const contribution = days < 1 ? 100 : days < 7 ? 60 : days < 30 ? 30 : 0;
  return { name: 'accountAge', value: days, contribution };
}

/** part / whole in basis points, rounded down; 0 when whole is 0. A part above the whole counts as the whole. */
function ratioBasisPoints(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.floor((Math.min(part, whole) * basisPoints) / whole);
}

/** `ratio` (basis points) of `weight` points, scaled by the sample's confidence: min(sample, fullAt) / fullAt. */
function weighted(ratio: number, weight: number, sample: number, fullAt: number): number {
  return Math.floor((ratio * weight * Math.min(sample, fullAt)) / (basisPoints * fullAt));
}

function assertHistory(history: PartyHistory): void {
  const counts: [string, number][] = [
    ['accountAgeDays', history.accountAgeDays],
    ...Object.entries(history.asBuyer).map(([name, value]): [string, number] => [`asBuyer.${name}`, value]),
    ...Object.entries(history.asSeller).map(([name, value]): [string, number] => [`asSeller.${name}`, value]),
  ];
  for (const [name, value] of counts) {
    if (!Number.isSafeInteger(value) || value < 0 || value > maxCount) {
      throw new Error(`risk scoring: ${name} must be a whole number from 0 to ${maxCount}, got ${value}`);
    }
  }
}

// ---- tiers ----

export function tierRank(tier: RiskTier): number {
  return riskTiers.indexOf(tier);
}

export function tierAtLeast(tier: RiskTier, floor: RiskTier): boolean {
  return tierRank(tier) >= tierRank(floor);
}

export function mostSevereTier(tiers: readonly RiskTier[]): RiskTier {
  return tiers.reduce<RiskTier>((worst, tier) => (tierRank(tier) > tierRank(worst) ? tier : worst), 'NORMAL');
}

/** The highest tier whose threshold the score reaches. */
export function tierForScore(score: number, thresholds: RiskThresholds): RiskTier {
  if (score >= thresholds.BANNED) return 'BANNED';
  if (score >= thresholds.RESTRICTED) return 'RESTRICTED';
  if (score >= thresholds.AT_RISK) return 'AT_RISK';
  if (score >= thresholds.WARNING) return 'WARNING';
  return 'NORMAL';
}

export const defaultRiskThresholds: RiskThresholds = {
  WARNING: 200,
  AT_RISK: 400,
  RESTRICTED: 600,
  BANNED: 800,
};

/** `WARNING,AT_RISK,RESTRICTED,BANNED`, e.g. `200,400,600,800`: whole numbers, strictly ascending, within 1..1000. */
export function parseRiskThresholds(text: string): RiskThresholds | { error: string } {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,4}$/.test(part))) {
    return {
      error: `RISK_THRESHOLDS must be four whole numbers (WARNING,AT_RISK,RESTRICTED,BANNED), got "${text}"`,
    };
  }
  const [warning, atRisk, restricted, banned] = parts.map(Number) as [number, number, number, number];
  const thresholds = { WARNING: warning, AT_RISK: atRisk, RESTRICTED: restricted, BANNED: banned };
  const error = validateRiskThresholds(thresholds);
  return error ? { error } : thresholds;
}

export function validateRiskThresholds(thresholds: RiskThresholds): string | null {
  const values = [thresholds.WARNING, thresholds.AT_RISK, thresholds.RESTRICTED, thresholds.BANNED];
  if (values.some((value) => !Number.isSafeInteger(value) || value <= minScore || value > maxScore)) {
    return `risk thresholds must be whole numbers from ${minScore + 1} to ${maxScore}`;
  }
  for (let index = 1; index < values.length; index++) {
    if (values[index]! <= values[index - 1]!) {
      return `risk thresholds must be strictly ascending (WARNING < AT_RISK < RESTRICTED < BANNED), got ${values.join(',')}`;
    }
  }
  return null;
}
