/**
 * A party's history as a plain, serialisable fact sheet: what the evidence snapshot of a dispute
 * records for both parties, and what the risk score is computed from. Collected from the
 * database by disputes/party-history.ts; everything that decides from it is pure.
 */
export const partyHistorySchemaVersion = 1;

export interface PartyHistory {
  schemaVersion: typeof partyHistorySchemaVersion;
  userId: string;
  /** ISO timestamp of the account's creation. */
  accountCreatedAt: string;
  accountAgeDays: number;
  asBuyer: {
    orders: number;
    completedOrders: number;
    refundedOrders: number;
    disputesOpened: number;
    disputesWon: number;
    disputesLost: number;
    chargebacks: number;
    ordersLast24Hours: number;
    ordersLast7Days: number;
  };
  asSeller: {
    sales: number;
    completedSales: number;
    refundedSales: number;
    disputesReceived: number;
    disputesLost: number;
    salesLast7Days: number;
  };
}
