-- The buyer app's reads (server/src/catalog, checkout; docs/API.md "The buyer app's API").
--
-- Seller.completedSales and Seller.badge count each seller's released orders, for every seller on
-- a catalog page at once (one grouped count per page, graphql/loaders.ts). This partial index
-- holds exactly the released orders by seller, so the count is an index-only scan of that
-- seller's completed sales instead of a walk through all their orders' rows.
create index orders_released_seller_idx on orders (seller_id) where escrow_status = 'RELEASED';

-- The catalog page filters active listings by platform, region and kind, any combination, with
-- one of the sorts. The sort indexes (0003) serve broad filters: PostgreSQL walks them in order
-- and stops after a page. A narrow combination (one platform, region and kind: about 1 listing in
-- 500) would make that walk read most of the catalog, and the planner chose a sequential scan of
-- listings at 10,000 rows; with one index per facet it ANDs their bitmaps and sorts the few matches.
-- None of these columns changes when a code sells, so stock updates stay HOT.
create index listings_browse_platform_idx on listings (platform) where status = 'ACTIVE';
create index listings_browse_region_idx on listings (region) where status = 'ACTIVE';
create index listings_browse_kind_idx on listings (kind) where status = 'ACTIVE';
