import sharp from 'sharp';
import type { TestApp, TestClient } from './harness';

/** Listing image fixtures: pictures made with sharp, uploads through POST /listing-images. */

export async function picture(
  width = 120,
  height = 80,
  colour = { r: 30, g: 120, b: 200 },
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: colour } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

export interface UploadAnswer {
  status: number;
  body: { id?: string; width?: number; height?: number; url?: string; error?: string; message?: string };
  retryAfter: string | null;
}

/** POST /listing-images as a browser would (cookies + x-csrf-token), or with the client's API key. */
export async function uploadListingImage(
  testApp: TestApp,
  client: TestClient | null,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<UploadAnswer> {
  const response = await fetch(`${testApp.baseUrl}/listing-images`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(client?.apiKey ? { 'x-api-key': client.apiKey } : {}),
      ...(client && !client.apiKey
        ? { cookie: client.cookieHeader(), 'x-csrf-token': client.csrfToken() ?? '' }
        : {}),
      ...headers,
    },
    body: new Uint8Array(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as UploadAnswer['body'],
    retryAfter: response.headers.get('retry-after'),
  };
}

export const setListingImagesMutation = `mutation ($input: SetListingImagesInput!) {
  setListingImages(input: $input) {
    listing { id version images { id alt width height url small: url(width: 200) srcSet } }
    errors { code field message }
  }
}`;

export interface ListingImageView {
  id: string;
  alt: string;
  width: number;
  height: number;
  url: string;
  small: string;
  srcSet: string;
}

export interface SetListingImagesAnswer {
  setListingImages: {
    listing: { id: string; version: number; images: ListingImageView[] } | null;
    errors: { code: string; field: string | null; message: string }[];
  };
}

export async function setListingImages(
  client: TestClient,
  input: { listingId: string; imageIds: string[]; expectedVersion?: number | null },
): Promise<SetListingImagesAnswer['setListingImages']> {
  return (await client.data<SetListingImagesAnswer>(setListingImagesMutation, { input })).setListingImages;
}
