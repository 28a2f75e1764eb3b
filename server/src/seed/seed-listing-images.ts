import crypto from 'node:crypto';
import { and, eq, inArray, ne, notExists, sql } from 'drizzle-orm';
import { ListingStatus } from '../catalog/catalog.enums';
import sharp from 'sharp';
import { listingImages, listings } from '../catalog/catalog.tables';
import type { Services } from '../services';

/**
 * Gives every listing of `sellerIds` (the seed's own sellers) that is not archived and has no image
 * one: a picture per platform and kind, drawn as an SVG and
 * rendered to PNG with sharp, uploaded through the listing image service's checks and stored once
 * (its storage key is the SHA-256 of the normalised bytes), then attached to every listing of that
 * platform and kind. 10,000 listings make at most one stored object per (platform, kind) pair, and
 * one row each. Safe to run again: listings that have images keep them. Other sellers' listings
 * are never touched (an image changes a listing's version).
 */
export async function seedListingImages(services: Services, sellerIds: string[]): Promise<string> {
  const groups = await services.database
    .select({
      platform: listings.platform,
      kind: listings.kind,
      ids: sql<string[]>`array_agg(${listings.id})`,
    })
    .from(listings)
    .where(
      and(
        inArray(listings.sellerId, sellerIds),
        ne(listings.status, ListingStatus.ARCHIVED),
        notExists(
          services.database
            .select({ one: sql`1` })
            .from(listingImages)
            .where(eq(listingImages.listingId, listings.id)),
        ),
      ),
    )
    .groupBy(listings.platform, listings.kind)
    .orderBy(listings.platform, listings.kind);
  let attached = 0;
  for (const [index, group] of groups.entries()) {
    const png = await drawCover(group.platform, group.kind);
    const count = await services.listingImages.attachToListingsWithoutImages(group.ids, png);
    attached += count;
    console.log(`  [${index + 1}/${groups.length}] ${group.platform} ${group.kind}: ${count} listings`);
  }
  return groups.length === 0
    ? 'every listing has an image already'
    : `${attached} listings given one of ${groups.length} images`;
}

const kindGlyphs: Record<string, string> = {
  GAME_KEY:
    '<circle cx="320" cy="170" r="70" fill="none" stroke="white" stroke-width="18"/><rect x="305" y="230" width="30" height="90" fill="white"/>',
  GIFT_CARD:
    '<rect x="220" y="110" width="200" height="130" rx="18" fill="white" fill-opacity="0.9"/><rect x="305" y="110" width="30" height="130" fill-opacity="0.5"/>',
  SUBSCRIPTION:
    '<circle cx="320" cy="180" r="90" fill="none" stroke="white" stroke-width="18" stroke-dasharray="420 200"/>',
  SOFTWARE_LICENSE:
    '<rect x="230" y="100" width="180" height="160" rx="10" fill="none" stroke="white" stroke-width="16"/><path d="M260 150h120M260 190h120M260 230h70" stroke="white" stroke-width="14"/>',
};

async function drawCover(platform: string, kind: string): Promise<Buffer> {
  // A colour of its own per platform and kind, from the hash of their names.
  const hash = crypto.createHash('sha256').update(`${platform}/${kind}`).digest();
  const hue = hash[0]! * (360 / 256);
  const label = `${platform.replace(/_/g, ' ')} · ${kind.replace(/_/g, ' ').toLowerCase()}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue.toFixed(0)}, 65%, 45%)"/>
    <stop offset="1" stop-color="hsl(${((hue + 40) % 360).toFixed(0)}, 70%, 25%)"/>
  </linearGradient></defs>
  <rect width="640" height="400" fill="url(#g)"/>
  ${kindGlyphs[kind] ?? kindGlyphs['GAME_KEY']}
  <text x="320" y="370" font-family="sans-serif" font-size="28" fill="white" text-anchor="middle">${label}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
