-- Until when a send of a PENDING payout's transfer may still be in flight: each attempt extends it
-- (never shortens it) past the longest a Stripe call can take, its retries included. Once it is
-- over, what Stripe has for the payout is final. A payout whose seller came to be banned, AT_RISK
-- or held by an admin after phase 1 is then sent nothing: it completes if Stripe made its
-- transfer, and fails (orders and money back to the seller's earnings) if not.
alter table payouts add column sending_until timestamptz;
