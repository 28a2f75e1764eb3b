-- The admins' live money invariant panel (server/src/invariants/): a wake-up call whenever money
-- moves or a wallet flag changes, so the panel recomputes its snapshot instead of anyone polling.
--
-- One NOTIFY per statement on one channel with an empty payload. PostgreSQL delivers it only when
-- the transaction commits (never for a rollback) and folds identical notifications of one
-- transaction into one, so a purchase, a release or a chargeback wakes the listeners once, however
-- many rows it writes. The notification carries nothing: listeners read the figures themselves.
-- What it costs the money path: one pg_notify call per statement, and at commit the queue lock
-- that every notifying transaction takes (docs/INVARIANTS.md, the money invariants panel).

create function notify_money_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('codesale_money', '');
  return null;
end;
$$;

-- Every money movement is a ledger posting: its entries are inserted in one statement.
create trigger ledger_entries_notify_money after insert on ledger_entries
  for each statement execute function notify_money_changed();
-- Orders held in escrow: the other side of the escrow check (normally in the posting's transaction
-- already, where this folds into the same notification; alone, it is a change the check must see).
create trigger orders_notify_money after insert or update of escrow_status on orders
  for each statement execute function notify_money_changed();
-- Wallet flags (WALLET_AT_RISK set or lifted) and new wallets.
create trigger wallets_notify_money after insert or update of status on wallets
  for each statement execute function notify_money_changed();
