import sharp from 'sharp';
import { normaliseImage, renderVariant, variantWidthFor, type ImageLimits } from './listing-image-processing';

const limits: ImageLimits = { maxBytes: 2 * 1024 * 1024, maxPixels: 4_000_000 };

function canvas(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } });
}

async function accepted(body: Buffer) {
  const result = await normaliseImage(body, limits);
  if (!('image' in result)) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  return result.image;
}

async function refusedCode(body: Buffer, custom: ImageLimits = limits) {
  const result = await normaliseImage(body, custom);
  return 'refusal' in result ? result.refusal.code : 'ACCEPTED';
}

describe('normaliseImage', () => {
  it('accepts JPEG, PNG, WebP, AVIF and GIF, recognised by their content, and re-encodes them as WebP', async () => {
    // given one picture in every accepted format
    const base = canvas(64, 48);
    const bodies = {
      jpeg: await base.clone().jpeg().toBuffer(),
      png: await base.clone().png().toBuffer(),
      webp: await base.clone().webp().toBuffer(),
      avif: await base.clone().avif().toBuffer(),
      gif: await base.clone().gif().toBuffer(),
    };
    for (const [format, body] of Object.entries(bodies)) {
      // when each is normalised
      const image = await accepted(body);
      // then its source format is read from its bytes and the result is a WebP of the same size
      expect(image.sourceFormat).toBe(format);
      expect(image.contentType).toBe('image/webp');
      expect((await sharp(image.body).metadata()).format).toBe('webp');
      expect([image.width, image.height]).toEqual([64, 48]);
      expect(image.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses SVG, text, a PDF, random bytes and a truncated image, whatever they claim to be', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
    );
    const png = await canvas(200, 200).png().toBuffer();
    for (const body of [
      svg,
      Buffer.from('<?xml version="1.0"?>' + svg.toString()),
      Buffer.from('just some text, not an image'),
      Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n'),
      Buffer.from(Array.from({ length: 500 }, (_, index) => (index * 37) % 256)),
      png.subarray(0, 60),
    ]) {
      expect(await refusedCode(body)).toBe('UNSUPPORTED_IMAGE_TYPE');
    }
  });

  it('refuses an empty file and one over the byte cap', async () => {
    expect(await refusedCode(Buffer.alloc(0))).toBe('EMPTY_FILE');
    const png = await canvas(300, 300).png({ compressionLevel: 0 }).toBuffer();
    expect(await refusedCode(png, { maxBytes: png.length - 1, maxPixels: limits.maxPixels })).toBe(
      'FILE_TOO_LARGE',
    );
    expect(await refusedCode(png, { maxBytes: png.length, maxPixels: limits.maxPixels })).toBe('ACCEPTED');
  });

  it('refuses a decompression bomb: a small file whose canvas is over the pixel cap', async () => {
    // given a 6000 × 6000 single-colour PNG: a few hundred kilobytes, 36 megapixels once decoded
    const bomb = await canvas(6000, 6000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    // then it is refused before it is decoded, and a picture just under the cap is not
    expect(await refusedCode(bomb)).toBe('TOO_MANY_PIXELS');
    expect(await refusedCode(await canvas(2000, 2000).png().toBuffer())).toBe('ACCEPTED');
  });

  it('strips EXIF (GPS position included), XMP and ICC metadata', async () => {
    // given a JPEG carrying a GPS position, a copyright line and an ICC profile
    const withGps = await canvas(80, 60)
      .jpeg()
      .withIccProfile('p3')
      .withExif({
        IFD0: { Copyright: 'Secret Camera Owner', Make: 'SpyCam' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 2645/100',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 3959/100',
        },
      })
      .toBuffer();
    const before = await sharp(withGps).metadata();
    expect(before.exif?.toString('latin1')).toContain('SpyCam');
    expect(before.exif?.toString('latin1')).toContain('N');
    expect(before.icc).toBeDefined();
    // when it is normalised
    const image = await accepted(withGps);
    // then none of it is left
    const after = await sharp(image.body).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(image.body.toString('latin1')).not.toContain('SpyCam');
    expect(image.body.toString('latin1')).not.toContain('Secret Camera Owner');
    expect(image.body.toString('latin1')).not.toMatch(/Exif|GPS/);
  });

  it('turns an image upright by its EXIF orientation, then forgets the orientation', async () => {
    // given a 80 × 40 picture stored with "rotate 90° clockwise" (orientation 6)
    const rotated = await canvas(80, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const image = await accepted(rotated);
    expect([image.width, image.height]).toEqual([40, 80]);
    expect((await sharp(image.body).metadata()).orientation).toBeUndefined();
  });

  it('scales a large picture down to 2048 pixels on its longer side', async () => {
    const image = await accepted(await canvas(2800, 1400).jpeg().toBuffer());
    expect([image.width, image.height]).toEqual([2048, 1024]);
  });
});

describe('variants', () => {
  it('renders a WebP at an allowed width, never wider than the original', async () => {
    const stored = (await accepted(await canvas(1000, 500).png().toBuffer())).body;
    const small = await sharp(await renderVariant(stored, 320)).metadata();
    expect([small.format, small.width, small.height]).toEqual(['webp', 320, 160]);
    const large = await sharp(await renderVariant(stored, 1280)).metadata();
    expect(large.width).toBe(1000);
  });

  it('rounds a requested width up to an allowed one', () => {
    expect([null, 1, 160, 161, 640, 641, 5000].map(variantWidthFor)).toEqual([
      640, 160, 160, 320, 640, 1280, 1280,
    ]);
  });
});
