import type { Browser, Page } from 'playwright-core';
import {
  addCodes,
  collectPageProblems,
  expectAccessible,
  launchBrowser,
  saveScreenshot,
  seedListings,
  startBuyerStack,
  type BuyerStack,
  type Party,
} from './buyer-harness';
import { picture, setListingImages, uploadListingImage } from '../../../server/test/listing-image-helpers';

/**
 * The catalog in the browser: search, filters, sort and cursor pages all live in the URL (the back
 * button works, links are shareable), with and without JavaScript; the listing page; axe on both;
 * screenshots for the README. The stack's database is fresh: the catalog holds what this file seeds.
 */

let stack: BuyerStack;
let browser: Browser;
let seller: Party | undefined;
/** Global id of the one Xbox gift card among the Steam keys. */
let xboxListingId: string;

const steamCount = 30;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBuyerStack(), launchBrowser()]);
  // 30 Steam keys priced 10.00, 10.10, ... 12.90 (created in that order), and one Xbox gift card at 50.00.
  for (let index = 0; index < steamCount; index += 1) {
    const created = await seedListings(stack, {
      seller,
      codes: 2,
      price: 1_000 + index * 10,
      title: () => `Catalog game ${String(index + 1).padStart(2, '0')}`,
    });
    seller = created.seller;
  }
  const xbox = await seller!.client.data<{ createListing: { listing: { id: string } } }>(
    `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
    {
      input: {
        title: 'Xbox gift card 50',
        platform: 'XBOX',
        region: 'EU',
        kind: 'GIFT_CARD',
        price: 5_000,
        currency: 'EUR',
        description: 'Fifty euros of Xbox store credit.\nRedeem on xbox.com.',
      },
    },
  );
  xboxListingId = xbox.createListing.listing.id;
  await addCodes(seller!, xboxListingId, ['XBOX-CATALOG-0001']);
  // The seller attaches a picture to the Xbox card (two: the page shows the second as a thumbnail).
  const uploads = [];
  for (const colour of [
    { r: 16, g: 124, b: 16 },
    { r: 30, g: 30, b: 30 },
  ]) {
    const upload = await uploadListingImage(stack.testApp, seller!.client, await picture(800, 600, colour));
    expect(upload.status).toBe(201);
    uploads.push(upload.body.id!);
  }
  const attached = await setListingImages(seller!.client, { listingId: xboxListingId, imageIds: uploads });
  expect(attached.errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const cards = (page: Page) => page.locator('[data-testid=catalog-results] > li');
const cardTitles = (page: Page) => page.locator('[data-testid=catalog-results] > li h3').allTextContents();

/** After a client navigation the URL changes before the new page renders: wait for the cards. */
async function expectCardCount(page: Page, count: number) {
  await page.waitForFunction(
    (expected) => document.querySelectorAll('[data-testid=catalog-results] > li').length === expected,
    count,
  );
}

async function expectCardTitles(page: Page, titles: string[]) {
  await page.waitForFunction(
    (expected) =>
      JSON.stringify(
        [...document.querySelectorAll('[data-testid=catalog-results] > li h3')].map(
          (title) => title.textContent,
        ),
      ) === expected,
    JSON.stringify(titles),
  );
  expect(await cardTitles(page)).toEqual(titles);
}

test('catalog: pages, search, filters and sort live in the URL, and the back button walks them', async () => {
  const context = await browser.newContext({
    baseURL: stack.buyerUrl,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  stack.requests.clear();
  await page.goto('/');
  await expectCardCount(page, 24);
  // The page was rendered on the server from one GraphQL request (the browser's own, after
  // hydration, are the header's viewer queries, not the catalog's).
  expect(await page.locator('h1').textContent()).toBe('Catalog');
  // The newest listing (the Xbox card) is first: its image is the LCP candidate, fetched at high
  // priority with its srcset and intrinsic size, served through the buyer server's forwarder.
  const cover = cards(page).first().locator('img');
  expect(await cover.getAttribute('fetchpriority')).toBe('high');
  expect(await cover.getAttribute('srcset')).toContain('/listing-images/');
  expect([await cover.getAttribute('width'), await cover.getAttribute('height')]).toEqual(['800', '600']);
  await page.waitForFunction(() => {
    const image = document.querySelector<HTMLImageElement>('[data-testid=catalog-results] > li img');
    return image !== null && image.complete && image.naturalWidth > 0;
  });
  // Listings without images show a neutral placeholder of the same size; below the first row, lazy.
  expect(await page.locator('[data-placeholder=true]').count()).toBe(23);
  await expectAccessible(page);
  await saveScreenshot(page, 'buyer-catalog');

  // Next page through the cursor link; back returns to the first page.
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/[?&]after=/);
  await expectCardCount(page, steamCount + 1 - 24);
  expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
  await page.goBack();
  await page.waitForURL((url) => url.search === '');
  await expectCardCount(page, 24);

  // Search by title.
  await page.getByRole('searchbox', { name: 'Search titles' }).fill('xbox gift');
  await page.getByRole('button', { name: 'Show listings' }).click();
  await page.waitForURL('**/?q=xbox+gift');
  await expectCardTitles(page, ['Xbox gift card 50']);

  // Filters: platform, then a price range in major units (sent in minor units), sorted by price.
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('STEAM');
  await page.getByRole('textbox', { name: 'Minimum price' }).fill('10.50');
  await page.getByRole('textbox', { name: 'Maximum price' }).fill('10.9');
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption('PRICE_DESC');
  await page.getByRole('button', { name: 'Show listings' }).click();
  await page.waitForURL('**/?platform=STEAM&min=10.50&max=10.9&sort=PRICE_DESC');
  await expectCardTitles(page, [
    'Catalog game 10',
    'Catalog game 09',
    'Catalog game 08',
    'Catalog game 07',
    'Catalog game 06',
  ]);
  // The form shows the URL's values after a reload (shareable) and after back/forward.
  await page.reload();
  expect(await page.getByRole('textbox', { name: 'Minimum price' }).inputValue()).toBe('10.50');
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/' && url.search === '');
  await expectCardCount(page, 24);
  expect(await page.getByRole('combobox', { name: 'Platform' }).inputValue()).toBe('');

  // An empty result says so and how to widen it.
  await page.goto('/?q=no+such+game');
  await page.getByText('No listing matches these filters').waitFor();
  await expectAccessible(page);
  expect(problems).toEqual([]);
  await context.close();
});

test('catalog without JavaScript: the form and the next-page link still work', async () => {
  const context = await browser.newContext({ baseURL: stack.buyerUrl, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await expectCardCount(page, 24);
  await page.getByRole('combobox', { name: 'Platform' }).selectOption('XBOX');
  await page.getByRole('button', { name: 'Show listings' }).click();
  await page.waitForURL(/platform=XBOX/);
  await expectCardTitles(page, ['Xbox gift card 50']);
  await page.goto('/');
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/[?&]after=/);
  await expectCardCount(page, steamCount + 1 - 24);
  await context.close();
});

test('listing page: details from the server, accessible; unknown listings are 404', async () => {
  const context = await browser.newContext({
    baseURL: stack.buyerUrl,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto('/?platform=XBOX');
  await page.getByRole('link', { name: 'Xbox gift card 50' }).click();
  await page.waitForURL(`**/listings/${encodeURIComponent(xboxListingId)}`);
  expect(await page.locator('h1').textContent()).toBe('Xbox gift card 50');
  expect(await page.getByTestId('listing-price').textContent()).toBe('€50.00');
  expect(await page.getByTestId('listing-stock').textContent()).toBe('1 in stock');
  await page.getByText('Redeem on xbox.com.').waitFor();
  await page.getByText('New seller').waitFor();
  expect(await page.locator('main img').count()).toBe(2);
  await page.locator('[data-testid=buy-button]:not([disabled])').waitFor();
  await expectAccessible(page);
  await saveScreenshot(page, 'buyer-listing');
  expect(problems).toEqual([]);

  const missing = await page.goto('/listings/TGlzdGluZzowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA');
  expect(missing?.status()).toBe(404);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  await context.close();
});

test('hostile URLs and seller text: malformed paths are 400, a NUL in the search is a space, long words wrap on a phone', async () => {
  const long = await seller!.client.data<{ createListing: { listing: { id: string } } }>(
    `mutation ($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }`,
    {
      input: {
        title: 'W'.repeat(120),
        platform: 'MICROSOFT',
        region: 'GLOBAL',
        kind: 'SOFTWARE_LICENSE',
        price: 900,
        currency: 'EUR',
        description: `Unbroken: ${'x'.repeat(2_000)}`,
      },
    },
  );
  const context = await browser.newContext({
    baseURL: stack.buyerUrl,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();

  // a seller's 120-character title and 2,000-character word stay within the phone's width
  await page.goto(`/listings/${encodeURIComponent(long.createListing.listing.id)}`);
  await page.locator('h1').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // paths that do not percent-decode are the client's error, not the server's
  for (const path of ['/listings/%ZZ', '/orders/%E0%A4%A', '/disputes/%E0%A4%A']) {
    const answer = await page.goto(path);
    expect({ path, status: answer?.status() }).toEqual({ path, status: 400 });
  }
  // a NUL typed into the search (the API refuses it in any string) searches for the rest
  const searched = await page.goto('/?q=Xbox%00gift');
  expect(searched?.status()).toBe(200);
  await expectCardTitles(page, ['Xbox gift card 50']);
  await context.close();
});
