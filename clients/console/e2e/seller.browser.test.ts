import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import { queryDatabase } from '../../../server/test/harness';
import { onboard } from '../../../server/test/payout-account-helpers';
import { requestWithdrawal } from '../../../server/test/payout-graphql-helpers';
import { fundPlatform, releasedOrders, runPayoutJobs } from '../../../server/test/payout-helpers';
import { emulatorClient } from '../../../server/test/stripe-emulator-helpers';
import { emulatorOf, settle } from '../../../server/test/wallet-helpers';
import {
  addCodes,
  apiClient,
  consolePath,
  createListing,
  createUser,
  expectAccessible,
  fundWallet,
  heldOrder,
  launchBrowser,
  newBuyer,
  purchase,
  repositoryRoot,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  TestClient,
  type ConsoleStack,
  type ConsoleUser,
  type Party,
} from './browser-harness';

/** Generous for a UI step on two shared cores, far below the test's own timeout. */
const stepTimeoutMs = 15_000;

async function sellerParty(stack: ConsoleStack, user: ConsoleUser): Promise<Party> {
  return { client: await apiClient(stack, user), id: user.id, rawId: user.rawId };
}

/** Waits until the locator's text matches: the page changes by itself (subscriptions, uploads). */
async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: stepTimeoutMs });
  } catch (error) {
    const shown = await locator
      .first()
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    throw new Error(`expected ${String(expected)}; the page shows ${JSON.stringify(shown)}`, {
      cause: error,
    });
  }
}

/**
 * The dialog named `name`, once its opening transition has ended: axe measures contrast on the
 * colours as rendered, and a dialog still fading in is half transparent.
 */
async function openedDialog(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor({ timeout: stepTimeoutMs });
  await dialog.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        const opaque = () => {
          for (let node: Element | null = element; node; node = node.parentElement) {
            if (getComputedStyle(node).opacity !== '1') return false;
          }
          return true;
        };
        const check = () => (opaque() ? resolve() : requestAnimationFrame(check));
        check();
      }),
  );
  return dialog;
}

