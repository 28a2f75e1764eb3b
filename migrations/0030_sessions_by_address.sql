-- Failed logins from other addresses do not lock an owner out at an address their account had a
-- session from lately (AuthService.loginLimitReached): sessions, revoked ones included, by user and
-- address.
create index sessions_user_address_idx on sessions (user_id, address, created_at);
