import type { Browser } from 'playwright-core';
import {
  apiClient,
  collectPageProblems,
  expectAccessible,
  expectFocusOn,
  launchBrowser,
  signedInBuyerPage,
  startBuyerStack,
  TestClient,
  type BuyerStack,
} from './buyer-harness';

/** Sign up, typed errors on their fields, the `next` parameter, active sessions, sign out everywhere. */

let stack: BuyerStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startBuyerStack(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const password = 'browser test password 0001';

test('sign up lands on the page asked for; a taken email is reported on the email field', async () => {
  const email = `new-buyer-${Date.now()}@example.test`;
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto('/signup?next=%2Faccount');
  await page.getByRole('textbox', { name: 'Display name' }).fill('Nora New');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.locator('input[name=password]').fill(password);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/account');
  expect(await page.getByTestId('viewer-name').textContent()).toBe('Nora New');
  await context.close();

  const again = await browser.newContext({ baseURL: stack.buyerUrl });
  const second = await again.newPage();
  await second.goto('/signup');
  await second.getByRole('textbox', { name: 'Display name' }).fill('Nora Again');
  await second.getByRole('textbox', { name: 'Email' }).fill(email);
  await second.locator('input[name=password]').fill(password);
  await second.getByRole('button', { name: 'Create account' }).click();
  const emailField = second.getByRole('textbox', { name: 'Email' });
  await second.getByText('An account with this email exists.').waitFor();
  expect(await emailField.getAttribute('aria-invalid')).toBe('true');
  expect(second.url()).toMatch(/\/signup$/);
  expect(problems).toEqual([]);
  await again.close();
});

test('an empty sign-up says what is missing and takes the keyboard to the first field missing', async () => {
  // given a newcomer on the sign-up page
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto('/signup');
  const createAccount = page.getByRole('button', { name: 'Create account' });

  // when the form is sent empty from the keyboard
  await createAccount.press('Enter');

  // then each field says what it needs, and the focus is on the first one (not left on the button)
  await page.getByText('Choose the name sellers and support will see').waitFor();
  const displayName = page.getByRole('textbox', { name: 'Display name' });
  await expectFocusOn(displayName);
  expect(await displayName.getAttribute('aria-invalid')).toBe('true');

  // when the name is given and the form is sent again
  await displayName.fill('Nora New');
  await createAccount.press('Enter');

  // then the focus goes to the next field still missing
  await expectFocusOn(page.getByRole('textbox', { name: 'Email' }));
  expect(problems).toEqual([]);
  await context.close();
});

test('the next parameter is honoured only for paths of this site', async () => {
  const { user, context: setUp } = await signedInBuyerPage(stack, browser);
  await setUp.close();
  const context = await browser.newContext({ baseURL: stack.buyerUrl });
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent('https://evil.example/steal')}`);
  await page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === stack.buyerUrl && url.pathname === '/');
  await context.close();
});

test('account: active sessions with this one marked, sign another out, then sign out everywhere', async () => {
  const { page, user, context, problems } = await signedInBuyerPage(stack, browser, { path: '/account' });
  // Another device signs in.
  const other = await apiClient(stack, user);
  await page.reload();
  const rows = page.locator('[data-testid=sessions] tbody tr');
  await page.locator('[data-testid=sessions]').waitFor();
  const before = await rows.count();
  expect(before).toBeGreaterThanOrEqual(2);
  expect(await page.locator('[data-testid=sessions] tbody tr[data-current]').count()).toBe(1);
  expect(await page.locator('[data-testid=sessions] tbody tr[data-current]').textContent()).toContain(
    'This browser',
  );
  await expectAccessible(page);

  await page
    .locator('[data-testid=sessions] tbody tr:not([data-current])')
    .first()
    .getByRole('button', { name: /^Sign out/ })
    .click();
  await page.waitForFunction(
    (expected) => document.querySelectorAll('[data-testid=sessions] tbody tr').length === expected,
    before - 1,
  );

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('link', { name: 'Sign in' }).waitFor();
  // Every session ended: the other device's refresh is refused.
  const refreshed = await other.post('/auth/refresh', {});
  expect(refreshed.status).toBe(401);
  expect(problems).toEqual([]);
  await context.close();
});

test('account: change the password; the other device is signed out, this browser stays, the new password signs in', async () => {
  const { page, user, context, problems } = await signedInBuyerPage(stack, browser, { path: '/account' });
  const other = await apiClient(stack, user);
  const form = page.getByRole('form', { name: 'Change your password' });
  await form.waitFor();
  // a confirmation that differs is refused before anything is sent
  await form.getByLabel('Current password').fill('not my password at all');
  await form.getByLabel(/^New password/).fill('a new browser passphrase 2026');
  await form.getByLabel('Confirm new password').fill('a new browser passphrase 2062');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('Type the same new password twice.').waitFor();
  // a wrong current password is said on its field, and changes nothing
  await form.getByLabel('Confirm new password').fill('a new browser passphrase 2026');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByText('The current password is not right.').waitFor();

  await form.getByLabel('Current password').fill(user.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  // (the harness's own API client is a session of the account too)
  await page
    .getByTestId('password-changed')
    .filter({ hasText: /You stay signed in here; \d+ other sessions? (was|were) signed out/ })
    .waitFor();
  await expectAccessible(page);
  // the other device is signed out; this browser is still in
  expect((await other.post('/auth/refresh', {})).status).toBe(401);
  await page.reload();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await page.getByText(user.email).waitFor();
  // only the new password signs in
  const signIn = async (candidate: string) =>
    (
      await new TestClient(stack.apiUrl).data<{ logIn: { errors: { code: string }[] } }>(
        'mutation ($input: LogInInput!) { logIn(input: $input) { errors { code } } }',
        { input: { email: user.email, password: candidate } },
      )
    ).logIn.errors;
  expect(await signIn('a new browser passphrase 2026')).toEqual([]);
  expect(await signIn(user.password)).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
  expect(problems).toEqual([]);
  await context.close();
});
