import type { PartyHistory } from '../domain/party-history';

/**
 * The risk of one party of a dispute, as staff see it next to the evidence. The risk area fills
 * this in (services.ts passes its lookup to DisputeService); until then every party's risk is null.
 * The history given is the one in the dispute's evidence snapshot, so the same snapshot always
 * gives the same score (invariant 12).
 */
export interface PartyRiskValue {
  /** 0 (no risk) to 100. */
  score: number;
  tier: string;
  reasons: string[];
}

export type PartyRiskLookup = (input: {
  disputeId: string;
  party: 'BUYER' | 'SELLER';
  userId: string;
  /** From the evidence snapshot; null when the dispute has none. */
  history: PartyHistory | null;
}) => Promise<PartyRiskValue | null>;

export const noPartyRisk: PartyRiskLookup = async () => null;
