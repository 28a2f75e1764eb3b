import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  queryDatabase,
  startTestApp,
  type TestApp,
  type TestClient,
  rawId,
  untilWaitingBehind,
} from '../../test/harness';
import { newBuyer } from '../../test/marketplace';
import { answerWithoutTheBody } from '../../test/unsent-body';
import {
  disputedOrder,
  heldOrder,
  newStaff,
  openDispute,
  postMessageMutation,
  type Staff,
} from '../../test/dispute-helpers';
import { unattachedCleanupSweep } from './attachments.service';

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  crypto.randomBytes(200),
]);
const maxBytes = 4_096;
const maxUnattached = 3;

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

function sha256Of(body: Buffer): string {
  return crypto.createHash('sha256').update(body).digest('hex');
}

/** A buyer who may upload evidence: their order is held and inside its protection window. */
async function buyerWithHeldOrder(testApp: TestApp) {
  return (await heldOrder(testApp)).buyer;
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
      ATTACHMENT_MAX_UNATTACHED: String(maxUnattached),
    });
    support = await newStaff(testApp, ['SUPPORT']);
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  describe('POST /attachments', () => {
    it('stores an accepted file under its SHA-256, once however often it is uploaded', async () => {
      const { client } = await buyerWithHeldOrder(testApp);
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
      const { client } = await buyerWithHeldOrder(testApp);
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
      const { client } = await buyerWithHeldOrder(testApp);
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
      const { client } = await buyerWithHeldOrder(testApp);
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

    it("refuses a stranger's upload from its headers, before reading the body (even one over the size limit)", async () => {
      expect(await answerWithoutTheBody(testApp.baseUrl, '/attachments', 100 * 1024 * 1024)).toEqual({
        status: 401,
        body: expect.objectContaining({ error: 'UNAUTHENTICATED' }),
      });
    });

    it('takes files only from those who could attach them: buyers of disputable orders, parties of open disputes, staff', async () => {
      // given a new account without orders, and a seller whose sale nobody disputes yet
      const newcomer = await newBuyer(testApp);
      const order = await heldOrder(testApp);
      const file = Buffer.from(`evidence of nothing ${crypto.randomUUID()}\n`);

      // when each uploads, then each is refused with 403, and nothing is stored
      for (const client of [newcomer.client, order.seller.client]) {
        expect(await upload(testApp, client, file)).toEqual({
          status: 403,
          body: { error: 'FORBIDDEN', message: expect.stringContaining('open dispute') },
        });
      }
      expect(fs.existsSync(path.join(directory, sha256Of(file).slice(0, 2), sha256Of(file)))).toBe(false);
      expect(
        await queryDatabase(testApp, 'select id from dispute_attachments where uploader_id = any($1)', [
          [newcomer.rawId, order.seller.rawId],
        ]),
      ).toEqual([]);

      // and the buyer of the held order may, the seller once the order is disputed, and staff always
      expect((await upload(testApp, order.buyer.client, file)).status).toBe(201);
      expect((await openDispute(order.buyer, order.orderId)).errors).toEqual([]);
      expect((await upload(testApp, order.seller.client, file)).status).toBe(201);
      expect((await upload(testApp, support.client, file)).status).toBe(201);
    });

    it(`refuses a ${maxUnattached + 1}th upload not attached to a message before storing it, and counts attached ones no more`, async () => {
      // given a buyer with as many unattached uploads as allowed
      const order = await heldOrder(testApp);
      const files = [...Array(maxUnattached + 1).keys()].map((index) =>
        Buffer.from(`page ${index} ${crypto.randomUUID()}\n`),
      );
      const ids: string[] = [];
      for (const file of files.slice(0, maxUnattached)) {
        ids.push((await upload(testApp, order.buyer.client, file)).body.attachment!.id);
      }

      // when they upload one more, then it is refused, and neither its bytes nor a row are kept
      const extra = files[maxUnattached]!;
      expect(await upload(testApp, order.buyer.client, extra)).toEqual({
        status: 429,
        body: { error: 'TOO_MANY_UNATTACHED_UPLOADS', message: expect.any(String) },
      });
      expect(fs.existsSync(path.join(directory, sha256Of(extra).slice(0, 2), sha256Of(extra)))).toBe(false);
      const rows = await queryDatabase(testApp, 'select id from dispute_attachments where uploader_id = $1', [
        order.buyer.rawId,
      ]);
      expect(rows).toHaveLength(maxUnattached);
      // checked before the body is looked at: a file of a refused type meets the limit first
      const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), crypto.randomBytes(100)]);
      expect((await upload(testApp, order.buyer.client, zip)).body.error).toBe('TOO_MANY_UNATTACHED_UPLOADS');

      // and once a message attached one of them, one more upload is taken
      expect((await openDispute(order.buyer, order.orderId, { attachments: [ids[0]!] })).errors).toEqual([]);
      expect((await upload(testApp, order.buyer.client, extra)).status).toBe(201);
      expect((await upload(testApp, order.buyer.client, extra)).status).toBe(429);
    });
  });

  describe('the cleanup of unattached uploads', () => {
    it('deletes an upload no message attached within ATTACHMENT_UNATTACHED_TTL_HOURS, and its bytes unless an attached upload shares them', async () => {
      // given a buyer's attached upload, a second upload of the same bytes, and an upload of other bytes, neither attached
      const order = await heldOrder(testApp);
      const shared = Buffer.from(`the chat log ${crypto.randomUUID()}\n`);
      const alone = Buffer.from(`a draft ${crypto.randomUUID()}\n`);
      const attached = await upload(testApp, order.buyer.client, shared);
      const twin = await upload(testApp, order.buyer.client, shared);
      const left = await upload(testApp, order.buyer.client, alone);
      const opened = await openDispute(order.buyer, order.orderId, {
        attachments: [attached.body.attachment!.id],
      });
      expect(opened.errors).toEqual([]);
      const fileOf = (body: Buffer) => path.join(directory, sha256Of(body).slice(0, 2), sha256Of(body));
      const remaining = async () =>
        (
          await queryDatabase(
            testApp,
            'select id from dispute_attachments where uploader_id = $1 order by created_at',
            [order.buyer.rawId],
          )
        ).map((row) => row['id'] as string);

      // when the cleanup runs before the uploads are 24 hours old, then it keeps everything
      const hours = (count: number) => new Date(Date.now() + count * 3_600_000);
      await testApp.services.attachments.deleteUnattached(hours(23));
      expect(await remaining()).toHaveLength(3);

      // when it runs after, then the unattached uploads are gone, and the bytes only they named
      await testApp.services.attachments.deleteUnattached(hours(25));
      expect(await remaining()).toEqual([rawId(attached.body.attachment!.id)]);
      expect(fs.existsSync(fileOf(alone))).toBe(false);
      expect(fs.existsSync(fileOf(shared))).toBe(true);
      expect([twin.status, left.status]).toEqual([201, 201]);

      // and the attached one is still served; the worker runs the cleanup as a sweep
      const seen = await order.seller.client.data(
        `query ($id: ID!) { dispute(id: $id) { messages { attachments { url { url } } } } }`,
        { id: opened.dispute!.id },
      );
      const url = seen['dispute']['messages'][0]['attachments'][0]['url']['url'] as string;
      expect((await fetch(local(testApp, url))).status).toBe(200);
      expect(testApp.services.jobs.sweepNames).toContain(unattachedCleanupSweep);
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
      const stranger = await buyerWithHeldOrder(testApp);
      const theirs = await upload(testApp, stranger.client, Buffer.from('not yours\n'));
      const answer = await buyer.client.data(postMessageMutation, {
        input: { disputeId, message: 'see attached', attachments: [theirs.body.attachment!.id] },
      });
      expect(answer['postDisputeMessage']['errors'].map((error: { code: string }) => error.code)).toEqual([
        'ATTACHMENT_NOT_FOUND',
      ]);
    });
  });

  describe('attaching', () => {
    const messageCount = async (disputeId: string) =>
      (
        await queryDatabase(
          testApp,
          'select count(*)::int as count from dispute_messages where dispute_id = $1',
          [rawId(disputeId)],
        )
      )[0]!['count'] as number;

    it('attaches an upload to one message only', async () => {
      // given a dispute whose buyer posted a message with an upload
      const { buyer, disputeId } = await disputedOrder(testApp);
      const uploaded = await upload(
        testApp,
        buyer.client,
        Buffer.from(`the receipt ${crypto.randomUUID()}\n`),
      );
      const post = (message: string) =>
        buyer.client.data(postMessageMutation, {
          input: { disputeId, message, attachments: [uploaded.body.attachment!.id] },
        });
      expect((await post('see the receipt'))['postDisputeMessage']['errors']).toEqual([]);

      // when they attach the same upload to a second message, then it is refused and nothing is posted
      const before = await messageCount(disputeId);
      const again = await post('see the receipt, again');
      expect(again['postDisputeMessage']).toMatchObject({
        message: null,
        errors: [{ code: 'ATTACHMENT_ALREADY_ATTACHED', field: 'attachments' }],
      });
      expect(await messageCount(disputeId)).toBe(before);

      // and a new dispute cannot carry it either
      const other = await heldOrder(testApp, { buyer });
      const opened = await openDispute(buyer, other.orderId, { attachments: [uploaded.body.attachment!.id] });
      expect(opened).toMatchObject({ dispute: null, errors: [{ code: 'ATTACHMENT_ALREADY_ATTACHED' }] });
    });

    it('gives one of two messages racing for one upload, in two disputes, the upload, and the other ATTACHMENT_ALREADY_ATTACHED', async () => {
      // given a buyer with two disputes and one upload, whose row the test holds locked
      const first = await disputedOrder(testApp);
      const second = await disputedOrder(testApp, { buyer: first.buyer });
      const uploaded = await upload(
        testApp,
        first.buyer.client,
        Buffer.from(`a photo ${crypto.randomUUID()}\n`),
      );
      const holder = await testApp.database.$client.connect();
      try {
        await holder.query('begin');
        await holder.query('select id from dispute_attachments where id = $1 for update', [
          rawId(uploaded.body.attachment!.id),
        ]);

        // when the buyer attaches it in both disputes at once, and both wait for the upload
        const answers = Promise.all(
          [first.disputeId, second.disputeId].map((disputeId) =>
            first.buyer.client.graphql(postMessageMutation, {
              input: { disputeId, message: 'see the photo', attachments: [uploaded.body.attachment!.id] },
            }),
          ),
        );
        await untilWaitingBehind(testApp, holder, 2);
        await holder.query('commit');

        // then one message carries it, and the other is refused with its code
        const codes = (await answers).map((answer) =>
          (answer.data?.['postDisputeMessage'] as { errors: { code: string }[] }).errors.map(
            (error) => error.code,
          ),
        );
        expect(codes.sort()).toEqual([[], ['ATTACHMENT_ALREADY_ATTACHED']]);
      } finally {
        holder.release();
      }
    });

    it('is refused by the database too: a second link of an upload fails', async () => {
      const { buyer, disputeId } = await disputedOrder(testApp);
      const uploaded = await upload(testApp, buyer.client, Buffer.from(`a note ${crypto.randomUUID()}\n`));
      const attachmentId = rawId(uploaded.body.attachment!.id);
      const first = await buyer.client.data(postMessageMutation, {
        input: { disputeId, message: 'one', attachments: [uploaded.body.attachment!.id] },
      });
      const second = await buyer.client.data(postMessageMutation, {
        input: { disputeId, message: 'two', attachments: [] },
      });
      expect([first, second].map((answer) => answer['postDisputeMessage']['errors'])).toEqual([[], []]);
      await expect(
        queryDatabase(
          testApp,
          'insert into dispute_message_attachments (message_id, attachment_id, dispute_id, position) values ($1, $2, $3, 0)',
          [rawId(second['postDisputeMessage']['message']['id']), attachmentId, rawId(disputeId)],
        ),
      ).rejects.toThrow(/already attached/);
    });
  });
});
