-- Evidence uploads that no dispute message ever attached are deleted ATTACHMENT_UNATTACHED_TTL_HOURS
-- after they were made, with their bytes when no other upload names them (a sweep:
-- server/src/disputes/attachments.service.ts). An attached upload stays forever, as evidence: the
-- foreign key of dispute_message_attachments refuses its deletion. Rows are still never updated.
drop trigger dispute_attachments_append_only on dispute_attachments;
create trigger dispute_attachments_no_update before update on dispute_attachments
  for each row execute function reject_mutation();
-- The sweep's walk, oldest first, and its question "does another upload name these bytes?".
create index dispute_attachments_created_idx on dispute_attachments (created_at);
create index dispute_attachments_content_idx on dispute_attachments (content_sha256);

-- An upload is attached to one message at most. Before this migration nothing refused a second
-- use, and the links are append-only, so existing databases may hold some: a unique index would
-- not build there. This trigger refuses every new link of an upload that already has one; it
-- locks the upload's row first, so of two transactions linking one upload the second sees the first.
create function dispute_message_attachments_once() returns trigger language plpgsql as $$
begin
  perform 1 from dispute_attachments where id = new.attachment_id for update;
  if exists (select 1 from dispute_message_attachments where attachment_id = new.attachment_id) then
    raise exception 'attachment % is already attached to a message', new.attachment_id
      using errcode = 'unique_violation', constraint = 'dispute_message_attachments_once';
  end if;
  return new;
end;
$$;
create trigger dispute_message_attachments_once before insert on dispute_message_attachments
  for each row execute function dispute_message_attachments_once();
