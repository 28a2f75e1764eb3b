/**
 * The type of an uploaded file, decided by its first bytes and never by what the client claims.
 * Four kinds are accepted: PNG, JPEG, PDF and plain UTF-8 text. Anything else is refused.
 */
export const attachmentContentTypes = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpegSignature = Buffer.from([0xff, 0xd8, 0xff]);
const pdfSignature = Buffer.from('%PDF-', 'latin1');

/** The extensions a file of each type may carry; the first is the one given to a name without one. */
const extensions: Record<AttachmentContentType, readonly string[]> = {
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'application/pdf': ['.pdf'],
  'text/plain': ['.txt', '.log', '.csv'],
};

/**
 * The name a file is saved and shown under: the uploader's name if its extension matches the type
 * detected from the content, else that name with the type's extension added ("poly.svg" holding a
 * PNG is "poly.svg.png", a text named "x.html" is "x.html.txt"), so that a saved file opens as what
 * it is, never as a page or a program. `fallback` names a file uploaded without a name. At most
 * `maxCharacters` characters (code points): a long name is shortened before the extension.
 */
export function downloadFileName(
  fileName: string | null,
  contentType: string,
  fallback: string,
  maxCharacters = Infinity,
): string {
  const allowed = extensions[contentType as AttachmentContentType] ?? [];
  const name = fileName ?? fallback;
  const lower = name.toLowerCase();
  if (allowed.some((extension) => lower.endsWith(extension) && lower.length > extension.length)) return name;
  const extension = allowed[0] ?? '';
  return `${[...name].slice(0, Math.max(1, maxCharacters - extension.length)).join('')}${extension}`;
}

export function sniffContentType(body: Buffer): AttachmentContentType | null {
  if (startsWith(body, pngSignature)) return 'image/png';
  if (startsWith(body, jpegSignature)) return 'image/jpeg';
  if (startsWith(body, pdfSignature)) return 'application/pdf';
  return isPlainText(body) ? 'text/plain' : null;
}

function startsWith(body: Buffer, signature: Buffer): boolean {
  return body.length > signature.length && body.subarray(0, signature.length).equals(signature);
}

/**
 * Valid UTF-8 with no control characters but tab, line feed, carriage return and form feed: a
 * text a person wrote (a chat log, a receipt). Binary files of other kinds fail this.
 */
function isPlainText(body: Buffer): boolean {
  if (body.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
