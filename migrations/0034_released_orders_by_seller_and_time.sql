-- Released orders by seller, for two reads of them:
--
-- A seller's earnings and withdrawals count the releases the eligibility job has not tracked yet
-- (server/src/payouts/payout-eligibility.service.ts, untrackedReleases): the seller's released
-- orders of the last hours that have no payout_orders row. The index of 0012 held the released
-- orders by seller only, so that read walked every completed sale of the seller; with the release
-- time beside the seller it is a range scan of the recent ones.
--
-- The seller badge counts the different buyers of a seller's completed sales (domain/seller-badge.ts:
-- one account buying from the seller in a loop is one buyer), for a whole catalog page at once:
-- with the buyer included, that count stays an index-only scan, as 0012's count of sales was.
drop index orders_released_seller_idx;
create index orders_released_seller_idx on orders (seller_id, released_at) include (buyer_id)
  where escrow_status = 'RELEASED';
