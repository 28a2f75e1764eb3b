-- The buyer may withdraw an open dispute (server/src/domain/dispute-matrix.ts, WITHDRAW): it goes
-- from OPEN, UNDER_REVIEW or NEEDS_RESPONSE straight to CLOSED with the outcome WITHDRAWN, and no
-- money moves: the order stays held, for the buyer's confirmation or the auto-release.
--
-- 0006's checks already tie an outcome to a decided or closed dispute (disputes_outcome_when_decided,
-- disputes_outcome_matches_state), so WITHDRAWN can only ever sit on a CLOSED one. The guard adds
-- what they cannot see, the step itself: an open dispute closes only as a withdrawal, and an outcome,
-- once set, never changes. Comparisons are on text: a value added to an enum cannot be used in the
-- transaction that adds it.
alter type dispute_outcome add value 'WITHDRAWN';

create or replace function dispute_transition_allowed(from_state dispute_state, to_state dispute_state)
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
    ('LOST', 'CLOSED'),
    ('OPEN', 'CLOSED'),
    ('UNDER_REVIEW', 'CLOSED'),
    ('NEEDS_RESPONSE', 'CLOSED')
  )
$$;

create or replace function disputes_guard() returns trigger language plpgsql as $$
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
  if old.outcome is not null and new.outcome is distinct from old.outcome then
    raise exception 'dispute % outcome % is final', old.id, old.outcome using errcode = 'restrict_violation';
  end if;
  if new.state = 'CLOSED' and old.state in ('OPEN', 'UNDER_REVIEW', 'NEEDS_RESPONSE')
     and new.outcome::text is distinct from 'WITHDRAWN' then
    raise exception 'dispute % closes from % only as a withdrawal', old.id, old.state using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
