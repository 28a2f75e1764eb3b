import DataLoader from 'dataloader';
import { usersByIds, type UserRow } from '../auth/auth.queries';
import type { Database } from '../db/pool';
import { sellersWithPayoutsHeld } from '../risk/risk.queries';

/** One loader set per request: batching within it, no cache shared across viewers. */
export function createLoaders(database: Database) {
  return {
    user: new DataLoader<string, UserRow | null>(async (ids) => {
      const rows = await usersByIds(database, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Whether each seller's payouts are held by their risk tier now (Order.payoutEligible). */
    sellerPayoutsHeld: new DataLoader<string, boolean>(async (sellerIds) => {
      const held = await sellersWithPayoutsHeld(database, sellerIds);
      return sellerIds.map((sellerId) => held.has(sellerId));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
