import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp, type TestClient, rawId } from '../../test/harness';
import { newBuyer } from '../../test/marketplace';
import {
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  postMessageMutation,
  type Staff,
} from '../../test/dispute-helpers';

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  crypto.randomBytes(200),
]);
const maxBytes = 4_096;

interface UploadAnswer {
  status: number;
  body: {
    attachment?: {
      id: string;
      contentType: string;
      sizeBytes: number;
      sha256: string;
      fileName: string | null;
    };
    error?: string;
  };
}

async function upload(
  testApp: TestApp,
  client: TestClient | null,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<UploadAnswer> {
  const response = await fetch(`${testApp.baseUrl}/attachments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(client ? { cookie: client.cookieHeader(), 'x-csrf-token': client.cookies.get('cs_csrf')! } : {}),
      ...headers,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
}

/** The signed URL, pointed at the test server (PUBLIC_URL names the configured host). */
function local(testApp: TestApp, signedUrl: string): string {
  const url = new URL(signedUrl);
  return `${testApp.baseUrl}${url.pathname}${url.search}`;
}

describe('dispute attachments', () => {
  let testApp: TestApp;
  let directory: string;
  let support: Staff;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-attachments-'));
    testApp = await startTestApp({
      ATTACHMENT_DIR: directory,
      ATTACHMENT_MAX_BYTES: String(maxBytes),
      ATTACHMENT_URL_TTL_SECONDS: '60',
    });
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  describe('POST /attachments', () => {
    it('stores an accepted file under its SHA-256, once however often it is uploaded', async () => {
      const { client } = await newBuyer(testApp);
      const first = await upload(testApp, client, png, {
        'x-file-name': encodeURIComponent('screen shot.png'),
      });
      const again = await upload(testApp, client, png);
      const sha256 = crypto.createHash('sha256').update(png).digest('hex');
      expect(first).toMatchObject({
        status: 201,
        body: {
          attachment: {
            contentType: 'image/png',
            sizeBytes: png.length,
            sha256,
            fileName: 'screen shot.png',
          },
        },
      });
      expect(again.body.attachment!.id).not.toBe(first.body.attachment!.id);
      expect(fs.readdirSync(path.join(directory, sha256.slice(0, 2)))).toEqual([sha256]);
      expect(fs.readFileSync(path.join(directory, sha256.slice(0, 2), sha256)).equals(png)).toBe(true);
    });

    it('recognises the accepted types by their content, whatever the client says', async () => {
      const { client } = await newBuyer(testApp);
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(64)]);
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
      const text = Buffer.from('Chat log: the seller said the key was used.\nÉté ✓\n');
      for (const [body, type] of [
        [jpeg, 'image/jpeg'],
        [pdf, 'application/pdf'],
        [text, 'text/plain'],
      ] as const) {
        const answer = await upload(testApp, client, body, { 'content-type': 'image/png' });
        expect(answer).toMatchObject({ status: 201, body: { attachment: { contentType: type } } });
      }
    });

    it('refuses a file of another type, an empty one and one that is too big', async () => {
      const { client } = await newBuyer(testApp);
      const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), crypto.randomBytes(100)]);
      const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(10), crypto.randomBytes(100)]);
      expect(await upload(testApp, client, zip)).toEqual({
        status: 422,
        body: expect.objectContaining({ error: 'UNSUPPORTED_FILE_TYPE' }),
      });
      expect(await upload(testApp, client, executable, { 'content-type': 'image/png' })).toMatchObject({
        status: 422,
        body: { error: 'UNSUPPORTED_FILE_TYPE' },
      });
      expect(await upload(testApp, client, Buffer.alloc(0))).toMatchObject({
        status: 422,
        body: { error: 'EMPTY_FILE' },
      });
      const tooBig = Buffer.concat([png, Buffer.alloc(maxBytes)]);
      expect(await upload(testApp, client, tooBig)).toMatchObject({
        status: 413,
        body: { error: 'FILE_TOO_LARGE' },
      });
    });

    it('names a file by the type found in it: a PNG sent as "poly.svg" is shown and downloaded as "poly.svg.png"', async () => {
      // given a buyer who attaches a PNG named like a vector image, and a text named like a web page
      const order = await heldOrder(testApp);
      const image = await upload(testApp, order.buyer.client, png, { 'x-file-name': 'poly.svg' });
      const page = await upload(testApp, order.buyer.client, Buffer.from('<script>alert(1)</script>\n'), {
        'x-file-name': encodeURIComponent('<img src=x onerror=alert(1)>.html'),
      });
      // then each is named with the extension of what it holds
      expect(image.body.attachment!.fileName).toBe('poly.svg.png');
      expect(page.body.attachment!.fileName).toBe('<img src=x onerror=alert(1)>.html.txt');
      const opened = await openDispute(order.buyer, order.orderId, {
        attachments: [image.body.attachment!.id, page.body.attachment!.id],
      });
      expect(opened.errors).toEqual([]);

      // and the other party reads those names, and downloads the files under them
      const seen = await order.seller.client.data(
        `query ($id: ID!) { dispute(id: $id) { messages { attachments { fileName contentType url { url } } } } }`,
        { id: opened.dispute!.id },
      );
      const attachments = seen['dispute']['messages'][0]['attachments'] as {
        fileName: string;
        contentType: string;
        url: { url: string };
      }[];
      expect(attachments.map((attachment) => [attachment.fileName, attachment.contentType])).toEqual([
        ['poly.svg.png', 'image/png'],
        ['<img src=x onerror=alert(1)>.html.txt', 'text/plain'],
      ]);
      const dispositions = await Promise.all(
        attachments.map(async (attachment) =>
          (await fetch(local(testApp, attachment.url.url))).headers.get('content-disposition'),
        ),
      );
      expect(dispositions).toEqual([
        `inline; filename*=UTF-8''${encodeURIComponent('poly.svg.png')}`,
        `attachment; filename*=UTF-8''${encodeURIComponent('<img src=x onerror=alert(1)>.html.txt')}`,
      ]);
    });

    it('refuses a file name that hides its real extension behind a right-to-left override', async () => {
      const { client } = await newBuyer(testApp);
      const answer = await upload(testApp, client, png, {
        'x-file-name': encodeURIComponent('invoice\u202egnp.exe'),
      });
      expect(answer).toMatchObject({ status: 422, body: { error: 'INVALID_FILE_NAME' } });
    });

    it('needs a session with its CSRF token', async () => {
      const { client } = await newBuyer(testApp);
      expect((await upload(testApp, null, png)).status).toBe(401);
      expect((await upload(testApp, client, png, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    });
  });

  describe('signed URLs', () => {
    it('serve the file to a party and to staff, and to nobody else, and not after they expire', async () => {
      // given a dispute whose buyer attached a screenshot
      const order = await heldOrder(testApp);
      const uploaded = await upload(testApp, order.buyer.client, png);
      const attachmentId = uploaded.body.attachment!.id;
      const opened = await openDispute(order.buyer, order.orderId, { attachments: [attachmentId] });
      expect(opened.errors).toEqual([]);
      const query = `query ($id: ID!) { dispute(id: $id) { messages { attachments { id sha256 url { url expiresAt } } } } }`;

      // when the seller (the other party) reads the dispute, the attachment comes with a URL that works
      const seen = await order.seller.client.data(query, { id: opened.dispute!.id });
      const attachment = seen['dispute']['messages'][0]['attachments'][0];
      expect(attachment).toMatchObject({ id: attachmentId, sha256: uploaded.body.attachment!.sha256 });
      const download = await fetch(local(testApp, attachment.url.url));
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
      expect(new Date(attachment.url.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);

      // and staff can read it too
      const staffView = await support.client.data(
        `query ($id: ID!) { disputeAttachment(id: $id) { url { url } } }`,
        { id: attachmentId },
      );
      expect((await fetch(local(testApp, staffView['disputeAttachment']['url']['url']))).status).toBe(200);

      // then an outsider gets no URL, and cannot turn the seller's URL into theirs
      const outsider = await newBuyer(testApp);
      const outsiderView = await outsider.client.data(
        `query ($id: ID!) { disputeAttachment(id: $id) { url { url } } }`,
        { id: attachmentId },
      );
      expect(outsiderView['disputeAttachment']).toBeNull();
      const borrowed = new URL(attachment.url.url);
      borrowed.searchParams.set('viewer', outsider.rawId);
      expect((await fetch(local(testApp, borrowed.toString()))).status).toBe(403);
      const otherFile = new URL(attachment.url.url);
      otherFile.pathname = `/attachments/${crypto.randomUUID()}`;
      expect((await fetch(local(testApp, otherFile.toString()))).status).toBe(403);
      // and a URL signed for an outsider (as if the key had issued one) is refused on the right to read
      const forOutsider = testApp.services.attachments.signedUrl(rawId(attachmentId), outsider.rawId);
      expect((await fetch(local(testApp, forOutsider.url))).status).toBe(403);

      // and a URL past its expiry is refused, however well signed
      const expired = testApp.services.attachments.signedUrl(
        rawId(attachmentId),
        order.seller.rawId,
        Date.now() - 61_000,
      );
      expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
      expect((await fetch(local(testApp, expired.url))).status).toBe(403);
    });

    it("refuses to attach someone else's upload", async () => {
      const { buyer, disputeId } = await disputedOrder(testApp);
      const stranger = await newBuyer(testApp);
      const theirs = await upload(testApp, stranger.client, Buffer.from('not yours\n'));
      const answer = await buyer.client.data(postMessageMutation, {
        input: { disputeId, message: 'see attached', attachments: [theirs.body.attachment!.id] },
      });
      expect(answer['postDisputeMessage']['errors'].map((error: { code: string }) => error.code)).toEqual([
        'ATTACHMENT_NOT_FOUND',
      ]);
    });
  });
});
