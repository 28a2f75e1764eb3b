import { eq, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Database } from '../db/pool';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { Tx } from '../db/transaction';
import type { PartyHistory } from '../domain/party-history';
import {
  mostSevereTier,
  scoreParty,
  tierAtLeast,
  tierForScore,
  type RiskRole,
  type RiskTier,
} from '../domain/risk-scoring';
import { buyerBlockedCondition, effectiveTierSql } from './risk.queries';
import { riskProfiles } from './risk.tables';
import { lockParty } from './risk.writes';

const buyerBlockedStatement = preparedStatement<{ blocked: boolean }>(
  'risk.buyer_blocked',
  sql`select ${buyerBlockedCondition(sql`${sql.placeholder('buyerId')}::uuid`)} as blocked`,
);

/**
 * The enforcement checks the other areas call, inside their own transactions: what the tier in
 * force forbids now (risk/README.md, "Enforcement"). They read the risk tables and write nothing
 * (loginRefusal takes the user's risk lock, to be ordered against a ban).
 */
export class RiskEnforcementService {
  constructor(private readonly settings: Pick<Config['risk'], 'thresholds' | 'openDisputeLimits'>) {}

  /** The tier in force now for each role; NORMAL for a role never scored nor overridden. */
  async effectiveTiers(executor: Database | Tx, userId: string): Promise<Record<RiskRole, RiskTier>> {
    const rows = await executor
      .select({ role: riskProfiles.role, tier: sql<RiskTier>`${effectiveTierSql}` })
      .from(riskProfiles)
      .where(eq(riskProfiles.userId, userId));
    const tiers: Record<RiskRole, RiskTier> = { BUYER: 'NORMAL', SELLER: 'NORMAL' };
    for (const row of rows) tiers[row.role] = row.tier;
    return tiers;
  }

  /** BANNED in any role: no purchase, no top-up, no listing change, no dispute. */
  async accountBanned(executor: Database | Tx, userId: string): Promise<boolean> {
    const tiers = await this.effectiveTiers(executor, userId);
    return mostSevereTier([tiers.BUYER, tiers.SELLER]) === 'BANNED';
  }

  /** For guards that refuse a banned account (wallet top-ups, catalog changes). */
  async bannedRefusal(executor: Database | Tx, userId: string): Promise<'ACCOUNT_BANNED' | null> {
    return (await this.accountBanned(executor, userId)) ? 'ACCOUNT_BANNED' : null;
  }

  /**
   * TopUpService's guard: a banned account adds no money, nor does a buyer who may not buy
   * (RESTRICTED or worse as a buyer): a wallet's money can only be spent.
   */
  async topUpRefusal(
    executor: Database | Tx,
    userId: string,
  ): Promise<'ACCOUNT_BANNED' | 'BUYER_BLOCKED' | null> {
    const tiers = await this.effectiveTiers(executor, userId);
    if (mostSevereTier([tiers.BUYER, tiers.SELLER]) === 'BANNED') return 'ACCOUNT_BANNED';
    return tierAtLeast(tiers.BUYER, 'RESTRICTED') ? 'BUYER_BLOCKED' : null;
  }

  /**
   * AuthService's login guard: a banned account opens no session. Under the user's risk lock, so a
   * login and a ban of the same user are serialised: either the login sees the ban, or the ban's
   * revocation sees the login's session.
   */
  async loginRefusal(tx: Tx, userId: string): Promise<'ACCOUNT_BANNED' | null> {
    await lockParty(tx, userId);
    return this.bannedRefusal(tx, userId);
  }

  /**
   * The checkout's risk check (invariant 5): a buyer RESTRICTED or worse, or banned, may not buy.
   * The rule is buyerBlockedCondition (risk.queries.ts), which the checkout's purchase read embeds.
   */
  async buyerRefusal(tx: Tx, buyerId: string): Promise<'BUYER_BLOCKED' | null> {
    const [row] = await runPrepared(tx, buyerBlockedStatement, { buyerId });
    return row?.blocked ? 'BUYER_BLOCKED' : null;
  }

  /** Payouts of a seller AT_RISK or worse (or banned) are held: EligibilityFacts.sellerPayoutsHeld. */
  async sellerPayoutsHeld(executor: Database | Tx, sellerId: string): Promise<boolean> {
    const tiers = await this.effectiveTiers(executor, sellerId);
    return tierAtLeast(tiers.SELLER, 'AT_RISK') || tiers.BUYER === 'BANNED';
  }

  /**
   * How many disputes the buyer may have open at once, by their BUYER tier; 0 for a banned account.
   * The disputes area takes the tighter of this and its own cap (disputes/dispute-limits.ts).
   */
  async openDisputeLimit(tx: Tx | Database, buyerId: string): Promise<number> {
    const tiers = await this.effectiveTiers(tx, buyerId);
    if (tiers.BUYER === 'BANNED' || tiers.SELLER === 'BANNED') return 0;
    const limits = this.settings.openDisputeLimits;
    if (tiers.BUYER === 'NORMAL') return limits.NORMAL;
    if (tiers.BUYER === 'WARNING') return limits.WARNING;
    return limits.AT_RISK;
  }

  /**
   * A dispute party's risk from the history in the dispute's evidence snapshot (DisputeService's
   * partyRisk lookup): scored by the current version, so the same snapshot gives the same score.
   * Reasons are the factors that added points. Null without a snapshot.
   */
  async partyRisk(input: {
    party: RiskRole;
    history: PartyHistory | null;
  }): Promise<{ score: number; tier: RiskTier; reasons: string[] } | null> {
    if (!input.history) return null;
    const result = scoreParty(input.history, input.party);
    return {
      score: result.score,
      tier: tierForScore(result.score, this.settings.thresholds),
      reasons: result.factors
        .filter((factor) => factor.contribution > 0)
        .map((factor) => `${factor.name}: ${factor.value} (+${factor.contribution})`),
    };
  }
}
