import type { Browser } from 'playwright-core';
import {
  collectPageProblems,
  consolePath,
  createUser,
  expectAccessible,
  launchBrowser,
  saveScreenshot,
  sessionCookies,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
} from './browser-harness';

describe('the login page', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong password with a message, then signs the agent in on their home page', async () => {
    // given an agent who is not signed in, opening the console
    const agent = await createUser(stack, ['SUPPORT']);
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(consolePath(''));

    // then the console sends them to the login page, which is accessible
    await page.getByRole('heading', { name: 'Sign in to the CodeSale console' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await expectAccessible(page);
    await saveScreenshot(page, 'login');

    // when they type a wrong password and press Enter
    await page.getByRole('textbox', { name: /^Email/ }).fill(agent.email);
    await page.getByRole('textbox', { name: /^Password/ }).fill('not the password at all');
    // (and can check it: the show-password button is next in the tab order and works from the keyboard)
    await page.getByRole('textbox', { name: /^Password/ }).press('Tab');
    const show = page.getByRole('button', { name: 'Show password' });
    expect(await show.evaluate((element) => element === document.activeElement)).toBe(true);
    await show.press('Space');
    expect(await page.locator('input[autocomplete="current-password"]').getAttribute('type')).toBe('text');
    await show.press('Space');
    expect(await page.locator('input[autocomplete="current-password"]').getAttribute('type')).toBe(
      'password',
    );
    await page.getByRole('textbox', { name: /^Password/ }).press('Enter');

    // then the page says so and they stay on it
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/could not sign in/i);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await expectAccessible(page);

    // when they type the right password and submit with the keyboard
    await page.getByRole('textbox', { name: /^Password/ }).fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');

    // then they land on their home page (support: the dispute queue), signed in
    await page.waitForURL('**/console/support/disputes');
    await page.getByTestId('viewer-name').waitFor();
    expect(await page.getByTestId('viewer-name').textContent()).toContain('Support');
    // and the window's title names the page (the newcomer probe: every page was "CodeSale console")
    await page.getByRole('heading', { level: 1, name: 'Dispute queue' }).waitFor();
    await page.waitForFunction(() => document.title === 'Dispute queue · CodeSale console', undefined, {
      polling: 100,
    });
    // and the keyboard's first stop skips the header and the navigation to the page itself
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main-content', undefined, {
      polling: 100,
    });
    expect(new URL(page.url()).pathname).toBe('/console/support/disputes');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets a newcomer create a seller account from the login page and lands them on their listings', async () => {
    // given someone with no account, on the console's login page
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await page.goto(consolePath('login'));

    // when they follow the link for new sellers
    await page.getByRole('link', { name: 'Create a seller account' }).click();
    await page.getByRole('heading', { name: 'Start selling on CodeSale' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signup');
    await expectAccessible(page);

    // and submit the form empty, then with an email that already has an account
    await page.getByRole('button', { name: 'Create seller account' }).click();
    await page.getByText('Choose the name buyers will see on your listings').waitFor();
    const taken = await createUser(stack, ['BUYER']);
    await page.getByRole('textbox', { name: /^Display name/ }).fill('Newcomer Keys');
    await page.getByRole('textbox', { name: /^Email/ }).fill(taken.email);
    await page.getByRole('textbox', { name: /^Password/ }).fill('a long enough password 42');
    await page.getByRole('button', { name: 'Create seller account' }).click();

    // then the API's refusal shows on the email field, and nothing signed them in
    await page.getByText('An account with this email exists.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signup');
    await expectAccessible(page);
    await saveScreenshot(page, 'seller-signup');

    // when they use an email of their own
    const email = `newcomer-${Date.now()}@example.test`;
    await page.getByRole('textbox', { name: /^Email/ }).fill(email);
    await page.getByRole('button', { name: 'Create seller account' }).click();

    // then they are signed in as a seller on their (empty) listings page
    await page.waitForURL('**/console/seller/listings');
    await page.getByTestId('viewer-name').waitFor();
    expect(await page.getByTestId('viewer-name').textContent()).toContain('Seller');
    const [user] = await stack.services.database.$client
      .query<{ roles: string[] }>('select roles::text[] as roles from users where email = $1', [email])
      .then((result) => result.rows);
    expect(user?.roles.sort()).toEqual(['BUYER', 'SELLER']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets a buyer who signs in start selling with the same account', async () => {
    // given a buyer's account signed in to the console, which has no page for buyers
    const { page, context, user, problems } = await signedInPage(stack, browser, { roles: ['BUYER'] });

    // then the console offers to turn selling on instead of an empty screen
    await page.getByRole('heading', { name: 'Start selling with this account' }).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'start-selling');

    // when they start selling
    await page.getByRole('button', { name: 'Start selling' }).click();

    // then the same session lands on their listings as a seller, and the account holds both roles
    await page.waitForURL('**/console/seller/listings');
    await page.getByRole('link', { name: 'Listings' }).waitFor();
    expect(await page.getByTestId('viewer-name').textContent()).toContain('Seller');
    const [row] = await stack.services.database.$client
      .query<{ roles: string[] }>('select roles::text[] as roles from users where id = $1', [user.rawId])
      .then((result) => result.rows);
    expect(row?.roles.sort()).toEqual(['BUYER', 'SELLER']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('takes a buyer who became a seller back to the store: a full page load of /, not a console route', async () => {
    // given a seller who also buys, in the console; the store (the buyer app, served at / beside
    // the console in production) answers here with a stand-in page, so the test sees the browser load it
    const { page, context, problems } = await signedInPage(stack, browser, {
      roles: ['BUYER', 'SELLER'],
      path: 'seller/listings',
    });
    let storeLoads = 0;
    await page.route(`${stack.baseUrl}/`, (route) => {
      storeLoads += 1;
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="en"><title>CodeSale</title><h1>The store</h1></html>',
      });
    });

    // then the navigation offers the store, as a link to / (outside the console's /console/ routes)
    const link = page.getByRole('navigation').getByRole('link', { name: /^Go to the store/ });
    expect(await link.getAttribute('href')).toBe('/');
    expect(await link.textContent()).toContain('Your orders and wallet');
    await expectAccessible(page);

    // when they follow it
    await link.click();

    // then the browser loads the store's page at /
    await page.getByRole('heading', { name: 'The store' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(storeLoads).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone (375 pixels wide), the header keeps Sign out inside it', async () => {
    const seller = await createUser(stack, ['BUYER', 'SELLER']);
    const context = await browser.newContext({
      baseURL: stack.baseUrl,
      viewport: { width: 375, height: 740 },
    });
    await context.addCookies(await sessionCookies(stack, seller));
    const page = await context.newPage();
    await page.goto(consolePath('seller/listings'));
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    const header = (await page.locator('header').first().boundingBox())!;
    const button = (await signOut.boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(header.y + header.height);
    expect(button.x + button.width).toBeLessThanOrEqual(375);
    await context.close();
  });
});
