import crypto from 'node:crypto';
import { createStaff, rawId, type TestApp, type TestClient } from './harness';
import { createListing, fundWallet, newBuyer, newSeller, purchase, type Party } from './marketplace';

/** GraphQL documents and fixtures shared by the disputes area's tests. */

export const disputeFields = `id state version reason requestedParty responseDueAt outcome decidedAt closedAt
  buyer { id } seller { id } assignee { id }`;

export interface DisputeView {
  id: string;
  state: string;
  version: number;
  reason: string;
  requestedParty: string | null;
  responseDueAt: string | null;
  outcome: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  buyer: { id: string };
  seller: { id: string };
  assignee: { id: string } | null;
}

export interface ErrorView {
  code: string;
  message: string;
  field: string | null;
}

export interface DisputePayloadView {
  dispute: DisputeView | null;
  errors: ErrorView[];
}

export const openDisputeMutation = `mutation ($input: OpenDisputeInput!) {
  openDispute(input: $input) { dispute { ${disputeFields} } errors { code message field } }
}`;

export const startReviewMutation = `mutation ($input: StartDisputeReviewInput!) {
  startDisputeReview(input: $input) { dispute { ${disputeFields} } errors { code message field } }
}`;

export const assignMutation = `mutation ($input: AssignDisputeInput!) {
  assignDispute(input: $input) { dispute { ${disputeFields} } errors { code message field } }
}`;

export const requestResponseMutation = `mutation ($input: RequestDisputeResponseInput!) {
  requestDisputeResponse(input: $input) { dispute { ${disputeFields} } errors { code message field } }
}`;

export const withdrawMutation = `mutation ($input: WithdrawDisputeInput!) {
  withdrawDispute(input: $input) { dispute { ${disputeFields} } errors { code message field } }
}`;

export const postMessageMutation = `mutation ($input: PostDisputeMessageInput!) {
  postDisputeMessage(input: $input) {
    dispute { ${disputeFields} }
    message { id authorKind body attachments { id contentType url { url expiresAt } } }
    errors { code message field }
  }
}`;

export const refundOrderMutation = `mutation ($input: OrderDecisionInput!) {
  refundOrder(input: $input) {
    order { id escrowStatus payoutEligibleAt }
    dispute { ${disputeFields} }
    replayed
    errors { code message field }
  }
}`;

export const releaseOrderMutation = `mutation ($input: OrderDecisionInput!) {
  releaseOrder(input: $input) {
    order { id escrowStatus payoutEligibleAt }
    dispute { ${disputeFields} }
    replayed
    errors { code message field }
  }
}`;

export interface DecisionPayloadView {
  order: { id: string; escrowStatus: string; payoutEligibleAt: string | null } | null;
  dispute: DisputeView | null;
  replayed: boolean;
  errors: ErrorView[];
}

export interface Staff {
  client: TestClient;
  /** Global id. */
  id: string;
  rawId: string;
}

export async function newStaff(testApp: TestApp, roles: ('SUPPORT' | 'ADMIN')[]): Promise<Staff> {
  const { client } = await createStaff(testApp, roles);
  const data = await client.data<{ me: { id: string } }>('{ me { id } }');
  return { client, id: data.me.id, rawId: rawId(data.me.id) };
}

export interface HeldOrder {
  buyer: Party;
  seller: Party;
  /** Global id. */
  orderId: string;
  rawOrderId: string;
  price: number;
}

/** A buyer who bought one code from a new seller; the price waits in escrow. */
export async function heldOrder(
  testApp: TestApp,
  options: { buyer?: Party; seller?: Party; price?: number } = {},
): Promise<HeldOrder> {
  const seller = options.seller ?? (await newSeller(testApp));
  const buyer = options.buyer ?? (await newBuyer(testApp));
  const price = options.price ?? 2_000;
  await fundWallet(testApp, buyer, price);
  const { listingId } = await createListing(seller, { price });
  const answer = await purchase(buyer, listingId);
  if (!answer.order) throw new Error(`purchase failed: ${JSON.stringify(answer.errors)}`);
  return { buyer, seller, orderId: answer.order.id, rawOrderId: rawId(answer.order.id), price };
}

export async function openDispute(
  buyer: Party,
  orderId: string,
  input: { reason?: string; message?: string; attachments?: string[] } = {},
): Promise<DisputePayloadView> {
  const data = await buyer.client.data<{ openDispute: DisputePayloadView }>(openDisputeMutation, {
    input: {
      orderId,
      reason: input.reason ?? 'INVALID_CODE',
      message: input.message ?? 'The code says it is invalid.',
      attachments: input.attachments ?? [],
    },
  });
  return data.openDispute;
}

/** A held order with a dispute the buyer opened. */
export async function disputedOrder(testApp: TestApp, options: Parameters<typeof heldOrder>[1] = {}) {
  const order = await heldOrder(testApp, options);
  const opened = await openDispute(order.buyer, order.orderId);
  if (!opened.dispute) throw new Error(`openDispute failed: ${JSON.stringify(opened.errors)}`);
  return {
    ...order,
    dispute: opened.dispute,
    disputeId: opened.dispute.id,
    rawDisputeId: rawId(opened.dispute.id),
  };
}

export async function startReview(
  staff: Staff,
  disputeId: string,
  expectedVersion: number,
): Promise<DisputePayloadView> {
  const data = await staff.client.data<{ startDisputeReview: DisputePayloadView }>(startReviewMutation, {
    input: { disputeId, expectedVersion },
  });
  return data.startDisputeReview;
}

export async function requestResponse(
  staff: Staff,
  disputeId: string,
  expectedVersion: number,
  input: { party?: 'BUYER' | 'SELLER'; deadlineHours?: number; message?: string } = {},
): Promise<DisputePayloadView> {
  const data = await staff.client.data<{ requestDisputeResponse: DisputePayloadView }>(
    requestResponseMutation,
    {
      input: {
        disputeId,
        expectedVersion,
        party: input.party ?? 'SELLER',
        deadlineHours: input.deadlineHours ?? 24,
        message: input.message ?? 'Please show that the code was valid when sold.',
      },
    },
  );
  return data.requestDisputeResponse;
}

export async function decide(
  admin: Staff | TestClient,
  decision: 'refund' | 'release',
  orderId: string,
  input: { reason?: string; idempotencyKey?: string; expectedDisputeVersion?: number } = {},
): Promise<DecisionPayloadView> {
  const client = 'client' in admin ? admin.client : admin;
  const data = await client.data<{ refundOrder?: DecisionPayloadView; releaseOrder?: DecisionPayloadView }>(
    decision === 'refund' ? refundOrderMutation : releaseOrderMutation,
    {
      input: {
        orderId,
        reason: input.reason ?? 'Decided on the evidence.',
        idempotencyKey: input.idempotencyKey ?? crypto.randomUUID(),
        expectedDisputeVersion: input.expectedDisputeVersion,
      },
    },
  );
  return (decision === 'refund' ? data.refundOrder : data.releaseOrder)!;
}
