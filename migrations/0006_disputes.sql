-- Disputes: a buyer's claim against one held order, run by support through a state machine
-- (server/src/domain/dispute-matrix.ts, invariant 8) and settled by an admin's refund or release,
-- which sets WON or LOST as a side effect (invariant 9). The dispute area never moves money.
-- Its history is append-only and kept forever: events, messages, evidence snapshots.
-- Lock order: the buyer's advisory lock (openDispute), then the order row, then the dispute row.

create type dispute_state as enum ('OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE', 'WON', 'LOST', 'CLOSED');
create type dispute_reason as enum ('INVALID_CODE', 'ALREADY_REDEEMED', 'WRONG_REGION', 'NOT_AS_DESCRIBED', 'OTHER');
create type dispute_party as enum ('BUYER', 'SELLER');
create type dispute_actor_kind as enum ('BUYER', 'SELLER', 'SUPPORT', 'ADMIN', 'SYSTEM', 'DECISION');
create type dispute_outcome as enum ('WON', 'LOST');

create table disputes (
  id uuid primary key,
  order_id uuid not null references orders (id),
  -- Copied from the order at opening (they never change there either): who may read the dispute.
  buyer_id uuid not null references users (id),
  seller_id uuid not null references users (id),
  reason dispute_reason not null,
  state dispute_state not null default 'OPEN',
  -- Optimistic concurrency: every transition is `where state = $expected and version = $expected`
  -- and increments it by one; dispute_events holds exactly one row per version.
  version integer not null default 1 check (version >= 1),
  assignee_id uuid references users (id),
  -- The party asked to respond, and until when: set exactly while NEEDS_RESPONSE.
  requested_party dispute_party,
  response_due_at timestamptz,
  -- WON: the buyer won (refund). LOST: the seller won (release). Kept once CLOSED.
  outcome dispute_outcome,
  -- Millisecond precision: cursors carry JavaScript dates, and keyset pages must meet exactly.
  created_at timestamptz(3) not null default now(),
  updated_at timestamptz not null default now(),
  decided_at timestamptz,
  closed_at timestamptz,
  constraint disputes_parties_differ check (buyer_id <> seller_id),
  constraint disputes_response_request check (
    (state = 'NEEDS_RESPONSE') = (requested_party is not null and response_due_at is not null)
  ),
  constraint disputes_outcome_when_decided check (
    (state in ('WON', 'LOST', 'CLOSED')) = (outcome is not null and decided_at is not null)
  ),
  constraint disputes_outcome_matches_state check (state not in ('WON', 'LOST') or outcome::text = state::text),
  constraint disputes_closed_at check ((state = 'CLOSED') = (closed_at is not null))
);
-- One open dispute per order.
create unique index disputes_one_open_per_order on disputes (order_id)
  where state in ('OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE');
create index disputes_order_idx on disputes (order_id);
create index disputes_buyer_idx on disputes (buyer_id, created_at desc);
create index disputes_seller_idx on disputes (seller_id, created_at desc);
-- The staff queue: by state, oldest first.
create index disputes_queue_idx on disputes (state, created_at, id);
create index disputes_assignee_idx on disputes (assignee_id, state) where assignee_id is not null;

-- The (from, to) pairs the matrix allows: a copy of domain/dispute-matrix.ts that a test keeps equal.
create function dispute_transition_allowed(from_state dispute_state, to_state dispute_state)
returns boolean language sql immutable as $$
  select (from_state, to_state) in (
    ('OPEN'::dispute_state, 'UNDER_REVIEW'::dispute_state),
    ('UNDER_REVIEW', 'UNDER_REVIEW'),
    ('NEEDS_RESPONSE', 'NEEDS_RESPONSE'),
    ('UNDER_REVIEW', 'NEEDS_RESPONSE'),
    ('NEEDS_RESPONSE', 'UNDER_REVIEW'),
    ('UNDER_REVIEW', 'WON'),
    ('UNDER_REVIEW', 'LOST'),
    ('WON', 'CLOSED'),
    ('LOST', 'CLOSED')
  )
$$;

-- A dispute's identity never changes; every update is one step of the matrix and one version.
create function disputes_guard() returns trigger language plpgsql as $$
begin
  if new.id <> old.id or new.order_id <> old.order_id or new.buyer_id <> old.buyer_id
     or new.seller_id <> old.seller_id or new.reason <> old.reason or new.created_at <> old.created_at then
    raise exception 'dispute % identity is immutable', old.id using errcode = 'restrict_violation';
  end if;
  if new.version <> old.version + 1 then
    raise exception 'dispute % version must go from % to %', old.id, old.version, old.version + 1
      using errcode = 'restrict_violation';
  end if;
  if not dispute_transition_allowed(old.state, new.state) then
    raise exception 'dispute % cannot move from % to %', old.id, old.state, new.state using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
