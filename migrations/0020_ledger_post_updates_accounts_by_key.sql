-- ledger_post updated the legs' accounts with a join against unnest(...), and its generic plan
-- (plan_cache_mode = force_generic_plan, 0017) estimates unnest at 100 rows: a hash join over a
-- sequential scan of ledger_accounts, which holds an escrow account per order. Every posting read
-- the whole table: in a `npm run bench -- --quick --only=checkout` run 7,236 postings read 26
-- million rows, and a purchase cost more the more orders there had ever been. The accounts are now updated by key (`id = any (locked_ids)`,
-- the ids the posting locked), each to its balance after the posting's last leg on it, which the
-- posting's loop keeps as it goes (it also replaces the loop that looked back for an earlier leg of
-- the same account). Same checks, same results, same errors.

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
  final_balances bigint[];
  balances_after bigint[];
  account_position integer;
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

  -- The running balance of each leg's account: an account may appear in more than one leg, so
  -- final_balances (in locked_ids' order) holds each account's balance after the legs so far.
  final_balances := locked_balances;
  balances_after := array_fill(null::bigint, array[leg_count]);
  for leg in 1 .. leg_count loop
    account_position := array_position(locked_ids, account_ids[leg]);
    running := final_balances[account_position] + leg_amounts[leg];
    if running < 0 and leg_amounts[leg] < 0 and not leg_may_go_negative[leg] then
      return query select null::uuid, false, leg, running, true;
      return;
    end if;
    balances_after[leg] := running;
    final_balances[account_position] := running;
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

  -- Each account's last balance after, found by its key (an index scan, whatever the table's size).
  update ledger_accounts a set balance = final_balances[array_position(locked_ids, a.id)]
   where a.id = any (locked_ids);

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
