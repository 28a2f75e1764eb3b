-- Orders: created by the checkout in the same transaction that sells the code and posts the
-- price from the buyer's wallet into the order's escrow account. escrow_status mirrors the
-- ledger (the authority); it moves only from HELD, to RELEASED or to REFUNDED, once.

create type escrow_status as enum ('HELD', 'RELEASED', 'REFUNDED');

create table orders (
  id uuid primary key,
  buyer_id uuid not null references users (id),
  seller_id uuid not null references users (id),
  listing_id uuid not null references listings (id),
  -- Invariant 4: a code is sold at most once, whatever the concurrency.
  code_id uuid not null unique references codes (id),
  price_amount bigint not null check (price_amount > 0),
  currency char(3) not null,
  fee_basis_points integer not null check (fee_basis_points between 0 and 9999),
  escrow_status escrow_status not null default 'HELD',
  -- Millisecond precision: cursors carry JavaScript dates, and keyset pages must meet exactly.
  created_at timestamptz(3) not null default now(),
  protection_ends_at timestamptz not null,
  code_revealed_at timestamptz,
  confirmed_at timestamptz,
  released_at timestamptz,
  refunded_at timestamptz,
  -- Set on release: the order may be paid out to the seller from this time on.
  payout_eligible_at timestamptz,
  settled_by text check (settled_by in ('BUYER_CONFIRMATION', 'AUTO_RELEASE', 'ADMIN')),
  -- Invariant 13: the buyer's idempotency key, with a hash of the request it came with.
  idempotency_key text not null check (length(idempotency_key) between 1 and 100),
  request_hash bytea not null,
  constraint orders_idempotency unique (buyer_id, idempotency_key),
  constraint orders_not_own_listing check (buyer_id <> seller_id),
  constraint orders_released_mirror check ((escrow_status = 'RELEASED') = (released_at is not null)),
  constraint orders_refunded_mirror check ((escrow_status = 'REFUNDED') = (refunded_at is not null)),
  constraint orders_payout_only_released check (payout_eligible_at is null or escrow_status = 'RELEASED')
);
create index orders_buyer_idx on orders (buyer_id, created_at desc, id desc);
create index orders_seller_idx on orders (seller_id, created_at desc, id desc);
create index orders_held_idx on orders (protection_ends_at) where escrow_status = 'HELD';

-- Settlement is final: escrow_status leaves HELD once and never changes again.
create function orders_escrow_status_final() returns trigger language plpgsql as $$
begin
  if old.escrow_status <> 'HELD' and new.escrow_status is distinct from old.escrow_status then
    raise exception 'order % is already %', old.id, old.escrow_status using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger orders_escrow_status_final before update on orders
  for each row execute function orders_escrow_status_final();
create trigger orders_no_delete before delete on orders
  for each row execute function reject_mutation();

-- Every reveal of a code is recorded, append-only: the evidence a dispute will rely on.
create table code_reveals (
  id bigint generated always as identity primary key,
  order_id uuid not null references orders (id),
  user_id uuid not null references users (id),
  revealed_at timestamptz not null default now(),
  request_id text,
  address text,
  user_agent text
);
create index code_reveals_order_idx on code_reveals (order_id, revealed_at);
create trigger code_reveals_append_only before update or delete on code_reveals
  for each row execute function reject_mutation();
