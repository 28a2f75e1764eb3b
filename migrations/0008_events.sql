-- Subscription events: every event published with PostgresPubSub.publish(tx, ...) is a row here,
-- written in the publishing transaction, so it exists if and only if that transaction committed.
-- NOTIFY only wakes the listeners up; they read the rows after the last sequence they delivered,
-- so a listener that reconnects, or a client that resumes from a cursor, misses nothing.
-- (docs/adr/0007-events-are-rows-numbered-in-commit-order-and-subscriptions-resume-from-a-cursor.md)
--
-- Commit order: a sequence is handed out only under one transaction-level advisory lock, taken
-- by the insert trigger below and held until the transaction ends. Whoever inserts next waits
-- until the previous publisher has committed or rolled back, so sequence order is commit order
-- and a reader that has seen sequence S will never see a smaller one commit later. Rolled-back
-- inserts leave gaps; a gap never means a missing event.
--
-- Append-only and kept forever for now: nothing expires yet. A retention job, when one is added,
-- will need its own narrow exception to the trigger below (and resumed subscriptions already
-- answer EVENT_CURSOR_EXPIRED when asked for more than they can catch up).

create sequence events_sequence as bigint;

create table events (
  -- Assigned by events_assign_sequence, under the commit-order lock; never by the client.
  sequence bigint primary key,
  topic text not null check (topic ~ '^[A-Z][A-Z_]{0,63}$'),
  -- The scope a subscriber names (a dispute id, a user id); null for topic-wide events.
  scope_id text check (length(scope_id) between 1 and 200),
  payload jsonb not null check (octet_length(payload::text) <= 16384),
  created_at timestamptz not null default now()
);
alter sequence events_sequence owned by events.sequence;

-- Catch-up of one subscription (topic and scope, after a cursor); the primary key serves listeners.
create index events_topic_scope_sequence on events (topic, scope_id, sequence);

create function events_assign_sequence() returns trigger language plpgsql as $$
begin
  -- Held until commit or rollback: the next publisher's sequence is drawn after this one's fate.
  perform pg_advisory_xact_lock(hashtextextended('events:commit-order', 0));
  new.sequence := nextval('events_sequence');
  return new;
end;
$$;
create trigger events_sequence_in_commit_order before insert on events
  for each row execute function events_assign_sequence();

create trigger events_append_only before update or delete on events
  for each row execute function reject_mutation();
create trigger events_no_truncate before truncate on events
  for each statement execute function reject_mutation();
