-- Wallet: top-ups through Stripe (the only way money enters CodeSale), the verified Stripe events
-- that move them, chargebacks on top-ups, and each wallet's status with the history of its flags.
-- Balances are not here: a wallet's balance is its BUYER_WALLET ledger account, written by
-- LedgerService only. Also the idempotency keys of money-moving mutations, for every area.

-- Idempotency keys: the key is stored with a hash of its input. The same key with the same input
-- replays `result`; with another input it is refused (IDEMPOTENCY_KEY_REUSED). One row per scope
-- (the mutation), user and key. The row is claimed (result null) and completed in the transaction
-- of the work it guards, so it commits with that work or not at all.
create table idempotency_keys (
  scope text not null check (scope ~ '^[a-zA-Z][a-zA-Z0-9_.]{0,63}$'),
  user_id uuid not null references users (id),
  key text not null check (length(key) between 1 and 128),
  input_hash text not null check (input_hash ~ '^[0-9a-f]{64}$'),
  result jsonb,
  created_at timestamptz not null default now(),
  primary key (scope, user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

create type top_up_status as enum ('PENDING', 'SUCCEEDED', 'FAILED');

create table top_ups (
  id uuid primary key default gen_random_uuid(),
  buyer_id uuid not null references users (id),
  amount bigint not null check (amount > 0 and amount <= 100000000),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status top_up_status not null default 'PENDING',
  -- The createTopUp idempotency key that made it, and the hash of that request's input.
  idempotency_key text not null check (length(idempotency_key) between 1 and 128),
  input_hash text not null check (input_hash ~ '^[0-9a-f]{64}$'),
  -- Set once Stripe created the PaymentIntent; never changed after.
  stripe_payment_intent_id text unique check (stripe_payment_intent_id ~ '^pi_[A-Za-z0-9_]{1,250}$'),
  failure_code text check (length(failure_code) <= 100),
  succeeded_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (buyer_id, idempotency_key),
  constraint top_ups_succeeded_complete check (
    status <> 'SUCCEEDED' or (stripe_payment_intent_id is not null and succeeded_at is not null)
  )
);
create index top_ups_buyer_idx on top_ups (buyer_id, created_at desc);
create index top_ups_pending_idx on top_ups (buyer_id, created_at) where status = 'PENDING';

-- A top-up's buyer, amount and currency never change, nor its PaymentIntent once set, and
-- SUCCEEDED is final: the ledger holds a credit for it.
create function top_up_guard() returns trigger language plpgsql as $$
begin
  if new.buyer_id <> old.buyer_id or new.amount <> old.amount or new.currency <> old.currency then
    raise exception 'top-up % buyer, amount and currency are immutable', old.id using errcode = 'restrict_violation';
  end if;
  if old.stripe_payment_intent_id is not null and new.stripe_payment_intent_id is distinct from old.stripe_payment_intent_id then
    raise exception 'top-up % payment intent is immutable once set', old.id using errcode = 'restrict_violation';
  end if;
  if old.status = 'SUCCEEDED' and new.status <> 'SUCCEEDED' then
    raise exception 'top-up % succeeded; its status is final', old.id using errcode = 'restrict_violation';
  end if;
  return new;
end;
$$;
create trigger top_ups_guard before update on top_ups for each row execute function top_up_guard();
create trigger top_ups_no_delete before delete on top_ups for each row execute function reject_mutation();

-- Every verified Stripe webhook event, recorded once by its id before anything is done with it.
-- processed_at is set once, by the job that handled it, in the same transaction as its effects.
create table stripe_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]{1,250}$'),
  type text not null check (length(type) between 1 and 100),
  livemode boolean not null,
  stripe_created_at timestamptz not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (length(outcome) <= 300)
);
create index stripe_events_unprocessed_idx on stripe_events (received_at) where processed_at is null;

