-- The session check (auth/auth.service.ts) reads a user's status, roles and profile, and each API
-- instance caches its answer (auth/session-cache.ts) until an event says it changed. So every
-- change of what it reads publishes USER_CHANGED { userId } in the changing transaction, whoever
-- makes it: the application, the seed, or an operator's UPDATE in psql. The event is an `events`
-- row like any other (migrations/0008_events.sql): it exists if and only if the change commits,
-- gets its sequence at commit, and wakes every instance.
create function users_publish_change() returns trigger language plpgsql as $$
begin
  insert into events (topic, scope_id, payload)
  values ('USER_CHANGED', null, jsonb_build_object('userId', new.id));
  return null;
end;
$$;
create trigger users_changed after update of status, roles, email, display_name on users
  for each row
  when ((old.status, old.roles, old.email, old.display_name)
        is distinct from (new.status, new.roles, new.email, new.display_name))
  execute function users_publish_change();
