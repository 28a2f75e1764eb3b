import crypto from 'node:crypto';
import { termsOfListingAt, type ListingTerms } from '../catalog/catalog.queries';
import type { OrderRow } from '../checkout/escrow.service';
import { codeRevealsOfOrder } from '../checkout/order-queries';
import type { Tx } from '../db/transaction';
import type { PartyHistory } from '../domain/party-history';
import { canonicalJson } from '../shared/canonical-json';
import { collectPartyHistory } from './party-history';

/**
 * The evidence snapshot of a dispute: what was known when it opened. Written once, in the opening
 * transaction, and never changed (a trigger refuses UPDATE and DELETE). Its hash is the SHA-256 of
 * the canonical JSON (object keys sorted, no spaces), so anyone holding the content can check it,
 * and the same snapshot always gives the same risk score (invariant 12).
 */
export const evidenceSchemaVersion = 2;

export interface EvidenceContent {
  schemaVersion: typeof evidenceSchemaVersion;
  disputeId: string;
  /** ISO timestamp: the moment the histories were collected at. */
  capturedAt: string;
  claim: { reason: string; message: string; attachmentIds: string[] };
  order: {
    id: string;
    buyerId: string;
    sellerId: string;
    listingId: string;
    priceAmount: number;
    currency: string;
    escrowStatus: string;
    createdAt: string;
    protectionEndsAt: string;
    codeRevealedAt: string | null;
  };
  /**
   * Since version 2: the listing's terms the buyer paid for (at the order's listing version), and
   * whether the seller had changed them by the time the dispute opened. Null for orders placed
   * before these were kept.
   */
  listingAtPurchase: Omit<ListingTerms, 'listingId'> | null;
  /** checkout's code_reveals rows for the order: every time the code was shown, and to whom. */
  codeReveals: {
    id: number;
    userId: string;
    revealedAt: string;
    requestId: string | null;
    address: string | null;
    userAgent: string | null;
  }[];
  buyer: PartyHistory;
  seller: PartyHistory;
}

export async function collectEvidence(
  tx: Tx,
  input: {
    disputeId: string;
    order: OrderRow;
    claim: EvidenceContent['claim'];
    now: Date;
  },
): Promise<EvidenceContent> {
  const { order, now } = input;
  const reveals = await codeRevealsOfOrder(tx, order.id);
  const terms =
    order.listingVersion === null
      ? undefined
      : await termsOfListingAt(tx, order.listingId, order.listingVersion);
  return {
    schemaVersion: evidenceSchemaVersion,
    disputeId: input.disputeId,
    capturedAt: now.toISOString(),
    claim: input.claim,
    order: {
      id: order.id,
      buyerId: order.buyerId,
      sellerId: order.sellerId,
      listingId: order.listingId,
      priceAmount: order.priceAmount,
      currency: order.currency,
      escrowStatus: order.escrowStatus,
      createdAt: order.createdAt.toISOString(),
      protectionEndsAt: order.protectionEndsAt.toISOString(),
      codeRevealedAt: order.codeRevealedAt?.toISOString() ?? null,
    },
    listingAtPurchase: terms
      ? {
          version: terms.version,
          title: terms.title,
          description: terms.description,
          platform: terms.platform,
          region: terms.region,
          kind: terms.kind,
          priceAmount: terms.priceAmount,
          currency: terms.currency,
          changedSince: terms.changedSince,
        }
      : null,
    codeReveals: reveals.map((reveal) => ({
      id: reveal.id,
      userId: reveal.userId,
      revealedAt: reveal.revealedAt.toISOString(),
      requestId: reveal.requestId,
      address: reveal.address,
      userAgent: reveal.userAgent,
    })),
    buyer: await collectPartyHistory(tx, order.buyerId, now),
    seller: await collectPartyHistory(tx, order.sellerId, now),
  };
}

/** The canonical serialisation and its SHA-256 (hex). */
export function hashEvidence(content: unknown): { canonical: string; sha256: string } {
  const canonical = canonicalJson(content);
  return { canonical, sha256: crypto.createHash('sha256').update(canonical, 'utf8').digest('hex') };
}
