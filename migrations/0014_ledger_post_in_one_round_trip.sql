-- A ledger posting in one round trip: LedgerService.post (still the only writer of the ledger
-- tables) calls ledger_post() once, instead of sending an insert and a select per account, a lock,
-- the entries and one update per balance as separate statements. The posting rules stay in
-- TypeScript (domain/posting-rules.ts): the legs arrive already built, balanced, and each with
-- whether the rules let its account go below zero (mayGoNegative). What the function keeps:
--   * a replay (the idempotency key already posted) returns the first transaction and writes nothing;
--   * accounts are found, or created with RETURNING, then locked in id order (no deadlock between
--     postings), and every balance is computed from the locked rows;
--   * an overdraft writes nothing and names the leg (LedgerService throws OverdraftError for it);
--   * each entry carries the balance after it, in leg order, and the cached balances are updated
--     in the same transaction (the deferred triggers of 0002 still check both at commit).

-- The id of the ledger account (kind, currency, owner, order), created when it does not exist yet.
-- Three lookups, one per shape of identity, so that each one is an index lookup on
-- ledger_accounts_identity (`is not distinct from` would not use the index).
create function ledger_account_id(
  account_kind ledger_account_kind,
  account_currency char(3),
  account_owner_id uuid,
  account_order_id uuid
) returns uuid language plpgsql as $$
declare
  found_id uuid;
begin
  for attempt in 1 .. 2 loop
    if account_owner_id is not null then
      select a.id into found_id from ledger_accounts a
       where a.kind = account_kind and a.currency = account_currency
         and a.owner_user_id = account_owner_id and a.order_id is null;
    elsif account_order_id is not null then
      select a.id into found_id from ledger_accounts a
       where a.kind = account_kind and a.currency = account_currency
         and a.owner_user_id is null and a.order_id = account_order_id;
    else
      select a.id into found_id from ledger_accounts a
       where a.kind = account_kind and a.currency = account_currency
         and a.owner_user_id is null and a.order_id is null;
    end if;
    if found_id is not null then
      return found_id;
    end if;
    exit when attempt = 2;
    insert into ledger_accounts (kind, currency, owner_user_id, order_id)
    values (account_kind, account_currency, account_owner_id, account_order_id)
    on conflict do nothing
    returning id into found_id;
    if found_id is not null then
      return found_id;
    end if;
    -- Another transaction created it and committed while this insert waited: read it (attempt 2).
  end loop;
  raise exception 'ledger account % % % % vanished after a conflicting insert',
    account_kind, account_currency, account_owner_id, account_order_id;
end;
$$;

-- One row per leg (leg_index 1..n, with the account's balance after the leg) when the posting was
-- written; one row with is_replay when the key was posted before; one row with is_overdraft
-- naming the first leg that would take its account below zero, when nothing was written.
create function ledger_post(
  posting_kind text,
  posting_key text,
  posting_order_id uuid,
  posting_top_up_id uuid,
  posting_payout_id uuid,
  posting_description text,
  leg_kinds ledger_account_kind[],
  leg_currencies char(3)[],
  leg_owner_ids uuid[],
  leg_order_ids uuid[],
  leg_amounts bigint[],
  leg_may_go_negative boolean[]
) returns table (
  posted_transaction_id uuid,
  is_replay boolean,
  leg_index integer,
  leg_balance_after bigint,
  is_overdraft boolean
) language plpgsql as $$
declare
  leg_count constant integer := coalesce(cardinality(leg_amounts), 0);
  account_ids uuid[];
  locked_ids uuid[];
  locked_balances bigint[];
  balances_after bigint[];
  running bigint;
  created_id uuid;
begin
  if leg_count < 2
     or coalesce(cardinality(leg_kinds), 0) <> leg_count
     or coalesce(cardinality(leg_currencies), 0) <> leg_count
     or coalesce(cardinality(leg_owner_ids), 0) <> leg_count
     or coalesce(cardinality(leg_order_ids), 0) <> leg_count
     or coalesce(cardinality(leg_may_go_negative), 0) <> leg_count then
    raise exception 'ledger posting % needs at least two legs, each with every field', posting_key
      using errcode = 'invalid_parameter_value';
  end if;

  -- A replay writes nothing: not even an account.
  select t.id into created_id from ledger_transactions t where t.idempotency_key = posting_key;
  if created_id is not null then
    return query select created_id, true, null::integer, null::bigint, false;
    return;
  end if;

  account_ids := array_fill(null::uuid, array[leg_count]);
  for leg in 1 .. leg_count loop
    account_ids[leg] := ledger_account_id(leg_kinds[leg], leg_currencies[leg], leg_owner_ids[leg], leg_order_ids[leg]);
  end loop;

  -- Locked in id order (ORDER BY is applied before FOR UPDATE), as every posting does.
  select array_agg(locked.id order by locked.id), array_agg(locked.balance order by locked.id)
    into locked_ids, locked_balances
    from (select a.id, a.balance from ledger_accounts a
           where a.id = any (account_ids) order by a.id for update) locked;

  -- The running balance of each leg's account: an account may appear in more than one leg.
  balances_after := array_fill(null::bigint, array[leg_count]);
  for leg in 1 .. leg_count loop
    running := null;
    for earlier in reverse leg - 1 .. 1 loop
      if account_ids[earlier] = account_ids[leg] then
        running := balances_after[earlier];
        exit;
      end if;
    end loop;
    if running is null then
      running := locked_balances[array_position(locked_ids, account_ids[leg])];
    end if;
    running := running + leg_amounts[leg];
    if running < 0 and leg_amounts[leg] < 0 and not leg_may_go_negative[leg] then
      return query select null::uuid, false, leg, running, true;
      return;
    end if;
    balances_after[leg] := running;
  end loop;

  insert into ledger_transactions (kind, idempotency_key, order_id, top_up_id, payout_id, description)
  values (posting_kind, posting_key, posting_order_id, posting_top_up_id, posting_payout_id, posting_description)
  on conflict (idempotency_key) do nothing
  returning id into created_id;
  if created_id is null then
    -- The same key was posted by a transaction that committed while this one waited for a lock.
    select t.id into created_id from ledger_transactions t where t.idempotency_key = posting_key;
    return query select created_id, true, null::integer, null::bigint, false;
    return;
  end if;

  -- In leg order: entry ids follow the legs, so each account's balance_after chain reads in id order.
  insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after)
  select created_id, entry.account_id, entry.amount, entry.currency, entry.balance_after
    from unnest(account_ids, leg_amounts, leg_currencies, balances_after)
         with ordinality as entry (account_id, amount, currency, balance_after, position)
   order by entry.position;

  -- Each account's last balance after.
  update ledger_accounts a set balance = final.balance_after
    from (select distinct on (leg_balance.account_id) leg_balance.account_id, leg_balance.balance_after
            from unnest(account_ids, balances_after) with ordinality
                 as leg_balance (account_id, balance_after, position)
           order by leg_balance.account_id, leg_balance.position desc) final
   where a.id = final.account_id;

  return query
    select created_id, false, leg_balance.position::integer, leg_balance.balance_after, false
      from unnest(balances_after) with ordinality as leg_balance (balance_after, position)
     order by leg_balance.position;
end;
$$;
