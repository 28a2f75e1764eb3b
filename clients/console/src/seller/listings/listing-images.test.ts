/** @jest-environment jsdom */
import {
  imagesChanged,
  maxImageBytes,
  maxImagesPerListing,
  moveImage,
  precheckFiles,
  removeImage,
  uploadListingImage,
} from './listing-images';

interface Sent {
  url: string;
  init: RequestInit;
}

/** A stand-in for the network: answers each request in turn and keeps what was sent. */
function network(...answers: { status: number; body: unknown }[]) {
  const sent: Sent[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    // jsdom has no Response: the part of it the upload reads.
    return { status: answer.status, ok: answer.status < 300, json: async () => answer.body } as Response;
  }) as unknown as typeof fetch;
  return { sent, fetcher };
}

function file(name = 'cover.png', bytes = 10): Blob & { name: string } {
  return Object.assign(new Blob([new Uint8Array(bytes)], { type: 'image/png' }), { name });
}

describe('uploadListingImage', () => {
  beforeEach(() => {
    document.cookie = 'cs_csrf=token-1; path=/';
  });

  it('posts the file as the body with the session cookies and the CSRF token, and answers the image', async () => {
    const { sent, fetcher } = network({
      status: 201,
      body: { id: 'TGlzdGluZ0ltYWdlOjE', url: '/listing-images/1/320', width: 10, height: 10 },
    });
    const picked = file();
    const outcome = await uploadListingImage(picked, fetcher);
    expect(outcome).toEqual({
      ok: true,
      image: { id: 'TGlzdGluZ0ltYWdlOjE', url: '/listing-images/1/320', alt: 'cover.png' },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('/listing-images');
    expect(sent[0]!.init).toMatchObject({ method: 'POST', credentials: 'include', body: picked });
    expect((sent[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBe('token-1');
  });

  it('refreshes an expired session once and sends the file again', async () => {
    const { sent, fetcher } = network(
      { status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in to upload.' } },
      { status: 200, body: { ok: true } },
      { status: 201, body: { id: 'x', url: '/listing-images/x/320' } },
    );
    const outcome = await uploadListingImage(file(), fetcher);
    expect(outcome.ok).toBe(true);
    expect(sent.map((request) => request.url)).toEqual([
      '/listing-images',
      '/auth/refresh',
      '/listing-images',
    ]);
  });

  it("names the file and the server's reason when an upload is refused", async () => {
    const { fetcher } = network({
      status: 415,
      body: { error: 'UNSUPPORTED_IMAGE_TYPE', message: 'Upload a JPEG, PNG, WebP, AVIF or GIF image.' },
    });
    expect(await uploadListingImage(file('drawing.svg'), fetcher)).toEqual({
      ok: false,
      code: 'UNSUPPORTED_IMAGE_TYPE',
      message: 'drawing.svg is not a JPEG, PNG, WebP, AVIF or GIF image.',
    });
  });

  it('says so when the server does not answer', async () => {
    const fetcher = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await uploadListingImage(file('a.png'), fetcher)).toMatchObject({ ok: false, code: 'NO_ANSWER' });
  });
});

describe('precheckFiles', () => {
  it('refuses files over the size cap and beyond the images a listing may have', () => {
    const files = [
      { name: 'big.jpg', size: maxImageBytes + 1 },
      { name: 'a.jpg', size: 100 },
      { name: 'b.jpg', size: 100 },
    ];
    expect(precheckFiles(files, maxImagesPerListing - 1)).toEqual({
      accepted: [1],
      refused: [
        'big.jpg is too large.',
        `b.jpg was not added: a listing has at most ${maxImagesPerListing} images.`,
      ],
    });
  });
});

describe('ordering', () => {
  const images = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('moves an image earlier or later, clamped to the ends', () => {
    expect(moveImage(images, 2, -1).map((image) => image.id)).toEqual(['a', 'c', 'b']);
    expect(moveImage(images, 0, 1).map((image) => image.id)).toEqual(['b', 'a', 'c']);
    expect(moveImage(images, 0, -1).map((image) => image.id)).toEqual(['a', 'b', 'c']);
    expect(moveImage(images, 2, 5).map((image) => image.id)).toEqual(['a', 'b', 'c']);
  });

  it('removes an image and tells an edited order from the saved one', () => {
    expect(removeImage(images, 'b').map((image) => image.id)).toEqual(['a', 'c']);
    expect(imagesChanged(images, images)).toBe(false);
    expect(imagesChanged(images, moveImage(images, 1, 1))).toBe(true);
    expect(imagesChanged(images, removeImage(images, 'c'))).toBe(true);
  });
});
