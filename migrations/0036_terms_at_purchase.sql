-- What a buyer paid for stays readable after the seller edits the listing (the attacker probe: a
-- seller answered a WRONG_REGION dispute by changing the listing's region and description first, and
-- support saw only the new terms).
--
-- 1. An order records the listing's version it was sold at (the purchase's claim checks that version
--    under the listing's lock already: the column costs the insert one integer). Null for the
--    orders placed before this migration, whose terms were not kept.
-- 2. listing_revisions keeps a listing's terms as they were at each version a seller's edit
--    replaced: written by a trigger, only when a term changes (its WHEN clause is evaluated without
--    calling the function, so a purchase's stock and status changes cost nothing here), and never
--    changed or deleted. A version's terms are those of the first revision at or after it, or the
--    listing's own while it still has them.
alter table orders add column listing_version integer check (listing_version >= 1);

create table listing_revisions (
  listing_id uuid not null references listings (id),
  -- The version whose terms these were; they were replaced when the listing left it.
  version integer not null check (version >= 1),
  title text not null,
  description text not null,
  platform listing_platform not null,
  region listing_region not null,
  kind listing_kind not null,
  price_amount bigint not null,
  currency char(3) not null,
  replaced_at timestamptz not null default now(),
  primary key (listing_id, version)
);
create trigger listing_revisions_append_only before update or delete on listing_revisions
  for each row execute function reject_mutation();
create trigger listing_revisions_no_truncate before truncate on listing_revisions
  for each statement execute function reject_mutation();

create function listings_keep_terms() returns trigger language plpgsql as $$
begin
  insert into listing_revisions (listing_id, version, title, description, platform, region, kind, price_amount, currency)
  values (old.id, old.version, old.title, old.description, old.platform, old.region, old.kind, old.price_amount, old.currency);
  return new;
end;
$$;
create trigger listings_keep_terms before update on listings for each row
  when (old.title is distinct from new.title or old.description is distinct from new.description
        or old.platform is distinct from new.platform or old.region is distinct from new.region
        or old.price_amount is distinct from new.price_amount)
  execute function listings_keep_terms();
