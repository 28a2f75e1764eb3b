-- Admins read the audit log newest first (auditLog), whole or by actor, subject or action: one
-- index per way in, each in the order of the keyset (created_at desc, id desc) so a page is an
-- index range scan however long the log grows. The subject index of 0001 leads with subject_type,
-- which the reader matches case-insensitively (payout holds wrote `USER`), so it cannot serve it.
create index audit_log_newest_idx on audit_log (created_at desc, id desc);
create index audit_log_actor_idx on audit_log (actor_user_id, created_at desc, id desc)
  where actor_user_id is not null;
create index audit_log_subject_id_idx on audit_log (subject_id, created_at desc, id desc);
create index audit_log_action_idx on audit_log (action, created_at desc, id desc);
