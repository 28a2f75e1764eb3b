-- A reset link works only for the password it was sent for. Whatever sets a new password (a reset
-- by mail, changePassword, an admin's resetStaffPassword, a staff member's first password) spends
-- every link of the account still unused, in the same transaction: a link mailed before, and read
-- by whoever got into the mailbox, no longer takes the account over afterwards. The service asking
-- for a new link spends the older ones itself (password-reset.service.ts).

create function users_password_change_spends_reset_links() returns trigger language plpgsql as $$
begin
  update password_reset_tokens set used_at = now() where user_id = new.id and used_at is null;
  return null;
end;
$$;

create trigger users_password_change_spends_reset_links after update of password_hash on users
  for each row when (old.password_hash is distinct from new.password_hash)
  execute function users_password_change_spends_reset_links();
