/**
 * The type of an uploaded file, decided by its first bytes and never by what the client claims.
 * Four kinds are accepted: PNG, JPEG, PDF and plain UTF-8 text. Anything else is refused.
 */
export const attachmentContentTypes = ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpegSignature = Buffer.from([0xff, 0xd8, 0xff]);
const pdfSignature = Buffer.from('%PDF-', 'latin1');

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
