import type { Browser } from 'playwright-core';
import {
  collectPageProblems,
  consolePath,
  createUser,
  expectAccessible,
  launchBrowser,
  saveScreenshot,
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
    expect(await page.getByTestId('viewer-name').textContent()).toContain('SUPPORT');
    expect(problems).toEqual([]);
    await context.close();
  });
});
