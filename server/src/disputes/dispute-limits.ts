import type { Tx } from '../db/transaction';

/** The risk authority's per-buyer limit by tier (RiskEnforcementService.openDisputeLimit); 0 for a banned account. */
export interface RiskDisputeLimit {
  openDisputeLimit(tx: Tx, buyerId: string): Promise<number>;
}

/**
 * How many disputes a buyer may have open at once: the tighter of the disputes area's own cap
 * (MAX_OPEN_DISPUTES_PER_BUYER) and the risk authority's limit for the buyer's tier. The cap and
 * the counting of open disputes are this area's; risk only answers for the tier, so a banned
 * buyer (limit 0) opens no dispute. Given to DisputeService as its OpenDisputeLimit.
 */
export function openDisputeLimitByRisk(
  settings: { maxOpenDisputesPerBuyer: number },
  risk: RiskDisputeLimit,
): (tx: Tx, buyerId: string) => Promise<number> {
  return async (tx, buyerId) =>
    Math.min(settings.maxOpenDisputesPerBuyer, await risk.openDisputeLimit(tx, buyerId));
}