create function stripe_event_guard() returns trigger language plpgsql as $$
begin
  if new.id <> old.id or new.type <> old.type or new.payload <> old.payload or new.received_at <> old.received_at then
    raise exception 'stripe event % is immutable', old.id using errcode = 'restrict_violation';
  end if;
  if old.processed_at is not null then
    raise exception 'stripe event % was already processed', old.id using errcode = 'restrict_violation';
  end if;
  return new;
end;
$$;
create trigger stripe_events_guard before update on stripe_events for each row execute function stripe_event_guard();
create trigger stripe_events_no_delete before delete on stripe_events for each row execute function reject_mutation();

-- A wallet's status, per buyer and currency. WALLET_AT_RISK blocks purchases (checkout asks
-- WalletService.assertCanPurchase). Lock order: wallets rows before ledger accounts.
create type wallet_status as enum ('ACTIVE', 'WALLET_AT_RISK');

create table wallets (
  id uuid primary key default gen_random_uuid(),
  buyer_id uuid not null references users (id),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  status wallet_status not null default 'ACTIVE',
  flagged_reason text check (length(flagged_reason) between 1 and 500),
  flagged_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (buyer_id, currency),
  constraint wallets_flag_complete check (
    (status = 'WALLET_AT_RISK') = (flagged_at is not null and flagged_reason is not null)
  )
);
create index wallets_flagged_idx on wallets (flagged_at desc, id desc) where status = 'WALLET_AT_RISK';
create trigger wallets_no_delete before delete on wallets for each row execute function reject_mutation();

-- Every change of a wallet's status, with its reason and who made it (null: a Stripe event). Append-only.
create table wallet_status_changes (
  id bigint generated always as identity primary key,
  wallet_id uuid not null references wallets (id),
  from_status wallet_status not null,
  to_status wallet_status not null,
  reason text not null check (length(reason) between 1 and 500),
  actor_user_id uuid references users (id),
  stripe_dispute_id text,
  created_at timestamptz not null default now(),
  check (from_status <> to_status)
);
create index wallet_status_changes_wallet_idx on wallet_status_changes (wallet_id, id);
create trigger wallet_status_changes_append_only before update or delete on wallet_status_changes
  for each row execute function reject_mutation();
create trigger wallet_status_changes_no_truncate before truncate on wallet_status_changes
  for each statement execute function reject_mutation();

-- A chargeback (Stripe dispute) on a top-up's charge. OPEN until Stripe closes it WON or LOST;
-- a closed chargeback never changes again.
create type chargeback_status as enum ('OPEN', 'WON', 'LOST');

create table chargebacks (
  id uuid primary key default gen_random_uuid(),
  stripe_dispute_id text not null unique check (stripe_dispute_id ~ '^(dp|du)_[A-Za-z0-9_]{1,250}$'),
  top_up_id uuid not null references top_ups (id),
  buyer_id uuid not null references users (id),
  amount bigint not null check (amount > 0 and amount <= 100000000),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  reason text not null check (length(reason) between 1 and 100),
  status chargeback_status not null default 'OPEN',
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint chargebacks_closed_complete check ((status = 'OPEN') = (closed_at is null))
);
create index chargebacks_wallet_idx on chargebacks (buyer_id, currency, status);

create function chargeback_guard() returns trigger language plpgsql as $$
begin
  if old.status <> 'OPEN' then
    raise exception 'chargeback % is closed', old.id using errcode = 'restrict_violation';
  end if;
  if new.top_up_id <> old.top_up_id or new.amount <> old.amount or new.currency <> old.currency
     or new.buyer_id <> old.buyer_id or new.stripe_dispute_id <> old.stripe_dispute_id then
    raise exception 'chargeback % facts are immutable', old.id using errcode = 'restrict_violation';
  end if;
  return new;
end;
$$;
create trigger chargebacks_guard before update on chargebacks for each row execute function chargeback_guard();
create trigger chargebacks_no_delete before delete on chargebacks for each row execute function reject_mutation();
