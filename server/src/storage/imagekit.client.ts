/**
 * ImageKit (https://imagekit.io), for listing images when IMAGEKIT_* is set. The server uploads
 * each normalised image itself through ImageKit's server-side upload API (POST multipart to
 * `upload.imagekit.io/api/v1/files/upload`, HTTP Basic authentication with the private key as the
 * user name and an empty password), so the private key never leaves the server and what reaches
 * ImageKit has already been checked and stripped by us. Browsers then load ImageKit URLs with a
 * width transformation: `<urlEndpoint><filePath>?tr=w-<width>`.
 *
 * The file is named by the SHA-256 of its content, without ImageKit's unique suffix, so uploading
 * the same image twice names the same file (overwriting it with identical bytes).
 */
export interface ImageKitOptions {
  publicKey: string;
  privateKey: string;
  /** https://ik.imagekit.io/<your id>, without a trailing slash. */
  urlEndpoint: string;
  uploadUrl: URL;
  folder: string;
}

export interface ImageKitUpload {
  fileId: string;
  /** The file's path under the URL endpoint, starting with a slash. */
  filePath: string;
}

const uploadTimeoutMs = 30_000;

export class ImageKitClient {
  constructor(private readonly options: ImageKitOptions) {}

  async upload(file: { body: Buffer; sha256: string; contentType: string }): Promise<ImageKitUpload> {
    const form = new FormData();
    form.set(
      'file',
      new Blob([new Uint8Array(file.body)], { type: file.contentType }),
      `${file.sha256}.webp`,
    );
    form.set('fileName', `${file.sha256}.webp`);
    form.set('folder', this.options.folder);
    form.set('useUniqueFileName', 'false');
    form.set('overwriteFile', 'true');
    const response = await fetch(this.options.uploadUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.options.privateKey}:`).toString('base64')}`,
        accept: 'application/json',
      },
      body: form,
      signal: AbortSignal.timeout(uploadTimeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      // ImageKit answers {"message": ...}; the private key is never part of it.
      throw new Error(`ImageKit upload failed with HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    const body = JSON.parse(text) as { fileId?: unknown; filePath?: unknown };
    if (
      typeof body.fileId !== 'string' ||
      typeof body.filePath !== 'string' ||
      !body.filePath.startsWith('/')
    ) {
      throw new Error(`ImageKit upload answered without fileId and filePath: ${text.slice(0, 300)}`);
    }
    return { fileId: body.fileId, filePath: body.filePath };
  }

  /** A URL of the file resized by ImageKit to `width` pixels wide. */
  url(filePath: string, width: number): string {
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    return `${this.options.urlEndpoint}${path}?tr=w-${width}`;
  }
}
