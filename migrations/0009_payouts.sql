-- Seller payouts through Stripe Connect (server/src/payouts/, README "Payouts").
--
-- Money leaves the platform in three phases (PayoutService): (1) one transaction creates the payout,
-- allocates its orders and posts SELLER_EARNINGS -> PAYOUTS_IN_TRANSIT; (2) Stripe `transfers.create`
-- with the payout id as idempotency key; (3) one transaction records the transfer, marks the payout
-- and its orders PAID and posts PAYOUTS_IN_TRANSIT -> STRIPE_CLEARING. A refusal reverses phase 1.
-- The tables below hold the state of that flow; the ledger holds the money.

-- The seller's Stripe Connect (Express) account: the KYC gate. Its state is what Stripe last said.
create type payout_account_status as enum ('NOT_STARTED', 'PENDING_VERIFICATION', 'RESTRICTED', 'ENABLED');

create table payout_accounts (
  seller_id uuid primary key references users (id),
  stripe_account_id text not null unique check (stripe_account_id ~ '^acct_[A-Za-z0-9]{1,64}$'),
  status payout_account_status not null default 'NOT_STARTED',
  payouts_enabled boolean not null default false,
  transfers_active boolean not null default false,
  details_submitted boolean not null default false,
  -- Stripe's outstanding requirements, shown to the seller as they are.
  currently_due text[] not null default '{}',
  past_due text[] not null default '{}',
  pending_verification text[] not null default '{}',
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- ENABLED means Stripe lets money reach the seller; nothing else may be called enabled.
  constraint payout_accounts_enabled check ((status = 'ENABLED') = (payouts_enabled and transfers_active))
);
create trigger payout_accounts_no_delete before delete on payout_accounts
  for each row execute function reject_mutation();

-- Admin holds on a seller's payouts: set and lifted with a reason (and audited). One active at a time.
create table payout_holds (
  id uuid primary key,
  seller_id uuid not null references users (id),
  reason text not null check (length(reason) between 3 and 500),
  set_by uuid not null references users (id),
  set_at timestamptz not null default now(),
  lifted_by uuid references users (id),
  lifted_at timestamptz,
  lift_reason text check (length(lift_reason) between 3 and 500),
  constraint payout_holds_lifted check (
    (lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null)
  )
);
create unique index payout_holds_one_active on payout_holds (seller_id) where lifted_at is null;
create index payout_holds_seller_idx on payout_holds (seller_id, set_at desc);
create trigger payout_holds_no_delete before delete on payout_holds
  for each row execute function reject_mutation();

-- Seller withdrawals: a request for an amount, mapped onto whole eligible orders oldest first.
-- At most one open (REQUESTED or EXECUTING) per seller and currency.
create type withdrawal_state as enum ('REQUESTED', 'EXECUTING', 'COMPLETED', 'FAILED', 'CANCELLED');

create table withdrawals (
  id uuid primary key,
  seller_id uuid not null references users (id),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  requested_amount bigint not null check (requested_amount > 0),
  -- The whole orders, oldest first, that fit in the requested amount: what the seller was shown.
  payable_amount bigint not null check (payable_amount > 0 and payable_amount <= requested_amount),
  order_count integer not null check (order_count > 0),
  state withdrawal_state not null default 'REQUESTED',
  failure_code text,
  failure_message text,
  idempotency_key text not null check (length(idempotency_key) between 1 and 100),
  request_hash bytea not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz not null default now(),
  constraint withdrawals_idempotency unique (seller_id, idempotency_key),
  constraint withdrawals_failure check ((state = 'FAILED') = (failure_code is not null))
);
create unique index withdrawals_one_open on withdrawals (seller_id, currency)
  where state in ('REQUESTED', 'EXECUTING');
create index withdrawals_seller_idx on withdrawals (seller_id, created_at desc, id desc);
create trigger withdrawals_no_delete before delete on withdrawals
  for each row execute function reject_mutation();

-- A withdrawal ends once: COMPLETED, FAILED and CANCELLED are final.
create function withdrawals_final_state() returns trigger language plpgsql as $$
begin
  if old.state in ('COMPLETED', 'FAILED', 'CANCELLED') and new.state is distinct from old.state then
    raise exception 'withdrawal % is already %', old.id, old.state using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger withdrawals_final_state before update on withdrawals
  for each row execute function withdrawals_final_state();

-- Payouts: one Stripe transfer each. PENDING from phase 1 until phase 3 (PAID) or a refusal (FAILED).
create type payout_state as enum ('PENDING', 'PAID', 'FAILED');

