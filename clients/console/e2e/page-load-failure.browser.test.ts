import type { Browser } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
} from './browser-harness';

/**
 * Each area of the console is its own chunk, fetched when first opened. When that fetch fails
 * (the API restarting under `npm start`, a dropped connection), the page said nothing: React
 * unmounted the whole app and left a blank page. Now the failing page says so inside the layout,
 * with a reload, and the navigation stays.
 */
describe('a page whose code does not arrive', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('says the page could not be loaded, keeps the navigation, and loads it after a reload', async () => {
    // given a seller in the console, whose Account page has not been opened yet
    const { page, context, problems } = await signedInPage(stack, browser, {
      roles: ['SELLER'],
      path: 'seller',
    });
    // when every script not fetched yet fails to arrive (the server is restarting)
    await context.route('**/console/assets/*.js', (route) => route.abort('connectionrefused'));
    await page.getByRole('navigation').getByRole('link', { name: 'Account' }).click();

    // then the page says what happened and what to do, and the layout around it stays
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor();
    await alert.getByText('Reload the page; your session is kept.').waitFor();
    expect(await page.getByTestId('viewer-name').isVisible()).toBe(true);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Account' }).isVisible()).toBe(true);
    await expectAccessible(page);

    // when the server is back and the seller reloads
    await context.unroute('**/console/assets/*.js');
    await alert.getByRole('button', { name: 'Reload the page' }).click();

    // then the page they asked for is shown, still signed in
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/console\/account$/);
    // The failed fetch itself is the only problem the page reported.
    expect(
      problems.filter((problem) => !/Failed to load resource|dynamically imported module/.test(problem)),
    ).toEqual([]);
  });
});
