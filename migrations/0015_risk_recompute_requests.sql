-- Risk recomputes without a job per fact (issue 11). The transaction that changes a fact a risk
-- score reads (an order placed, released or refunded, a chargeback) upserts its user's row here
-- with one statement (risk/risk.jobs.ts, enqueueRiskRecompute), so the request exists if and only
-- if the fact commits, and any number of facts of one user wait as one row. The drain
-- (RiskService.drainRecomputeRequests, every RISK_RECOMPUTE_SWEEP_SECONDS) recomputes each user
-- once, from the history as it then is, and deletes the row in that recompute's transaction only
-- if `version` is still the one it read: a request that arrived meanwhile bumped it and stays.
--
-- No foreign key to users: its check would lock the user's row (FOR KEY SHARE) in every purchase.
-- A request for a user that does not exist fails its recompute, as a bug, and is left after
-- JOBS_MAX_ATTEMPTS failures with its error, like a failed job.
create table risk_recompute_requests (
  user_id uuid primary key,
  -- The last reason given; the recompute records it on its snapshots.
  reason text not null check (reason ~ '^[A-Z][A-Z_]{0,63}$'),
  -- The first request still waiting: the drain serves the oldest first.
  requested_at timestamptz not null default now(),
  -- Bumped by every request: the drain deletes only the version it served.
  version bigint not null default 1 check (version >= 1),
  -- Failed recomputes of this version (a new request starts again at 0), and the last error.
  attempts integer not null default 0 check (attempts >= 0),
  last_error text check (length(last_error) <= 2000)
) with (fillfactor = 50);
-- Rows are updated in place by every fact of a waiting user (no indexed column changes), and
-- inserted and deleted every few seconds: room on each page keeps those updates HOT.

-- A database that ran the previous version holds a job per order (escrow.auto_release) and per
-- user (risk.recompute with the key risk_recompute:<user id>, or without a key when its keyed job
-- was running). The sweep derives the auto-releases from the orders themselves; the pending
-- recomputes become requests, with the reason of the newest job. Jobs a worker holds are left to
-- finish. The job queue's schema is installed after these migrations: a new database has none.
do $$
begin
  if to_regclass('graphile_worker._private_jobs') is null then
    return;
  end if;
  insert into risk_recompute_requests (user_id, reason)
  select distinct on (job.payload ->> 'userId') (job.payload ->> 'userId')::uuid,
         case when job.payload ->> 'reason' ~ '^[A-Z][A-Z_]{0,63}$' then job.payload ->> 'reason' else 'MANUAL' end
    from graphile_worker._private_jobs job
    join graphile_worker._private_tasks task on task.id = job.task_id
   where task.identifier = 'risk.recompute'
     and (job.key is null or job.key like 'risk\_recompute:%')
     and job.payload ->> 'reason' is distinct from 'OVERRIDE_EXPIRED'
     and job.locked_at is null
     and job.payload ->> 'userId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
   order by job.payload ->> 'userId', job.id desc
  on conflict (user_id) do nothing;
  delete from graphile_worker._private_jobs job
   using graphile_worker._private_tasks task
   where task.id = job.task_id
     and job.locked_at is null
     and (task.identifier = 'escrow.auto_release'
          or (task.identifier = 'risk.recompute' and (job.key is null or job.key like 'risk\_recompute:%')
              and job.payload ->> 'reason' is distinct from 'OVERRIDE_EXPIRED'));
end
$$;
