import type { SellerBadgeView } from './SellerBadge';

/**
 * What a card and the listing page show, structurally (the generated query types fit it).
 * `images` is the listing's ListingImage list with `url` asked at the width the page needs.
 */
export interface ListingImageView {
  id: string;
  alt: string;
  width: number;
  height: number;
  url: string;
  srcSet: string;
}

export interface ListingCardView {
  id: string;
  title: string;
  platform: string;
  region: string;
  kind: string;
  stock: number;
  price: { amount: number; currency: string };
  seller: { id: string; displayName: string; badge?: SellerBadgeView | null; completedSales?: number | null };
  images?: ReadonlyArray<ListingImageView> | null;
}

/** The listing page's URL: ids are opaque global ids, so they are encoded. */
export const listingHref = (id: string) => `/listings/${encodeURIComponent(id)}`;
