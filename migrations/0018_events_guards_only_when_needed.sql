-- The events table's two row guards (0008) are called only when they have something to do. Both
-- were plpgsql calls on every row: each purchase publishes two events, so four calls per purchase
-- whose answer was known from the row alone. A trigger's WHEN condition is evaluated without
-- calling the function; the functions themselves are unchanged and still decide.
--
-- * events_no_sequence_at_insert nulls a sequence the writer supplied: a row without one needs
--   nothing.
-- * events_append_only lets through only the commit trigger's own update, which sets the sequence
--   of an unnumbered row and changes nothing else. In WHEN, pg_trigger_depth() is the depth of the
--   statement that updates (1 inside events_assign_sequence), one less than inside the function,
--   which tests `> 1`. Anything else (every UPDATE by hand) calls the function, which refuses.

drop trigger events_no_sequence_at_insert on events;
create trigger events_no_sequence_at_insert before insert on events
  for each row when (new.sequence is not null) execute function events_no_sequence_at_insert();

drop trigger events_append_only on events;
create trigger events_append_only before update on events
  for each row
  when (not (pg_trigger_depth() > 0 and old.sequence is null and new.sequence is not null
             and (new.id, new.topic, new.scope_id, new.payload, new.created_at)
                 is not distinct from (old.id, old.topic, old.scope_id, old.payload, old.created_at)))
  execute function events_only_sequence_is_set();
