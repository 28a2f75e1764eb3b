-- Identity and access: users with roles, rotating refresh tokens, partner API keys,
-- login attempts for rate limiting, fixed-window rate-limit counters, and the audit log.

create type user_role as enum ('BUYER', 'SELLER', 'SUPPORT', 'ADMIN');
create type user_status as enum ('ACTIVE', 'DISABLED');

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (length(email) between 3 and 254),
  email_normalized text not null unique check (email_normalized = lower(email)),
  display_name text not null check (length(display_name) between 1 and 80),
  password_hash text not null,
  roles user_role[] not null check (cardinality(roles) between 1 and 4),
  status user_status not null default 'ACTIVE',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A session is one login: the family of refresh tokens that descend from it. Access tokens name
-- their session, so revoking it (logout, reuse of a rotated refresh token, ban) ends them at once.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  revoked_reason text,
  user_agent text,
  address text
);
create index sessions_user_idx on sessions (user_id) where revoked_at is null;

create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions (id),
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  rotated_at timestamptz,
  replaced_by_id uuid references refresh_tokens (id)
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  owner_user_id uuid not null references users (id),
  name text not null check (length(name) between 1 and 80),
  -- The public part of the key, shown in lists; the secret is stored only as a hash.
  prefix text not null unique,
  secret_hash bytea not null,
  scopes text[] not null check (cardinality(scopes) >= 1),
  -- Millisecond precision: cursors carry JavaScript dates, and keyset pages must meet exactly.
  created_at timestamptz(3) not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_owner_idx on api_keys (owner_user_id);

create table login_attempts (
  id bigint generated always as identity primary key,
  email_normalized text not null,
  address text not null,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email_normalized, created_at);
create index login_attempts_address_idx on login_attempts (address, created_at);

create table rate_limit_windows (
  bucket text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (bucket, window_start)
);

create table audit_log (
  id bigint generated always as identity primary key,
  actor_user_id uuid references users (id),
  action text not null,
  subject_type text not null,
  subject_id text not null,
  details jsonb not null default '{}',
  request_id text,
  address text,
  created_at timestamptz not null default now()
);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, created_at);

-- Append-only tables: the database itself refuses UPDATE and DELETE.
create function reject_mutation() returns trigger language plpgsql as $$
begin
  raise exception '% on % is not allowed: the table is append-only', tg_op, tg_table_name
    using errcode = 'restrict_violation';
end;
$$;

create trigger audit_log_append_only
  before update or delete on audit_log
  for each row execute function reject_mutation();
create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function reject_mutation();
