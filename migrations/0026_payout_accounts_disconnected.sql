-- A seller's connected account that Stripe no longer knows (deleted at Stripe, or disconnected from
-- the platform): found when Stripe answers `resource_missing` for it (a transfer, an onboarding
-- link, an account.updated retrieve) and confirmed by retrieving the account. Payouts to it stop
-- (its orders are BLOCKED, ACCOUNT_NOT_ENABLED); the seller's next onboarding opens a new account,
-- which replaces it in the row. Payouts keep the account they were sent to (payouts.stripe_account_id).
alter type payout_account_status add value 'DISCONNECTED';
