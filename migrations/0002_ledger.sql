-- The ledger: the only source of truth for money. Double entry, append-only, integer minor units.
--
-- Sign convention: an entry's amount is positive when value flows into its account and negative
-- when it flows out. Every transaction's entries sum to zero per currency. An account's balance
-- is the sum of its entries: a buyer wallet's positive balance is what the buyer may spend;
-- STRIPE_CLEARING, the platform's window to the outside world, goes negative as money comes in.
--
-- Chart of accounts (one per owner, purpose and currency):
--   BUYER_WALLET        per buyer     top-ups in, purchases out, refunds in, chargebacks out (may go negative)
--   ESCROW              per order     the price, from purchase until release or refund (never negative)
--   SELLER_EARNINGS     per seller    released orders less the platform fee (never negative)
--   PLATFORM_FEES       system        fees on released orders (never negative)
--   STRIPE_CLEARING     system        counterpart of top-ups and chargebacks (negative: money received)
--   PAYOUTS_IN_TRANSIT  per seller    earnings handed to Stripe Connect, not yet settled (never negative)
--   CHARGEBACK_LOSSES   system        wallet deficits written off after a lost chargeback

create type ledger_account_kind as enum (
  'BUYER_WALLET', 'ESCROW', 'SELLER_EARNINGS', 'PLATFORM_FEES', 'STRIPE_CLEARING', 'PAYOUTS_IN_TRANSIT', 'CHARGEBACK_LOSSES'
);

create table ledger_accounts (
  id uuid primary key default gen_random_uuid(),
  kind ledger_account_kind not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  owner_user_id uuid references users (id),
  order_id uuid,
  -- The cached current balance: written in the same transaction as every entry, and checked
  -- against the latest entry's balance_after by a deferred trigger (and by ledger:verify).
  balance bigint not null default 0,
  created_at timestamptz not null default now(),
  constraint ledger_accounts_owner check (
    case kind
      when 'BUYER_WALLET' then owner_user_id is not null and order_id is null
      when 'SELLER_EARNINGS' then owner_user_id is not null and order_id is null
      when 'PAYOUTS_IN_TRANSIT' then owner_user_id is not null and order_id is null
      when 'ESCROW' then owner_user_id is null and order_id is not null
      else owner_user_id is null and order_id is null
    end
  ),
  constraint ledger_accounts_non_negative check (
    kind in ('BUYER_WALLET', 'STRIPE_CLEARING', 'CHARGEBACK_LOSSES') or balance >= 0
  )
);
create unique index ledger_accounts_identity on ledger_accounts (kind, currency, owner_user_id, order_id) nulls not distinct;

create table ledger_transactions (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind ~ '^[A-Z_]{3,40}$'),
  -- One posting per business event: `purchase:<order>`, `release:<order>`, `top_up:<payment intent>`.
  idempotency_key text not null unique check (length(idempotency_key) between 1 and 200),
  order_id uuid,
  top_up_id uuid,
  payout_id uuid,
  description text,
  created_at timestamptz not null default now()
);
create index ledger_transactions_order_idx on ledger_transactions (order_id) where order_id is not null;

create table ledger_entries (
  -- A global sequence: entries are totally ordered, so balances at any point in time are exact.
  id bigint generated always as identity primary key,
  transaction_id uuid not null references ledger_transactions (id),
  account_id uuid not null references ledger_accounts (id),
  amount bigint not null check (amount <> 0),
  currency char(3) not null,
  balance_after bigint not null,
  created_at timestamptz not null default now()
);
create index ledger_entries_account_idx on ledger_entries (account_id, id);
create index ledger_entries_transaction_idx on ledger_entries (transaction_id);

-- An entry's currency is its account's currency.
create function ledger_entry_currency_matches() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from ledger_accounts where id = new.account_id and currency = new.currency) then
    raise exception 'ledger entry currency % does not match its account %', new.currency, new.account_id
      using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger ledger_entries_currency before insert on ledger_entries
  for each row execute function ledger_entry_currency_matches();

-- Invariant 1: at commit, every transaction's entries sum to zero per currency, and it has entries.
create function ledger_transaction_balances() returns trigger language plpgsql as $$
declare
  target uuid;
  unbalanced record;
begin
  -- Separate statements: each is planned only when reached, against its own table's row type.
  if tg_table_name = 'ledger_entries' then
    target := new.transaction_id;
  else
    target := new.id;
  end if;
  if not exists (select 1 from ledger_entries e where e.transaction_id = target) then
    raise exception 'ledger transaction % has no entries', target using errcode = 'check_violation';
  end if;
  select e.currency, sum(e.amount) as total into unbalanced
    from ledger_entries e where e.transaction_id = target
    group by e.currency having sum(e.amount) <> 0 limit 1;
  if found then
    raise exception 'ledger transaction % does not balance: % sums to %', target, unbalanced.currency, unbalanced.total
      using errcode = 'check_violation';
  end if;
  return null;
end;
$$;
create constraint trigger ledger_entries_balance after insert on ledger_entries
  deferrable initially deferred for each row execute function ledger_transaction_balances();
create constraint trigger ledger_transactions_have_entries after insert on ledger_transactions
  deferrable initially deferred for each row execute function ledger_transaction_balances();

-- Invariant 3: at commit, an account's cached balance equals the balance after its latest entry.
create function ledger_account_balance_matches() returns trigger language plpgsql as $$
declare
  latest bigint;
begin
  select balance_after into latest from ledger_entries where account_id = new.id order by id desc limit 1;
  if coalesce(latest, 0) <> (select balance from ledger_accounts where id = new.id) then
    raise exception 'ledger account % balance does not match its entries', new.id using errcode = 'check_violation';
  end if;
  return null;
end;
$$;
create constraint trigger ledger_accounts_balance after insert or update on ledger_accounts
  deferrable initially deferred for each row execute function ledger_account_balance_matches();

-- Invariant 2: transactions and entries are never updated or deleted.
create trigger ledger_transactions_append_only before update or delete on ledger_transactions
  for each row execute function reject_mutation();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
  for each statement execute function reject_mutation();
create trigger ledger_entries_append_only before update or delete on ledger_entries
  for each row execute function reject_mutation();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
  for each statement execute function reject_mutation();
-- Accounts hold only a cache; they are never deleted.
create trigger ledger_accounts_no_delete before delete on ledger_accounts
  for each row execute function reject_mutation();
