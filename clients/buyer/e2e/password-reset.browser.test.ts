import type { Browser } from 'playwright-core';
import { SmtpInbox } from '../../../server/test/smtp-inbox';
import {
  collectPageProblems,
  createUser,
  expectAccessible,
  launchBrowser,
  saveScreenshot,
  startBuyerStack,
  type BuyerStack,
} from './buyer-harness';

/** A buyer who forgot the password: a link by mail, a new password, signed in with it. */

let stack: BuyerStack;
let browser: Browser;
let inbox: SmtpInbox;

beforeAll(async () => {
  inbox = await SmtpInbox.start();
  [stack, browser] = await Promise.all([startBuyerStack({ env: { SMTP_URL: inbox.url } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await inbox?.close();
});

test('a buyer who forgot the password gets a link by mail, chooses a new one and signs in with it', async () => {
  // given a buyer on the sign-in page who no longer knows the password
  const buyer = await createUser(stack, ['BUYER']);
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL('**/forgot-password');

  // when they ask for a link
  await page.getByRole('textbox', { name: 'Email' }).fill(buyer.email);
  await expectAccessible(page);
  const mailsBefore = inbox.mails.length;
  await page.getByRole('button', { name: 'Mail me a link' }).click();

  // then the page says a mail is on its way, and the mail carries a link to the store
  await page.getByTestId('reset-requested').getByText(buyer.email).waitFor();
  await saveScreenshot(page, 'buyer-password-reset-requested');
  const mail = await inbox.next(buyer.email, mailsBefore);
  const link = /http\S+#token=\S+/.exec(mail.text)?.[0];
  expect(link?.startsWith(`${stack.buyerUrl}/reset-password#token=`)).toBe(true);

  // when they open it: the token leaves the address bar at once
  await page.goto(link!);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.waitForURL(`${stack.buyerUrl}/reset-password`);
  // two different passwords are caught before anything is sent
  await page.getByLabel(/^New password/).fill('my new buyer password');
  await page.getByLabel(/^Confirm new password/).fill('my new buyer passwort');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await page.getByText('Type the same new password twice.').waitFor();
  await page.getByLabel(/^Confirm new password/).fill('my new buyer password');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Set the new password' }).click();

  // then they sign in with the new password, their email filled in
  await page.getByTestId('password-reset-done').waitFor();
  expect(await page.getByRole('textbox', { name: 'Email' }).inputValue()).toBe(buyer.email);
  await saveScreenshot(page, 'buyer-password-reset-done');
  await page.locator('input[name=password]').fill('my new buyer password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('viewer-name').waitFor();
  expect(problems).toEqual([]);
  await context.close();

  // and the link does not work a second time
  const again = await browser.newContext({ baseURL: stack.buyerUrl });
  const second = await again.newPage();
  await second.goto(link!);
  await second.getByLabel(/^New password/).fill('someone else trying again');
  await second.getByLabel(/^Confirm new password/).fill('someone else trying again');
  await second.getByRole('button', { name: 'Set the new password' }).click();
  await second.getByTestId('reset-link-unusable').getByText('it was used already').waitFor();
  await second.getByRole('link', { name: 'Ask for a new link' }).click();
  await second.waitForURL('**/forgot-password');
  await again.close();
});

test('the reset page opened without its link says so and leads to a new one', async () => {
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  await page.goto('/reset-password');
  await page.getByTestId('reset-link-unusable').getByText('Open this page from the link').waitFor();
  await page.goto('/reset-password#token=not-a-token');
  await page.getByTestId('reset-link-unusable').waitFor();
  await context.close();
});
