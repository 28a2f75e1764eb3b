-- A tier change's created_at was now(), the start of its transaction: concurrent changes of one
-- profile, which commit one after another under the profile's lock, were listed by when they began
-- (a crowd probe: 30 concurrent overrides listed with 4 breaks in the fromTier/toTier chain, and ties).
-- Each change is stamped when it is written, after every earlier change of its (user, role): the
-- clock, or a millisecond after the latest change when the clock has not moved past it.
create function risk_tier_changes_stamp() returns trigger language plpgsql as $$
begin
  new.created_at := greatest(
    clock_timestamp(),
    (select max(created_at) + interval '1 millisecond'
       from risk_tier_changes
      where user_id = new.user_id and role = new.role));
  return new;
end
$$;

create trigger risk_tier_changes_stamp before insert on risk_tier_changes
  for each row execute function risk_tier_changes_stamp();