create trigger disputes_guard before update on disputes for each row execute function disputes_guard();
create trigger disputes_no_delete before delete on disputes for each row execute function reject_mutation();
create trigger disputes_no_truncate before truncate on disputes for each statement execute function reject_mutation();

-- Every change of a dispute, written in the transaction that made it. Append-only, no TTL.
create table dispute_events (
  id bigint generated always as identity primary key,
  dispute_id uuid not null references disputes (id),
  -- The dispute's version after this event: one event per version, so no transition is recorded twice.
  version integer not null check (version >= 1),
  action text not null check (action ~ '^[A-Z_]{1,40}$'),
  -- Null only for the system (the deadline job, the closing after a decision).
  actor_user_id uuid references users (id),
  actor_kind dispute_actor_kind not null,
  from_state dispute_state,
  to_state dispute_state not null,
  note text check (length(note) between 1 and 2000),
  created_at timestamptz(3) not null default clock_timestamp(),
  constraint dispute_events_one_per_version unique (dispute_id, version),
  constraint dispute_events_system_has_no_user check ((actor_kind = 'SYSTEM') = (actor_user_id is null)),
  constraint dispute_events_opening check ((from_state is null) = (version = 1))
);
create index dispute_events_dispute_idx on dispute_events (dispute_id, created_at);
create trigger dispute_events_append_only before update or delete on dispute_events
  for each row execute function reject_mutation();
create trigger dispute_events_no_truncate before truncate on dispute_events
  for each statement execute function reject_mutation();

-- Files uploaded as evidence, stored once by content hash (the storage key is the SHA-256).
-- A row belongs to its uploader until a message of a dispute references it.
create table dispute_attachments (
  id uuid primary key,
  uploader_id uuid not null references users (id),
  content_sha256 char(64) not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null check (content_type in ('image/png', 'image/jpeg', 'application/pdf', 'text/plain')),
  size_bytes integer not null check (size_bytes between 1 and 104857600),
  file_name text check (length(file_name) between 1 and 200),
  created_at timestamptz not null default now()
);
create index dispute_attachments_uploader_idx on dispute_attachments (uploader_id, created_at);
create trigger dispute_attachments_append_only before update or delete on dispute_attachments
  for each row execute function reject_mutation();
create trigger dispute_attachments_no_truncate before truncate on dispute_attachments
  for each statement execute function reject_mutation();

-- The conversation of a dispute: the opening claim, the parties' answers, staff requests. Append-only.
create table dispute_messages (
  id uuid primary key,
  dispute_id uuid not null references disputes (id),
  author_id uuid not null references users (id),
  author_kind dispute_actor_kind not null check (author_kind in ('BUYER', 'SELLER', 'SUPPORT', 'ADMIN')),
  body text not null check (length(body) between 1 and 5000),
  created_at timestamptz(3) not null default clock_timestamp()
);
create index dispute_messages_dispute_idx on dispute_messages (dispute_id, created_at);
create trigger dispute_messages_append_only before update or delete on dispute_messages
  for each row execute function reject_mutation();
create trigger dispute_messages_no_truncate before truncate on dispute_messages
  for each statement execute function reject_mutation();

create table dispute_message_attachments (
  message_id uuid not null references dispute_messages (id),
  attachment_id uuid not null references dispute_attachments (id),
  -- Denormalised from the message: who may read an attachment is decided by its dispute.
  dispute_id uuid not null references disputes (id),
  position integer not null check (position between 0 and 19),
  primary key (message_id, attachment_id)
);
create index dispute_message_attachments_attachment_idx on dispute_message_attachments (attachment_id, dispute_id);
create trigger dispute_message_attachments_append_only before update or delete on dispute_message_attachments
  for each row execute function reject_mutation();
create trigger dispute_message_attachments_no_truncate before truncate on dispute_message_attachments
  for each statement execute function reject_mutation();

-- What was known when the dispute opened: the order, the code's reveal audit and both parties'
-- history, with the SHA-256 of its canonical JSON. One per dispute; immutable (invariant 12).
create table dispute_evidence_snapshots (
  id uuid primary key,
  dispute_id uuid not null unique references disputes (id),
  schema_version integer not null check (schema_version >= 1),
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  content_sha256 char(64) not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now()
);
create trigger dispute_evidence_snapshots_append_only before update or delete on dispute_evidence_snapshots
  for each row execute function reject_mutation();
create trigger dispute_evidence_snapshots_no_truncate before truncate on dispute_evidence_snapshots
  for each statement execute function reject_mutation();
