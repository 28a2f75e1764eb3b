-- Risk: deterministic scores over immutable snapshots of a party's history (invariant 12), the
-- current tier of each (user, role), its admin override, and the history of tier changes.
-- Written only by RiskService (server/src/risk/). Enforcement reads risk_effective_tier().

create type risk_role as enum ('BUYER', 'SELLER');
-- Declared in ascending severity: comparisons (tier >= 'RESTRICTED') rely on this order.
create type risk_tier as enum ('NORMAL', 'WARNING', 'AT_RISK', 'RESTRICTED', 'BANNED');
create type risk_tier_change_cause as enum ('RECOMPUTE', 'OVERRIDE_SET', 'OVERRIDE_CLEARED', 'OVERRIDE_EXPIRED');

-- One scoring of one party in one role: the PartyHistory exactly as scored (canonical JSON text,
-- keys sorted), its SHA-256, and the result. Scoring `history` again with `scoring_version`
-- gives `score` and `factors`: a test checks it. Append-only.
create table risk_snapshots (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  role risk_role not null,
  history text not null check (length(history) <= 16384 and jsonb_typeof(history::jsonb) = 'object'),
  history_sha256 text not null,
  scoring_version integer not null check (scoring_version >= 1),
  score integer not null check (score between 0 and 1000),
  factors jsonb not null check (jsonb_typeof(factors) = 'array'),
  reason text not null check (reason ~ '^[A-Z][A-Z_]{0,63}$'),
  -- The instant the history was collected as of.
  collected_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint risk_snapshots_hash check (history_sha256 = encode(sha256(convert_to(history, 'UTF8')), 'hex'))
);
create index risk_snapshots_user_idx on risk_snapshots (user_id, role, created_at desc);
create trigger risk_snapshots_append_only before update or delete on risk_snapshots
  for each row execute function reject_mutation();
create trigger risk_snapshots_no_truncate before truncate on risk_snapshots
  for each statement execute function reject_mutation();

-- The current state of one (user, role). `tier` is the computed tier of the latest snapshot
-- (NORMAL with a null snapshot: never computed, only overridden). The override, while it has not
-- expired, replaces it: see risk_effective_tier(). No row at all means NORMAL.
create table risk_profiles (
  user_id uuid not null references users (id),
  role risk_role not null,
  tier risk_tier not null default 'NORMAL',
  score integer not null default 0 check (score between 0 and 1000),
  snapshot_id uuid references risk_snapshots (id),
  scoring_version integer check (scoring_version >= 1),
  override_tier risk_tier,
  override_reason text check (length(override_reason) between 3 and 500),
  override_expires_at timestamptz,
  override_set_by uuid references users (id),
  override_set_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (user_id, role),
  constraint risk_profiles_computed check ((snapshot_id is null) = (scoring_version is null)),
  constraint risk_profiles_override_complete check (
    (override_tier is null) = (override_reason is null)
    and (override_tier is null) = (override_expires_at is null)
    and (override_tier is null) = (override_set_by is null)
    and (override_tier is null) = (override_set_at is null)
  ),
  constraint risk_profiles_override_after_set check (override_expires_at > override_set_at)
);
create trigger risk_profiles_no_delete before delete on risk_profiles
  for each row execute function reject_mutation();

-- The tier in force at `at`: the override until it expires, the computed tier otherwise.
create function risk_effective_tier(
  tier risk_tier, override_tier risk_tier, override_expires_at timestamptz, at timestamptz
) returns risk_tier language sql immutable as $$
  select case when override_tier is not null and override_expires_at > at then override_tier else tier end
$$;

-- Every change of a tier, append-only. RECOMPUTE: the computed tier moved (from_tier -> to_tier),
-- with the snapshot that moved it. OVERRIDE_*: the tier in force moved by an admin (set, cleared)
-- or by the override's expiry. effective_tier is the tier in force right after the change.
create table risk_tier_changes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  role risk_role not null,
  cause risk_tier_change_cause not null,
  from_tier risk_tier not null,
  to_tier risk_tier not null,
  effective_tier risk_tier not null,
  score integer not null check (score between 0 and 1000),
  factors jsonb not null check (jsonb_typeof(factors) = 'array'),
  scoring_version integer check (scoring_version >= 1),
  snapshot_id uuid references risk_snapshots (id),
  -- The recompute's reason (CHARGEBACK_OPENED, ...), or the admin's words for an override.
  reason text not null check (length(reason) between 1 and 500),
  actor_user_id uuid references users (id),
  override_expires_at timestamptz,
  -- Millisecond precision: cursors carry JavaScript dates, and keyset pages must meet exactly.
  created_at timestamptz(3) not null default now(),
  constraint risk_tier_changes_recompute check (
    cause <> 'RECOMPUTE' or (snapshot_id is not null and scoring_version is not null and from_tier <> to_tier)
  ),
  constraint risk_tier_changes_override_set check ((cause = 'OVERRIDE_SET') = (override_expires_at is not null))
);
create index risk_tier_changes_profile_idx on risk_tier_changes (user_id, role, created_at desc, id desc);
create trigger risk_tier_changes_append_only before update or delete on risk_tier_changes
  for each row execute function reject_mutation();
create trigger risk_tier_changes_no_truncate before truncate on risk_tier_changes
  for each statement execute function reject_mutation();
