-- Subscription events: every event published with PostgresPubSub.publish(tx, ...) is a row here,
-- written in the publishing transaction, so it exists if and only if that transaction committed.
-- NOTIFY only wakes the listeners up; they read the rows after the last sequence they delivered,
-- so a listener that reconnects, or a client that resumes from a cursor, misses nothing.
-- (docs/adr/0007-events-are-rows-numbered-in-commit-order-and-subscriptions-resume-from-a-cursor.md)
--
-- Commit order: `sequence` is drawn at COMMIT, by a deferred trigger, under one transaction-level
-- advisory lock held until the commit completes. Whoever commits events next draws after the
-- previous publisher's commit is visible, so sequence order is commit order, and a reader that has
-- seen sequence S will never see a smaller one commit later. (An identity drawn at insert would
-- not do: A draws 10, B draws 11, B commits, a reader moves past 11, A commits 10 behind it.)
-- The lock is taken inside COMMIT, after all of the transaction's work: it is held for the commit
-- alone, and never while the transaction waits for a row lock. Rolled-back transactions draw
-- nothing. Inside its own transaction, before commit, a row has no sequence yet.
--
-- Append-only and kept forever for now: nothing expires yet. A retention job, when one is added,
-- will need its own narrow exception to the triggers below (and resumed subscriptions already
-- answer EVENT_CURSOR_EXPIRED when asked for more than they can catch up).

create sequence events_sequence as bigint;

create table events (
  -- Insert order, for the commit trigger to find its row; readers use `sequence`.
  id bigint generated always as identity primary key,
  -- Commit order; set once, at commit, by events_sequence_at_commit. Never null once committed.
  sequence bigint unique,
  topic text not null check (topic ~ '^[A-Z][A-Z_]{0,63}$'),
  -- The scope a subscriber names (a dispute id, a user id); null for topic-wide events.
  scope_id text check (length(scope_id) between 1 and 200),
  payload jsonb not null check (octet_length(payload::text) <= 16384),
  created_at timestamptz not null default now()
);
alter sequence events_sequence owned by events.sequence;

-- Catch-up of one subscription (topic and scope, after a cursor); the unique index serves listeners.
create index events_topic_scope_sequence on events (topic, scope_id, sequence);

-- A writer never chooses the sequence.
create function events_no_sequence_at_insert() returns trigger language plpgsql as $$
begin
  new.sequence := null;
  return new;
end;
$$;
create trigger events_no_sequence_at_insert before insert on events
  for each row execute function events_no_sequence_at_insert();

create function events_assign_sequence() returns trigger language plpgsql as $$
declare
  drawn bigint;
begin
  -- Held until the commit completes: the next publisher draws after this commit is visible.
  perform pg_advisory_xact_lock(hashtextextended('events:commit-order', 0));
  drawn := nextval('events_sequence');
  update events set sequence = drawn where id = new.id;
  -- Delivered with the commit, to every listening API instance: "read up to here".
  perform pg_notify('codesale_events', drawn::text);
  return null;
end;
$$;
-- Deferred: fires during COMMIT, for each event in the order it was published.
create constraint trigger events_sequence_at_commit after insert on events
  deferrable initially deferred for each row execute function events_assign_sequence();

-- The one change a row ever sees: its sequence, set from the commit trigger (trigger depth 2),
-- from nothing to a value. Everything else, and every UPDATE by a client, is refused.
create function events_only_sequence_is_set() returns trigger language plpgsql as $$
begin
  if pg_trigger_depth() > 1 and old.sequence is null and new.sequence is not null
     and (new.id, new.topic, new.scope_id, new.payload, new.created_at)
         is not distinct from (old.id, old.topic, old.scope_id, old.payload, old.created_at) then
    return new;
  end if;
  raise exception 'UPDATE on events is not allowed: the table is append-only'
    using errcode = 'restrict_violation';
end;
$$;
create trigger events_append_only before update on events
  for each row execute function events_only_sequence_is_set();
create trigger events_no_delete before delete on events
  for each row execute function reject_mutation();
create trigger events_no_truncate before truncate on events
  for each statement execute function reject_mutation();
