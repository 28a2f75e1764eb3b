import { csrfHeader, readCsrfToken, refreshPath } from '@codesale/client-shared';

/** The listing image field's rules and its upload, apart from React so they are tested alone. */

/** LISTING_IMAGE_MAX_PER_LISTING's default on the server; the server has the last word. */
export const maxImagesPerListing = 8;
/** LISTING_IMAGE_MAX_BYTES's default on the server (10 MiB). */
export const maxImageBytes = 10 * 1024 * 1024;
/** What the file picker offers; the server decides by content, whatever the picker let through. */
export const acceptedImageTypes = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

export interface ImageItem {
  /** The ListingImage id, as setListingImages takes it. */
  id: string;
  /** A thumbnail URL (320 pixels wide). */
  url: string;
  alt: string;
}

export type UploadOutcome = { ok: true; image: ImageItem } | { ok: false; code: string; message: string };

const messages: Record<string, string> = {
  UNSUPPORTED_IMAGE_TYPE: 'is not a JPEG, PNG, WebP, AVIF or GIF image.',
  FILE_TOO_LARGE: 'is too large.',
  TOO_MANY_PIXELS: 'has too many pixels.',
  EMPTY_FILE: 'is empty.',
  TOO_MANY_UPLOADS: 'was not uploaded: too many uploads in the last 24 hours.',
  TOO_MANY_UNATTACHED_IMAGES: 'was not uploaded: save the images you already uploaded first.',
  SERVER_BUSY: 'was not uploaded: the server is busy processing images; try again in a few seconds.',
};

/** A sentence naming the file and what was wrong with it. */
export function uploadErrorMessage(fileName: string, code: string, message: string): string {
  const known = messages[code];
  return known ? `${fileName} ${known}` : `${fileName}: ${message}`;
}

/** Checks the browser can make before sending a file: its size and how many images there would be. */
export function precheckFiles(
  files: readonly { name: string; size: number }[],
  current: number,
): { accepted: number[]; refused: string[] } {
  const accepted: number[] = [];
  const refused: string[] = [];
  files.forEach((file, index) => {
    if (file.size > maxImageBytes) refused.push(uploadErrorMessage(file.name, 'FILE_TOO_LARGE', ''));
    else if (current + accepted.length >= maxImagesPerListing)
      refused.push(`${file.name} was not added: a listing has at most ${maxImagesPerListing} images.`);
    else accepted.push(index);
  });
  return { accepted, refused };
}

/**
 * POST /listing-images with the session cookies and the CSRF token, the file as the body. An
 * expired access cookie (401) is refreshed once, as the GraphQL client does, then the upload is
 * sent again.
 */
export async function uploadListingImage(
  file: Blob & { name: string },
  fetcher: typeof fetch = fetch,
): Promise<UploadOutcome> {
  const send = () =>
    fetcher('/listing-images', {
      method: 'POST',
      credentials: 'include',
      headers: {
        'content-type': 'application/octet-stream',
        [csrfHeader]: readCsrfToken() ?? '',
      },
      body: file,
    });
  let response: Response;
  try {
    response = await send();
    if (response.status === 401) {
      const refreshed = await fetcher(refreshPath, {
        method: 'POST',
        credentials: 'include',
        headers: { [csrfHeader]: readCsrfToken() ?? '' },
      });
      if (refreshed.ok) response = await send();
    }
  } catch {
    return {
      ok: false,
      code: 'NO_ANSWER',
      message: `${file.name} was not uploaded: the server did not answer.`,
    };
  }
  const body = (await response.json().catch(() => ({}))) as {
    id?: string;
    url?: string;
    error?: string;
    message?: string;
  };
  if (response.status === 201 && body.id && body.url) {
    return { ok: true, image: { id: body.id, url: body.url, alt: file.name } };
  }
  const code = body.error ?? `HTTP_${response.status}`;
  return {
    ok: false,
    code,
    message: uploadErrorMessage(file.name, code, body.message ?? 'the upload failed.'),
  };
}

/** The list with the image at `index` moved by `offset` places (clamped to the ends). */
export function moveImage<T>(images: readonly T[], index: number, offset: number): T[] {
  const target = Math.min(Math.max(index + offset, 0), images.length - 1);
  if (index < 0 || index >= images.length || target === index) return [...images];
  const next = [...images];
  const [moved] = next.splice(index, 1);
  next.splice(target, 0, moved!);
  return next;
}

export function removeImage<T extends { id: string }>(images: readonly T[], id: string): T[] {
  return images.filter((image) => image.id !== id);
}

/** Whether the edited list differs from what the listing has (order counts). */
export function imagesChanged(saved: readonly { id: string }[], edited: readonly { id: string }[]): boolean {
  return saved.length !== edited.length || saved.some((image, index) => image.id !== edited[index]!.id);
}
