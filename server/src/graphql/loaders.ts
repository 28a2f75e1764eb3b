import DataLoader from 'dataloader';
import { usersByIds, type UserRow } from '../auth/auth.queries';
import { imagesOfListings, type ListingImageRow } from '../catalog/catalog.queries';
import { listingsByIds, type ListingRow } from '../catalog/catalog.queries';
import type { OrderRow } from '../checkout/escrow.service';
import { completedSalesCounts, ordersByIds } from '../checkout/order-queries';
import type { Database } from '../db/pool';
import { disputesByIds, latestDisputesOfOrders } from '../disputes/disputes.queries';
import type { DisputeRow } from '../disputes/disputes.service';
import { sellerBadge, type SellerBadgeValue } from '../domain/seller-badge';
import { payoutStatusOfOrders, type OrderPayoutStatusView } from '../payouts/payouts.queries';
import { sellersNotInNormalStanding, sellersWithPayoutsHeld } from '../risk/risk.queries';

/** What buyers see of a seller's record (Seller.completedSales, Seller.badge). */
export interface SellerReputation {
  completedSales: number;
  badge: SellerBadgeValue;
}

/**
 * One loader set per HTTP request, and per delivered event for subscriptions (every execution of
 * that event shares it, whatever its viewer: graphql/subscription-fan-out.ts). Loaders take no
 * viewer: they fetch rows, and resolvers decide what the viewer may see of them.
 */
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
    /** Listings by id, whatever their status (Order.listing: the order's parties see it once archived). */
    listing: new DataLoader<string, ListingRow | null>(async (ids) => {
      const byId = new Map((await listingsByIds(database, ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Disputes by id (DisputeChange.dispute: one query for every subscriber of an event). */
    dispute: new DataLoader<string, DisputeRow | null>(async (ids) => {
      const byId = new Map((await disputesByIds(database, ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Orders by id (Dispute.order). */
    order: new DataLoader<string, OrderRow | null>(async (ids) => {
      const byId = new Map((await ordersByIds(database, ids)).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Each order's latest dispute, or null when it was never disputed (Order.dispute). */
    orderDispute: new DataLoader<string, DisputeRow | null>(async (orderIds) => {
      const latest = await latestDisputesOfOrders(database, orderIds);
      return orderIds.map((orderId) => latest.get(orderId) ?? null);
    }),
    /** Completed sales and badge per seller: three queries for a whole page of listings. */
    sellerReputation: new DataLoader<string, SellerReputation>(async (sellerIds) => {
      const [sales, notNormal, sellers] = await Promise.all([
        completedSalesCounts(database, sellerIds),
        sellersNotInNormalStanding(database, sellerIds),
        usersByIds(database, sellerIds),
      ]);
      const createdAt = new Map(sellers.map((seller) => [seller.id, seller.createdAt.getTime()]));
      const now = Date.now();
      return sellerIds.map((sellerId) => {
        const { completedSales, distinctBuyers } = sales.get(sellerId) ?? {
          completedSales: 0,
          distinctBuyers: 0,
        };
        const ageDays = (now - (createdAt.get(sellerId) ?? now)) / 86_400_000;
        return { completedSales, badge: sellerBadge(distinctBuyers, !notNormal.has(sellerId), ageDays) };
      });
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
