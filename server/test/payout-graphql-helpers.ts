import crypto from 'node:crypto';
import { toGlobalId } from '../src/graphql/relay';
import { queryDatabase, type TestApp, type TestClient } from './harness';
import type { Party } from './marketplace';
import { fundPlatform, onboardedSeller, releasedOrders } from './payout-helpers';

/** GraphQL documents and readers shared by the payouts area's GraphQL and feed tests. */

/** What the platform's Stripe balance is credited with for each seller, so transfers are never short. */
const platformFundingPerSeller = 1_000_000;

/** A new seller onboarded through the API (payouts ENABLED), with the platform funded to pay them. */
export async function enabledSeller(testApp: TestApp): Promise<Party> {
  const { seller } = await onboardedSeller(testApp);
  fundPlatform(testApp, platformFundingPerSeller);
  return seller;
}

/** `count` released, tracked orders of `seller` at `price` (ELIGIBLE with PAYOUT_HOLD_HOURS=0); raw ids, oldest first. */
export function releasedEligibleOrders(
  testApp: TestApp,
  seller: Party,
  count: number,
  price: number,
): Promise<string[]> {
  return releasedOrders(testApp, seller, count, { price });
}

export interface ErrorView {
  code: string;
  message: string;
  field: string | null;
}

export const requestWithdrawalMutation = `mutation ($input: RequestWithdrawalInput!) {
  requestWithdrawal(input: $input) {
    withdrawal { id state requested { amount currency } payable { amount currency } orderCount }
    replayed
    errors { code message field }
  }
}`;

export interface RequestWithdrawalAnswer {
  withdrawal: {
    id: string;
    state: string;
    requested: { amount: number; currency: string };
    payable: { amount: number; currency: string };
    orderCount: number;
  } | null;
  replayed: boolean;
  errors: ErrorView[];
}

export async function requestWithdrawal(
  seller: Party,
  input: { amount: number; currency?: string; idempotencyKey?: string },
): Promise<RequestWithdrawalAnswer> {
  const data = await seller.client.data<{ requestWithdrawal: RequestWithdrawalAnswer }>(
    requestWithdrawalMutation,
    {
      input: {
        amount: input.amount,
        currency: input.currency ?? 'EUR',
        idempotencyKey: input.idempotencyKey ?? crypto.randomUUID(),
      },
    },
  );
  return data.requestWithdrawal;
}

export const cancelWithdrawalMutation = `mutation ($input: CancelWithdrawalInput!) {
  cancelWithdrawal(input: $input) { withdrawal { id state } errors { code message field } }
}`;

export async function cancelWithdrawal(
  seller: Party,
  withdrawalId: string,
): Promise<{ withdrawal: { id: string; state: string } | null; errors: ErrorView[] }> {
  const data = await seller.client.data<{
    cancelWithdrawal: { withdrawal: { id: string; state: string } | null; errors: ErrorView[] };
  }>(cancelWithdrawalMutation, { input: { withdrawalId } });
  return data.cancelWithdrawal;
}

export const quoteQuery = `query ($amount: Int!, $currency: String!) {
  withdrawalQuote(amount: $amount, currency: $currency) {
    requested { amount currency } payable { amount currency } orderCount available { amount } minimum { amount }
  }
}`;

export interface QuoteView {
  requested: { amount: number; currency: string };
  payable: { amount: number; currency: string };
  orderCount: number;
  available: { amount: number };
  minimum: { amount: number };
}

export async function withdrawalQuote(seller: Party, amount: number, currency = 'EUR'): Promise<QuoteView> {
  return (await seller.client.data<{ withdrawalQuote: QuoteView }>(quoteQuery, { amount, currency }))
    .withdrawalQuote;
}

const total = '{ amount { amount currency } orderCount }';
export const earningsQuery = `{
  payoutEarnings {
    currency earningsBalance { amount currency } available ${total} pending ${total} blocked ${total}
    blockedByReason { reason amount { amount } orderCount }
    unattributed { amount } inTransit ${total} paid ${total} reversed { amount }
  }
}`;

/** One currency's earnings as plain numbers (amounts in minor units). */
export interface EarningsFigures {
  earningsBalance: number;
  available: number;
  availableOrders: number;
  pending: number;
  blocked: number;
  blockedByReason: Record<string, number>;
  unattributed: number;
  inTransit: number;
  inTransitOrders: number;
  paid: number;
  paidOrders: number;
  reversed: number;
}

interface TotalView {
  amount: { amount: number; currency: string };
  orderCount: number;
}

export async function earnings(seller: Party, currency = 'EUR'): Promise<EarningsFigures | null> {
  const data = await seller.client.data<{
    payoutEarnings: {
      currency: string;
      earningsBalance: { amount: number };
      available: TotalView;
      pending: TotalView;
      blocked: TotalView;
      blockedByReason: { reason: string; amount: { amount: number }; orderCount: number }[];
      unattributed: { amount: number };
      inTransit: TotalView;
      paid: TotalView;
      reversed: { amount: number };
    }[];
  }>(earningsQuery);
  const view = data.payoutEarnings.find((row) => row.currency === currency);
  if (!view) return null;
  return {
    earningsBalance: view.earningsBalance.amount,
    available: view.available.amount.amount,
    availableOrders: view.available.orderCount,
    pending: view.pending.amount.amount,
    blocked: view.blocked.amount.amount,
    blockedByReason: Object.fromEntries(view.blockedByReason.map((row) => [row.reason, row.amount.amount])),
    unattributed: view.unattributed.amount,
    inTransit: view.inTransit.amount.amount,
    inTransitOrders: view.inTransit.orderCount,
    paid: view.paid.amount.amount,
    paidOrders: view.paid.orderCount,
    reversed: view.reversed.amount,
  };
}

