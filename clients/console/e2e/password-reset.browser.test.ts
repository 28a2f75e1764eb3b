import type { Browser } from 'playwright-core';
import { SmtpInbox } from '../../../server/test/smtp-inbox';
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

/** A support agent who forgot the password: a link by mail into the console, a new password, signed in. */

let stack: ConsoleStack;
let browser: Browser;
let inbox: SmtpInbox;

beforeAll(async () => {
  inbox = await SmtpInbox.start();
  [stack, browser] = await Promise.all([
    startConsoleStack({ env: { SMTP_URL: inbox.url } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await inbox?.close();
});

test('an agent who forgot the password resets it from the mailed link and signs in to their queue', async () => {
  // given an agent on the console's sign-in page
  const agent = await createUser(stack, ['SUPPORT']);
  const context = await browser.newContext({ baseURL: stack.baseUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto(consolePath('login'));
  await page.getByRole('link', { name: 'Forgot your password?' }).click();

  // when they ask for a link, with a typo first
  await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill('not an address');
  await page.getByRole('button', { name: 'Mail me a link' }).click();
  await page.getByText('Enter the email you signed in with').waitFor();
  await page.getByRole('textbox', { name: 'Email' }).fill(agent.email);
  await expectAccessible(page);
  const mailsBefore = inbox.mails.length;
  await page.getByRole('button', { name: 'Mail me a link' }).click();
  await page.getByTestId('reset-requested').getByText(agent.email).waitFor();

  // then the mail leads staff into the console
  const mail = await inbox.next(agent.email, mailsBefore);
  const link = /http\S+#token=\S+/.exec(mail.text)?.[0];
  expect(link?.startsWith(`${stack.baseUrl}/console/reset-password#token=`)).toBe(true);

  // when they open it and choose a new password
  await page.goto(link!);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.waitForURL(`${stack.baseUrl}/console/reset-password`);
  await page.getByLabel(/^New password/).fill('the agent chose this one');
  await page.getByLabel(/^Confirm new password/).fill('the agent chose this one');
  await expectAccessible(page);
  await saveScreenshot(page, 'console-password-reset');
  await page.getByRole('button', { name: 'Set the new password' }).click();

  // then the sign-in page has their email and says the password changed; the new one signs in
  await page.getByTestId('password-reset-done').waitFor();
  expect(await page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(agent.email);
  await page.getByRole('textbox', { name: 'Password' }).fill('the agent chose this one');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/console/support/**');
  expect(problems).toEqual([]);
  await context.close();
});
