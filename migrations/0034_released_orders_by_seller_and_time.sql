-- A seller's earnings and withdrawals count the releases the eligibility job has not tracked yet
-- (server/src/payouts/payout-eligibility.service.ts, untrackedReleases): the seller's released
-- orders of the last hours that have no payout_orders row. The index of 0012 held the released
-- orders by seller only, so that read walked every completed sale of the seller; with the release
-- time beside the seller it is a range scan of the recent ones. Counting a seller's released orders
-- (0012's purpose) stays an index-only scan of the same index.
drop index orders_released_seller_idx;
create index orders_released_seller_idx on orders (seller_id, released_at) where escrow_status = 'RELEASED';
