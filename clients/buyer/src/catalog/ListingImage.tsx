import type { ListingImageView } from './listing-view';
import classes from './catalog.module.css';

/**
 * A listing's first image in a fixed 4:3 frame (no layout shift whatever the image's size: the
 * frame reserves the space, width/height give the browser the ratio before the bytes arrive), or a
 * neutral placeholder when the listing has none. `priority` for the images in the first row of the
 * catalog and the listing page's main image: they are the largest contentful paint.
 */
export function ListingImage({
  image,
  title,
  platformLabel,
  priority = false,
  sizes,
}: {
  image: ListingImageView | undefined;
  title: string;
  platformLabel: string;
  priority?: boolean;
  sizes: string;
}) {
  if (!image) {
    return (
      <div className={classes.imageFrame} data-placeholder="true" aria-hidden="true">
        <span className={classes.placeholderText}>{platformLabel}</span>
      </div>
    );
  }
  return (
    <div className={classes.imageFrame}>
      {/* Plain img: the API already serves resized variants (srcSet); next/image would resize again. */}
      <img
        className={classes.image}
        src={image.url}
        srcSet={image.srcSet}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={image.alt || title}
        loading={priority ? 'eager' : 'lazy'}
        fetchPriority={priority ? 'high' : 'auto'}
        decoding="async"
      />
    </div>
  );
}
