import DataLoader from 'dataloader';
import { usersByIds, type UserRow } from '../auth/auth.queries';
import { imagesOfListings, type ListingImageRow } from '../catalog/catalog.queries';
import type { Database } from '../db/pool';
import { payoutStatusOfOrders, type OrderPayoutStatusView } from '../payouts/payouts.queries';
import { sellersWithPayoutsHeld } from '../risk/risk.queries';

/** One loader set per request: batching within it, no cache shared across viewers. */
export function createLoaders(database: Database) {
  return {
    user: new DataLoader<string, UserRow | null>(async (ids) => {
      const rows = await usersByIds(database, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Each listing's attached images in order (Listing.images): one query per page of listings. */
    listingImages: new DataLoader<string, ListingImageRow[]>(async (listingIds) => {
      const images = await imagesOfListings(database, listingIds);
      return listingIds.map((listingId) => images.get(listingId) ?? []);
    }),
    /** Whether each seller's payouts are held by their risk tier now (Order.payoutEligible). */
    sellerPayoutsHeld: new DataLoader<string, boolean>(async (sellerIds) => {
      const held = await sellersWithPayoutsHeld(database, sellerIds);
      return sellerIds.map((sellerId) => held.has(sellerId));
    }),
    /** Each order's payout state and payout (Order.payoutStatus); null before the order is tracked. */
    orderPayoutStatus: new DataLoader<string, OrderPayoutStatusView | null>(async (orderIds) => {
      const statuses = await payoutStatusOfOrders(database, orderIds);
      return orderIds.map((orderId) => statuses.get(orderId) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