/** A full-page screenshot from the top, so the fixed header is where a person sees it. */
async function screenshotFromTop(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

/** Presses Tab until `target` has the focus (at most `limit` presses): proves keyboard reachability. */
async function tabTo(page: Page, target: Locator, limit = 15): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} was not reached with ${limit} presses of Tab`);
}

/** Creates an API key named `name` through the API as `seller`; returns its global id. */
async function createNamedApiKey(seller: Party, name: string, scopes: string[]): Promise<string> {
  const data = await seller.client.data<{
    createApiKey: { apiKey: { id: string } | null; errors: unknown[] };
  }>(
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } errors { code } } }',
    { input: { name, scopes } },
  );
  if (!data.createApiKey.apiKey) throw new Error(JSON.stringify(data.createApiKey.errors));
  return data.createApiKey.apiKey.id;
}

/** The element's box lies inside the window's width: seen without scrolling sideways. */
async function expectWithinWidth(page: Page, locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  if (!box) throw new Error(`${what} is not shown`);
  expect({ what, left: box.x >= 0, right: box.x + box.width <= width }).toEqual({
    what,
    left: true,
    right: true,
  });
}

describe('the seller console', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      // Orders are eligible for payout as soon as they are released; a 5% fee makes net amounts visible.
      startConsoleStack({
        env: {
          PAYOUT_HOLD_HOURS: '0',
          PLATFORM_FEE_BASIS_POINTS: '500',
          PAYOUT_MIN_WITHDRAWAL_AMOUNT: '500',
        },
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe('bulk code upload', () => {
    it('uploads 1,000 codes from a CSV file with a progress bar, stops at a chunk that fails, sends the rest on request, and reports every line by its line in the file', async () => {
      // given a seller with a code already on CodeSale (in another listing), on the listings page
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const existingCode = `EXISTING-${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
      const other = await createListing(party, { codes: 0 });
      await addCodes(party, other.listingId, [existingCode]);
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/listings',
      });
      await page.getByRole('heading', { name: 'Listings', level: 1 }).waitFor();
      await expectAccessible(page);

      // when they create a listing through the form, typing the title first: the dialog opens with
      // the keyboard on it (not on its Close button, where a space would close the dialog)
      await page.getByRole('button', { name: 'New listing' }).click();
      const dialog = page.getByRole('dialog', { name: 'New listing' });
      const title = dialog.getByRole('textbox', { name: /^Title/ });
      await page.waitForFunction(
        (element) => element === document.activeElement,
        await title.elementHandle(),
      );
      await page.keyboard.type('Hollow Knight — Steam key');
      expect(await title.inputValue()).toBe('Hollow Knight — Steam key');
      await dialog.getByRole('textbox', { name: /^Price/ }).fill('12.50');
      // and the price says what reaches the seller, before any sale
      await dialog
        .getByText(
          "What the buyer pays for one code. You receive €11.88 after the platform's 5% fee (€0.62).",
        )
        .waitFor();
      await dialog.getByRole('button', { name: 'Create listing' }).click();

      // then they are on its page, with no stock yet
      await page.getByRole('heading', { name: 'Hollow Knight — Steam key', level: 1 }).waitFor();
      await expectText(page.getByTestId('listing-stock'), /^0$/);
      await expectAccessible(page);

      // given a CSV of 1,000 codes under a header, with two blank lines, a code already on CodeSale,
      // a repeat inside the first chunk, a repeat across chunks and a line that is not a code
      const prefix = crypto.randomBytes(4).toString('hex').toUpperCase();
      const codes = Array.from(
        { length: 1_000 },
        (_, index) => `HK-${prefix}-${String(index).padStart(4, '0')}`,
      );
      codes[9] = existingCode;
      codes[20] = (codes[5] as string).toLowerCase();
      codes[700] = 'not-a-cödé';
      codes[800] = codes[100] as string;
      const rows = codes.map((code, index) => `${code},batch-${index % 7}`);
      rows.splice(600, 0, '');
      rows.splice(50, 0, '');
      const csv = ['code,note', ...rows].join('\r\n') + '\r\n';
      // (line numbers: header 1; codes 0-49 on lines 2-51; blank 52; codes 50-599 on 53-602; blank 603; codes 600-999 on 604-1003)

      // and the second chunk of the upload will not get through the first time
      let addCodesCalls = 0;
      let releaseSecondChunk: () => void = () => undefined;
      const secondChunkMayFail = new Promise<void>((resolve) => (releaseSecondChunk = resolve));
      await page.route('**/graphql', async (route) => {
        const body = route.request().postDataJSON() as { operationName?: string } | null;
        if (body?.operationName !== 'AddCodes') return route.continue();
        addCodesCalls += 1;
        if (addCodesCalls !== 2) return route.continue();
        await secondChunkMayFail;
        return route.abort('failed');
      });

      // when they pick the file (its header is recognised and marked for them) and upload
      await page.getByRole('tab', { name: 'From a file' }).click();
      // (the listing's image field has a file input of its own)
      await page
        .getByRole('tabpanel', { name: 'From a file' })
        .locator('input[type="file"]')
        .setInputFiles({
          name: 'hollow-knight-codes.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv, 'utf8'),
        });
      await expectText(
        page.getByTestId('upload-summary'),
        '1,000 codes to send, 2 blank lines skipped, header on line 1 skipped',
      );
      expect(await page.getByRole('checkbox', { name: 'The first row is a header' }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Upload 1,000 codes' }).click();

      // then the progress bar shows the first chunk of 500 done while the second is in flight
      const progress = page.getByRole('progressbar', { name: 'Upload progress' });
      await page.waitForFunction(
        () =>
          document
            .querySelector('[role="progressbar"][aria-label="Upload progress"]')
            ?.getAttribute('aria-valuenow') === '50',
        undefined,
        { timeout: stepTimeoutMs },
      );
      await expectText(page.getByTestId('upload-progress-text'), 'Sending: 500 of 1,000 codes (50%)');
      await expectAccessible(page);

      // when the second chunk fails
      releaseSecondChunk();

      // then the upload stops, keeps the first chunk, and says exactly which lines were not sent
      const interrupted = page.getByRole('alert').filter({ hasText: 'Upload interrupted' });
      await interrupted.waitFor({ timeout: stepTimeoutMs });
      expect(await page.getByTestId('upload-not-sent-lines').textContent()).toBe('503–602 and 604–1003');
      await expectText(interrupted, '500 codes) were not sent');
      await expectText(page.getByTestId('upload-added'), /^498$/);
      await expectText(page.getByTestId('listing-stock'), /^498$/);

      // when they send the lines that were not sent, from the keyboard
      const retry = page.getByRole('button', { name: 'Send the 500 lines not sent' });
      await retry.focus();
      await page.keyboard.press('Enter');

      // then every line is accounted for, under its line number in the file, with the server's reason
      await page.getByTestId('upload-results').waitFor();
      await expectText(page.getByTestId('upload-not-sent'), /^0$/);
      expect(await page.getByTestId('upload-added').textContent()).toBe('996');
      expect(await page.getByTestId('upload-duplicates').textContent()).toBe('3');
      expect(await page.getByTestId('upload-invalid').textContent()).toBe('1');
      expect(await page.getByTestId('upload-stock').textContent()).toBe('996');
      await expectText(page.getByTestId('listing-stock'), /^996$/);
      expect(await progress.getAttribute('aria-valuenow')).toBe('100');
      const rejected = await page
        .getByTestId('rejected-line')
        .evaluateAll((rowsShown) =>
          rowsShown.map((row) =>
            Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim() ?? ''),
          ),
        );
      expect(rejected).toEqual([
        ['11', existingCode, 'Duplicate', 'This code is already in another of your listings.'],
        ['22', (codes[5] as string).toLowerCase(), 'Duplicate', 'This code repeats line 7.'],
        ['704', 'not-a-cödé', 'Invalid', expect.stringContaining('printable ASCII')],
        ['804', codes[100], 'Duplicate', 'This code is already in this listing.'],
      ]);
      expect(addCodesCalls).toBe(3);
      // and, everything sent, the file is let go: a second click cannot send the same codes again
      await page.getByText('Choose a file').waitFor();
      expect(await page.getByRole('button', { name: /^Upload/ }).isDisabled()).toBe(true);
      await expectAccessible(page);
      await screenshotFromTop(page, 'seller-code-upload');

      // and the listings page shows the new stock
      await page.getByRole('link', { name: '← All listings' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Hollow Knight — Steam key' });
      await expectText(row, '996');
      await expectText(row, '€12.50');
      await expectAccessible(page);
      await screenshotFromTop(page, 'seller-listings');
      // (the one console error is Chromium reporting the chunk the test made fail)
      expect(problems.filter((problem) => !problem.includes('net::ERR_FAILED'))).toEqual([]);
      await page.context().close();
    });

    it('takes a CSV whose first row is "code" for a header by default, says so, lets the seller overrule it, and sends only the codes', async () => {
      // given a seller on a listing with no stock, and the codes the page sends recorded
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const { listingId } = await createListing(party, { title: 'Tunic — Steam key', codes: 0 });
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: `seller/listings/${encodeURIComponent(listingId)}`,
      });
      await page.getByRole('heading', { name: 'Tunic — Steam key', level: 1 }).waitFor();
      const sent: string[] = [];
      page.on('request', (request) => {
        if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
        const body = request.postDataJSON() as {
          operationName?: string;
          variables?: { input?: { codes?: string[] } };
        } | null;
        if (body?.operationName === 'AddCodes') sent.push(...(body.variables?.input?.codes ?? []));
      });
      const prefix = crypto.randomBytes(4).toString('hex').toUpperCase();
      const codes = [`TU-${prefix}-0001`, `TU-${prefix}-0002`];

      // when they pick a CSV whose first line is its column's name, "code"
      await page.getByRole('tab', { name: 'From a file' }).click();
      await page
        .getByRole('tabpanel', { name: 'From a file' })
        .locator('input[type="file"]')
        .setInputFiles({
          name: 'tunic-codes.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(['code', ...codes].join('\n') + '\n', 'utf8'),
        });

      // then the header box is checked by default, and the page says the first row is not sent
      const header = page.getByRole('checkbox', { name: 'The first row is a header' });
      await expectText(
        page.getByTestId('upload-header-notice'),
        'The first row, “code”, looks like a header: it is not sent. Uncheck if it is a code.',
      );
      expect(await header.isChecked()).toBe(true);
      await expectText(page.getByTestId('upload-summary'), '2 codes to send, header on line 1 skipped');
      // (codes of a usual length raise no "check these lines" notice)
      expect(await page.getByTestId('upload-short-codes').count()).toBe(0);
      await expectAccessible(page);

      // when they uncheck it, the first row counts as a code; when they check it again, it does not
      await header.uncheck();
      await page.getByRole('button', { name: 'Upload 3 codes' }).waitFor();
      expect(await page.getByTestId('upload-header-notice').count()).toBe(0);
      await header.check();

      // and upload
      await page.getByRole('button', { name: 'Upload 2 codes' }).click();

      // then only the two codes were sent and stored
      await expectText(page.getByTestId('upload-added'), /^2$/);
      await expectText(page.getByTestId('listing-stock'), /^2$/);
      expect(sent).toEqual(codes);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });

  describe('listings', () => {
    it('shows a conflicting edit beside the fresh listing, saves it over the new version, pauses, and archives only once confirmed', async () => {
      // given a seller's listing open in the console
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const { listingId } = await createListing(party, { title: 'Celeste', price: 1_999, codes: 3 });
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: `seller/listings/${encodeURIComponent(listingId)}`,
      });
      await page.getByRole('heading', { name: 'Celeste', level: 1 }).waitFor();
      // (the listing's version number is for conflicts between edits, not a fact shown to the seller)
      await expectText(page.getByTestId('listing-stock'), /^3$/);
      expect(await page.getByText('Version', { exact: true }).count()).toBe(0);

      // when a buyer buys a code meanwhile, the stock on the open page drops without a reload
      const buyer = await newBuyer(stack.testApp);
      await fundWallet(stack.testApp, buyer, 1_999);
      expect((await purchase(buyer, listingId)).errors).toEqual([]);
      await expectText(page.getByTestId('listing-stock'), /^2$/);

      // when the seller starts an edit, and meanwhile the listing's price changes elsewhere (their partner system)
      await page.getByRole('button', { name: 'Edit listing' }).click();
      await page.getByRole('textbox', { name: /^Title/ }).fill('Celeste (Farewell edition)');
      const changed = await party.client.data<{ updateListing: { errors: unknown[] } }>(
        'mutation ($input: UpdateListingInput!) { updateListing(input: $input) { errors { code } } }',
        { input: { listingId, price: 1_499 } },
      );
      expect(changed.updateListing.errors).toEqual([]);
      await page.getByRole('button', { name: 'Save changes' }).click();

      // then the console says the listing changed, shows the fresh listing against the edit, and saved nothing
      const conflict = page
        .getByRole('alert')
        .filter({ hasText: 'This listing changed while you were editing' });
      await conflict.waitFor({ timeout: stepTimeoutMs });
      await expectText(conflict, 'now at version 2 (you started from version 1)');
      const priceRow = conflict.getByRole('row').filter({ hasText: 'Price' });
      await expectText(priceRow, '19.99');
      await expectText(priceRow, '14.99');
      await expectAccessible(page);

      // when they keep their title but take the new price, and save over the fresh version
      await page.getByRole('textbox', { name: /^Price/ }).fill('14.99');
      await page.getByRole('button', { name: 'Save my edit over it' }).click();

      // then the listing has both changes
      await page.getByRole('heading', { name: 'Celeste (Farewell edition)', level: 1 }).waitFor();
      await expectText(page.getByText('€14.99'), '€14.99');

      // when they add two images (a JPEG carrying a GPS position among them) and put the second first
      const images = page.getByRole('region', { name: 'Images' });
      const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#2a6' } })
        .jpeg()
        .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
        .toBuffer();
      const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#a26' } })
        .png()
        .toBuffer();
      await images.locator('input[type=file]').setInputFiles([
        { name: 'cover.jpg', mimeType: 'image/jpeg', buffer: jpeg },
        { name: 'box.png', mimeType: 'image/png', buffer: png },
      ]);
      await images.getByRole('img', { name: 'box.png' }).waitFor();
      await images.getByRole('img', { name: 'cover.jpg' }).waitFor();
      await images.getByRole('button', { name: 'Move image 2 earlier' }).click();
      await images.getByRole('button', { name: 'Save images' }).click();

      // then the listing has them in that order, served as WebP thumbnails
      await images.getByRole('status').filter({ hasText: 'Images saved.' }).waitFor();
      const withImages = await party.client.data<{
        listing: { images: { alt: string; width: number; height: number; url: string }[] };
      }>('query ($id: ID!) { listing(id: $id) { images { alt width height url(width: 160) } } }', {
        id: listingId,
      });
      expect(withImages.listing.images.map((image) => [image.width, image.height])).toEqual([
        [300, 300],
        [400, 200],
      ]);
      const thumbnail = await fetch(`${stack.baseUrl}${withImages.listing.images[1]!.url}`);
      expect(thumbnail.headers.get('content-type')).toBe('image/webp');
      expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).exif).toBeUndefined();
      await screenshotFromTop(page, 'seller-listing-images');

      // when they pause it
      await page.getByRole('button', { name: 'Pause listing' }).click();
      await page.getByText('Paused', { exact: true }).first().waitFor();

      // and start to archive it but keep it at the confirmation
      await page.getByRole('button', { name: 'Archive listing' }).click();
      const confirm = await openedDialog(page, 'Archive this listing?');
      await expectText(confirm, 'This is final');
      await expectAccessible(page);
      await confirm.getByRole('button', { name: 'Keep listing' }).click();
      await confirm.waitFor({ state: 'hidden' });

      // then nothing changed
      await page.getByRole('button', { name: 'Put back on sale' }).waitFor();

      // when they archive it and confirm
      await page.getByRole('button', { name: 'Archive listing' }).click();
      await confirm.getByRole('button', { name: 'Archive listing' }).click();
      await confirm.waitFor({ state: 'hidden' });

      // then it is archived for good: no actions, no upload
      await page.getByRole('alert').or(page.getByText('This listing is off sale for good')).first().waitFor();
      await page.getByText('This listing is off sale for good').waitFor();
      expect(await page.getByRole('button', { name: 'Put back on sale' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Upload codes' }).count()).toBe(0);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });

  describe('payouts', () => {
    it("onboards through Stripe's page in the country chosen, cancels a withdrawal, then shows another and its payout move through their states live as the payout jobs run", async () => {
      // given a seller on the payouts page, not onboarded
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const { page, context, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
      await expectText(page.getByTestId('payout-account-status'), 'Onboarding not finished');
      await expectAccessible(page);

      // when they start onboarding without choosing the account's country
      await page.getByRole('button', { name: 'Start onboarding with Stripe' }).click();

      // then the country is asked for (there is no default), and nothing was opened at Stripe
      await page.getByText('Choose the country of your payout account.').waitFor({ timeout: stepTimeoutMs });
      const accountRows = () =>
        queryDatabase(stack.testApp, 'select stripe_account_id from payout_accounts where seller_id = $1', [
          seller.rawId,
        ]);
      expect(await accountRows()).toEqual([]);

      // when they choose France (not the platform's default, Germany), start, and complete Stripe's form (the emulator's page)
      await page.getByRole('combobox', { name: /^Country of your payout account/ }).click();
      await page.getByRole('option', { name: 'France' }).click();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Start onboarding with Stripe' }).click();
      await page.getByRole('button', { name: 'Complete onboarding' }).click({ timeout: stepTimeoutMs });

      // then Stripe holds the seller's connected account in France
      const [accountRow] = await accountRows();
      expect(emulatorOf(stack.testApp).account(String(accountRow?.['stripe_account_id']))).toMatchObject({
        country: 'FR',
        metadata: { seller_id: seller.rawId },
      });

      // then Stripe sends them back to the console's payouts page, which says Stripe will report
      await page.waitForURL(`${stack.baseUrl}/console/seller/payouts?onboarding=return`, {
        timeout: stepTimeoutMs,
      });
      await page.getByText('Back from Stripe').waitFor();
      await expectAccessible(page);

      // when Stripe's account.updated is processed and they check again
      await settle(stack.testApp);
      await page.getByRole('button', { name: 'Check again' }).click();

      // then the account is enabled, and the country is no longer asked for
      await expectText(page.getByTestId('payout-account-status'), 'Payouts enabled');
      expect(await page.getByRole('combobox', { name: /^Country of your payout account/ }).count()).toBe(0);

      // given three released sales of 10.00 (9.50 each after the fee), and a funded platform
      await releasedOrders(stack.testApp, party, 3);
      fundPlatform(stack.testApp, 100_000);
      await page.goto(consolePath('seller/payouts'));
      await expectText(page.getByTestId('earnings-EUR-available'), '€28.50');

      // when they request everything available, then think better of it and cancel (confirmed)
      await page.getByRole('button', { name: 'Everything available' }).click();
      await expectText(page.getByTestId('withdrawal-quote'), '€28.50 now, for 3 whole orders');
      await page.getByRole('button', { name: 'Request withdrawal' }).click();
      await expectText(page.getByTestId('withdrawal-state'), 'Requested');
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      const cancelDialog = await openedDialog(page, 'Cancel this withdrawal?');
      await expectAccessible(page);
      await cancelDialog.getByRole('button', { name: 'Cancel withdrawal' }).click();
      await cancelDialog.waitFor({ state: 'hidden' });

      // then it is cancelled, and the money is available again
      await expectText(page.getByTestId('withdrawal-state'), 'Cancelled');
      await expectText(page.getByTestId('payout-live-status'), 'Withdrawal cancelled');
      await expectText(page.getByTestId('earnings-EUR-available'), '€28.50');

      // when they ask for less than the smallest withdrawal (PAYOUT_MIN_WITHDRAWAL_AMOUNT: 5.00)
      await page.getByRole('textbox', { name: /^Amount/ }).fill('4.00');

      // then the field says what the minimum is
      await page.getByText('The smallest withdrawal is €5.00.').waitFor({ timeout: stepTimeoutMs });

      // when they ask for 20.00
      await page.getByRole('textbox', { name: /^Amount/ }).fill('20.00');

      // then the quote says what a request pays now: two whole orders, oldest first
      await expectText(page.getByTestId('withdrawal-quote'), '€19.00 now, for 2 whole orders');

      // when they request it
      await page.getByRole('button', { name: 'Request withdrawal' }).click();

      // then the withdrawal is listed (newest first) as requested, and the page hears it live
      await expectText(page.getByTestId('withdrawal-state'), 'Requested');
      await expectText(page.getByTestId('payout-live-status'), 'Withdrawal requested');
      await expectAccessible(page);

      // when the payout job runs while Stripe does not answer transfers
      const emulator = emulatorOf(stack.testApp);
      emulator.injectFault({ method: 'POST', path: '/v1/transfers', kind: 'error_before_apply' }, 20);
      await stack.runJobsOnce();

      // then, without a reload, the withdrawal is executing and its payout pending, the money in transit
      await expectText(page.getByTestId('withdrawal-state'), 'Executing');
      await expectText(page.getByTestId('payout-state'), 'Pending');
      await expectText(page.getByTestId('earnings-EUR-in-transit'), '€19.00');
      expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);

      // when Stripe answers again and the stuck payout is re-driven
      emulator.clearFaults();
      await stack.services.payouts.recoverStuck(0);
      await settle(stack.testApp);

      // then, live, the payout is paid, the withdrawal completed, and the earnings say so
      await expectText(page.getByTestId('payout-state'), 'Paid');
      await expectText(page.getByTestId('withdrawal-state'), 'Completed');
      await expectText(page.getByTestId('earnings-EUR-paid'), '€19.00');
      await expectText(page.getByTestId('earnings-EUR-available'), '€9.50');
      await expectText(page.getByTestId('payout-live-status'), 'Payout paid');
      await expectAccessible(page);
      await screenshotFromTop(page, 'seller-payouts');

      // and the sales page lists the three sales with their payout state
      await page.getByRole('link', { name: 'Sales' }).click();
      await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
      const saleRows = page.getByRole('row').filter({ hasText: 'Released to you' });
      await saleRows.nth(2).waitFor();
      expect(await saleRows.count()).toBe(3);
      expect(await page.getByRole('row').filter({ hasText: 'Paid out' }).count()).toBe(2);
      expect(await page.getByRole('row').filter({ hasText: 'Available' }).count()).toBe(1);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await context.close();
    });

    it('shows an account Stripe deleted as disconnected, with the withdrawal that found it failed, and connects a new one in the country chosen', async () => {
      // given an onboarded seller with a released sale, whose connected account is then deleted at Stripe
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const deletedAccountId = await onboard(stack.testApp, party);
      await releasedOrders(stack.testApp, party, 1);
      fundPlatform(stack.testApp, 100_000);
      await emulatorClient(emulatorOf(stack.testApp)).accounts.del(deletedAccountId);

      // when they withdraw, and the payout job meets Stripe's refusal
      expect((await requestWithdrawal(party, { amount: 950 })).errors).toEqual([]);
      await runPayoutJobs(stack.testApp);

      // then the payouts page says the account is disconnected and what to do, asking for a country
      const { page, context, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      await expectText(page.getByTestId('payout-account-status'), 'Disconnected from Stripe');
      await page
        .getByText('Stripe no longer knows your payout account (it was closed or disconnected)')
        .waitFor({ timeout: stepTimeoutMs });
      await expectText(page.getByTestId('withdrawal-state'), 'Failed');
      // and the failed withdrawal says why in the seller's words, not Stripe's
      expect(
        await page.getByText(/Stripe no longer knows your payout account: connect a new one/).count(),
      ).toBeGreaterThan(0);
      // with the money waiting for the new account, not said to be available (it is blocked)
      expect(await page.getByText(/waits for the new account/).count()).toBeGreaterThan(0);
      expect(await page.getByText(/available again/).count()).toBe(0);
      expect(await page.getByText(/No such destination/).count()).toBe(0);
      await expectText(page.getByTestId('earnings-EUR-blocked'), '€9.50');
      await expectAccessible(page);

      // when they choose France and connect a new account through Stripe's form
      await page.getByRole('combobox', { name: /^Country of your payout account/ }).click();
      await page.getByRole('option', { name: 'France' }).click();
      await page.getByRole('button', { name: 'Connect a new payout account' }).click();
      await page.getByRole('button', { name: 'Complete onboarding' }).click({ timeout: stepTimeoutMs });
      await page.waitForURL(`${stack.baseUrl}/console/seller/payouts?onboarding=return`, {
        timeout: stepTimeoutMs,
      });
      await settle(stack.testApp);
      await page.goto(consolePath('seller/payouts'));

      // then payouts are enabled on a new account in France, and the sale is available again
      await expectText(page.getByTestId('payout-account-status'), 'Payouts enabled');
      const [row] = await queryDatabase(
        stack.testApp,
        'select stripe_account_id from payout_accounts where seller_id = $1',
        [seller.rawId],
      );
      const accountId = String(row?.['stripe_account_id']);
      expect(accountId).not.toBe(deletedAccountId);
      expect(emulatorOf(stack.testApp).account(accountId)).toMatchObject({ country: 'FR' });
      await expectText(page.getByTestId('earnings-EUR-available'), '€9.50');
      expect(problems).toEqual([]);
      await context.close();
    });

    it('shows a sale released while the page is open, without a reload', async () => {
      // given a new seller with one sale in escrow and no earnings, on the payouts page
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const order = await heldOrder(stack.testApp, { seller: party, price: 950 });
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      await page.getByText('No earnings yet').waitFor({ timeout: stepTimeoutMs });

      // when the buyer confirms the delivery
      const confirmed = await order.buyer.client.data<{ confirmDelivery: { errors: unknown[] } }>(
        'mutation ($input: OrderInput!) { confirmDelivery(input: $input) { errors { code } } }',
        { input: { orderId: order.orderId } },
      );
      expect(confirmed.confirmDelivery.errors).toEqual([]);

      // then the earnings show it, live (the newcomer probe: "No earnings yet" until a reload)
      await expectText(page.getByTestId('earnings-EUR'), /1 order/);
      expect(await page.getByText('No earnings yet').count()).toBe(0);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('says payouts are on hold as soon as an admin holds them, before any sale is blocked by it', async () => {
      // given a new seller without a sale, whose payouts an admin holds
      const seller = await createUser(stack, ['SELLER']);
      const admin = await apiClient(stack, await createUser(stack, ['ADMIN']));
      const held = await admin.data<{ setPayoutHold: { errors: unknown[] } }>(
        'mutation ($input: SetPayoutHoldInput!) { setPayoutHold(input: $input) { errors { code } } }',
        { input: { sellerId: seller.id, reason: 'New seller review.' } },
      );
      expect(held.setPayoutHold.errors).toEqual([]);

      // when they open their payouts, then the hold is said (the newcomer probe: only "payouts enabled")
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      await expectText(page.getByTestId('payouts-on-hold'), 'CodeSale is holding your payouts');
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('shows the payouts Stripe made to the seller’s bank, a refused one with what to do', async () => {
      // given an onboarded seller whose Stripe account paid 60.00 to their bank, then failed to pay 40.00
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      const accountId = await onboard(stack.testApp, party);
      const emulator = emulatorOf(stack.testApp);
      emulator.creditBalance('eur', 10_000);
      await stack.testApp.services.stripe.client.transfers.create({
        amount: 10_000,
        currency: 'eur',
        destination: accountId,
      });
      emulator.payoutToBank(accountId, { amount: 6_000, currency: 'eur', outcome: 'paid' });
      await settle(stack.testApp);
      emulator.payoutToBank(accountId, {
        amount: 4_000,
        currency: 'eur',
        outcome: 'failed',
        failureCode: 'no_account',
      });
      await settle(stack.testApp);

      // when they open their payouts
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      const bank = page.getByRole('table', { name: 'Payouts to your bank, newest first' });
      const refused = bank.getByRole('row').filter({ hasText: '€40.00' });
      await refused.waitFor({ timeout: stepTimeoutMs });

      // then both are listed, newest first, the refused one saying why and that the money is back
      await expectText(refused.getByTestId('bank-payout-status'), 'Refused by your bank');
      expect(await refused.getByTestId('bank-payout-status-failure').textContent()).toContain(
        'The money is back on your Stripe account',
      );
      await expectText(
        bank.getByRole('row').filter({ hasText: '€60.00' }).getByTestId('bank-payout-status'),
        'At your bank',
      );
      expect(await bank.getByRole('row').nth(1).textContent()).toContain('€40.00');
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('stacks each withdrawal and payout under its date on a 375 px phone: state, amounts, dates and Cancel in view, nothing to scroll sideways', async () => {
      // given an onboarded seller with three released sales of 10.00 (9.50 each after the fee), a
      // withdrawal of two of them paid out, and a withdrawal of the third still requested
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      await onboard(stack.testApp, party);
      await releasedOrders(stack.testApp, party, 3);
      fundPlatform(stack.testApp, 100_000);
      expect(await requestWithdrawal(party, { amount: 1_900 })).toMatchObject({ errors: [] });
      await runPayoutJobs(stack.testApp);
      expect(await requestWithdrawal(party, { amount: 950 })).toMatchObject({ errors: [] });

      // when they open their payouts on a phone
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/payouts',
      });
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByRole('heading', { name: 'Payouts', level: 1 }).waitFor();
      const withdrawals = page.getByRole('table', { name: 'Your withdrawals, newest first' });
      const requested = withdrawals.getByRole('row').filter({ hasText: '€9.50' });
      const requestedSummary = requested.getByTestId('withdrawal-summary-phone');
      await requestedSummary.waitFor({ timeout: stepTimeoutMs });

      // then the requested withdrawal's date, amount, state, other facts and Cancel button are within the screen
      // (on a phone a row shows two cells: the date, with the rest under it, and what it pays)
      const requestedCells = requested.getByRole('cell');
      expect(await requestedCells.count()).toBe(2);
      expect(await requestedCells.nth(1).textContent()).toBe('€9.50');
      await expectWithinWidth(page, requestedCells.first().locator('time').first(), 'the date requested');
      await expectWithinWidth(page, requestedCells.nth(1), 'the amount it pays');
      await expectText(requestedSummary.getByTestId('withdrawal-state-phone'), 'Requested');
      await expectWithinWidth(page, requestedSummary.getByTestId('withdrawal-state-phone'), 'its state');
      await expectWithinWidth(page, requestedSummary.getByText('Asked €9.50 · 1 order'), 'the amount asked');
      await expectWithinWidth(page, requestedSummary.getByText(/^Last change /), 'its last change');
      const cancel = requested.getByRole('button', { name: 'Cancel', exact: true });
      await expectWithinWidth(page, cancel, 'the Cancel button');

      // and the completed withdrawal and its paid payout show their amounts, states and dates
      const completed = withdrawals.getByRole('row').filter({ hasText: '€19.00' });
      await expectText(completed.getByTestId('withdrawal-state-phone'), 'Completed');
      await expectWithinWidth(page, completed.getByRole('cell').nth(1), 'the completed withdrawal’s amount');
      expect(await completed.getByRole('button').count()).toBe(0);
      const payout = page
        .getByRole('table', { name: 'Your payouts, newest first' })
        .getByRole('row')
        .filter({ hasText: '€19.00' });
      const payoutSummary = payout.getByTestId('payout-summary-phone');
      const payoutCells = payout.getByRole('cell');
      expect(await payoutCells.count()).toBe(2);
      expect(await payoutCells.nth(1).textContent()).toBe('€19.00');
      await expectWithinWidth(page, payoutCells.nth(1), 'the payout’s amount');
      await expectWithinWidth(page, payoutCells.first().locator('time').first(), 'the payout’s start');
      await expectText(payoutSummary.getByTestId('payout-state-phone'), 'Paid');
      await expectWithinWidth(page, payoutSummary.getByTestId('payout-state-phone'), 'the payout’s state');
      await expectWithinWidth(
        page,
        payoutSummary.getByText('2 orders · Your withdrawal'),
        'what it paid for',
      );
      await expectWithinWidth(page, payoutSummary.getByText(/^Paid \d/), 'the date it was paid');
      expect(await page.getByRole('columnheader', { name: 'State' }).count()).toBe(0);

      // and neither the page nor the tables scroll sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectWithinWidth(page, withdrawals, 'the withdrawals table');
      await expectWithinWidth(
        page,
        page.getByRole('table', { name: 'Your payouts, newest first' }),
        'the payouts table',
      );
      await expectAccessible(page);

      // when they cancel the requested withdrawal from the phone (confirmed)
      await cancel.click();
      const cancelDialog = await openedDialog(page, 'Cancel this withdrawal?');
      await cancelDialog.getByRole('button', { name: 'Cancel withdrawal' }).click();
      await cancelDialog.waitFor({ state: 'hidden' });

      // then it is cancelled, and its Cancel button is gone
      await expectText(requestedSummary.getByTestId('withdrawal-state-phone'), 'Cancelled');
      expect(await requested.getByRole('button').count()).toBe(0);

      // and on a wide screen the withdrawals and payouts are columns again
      await page.setViewportSize({ width: 1280, height: 720 });
      await requestedSummary.waitFor({ state: 'hidden' });
      await payoutSummary.waitFor({ state: 'hidden' });
      expect(await page.getByRole('columnheader', { name: 'State' }).count()).toBe(2);
      await expectText(requested.getByTestId('withdrawal-state'), 'Cancelled');
      await expectText(payout.getByTestId('payout-state'), 'Paid');
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });

  describe('another seller’s listing', () => {
    it('opens as not found, with none of the owner’s controls', async () => {
      // given a listing of another seller (listings are public: its id is in the store's links)
      const other = await createUser(stack, ['SELLER']);
      const { listingId } = await createListing(await sellerParty(stack, other), { price: 700 });

      // when a seller opens it in their console
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        path: `seller/listings/${encodeURIComponent(listingId)}`,
      });

      // then it is not theirs to manage (the newcomer probe: every control was offered, each failing once used)
      await page
        .getByRole('heading', { level: 1, name: 'Listing not found' })
        .waitFor({ timeout: stepTimeoutMs });
      await page.getByText('No listing of yours has this id.').waitFor();
      for (const control of ['Pause listing', 'Archive listing', 'Edit listing']) {
        expect(await page.getByRole('button', { name: control }).count()).toBe(0);
      }
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });

  describe('sales', () => {
    it('stacks each sale under its listing on a 375 px phone: price, escrow state and date in view, nothing to scroll sideways', async () => {
      // given a seller with a sale in escrow
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      await heldOrder(stack.testApp, { seller: party, price: 1_250 });

      // when they open their sales on a phone
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/sales',
      });
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: '€12.50' });
      const summary = row.getByTestId('sale-summary-phone');
      await summary.waitFor({ timeout: stepTimeoutMs });

      // then the listing, its price, where the money is and the date are within the screen
      await expectWithinWidth(page, row.getByRole('link').first(), 'the listing');
      await expectWithinWidth(page, row.getByText('€12.50', { exact: true }), 'the price');
      // with what reaches the seller once released: the price less the 5% fee, rounded for the seller
      await expectText(row.getByTestId('sale-net'), '€11.88 to you after the €0.62 fee');
      await expectWithinWidth(page, row.getByTestId('sale-net'), 'the net');
      await expectWithinWidth(page, summary.getByText('In escrow'), 'the escrow state');
      await expectWithinWidth(page, summary.getByText(/^Sold /), 'the date of sale');
      expect(await page.getByRole('columnheader', { name: 'Escrow' }).count()).toBe(0);
      // and neither the page nor the table scrolls sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectWithinWidth(page, page.getByRole('table'), 'the table');
      await expectAccessible(page);

      // and on a wide screen the sale is columns again
      await page.setViewportSize({ width: 1280, height: 720 });
      await summary.waitFor({ state: 'hidden' });
      await page.getByRole('columnheader', { name: 'Escrow' }).waitFor();
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });

  describe('API keys', () => {
    it('creates a key with scopes from the keyboard, shows its secret once, and revokes it only once confirmed', async () => {
      // given a seller on the API keys page
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        path: 'seller/api-keys',
      });
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
      await expectAccessible(page);

      // when they name a key, tick a scope and press Create, all from the keyboard
      const name = page.getByRole('textbox', { name: /^Name/ });
      await name.focus();
      await page.keyboard.type('Warehouse sync');
      await tabTo(page, page.getByRole('checkbox', { name: /^Read catalog/ }));
      await page.keyboard.press('Space');
      await tabTo(page, page.getByRole('button', { name: 'Create key' }));
      await page.keyboard.press('Enter');

      // then the secret is shown once, with a warning and a copy button
      const dialog = await openedDialog(page, 'Your new API key');
      await expectText(dialog, 'You will not see this secret again');
      const secret = ((await dialog.getByTestId('api-key-secret').textContent()) ?? '').trim();
      expect(secret.length).toBeGreaterThan(20);
      await dialog.getByRole('button', { name: 'Copy secret' }).waitFor();
      await expectAccessible(page);

      // and the key works against the API, within its scope
      const partner = new TestClient(stack.baseUrl);
      partner.apiKey = secret;
      const listed = await partner.graphql<{ myListings: { edges: unknown[] } }>(
        '{ myListings { edges { cursor } } }',
      );
      expect(listed.errors).toBeUndefined();

      // when they close the dialog
      await dialog.getByRole('button', { name: 'I have stored it' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // then the secret is nowhere on the page; the key is listed by its name, prefix and scope
      expect(await page.content()).not.toContain(secret);
      const row = page.getByRole('row').filter({ hasText: 'Warehouse sync' });
      await expectText(row, 'Read catalog');
      await expectText(row.getByTestId('api-key-status'), 'Active');

      // when they revoke it and confirm
      await row.getByRole('button', { name: 'Revoke Warehouse sync' }).click();
      const confirm = page.getByRole('dialog', { name: 'Revoke “Warehouse sync”?' });
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await confirm.waitFor({ state: 'hidden' });

      // then it is revoked on the page, and the API refuses it
      await expectText(row.getByTestId('api-key-status'), 'Revoked');
      const refused = await partner.graphql('{ myListings { edges { cursor } } }');
      expect(refused.errors?.length ?? 0).toBeGreaterThan(0);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('says where a key is sent: the GraphQL endpoint of this origin, the header, and the guide’s section', async () => {
      // given a seller on the API keys page
      const { page, user, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        path: 'seller/api-keys',
      });
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();

      // then the page names the endpoint as the browser reaches it, and the header for the key
      const panel = page.getByRole('region', { name: 'Using the API' });
      const endpoint = `${stack.baseUrl}/graphql`;
      await expectText(panel.getByTestId('api-endpoint'), endpoint);
      expect(await panel.getByTestId('api-endpoint').textContent()).toBe(endpoint);
      await expectText(panel, /POST of JSON to this endpoint, with the key in the x-api-key header/);
      await panel.getByRole('button', { name: 'Copy URL' }).waitFor();
      // and where the guide is: a section that docs/API.md has under that number and title
      await expectText(panel.getByTestId('api-docs'), 'section 10, “API keys and scopes (partners)”');
      expect(fs.readFileSync(path.join(repositoryRoot, 'docs', 'API.md'), 'utf8')).toMatch(
        /^## 10\. API keys and scopes \(partners\)$/m,
      );
      await expectAccessible(page);

      // and the example request, sent as shown with a new key, is answered
      const party = await sellerParty(stack, user);
      const created = await party.client.data<{ createApiKey: { secret: string | null } }>(
        'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret errors { code } } }',
        { input: { name: 'Example', scopes: ['CATALOG_READ'] } },
      );
      const example = (await panel.getByTestId('api-example').textContent()) ?? '';
      expect(example).toContain(`curl -s ${endpoint}`);
      const body = /-d '(.+)'$/m.exec(example)![1]!;
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': created.createApiKey.secret! },
        body,
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { myListings: { edges: [] } } });
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it('stacks each key under its name on a 375 px phone: status, scopes, dates and Revoke in view, nothing to scroll sideways', async () => {
      // given a seller with an active key and a revoked one
      const seller = await createUser(stack, ['SELLER']);
      const party = await sellerParty(stack, seller);
      await createNamedApiKey(party, 'Warehouse sync', ['CATALOG_READ', 'ORDERS_READ']);
      const oldKeyId = await createNamedApiKey(party, 'Old shop', ['CATALOG_WRITE']);
      const revoked = await party.client.data<{ revokeApiKey: { errors: unknown[] } }>(
        'mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }',
        { input: { apiKeyId: oldKeyId } },
      );
      expect(revoked.revokeApiKey.errors).toEqual([]);

      // when they open their API keys on a phone
      const { page, problems } = await signedInPage(stack, browser, {
        roles: ['SELLER'],
        user: seller,
        path: 'seller/api-keys',
      });
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
      const keys = page.getByRole('table', { name: 'Your API keys, newest first' });
      const active = keys.getByRole('row').filter({ hasText: 'Warehouse sync' });
      const summary = active.getByTestId('api-key-summary-phone');
      await summary.waitFor({ timeout: stepTimeoutMs });

      // then the key's name, status, prefix, scopes, dates and Revoke button are within the screen
      // (on a phone a row shows two cells: the name, with the rest under it, and the status)
      const activeCells = active.getByRole('cell');
      expect(await activeCells.count()).toBe(2);
      await expectWithinWidth(page, activeCells.first(), 'the name and what is under it');
      await expectText(active.getByTestId('api-key-status'), 'Active');
      await expectWithinWidth(page, active.getByTestId('api-key-status'), 'the status');
      await expectWithinWidth(page, summary.getByText(/^Key starts with/), 'the prefix');
      await expectWithinWidth(page, summary.getByText('Read orders'), 'the scopes');
      await expectWithinWidth(page, summary.getByText(/^Created /), 'the date created');
      await expectWithinWidth(page, summary.getByText('Not used yet'), 'the last use');
      const revoke = active.getByRole('button', { name: 'Revoke Warehouse sync' });
      await expectWithinWidth(page, revoke, 'the Revoke button');
      // and the revoked key says so, with nothing to revoke
      const old = keys.getByRole('row').filter({ hasText: 'Old shop' });
      await expectText(old.getByTestId('api-key-status'), 'Revoked');
      await expectWithinWidth(page, old.getByTestId('api-key-status'), 'the revoked key’s status');
      expect(await old.getByRole('button').count()).toBe(0);
      expect(await page.getByRole('columnheader', { name: 'Scopes' }).count()).toBe(0);

      // and neither the page nor the table scrolls sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await expectWithinWidth(page, keys, 'the table');
      await expectAccessible(page);

      // when they revoke the active key from the phone and confirm
      await revoke.click();
      const confirm = await openedDialog(page, 'Revoke “Warehouse sync”?');
      await confirm.getByRole('button', { name: 'Revoke key' }).click();
      await confirm.waitFor({ state: 'hidden' });

      // then it is revoked, and its Revoke button is gone
      await expectText(active.getByTestId('api-key-status'), 'Revoked');
      expect(await active.getByRole('button').count()).toBe(0);

      // and on a wide screen the keys are columns again
      await page.setViewportSize({ width: 1280, height: 720 });
      await summary.waitFor({ state: 'hidden' });
      await page.getByRole('columnheader', { name: 'Scopes' }).waitFor();
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
});
