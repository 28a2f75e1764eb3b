import crypto from 'node:crypto';
import sharp, { type OutputInfo } from 'sharp';

/**
 * What an uploaded listing image becomes before anything stores it: its type decided by its
 * content (sharp reads the header, whatever the client claims), its size and pixel count capped
 * (a decompression bomb is a small file with a huge canvas: `limitInputPixels` refuses it before
 * a pixel is decoded), turned upright by its EXIF orientation, scaled down to at most
 * `normalisedMaxSide` on its longer side and re-encoded as WebP. Re-encoding drops every piece of
 * metadata (EXIF with GPS position and camera serials, XMP, ICC, comments): sharp writes none
 * unless asked, and we never ask. Only the first frame of an animated GIF or WebP is kept.
 */

/** Accepted by content. AVIF is sharp's `heif` container with AV1 compression; HEIC (HEVC) is not accepted. */
export const acceptedImageFormats = ['jpeg', 'png', 'webp', 'avif', 'gif'] as const;
export type AcceptedImageFormat = (typeof acceptedImageFormats)[number];

/** The longer side of a stored image; variants are never wider than this. */
export const normalisedMaxSide = 2048;

/** The widths variants are served at; anything else is refused, so nobody makes us render arbitrary sizes. */
export const variantWidths = [160, 320, 640, 1280] as const;
export type VariantWidth = (typeof variantWidths)[number];
export const defaultVariantWidth: VariantWidth = 640;

export interface ImageLimits {
  maxBytes: number;
  /** width × height of the input, every frame counted once (sharp's limitInputPixels). */
  maxPixels: number;
}

export interface NormalisedImage {
  body: Buffer;
  contentType: 'image/webp';
  width: number;
  height: number;
  sha256: string;
  /** What the upload was, by its content. */
  sourceFormat: AcceptedImageFormat;
}

export type ImageRefusal =
  | { code: 'EMPTY_FILE'; message: string }
  | { code: 'FILE_TOO_LARGE'; message: string }
  | { code: 'TOO_MANY_PIXELS'; message: string }
  | { code: 'UNSUPPORTED_IMAGE_TYPE'; message: string };

const unsupported: ImageRefusal = {
  code: 'UNSUPPORTED_IMAGE_TYPE',
  message: 'Upload a JPEG, PNG, WebP, AVIF or GIF image.',
};

export async function normaliseImage(
  body: Buffer,
  limits: ImageLimits,
): Promise<{ image: NormalisedImage } | { refusal: ImageRefusal }> {
  if (body.length === 0) return { refusal: { code: 'EMPTY_FILE', message: 'The file is empty.' } };
  if (body.length > limits.maxBytes) {
    return {
      refusal: { code: 'FILE_TOO_LARGE', message: `Images are at most ${limits.maxBytes} bytes.` },
    };
  }
  const tooManyPixels: ImageRefusal = {
    code: 'TOO_MANY_PIXELS',
    message: `Images are at most ${limits.maxPixels} pixels (width × height).`,
  };
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 } as const;
  let format: AcceptedImageFormat | null;
  let pixels: number;
  try {
    const metadata = await sharp(body, options).metadata();
    format = acceptedFormat(metadata.format, metadata.compression);
    pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  } catch (error) {
    return { refusal: isPixelLimit(error) ? tooManyPixels : unsupported };
  }
  if (!format) return { refusal: unsupported };
  if (pixels > limits.maxPixels) return { refusal: tooManyPixels };
  let output: { data: Buffer; info: OutputInfo };
  try {
    output = await sharp(body, options)
      .autoOrient()
      .resize({
        width: normalisedMaxSide,
        height: normalisedMaxSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .webp({ quality: 88 })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    // A header that parses over a body that does not (truncated, corrupt) is no image we accept.
    return { refusal: isPixelLimit(error) ? tooManyPixels : unsupported };
  }
  return {
    image: {
      body: output.data,
      contentType: 'image/webp',
      width: output.info.width,
      height: output.info.height,
      sha256: crypto.createHash('sha256').update(output.data).digest('hex'),
      sourceFormat: format,
    },
  };
}

/** A WebP variant `width` pixels wide (never wider than the stored image), for the local driver. */
export async function renderVariant(stored: Buffer, width: VariantWidth): Promise<Buffer> {
  return sharp(stored, { limitInputPixels: normalisedMaxSide * normalisedMaxSide })
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
}

/** The allowed width for a requested one: the smallest variant at least that wide, or the largest. */
export function variantWidthFor(requested: number | null | undefined): VariantWidth {
  if (requested === null || requested === undefined) return defaultVariantWidth;
  return variantWidths.find((width) => width >= requested) ?? variantWidths[variantWidths.length - 1]!;
}

export function isVariantWidth(value: number): value is VariantWidth {
  return (variantWidths as readonly number[]).includes(value);
}

function acceptedFormat(
  format: string | undefined,
  compression: string | undefined,
): AcceptedImageFormat | null {
  if (format === 'heif') return compression === 'av1' ? 'avif' : null;
  return (acceptedImageFormats as readonly string[]).includes(format ?? '')
    ? (format as AcceptedImageFormat)
    : null;
}

function isPixelLimit(error: unknown): boolean {
  return error instanceof Error && /pixel limit/i.test(error.message);
}