/** The ledger's own balance of the seller's earnings account (LedgerResolver.myEarnings). */
export async function ledgerEarnings(seller: Party, currency = 'EUR'): Promise<number> {
  const data = await seller.client.data<{ myEarnings: { balance: { amount: number } } }>(
    `query ($currency: String!) { myEarnings(currency: $currency) { balance { amount } } }`,
    { currency },
  );
  return data.myEarnings.balance.amount;
}

export const payoutFields = `id amount { amount currency } state source orderCount stripeTransferId transferAttempts
  failureCode failureMessage reversedAmount { amount } createdAt paidAt failedAt withdrawal { id state }`;

export const myPayoutsQuery = `query ($state: PayoutState) {
  myPayouts(first: 20, state: $state) {
    edges { node { ${payoutFields}
      orders(first: 20) { edges { node { orderId netAmount { amount currency } releasedAt order { id escrowStatus } } } }
    } }
  }
}`;

export interface PayoutView {
  id: string;
  amount: { amount: number; currency: string };
  state: string;
  source: string;
  orderCount: number;
  stripeTransferId: string | null;
  transferAttempts: number;
  failureCode: string | null;
  reversedAmount: { amount: number };
  paidAt: string | null;
  withdrawal: { id: string; state: string } | null;
  orders?: {
    edges: {
      node: {
        orderId: string;
        netAmount: { amount: number; currency: string };
        order: { id: string; escrowStatus: string };
      };
    }[];
  };
}

export async function myPayouts(seller: Party, state?: string): Promise<PayoutView[]> {
  const data = await seller.client.data<{ myPayouts: { edges: { node: PayoutView }[] } }>(myPayoutsQuery, {
    state: state ?? null,
  });
  return data.myPayouts.edges.map((edge) => edge.node);
}

export const myWithdrawalsQuery = `{
  myWithdrawals(first: 20) {
    edges { node { id state requested { amount } payable { amount } orderCount failureCode payout { id state } } }
  }
}`;

export interface WithdrawalView {
  id: string;
  state: string;
  requested: { amount: number };
  payable: { amount: number };
  orderCount: number;
  failureCode: string | null;
  payout: { id: string; state: string } | null;
}

export async function myWithdrawals(seller: Party): Promise<WithdrawalView[]> {
  const data = await seller.client.data<{ myWithdrawals: { edges: { node: WithdrawalView }[] } }>(
    myWithdrawalsQuery,
  );
  return data.myWithdrawals.edges.map((edge) => edge.node);
}

export const orderPayoutStatusQuery = `query ($id: ID!) {
  order(id: $id) { id payoutStatus { state blockedReason netAmount { amount } payout { id state } } }
}`;

export interface OrderPayoutStatusView {
  state: string;
  blockedReason: string | null;
  netAmount: { amount: number };
  payout: { id: string; state: string } | null;
}

/** `Order.payoutStatus` of a raw order id, as `client` sees it. */
export async function orderPayoutStatus(
  client: TestClient,
  orderRawId: string,
): Promise<OrderPayoutStatusView | null> {
  const data = await client.data<{ order: { payoutStatus: OrderPayoutStatusView | null } | null }>(
    orderPayoutStatusQuery,
    { id: toGlobalId('Order', orderRawId) },
  );
  if (!data.order) throw new Error(`order ${orderRawId} is not visible`);
  return data.order.payoutStatus;
}

export const setPayoutHoldMutation = `mutation ($input: SetPayoutHoldInput!) {
  setPayoutHold(input: $input) {
    hold { id reason active setAt liftedAt liftReason seller { id } setBy { id } liftedBy { id } }
    errors { code message field }
  }
}`;

export const liftPayoutHoldMutation = `mutation ($input: LiftPayoutHoldInput!) {
  liftPayoutHold(input: $input) {
    hold { id reason active setAt liftedAt liftReason seller { id } setBy { id } liftedBy { id } }
    errors { code message field }
  }
}`;

export const redrivePayoutMutation = `mutation ($input: RedrivePayoutInput!) {
  redrivePayout(input: $input) {
    payout { id state stripeTransferId transferAttempts lastError }
    outcome
    errors { code message field }
  }
}`;

/**
 * What a refused request must leave as it was: withdrawals, payouts, per-order states, holds, the
 * ledger, and the payout events.
 */
export async function payoutSurface(testApp: TestApp): Promise<unknown> {
  const countBy = (table: string, column: string) =>
    `(select json_object_agg(${column}, n) from (select ${column}, count(*) as n from ${table} group by ${column}) s)`;
  const [row] = await queryDatabase(
    testApp,
    `select json_build_object(
       'withdrawals', ${countBy('withdrawals', 'state')},
       'payouts', ${countBy('payouts', 'state')},
       'payout_orders', ${countBy('payout_orders', 'state')},
       'payout_holds', (select count(*) from payout_holds),
       'ledger_transactions', (select count(*) from ledger_transactions),
       'payout_events', (select count(*) from events where topic in ('PAYOUT_FEED', 'PAYOUT_UPDATED')),
       'jobs', (select count(*) from graphile_worker.jobs)
     ) as state`,
  );
  return row!['state'];
}
