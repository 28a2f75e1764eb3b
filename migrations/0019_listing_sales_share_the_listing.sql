-- Purchases of one listing no longer queue on its row (issue 11: a hot listing at 32 clients was
-- slower than at 8). Two things made every purchase lock the listing row until it committed:
--
-- 1. Selling a code decremented listings.available_stock in the claim statement (the statement
--    trigger of 0003). From here on a sale's decrement is a deferred row trigger: it runs at
--    COMMIT, so the row is held only while the commit itself runs. Every other change of a code's
--    status (an upload, a withdrawal, an archive) still moves the stock in its own statement.
--    At every commit the column is what it was: the number of AVAILABLE codes.
-- 2. The claim locked the listing FOR NO KEY UPDATE so that its price and status could not change
--    under a purchase. That guarantee now comes from an advisory lock keyed by the listing
--    (listing_sales_lock_key): a purchase holds it shared from its claim to its end, a seller's
--    change of the listing takes it exclusive first. Purchases share it; a seller's change waits
--    for the purchases in flight, and purchases that come after wait for the change and see it.

create function listing_sales_lock_key(listing_id uuid) returns bigint
  language sql immutable strict parallel safe
  return hashtextextended('listing-sales:' || listing_id::text, 0);

-- The listing as a purchase's claim sees it: first the sales lock, shared, then the row as it is
-- now. Two statements of a volatile function: in READ COMMITTED the second takes its snapshot after
-- the first returned, so a seller's change the lock waited for is seen. (The claim statement's own
-- snapshot is older than the wait; FOR KEY SHARE keeps the row as that snapshot saw it when only
-- other columns changed.) FOR KEY SHARE: the listing cannot be deleted, and other purchases' stock
-- updates do not wait for this one. plpgsql rather than SQL: its statements' plans are kept for
-- the session, where an SQL function's would be planned again at every purchase.
create function listing_for_sale(listing_id uuid) returns setof listings
  language plpgsql volatile strict rows 1
as $$
begin
  perform pg_advisory_xact_lock_shared(listing_sales_lock_key(listing_for_sale.listing_id));
  return query select * from listings where listings.id = listing_for_sale.listing_id for key share;
end;
$$;

-- As in 0003, less the sale (AVAILABLE to SOLD), which codes_stock_sale below counts at commit.
create or replace function codes_stock_after_update() returns trigger language plpgsql as $$
begin
  update listings l set available_stock = l.available_stock + changed.delta
    from (select new_code.listing_id,
                 sum((new_code.status = 'AVAILABLE')::integer - (old_code.status = 'AVAILABLE')::integer)::integer
                   as delta
            from new_codes new_code join old_codes old_code on old_code.id = new_code.id
           where not (old_code.status = 'AVAILABLE' and new_code.status = 'SOLD')
           group by new_code.listing_id) changed
   where l.id = changed.listing_id and changed.delta <> 0;
  return null;
end;
$$;

create function codes_stock_after_sale() returns trigger language plpgsql as $$
begin
  update listings set available_stock = available_stock - 1 where id = old.listing_id;
  return null;
end;
$$;

create constraint trigger codes_stock_sale after update on codes
  deferrable initially deferred
  for each row when (old.status = 'AVAILABLE' and new.status = 'SOLD')
  execute function codes_stock_after_sale();
