-- Less work at commit, and none of it under the purchase's listing lock.
--
-- 1. ledger_post runs the ledger's balance checks (0002's deferred constraint triggers) at the end
--    of the posting, with SET CONSTRAINTS ... IMMEDIATE, then sets them back to deferred. Before,
--    they ran at COMMIT: after the purchase's claim had locked the listing, so every purchase of a
--    hot listing waited for the checks of the one before it. The checks are the same triggers and
--    still fire for every writer; only a posting's own run earlier. A writer other than ledger_post
--    (an operator's SQL, a test) is checked at commit, as before.
-- 2. Each check is one query instead of two (same conditions, same messages).
-- 3. ledger_post plans its statements once (plan_cache_mode = force_generic_plan): two of them,
--    which read `= any (account_ids)`, were planned again at every call because a custom plan,
--    knowing the array has two elements, looks cheaper than the generic one.

create or replace function ledger_transaction_balances() returns trigger language plpgsql as $$
declare
  target uuid;
  currencies integer;
  unbalanced_currency char(3);
  unbalanced_total numeric;
begin
  -- Separate statements: each is planned only when reached, against its own table's row type.
  if tg_table_name = 'ledger_entries' then
    target := new.transaction_id;
  else
    target := new.id;
  end if;
  -- One read of the transaction's entries: per currency, its sum; the first unbalanced one, if any.
  select count(*) over (), per_currency.currency, per_currency.total
    into currencies, unbalanced_currency, unbalanced_total
    from (select e.currency, sum(e.amount) as total from ledger_entries e
           where e.transaction_id = target group by e.currency) per_currency
   order by (per_currency.total = 0), per_currency.currency
   limit 1;
  if coalesce(currencies, 0) = 0 then
    raise exception 'ledger transaction % has no entries', target using errcode = 'check_violation';
  end if;
  if unbalanced_total <> 0 then
    raise exception 'ledger transaction % does not balance: % sums to %', target, unbalanced_currency, unbalanced_total
      using errcode = 'check_violation';
  end if;
  return null;
end;
$$;

create or replace function ledger_account_balance_matches() returns trigger language plpgsql as $$
begin
  if (select coalesce((select e.balance_after from ledger_entries e where e.account_id = new.id
                        order by e.id desc limit 1), 0)
             <> a.balance
        from ledger_accounts a where a.id = new.id) then
    raise exception 'ledger account % balance does not match its entries', new.id using errcode = 'check_violation';
  end if;
  return null;
end;
$$;

create or replace function ledger_post(
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

  -- The posting is complete: its balance checks run now, not at commit, and the constraints go
  -- back to deferred for whatever the transaction writes next.
  set constraints ledger_entries_balance, ledger_transactions_have_entries, ledger_accounts_balance immediate;
  set constraints ledger_entries_balance, ledger_transactions_have_entries, ledger_accounts_balance deferred;

  return query
    select created_id, false, leg_balance.position::integer, leg_balance.balance_after, false
      from unnest(balances_after) with ordinality as leg_balance (balance_after, position)
     order by leg_balance.position;
end;
$$;

alter function ledger_post(text, text, uuid, uuid, uuid, text, ledger_account_kind[], char(3)[], uuid[], uuid[], bigint[], boolean[])
  set plan_cache_mode = force_generic_plan;
