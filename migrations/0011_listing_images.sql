-- Listing images (server/src/catalog/listing-images.service.ts, storage/README.md).
--
-- A seller uploads an image (POST /listing-images): it is checked by its content, re-encoded without
-- metadata and stored, then recorded here unattached (listing_id null). setListingImages attaches
-- a seller's images to one of their listings in order (position 0 first) and drops the ones it no
-- longer names. A row is one image of one listing; the bytes are addressed by the SHA-256 of the
-- normalised image (storage_key), so several rows (the seed's listings, one picture uploaded twice)
-- can share one stored object, which is stored once and never deleted with a row.
create type listing_image_driver as enum ('local', 'imagekit');

create table listing_images (
  id uuid primary key,
  listing_id uuid references listings (id),
  seller_id uuid not null references users (id),
  -- Null until attached. 32 is the hard ceiling; LISTING_IMAGE_MAX_PER_LISTING (at most 32) is the rule.
  position integer check (position between 0 and 31),
  width integer not null check (width between 1 and 16384),
  height integer not null check (height between 1 and 16384),
  content_type text not null check (content_type in ('image/webp')),
  size_bytes integer not null check (size_bytes > 0),
  -- local: the SHA-256 (hex) of the bytes in the attachment storage; imagekit: the file's path there.
  storage_driver listing_image_driver not null,
  storage_key text not null check (length(storage_key) between 1 and 400),
  content_sha256 char(64) not null check (content_sha256 ~ '^[0-9a-f]{64}$'),
  created_at timestamptz not null default now(),
  attached_at timestamptz,
  constraint listing_images_attached check ((listing_id is null) = (position is null)),
  constraint listing_images_attached_at check ((listing_id is null) = (attached_at is null)),
  -- Deferred: a reorder moves positions through each other inside one transaction.
  constraint listing_images_position unique (listing_id, position) deferrable initially deferred
);
create index listing_images_listing_idx on listing_images (listing_id, position) where listing_id is not null;
-- The per-seller upload limits count recent and unattached uploads.
create index listing_images_seller_idx on listing_images (seller_id, created_at);
create index listing_images_unattached_idx on listing_images (seller_id) where listing_id is null;
