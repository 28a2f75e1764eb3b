-- Password reset by email (auth/password-reset.service.ts): a link's token is stored only as its
-- SHA-256, works once, until expires_at; the address that asked for it is kept for the audit.
create table password_reset_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  token_hash bytea not null unique,
  address text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  check (expires_at > created_at)
);

-- A reset spends every other open link of the account.
create index password_reset_tokens_open_idx on password_reset_tokens (user_id) where used_at is null;