create table payouts (
  id uuid primary key,
  seller_id uuid not null references users (id),
  stripe_account_id text not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  amount bigint not null check (amount > 0),
  order_count integer not null check (order_count > 0),
  source text not null check (source in ('WITHDRAWAL', 'SWEEP')),
  withdrawal_id uuid unique references withdrawals (id),
  state payout_state not null default 'PENDING',
  stripe_transfer_id text unique,
  transfer_attempts integer not null default 0 check (transfer_attempts >= 0),
  last_attempt_at timestamptz,
  last_error text,
  failure_code text,
  failure_message text,
  reversed_amount bigint not null default 0,
  created_at timestamptz(3) not null default now(),
  paid_at timestamptz,
  failed_at timestamptz,
  constraint payouts_source check ((source = 'WITHDRAWAL') = (withdrawal_id is not null)),
  constraint payouts_paid check ((state = 'PAID') = (stripe_transfer_id is not null and paid_at is not null)),
  constraint payouts_failed check ((state = 'FAILED') = (failed_at is not null and failure_code is not null)),
  constraint payouts_reversed check (reversed_amount between 0 and amount and (reversed_amount = 0 or state = 'PAID'))
);
create index payouts_seller_idx on payouts (seller_id, created_at desc, id desc);
create index payouts_state_idx on payouts (state, created_at desc, id desc);
create index payouts_pending_idx on payouts (created_at) where state = 'PENDING';
create trigger payouts_no_delete before delete on payouts
  for each row execute function reject_mutation();

-- A payout leaves PENDING once; a transfer id, once recorded, never changes.
create function payouts_final_state() returns trigger language plpgsql as $$
begin
  if old.state <> 'PENDING' and new.state is distinct from old.state then
    raise exception 'payout % is already %', old.id, old.state using errcode = 'check_violation';
  end if;
  if old.stripe_transfer_id is not null and new.stripe_transfer_id is distinct from old.stripe_transfer_id then
    raise exception 'payout % already has transfer %', old.id, old.stripe_transfer_id using errcode = 'check_violation';
  end if;
  if new.reversed_amount < old.reversed_amount then
    raise exception 'payout % reversed amount cannot shrink', old.id using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger payouts_final_state before update on payouts
  for each row execute function payouts_final_state();

-- Each released order's payout state (PayoutEligibilityService). The net amount is the seller's
-- earnings leg of the order's release posting. HELD, ELIGIBLE and BLOCKED move with the facts;
-- ALLOCATED is set by phase 1 and left by phase 3 (PAID) or a refusal (back to ELIGIBLE); PAID is final.
create type payout_order_state as enum ('HELD', 'ELIGIBLE', 'ALLOCATED', 'PAID', 'BLOCKED');

create table payout_orders (
  order_id uuid primary key references orders (id),
  seller_id uuid not null references users (id),
  currency char(3) not null,
  net_amount bigint not null check (net_amount > 0),
  released_at timestamptz not null,
  eligible_from timestamptz not null,
  state payout_order_state not null default 'HELD',
  blocked_reason text,
  payout_id uuid references payouts (id),
  updated_at timestamptz not null default now(),
  constraint payout_orders_blocked check ((state = 'BLOCKED') = (blocked_reason is not null)),
  constraint payout_orders_allocated check ((state in ('ALLOCATED', 'PAID')) = (payout_id is not null))
);
-- FIFO: a seller's orders of one currency and state, oldest release first.
create index payout_orders_fifo_idx on payout_orders (seller_id, currency, state, released_at, order_id);
create index payout_orders_payout_idx on payout_orders (payout_id) where payout_id is not null;
create index payout_orders_open_idx on payout_orders (eligible_from) where state in ('HELD', 'ELIGIBLE', 'BLOCKED');
create trigger payout_orders_no_delete before delete on payout_orders
  for each row execute function reject_mutation();

-- Invariant 11: an order is paid out at most once. PAID is final, and an order allocated to one
-- payout moves only to PAID with that payout, or back to ELIGIBLE when that payout failed.
create function payout_orders_transition() returns trigger language plpgsql as $$
begin
  if old.state = 'PAID' and (new.state <> 'PAID' or new.payout_id is distinct from old.payout_id) then
    raise exception 'order % was already paid out', old.order_id using errcode = 'check_violation';
  end if;
  if old.state = 'ALLOCATED' and new.state = 'ALLOCATED' and new.payout_id is distinct from old.payout_id then
    raise exception 'order % is allocated to payout %', old.order_id, old.payout_id using errcode = 'check_violation';
  end if;
  if old.state = 'ALLOCATED' and new.state not in ('ALLOCATED', 'PAID', 'ELIGIBLE') then
    raise exception 'order % is allocated: it can only be paid or released back', old.order_id using errcode = 'check_violation';
  end if;
  if new.state = 'ALLOCATED' and old.state <> 'ALLOCATED' and old.state <> 'ELIGIBLE' then
    raise exception 'order % is % and cannot be allocated', old.order_id, old.state using errcode = 'check_violation';
  end if;
  if new.state = 'PAID' and old.state <> 'PAID' and old.state <> 'ALLOCATED' then
    raise exception 'order % was not allocated to a payout', old.order_id using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger payout_orders_transition before update on payout_orders
  for each row execute function payout_orders_transition();

-- Bank payouts on connected accounts (Stripe's `payout.*` events): recorded and shown to the seller.
create table connect_bank_payouts (
  stripe_payout_id text primary key check (stripe_payout_id ~ '^po_[A-Za-z0-9]{1,64}$'),
  -- The seller's handle on it (a global id) and its page key: newest first by (created_at, id).
  id uuid not null unique default gen_random_uuid(),
  seller_id uuid references users (id),
  stripe_account_id text not null,
  amount bigint not null,
  currency char(3) not null,
  status text not null check (length(status) between 1 and 40),
  failure_code text,
  failure_message text,
  arrival_date timestamptz,
  -- The Stripe event that set this state (seconds since epoch): an older event never overwrites a newer one.
  stripe_event_created bigint not null,
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz not null default now()
);
create index connect_bank_payouts_seller_idx on connect_bank_payouts (seller_id, created_at desc, id desc);

-- Connect events (account.updated, payout.*) name the connected account they are about in the
-- event's `account`, outside `data.object` (a bank payout does not name its account): kept with the event.
alter table stripe_events add column account text check (account ~ '^acct_[A-Za-z0-9]{1,64}$');
create or replace function stripe_event_guard() returns trigger language plpgsql as $$
begin
  if new.id <> old.id or new.type <> old.type or new.payload <> old.payload or new.received_at <> old.received_at
    or new.account is distinct from old.account then
    raise exception 'stripe event % is immutable', old.id using errcode = 'restrict_violation';
  end if;
  if old.processed_at is not null then
    raise exception 'stripe event % was already processed', old.id using errcode = 'restrict_violation';
  end if;
  return new;
end;
$$;

-- Reconciliation runs (npm run payouts:reconcile, the scheduled job, an admin's request): Stripe's
-- transfers against the payouts table and the ledger (PayoutReconciliationService, the only writer).
-- One row per completed run, never changed; the last one is visible to admins. The discrepancies
-- stored are the first 1,000 in the report's order; discrepancy_count is the total.
create table payout_reconciliations (
  id uuid primary key,
  trigger text not null check (trigger in ('SCHEDULE', 'COMMAND', 'ADMIN')),
  requested_by uuid references users (id),
  -- Which Stripe the transfers were read from (Stripe's API in live or test mode, another API, an emulator).
  stripe_api text not null check (length(stripe_api) between 1 and 200),
  started_at timestamptz not null,
  finished_at timestamptz not null,
  transfers_checked integer not null check (transfers_checked >= 0),
  payouts_checked integer not null check (payouts_checked >= 0),
  discrepancy_count integer not null check (discrepancy_count >= 0),
  discrepancies jsonb not null,
  check (jsonb_typeof(discrepancies) = 'array'),
  check (jsonb_array_length(discrepancies) = least(discrepancy_count, 1000)),
  check ((trigger = 'ADMIN') = (requested_by is not null)),
  check (finished_at >= started_at)
);
create index payout_reconciliations_finished_idx on payout_reconciliations (finished_at desc);
create trigger payout_reconciliations_append_only before update or delete on payout_reconciliations
  for each row execute function reject_mutation();

-- Reconciliation reads every payout's postings.
create index ledger_transactions_payout_idx on ledger_transactions (payout_id) where payout_id is not null;

-- The eligibility job finds newly released orders by release time.
create index orders_released_idx on orders (released_at) where escrow_status = 'RELEASED';

-- Written-off chargeback deficits (point 9): one per Stripe dispute, with its reason and admin.
create table chargeback_write_offs (
  chargeback_id uuid primary key references chargebacks (id),
  buyer_id uuid not null references users (id),
  amount bigint not null check (amount > 0),
  currency char(3) not null,
  reason text not null check (length(reason) between 3 and 500),
  written_off_by uuid not null references users (id),
  created_at timestamptz not null default now()
);
create trigger chargeback_write_offs_append_only before update or delete on chargeback_write_offs
  for each row execute function reject_mutation();
