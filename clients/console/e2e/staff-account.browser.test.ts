import crypto from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { logIn, queryDatabase } from '../../../server/test/harness';
import {
  collectPageProblems,
  consolePath,
  createUser,
  disputedOrder,
  expectAccessible,
  launchBrowser,
  saveScreenshot,
  signedInPage,
  startConsoleStack,
  type ConsoleStack,
  type SignedInPage,
  TestClient,
} from './browser-harness';

/**
 * Staff accounts made in the console, and the Account page, in real Chromium against the real API:
 * an admin adds a support agent with a generated password (after the refusals, said in words), and
 * the agent signs in with it in another browser and changes it on their Account page.
 */

/**
 * axe measures contrast with the colours on screen: an alert still fading in is paler than it will
 * be. Waits until no CSS transition or animation runs, then checks.
 */
async function expectSettledAccessible(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  await expectAccessible(page);
}

/**
 * The layout's header is fixed: in a full-page capture of a page taller than the window it lands
 * mid-page. A window as tall as the page keeps it on top.
 */
async function screenshotWholePage(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(height, viewport.height), 4000),
  });
  await saveScreenshot(page, name);
  await page.setViewportSize(viewport);
}

/** The roles of the account with this email, as the database holds them; null when there is none. */
async function rolesOf(stack: ConsoleStack, email: string): Promise<string[] | null> {
  const [row] = await queryDatabase<{ roles: string[] }>(
    stack.testApp,
    'select roles::text[] as roles from users where email_normalized = lower($1)',
    [email],
  );
  return row ? row.roles.sort() : null;
}

/** Signs in on the console's sign-in page, from the keyboard; resolves once the page answered. */
async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.goto(consolePath('login'));
  await page.getByRole('heading', { name: 'Sign in to the CodeSale console' }).waitFor();
  await page.getByRole('textbox', { name: /^Email/ }).fill(email);
  await page.getByRole('textbox', { name: /^Password/ }).fill(password);
  await page.getByRole('textbox', { name: /^Password/ }).press('Enter');
}

describe('staff accounts and the Account page', () => {
  let stack: ConsoleStack;
  let browser: Browser;
  let admin: SignedInPage;
  /** The support agent the admin creates; the second test signs in as them. */
  const agent = {
    displayName: 'Ana Support',
    email: `agent-${crypto.randomBytes(4).toString('hex')}@example.test`,
    password: '',
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startConsoleStack(), launchBrowser()]);
    admin = await signedInPage(stack, browser, { roles: ['ADMIN'], path: 'admin/money' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  afterEach(() => {
    // Each test answers for the problems of its own steps only.
    const problems = admin.problems.splice(0);
    expect(problems).toEqual([]);
  });

  it('lets an admin add a support agent with a generated password, after refusing a weak password and a taken email in words', async () => {
    // given an admin in the console, who follows "Staff" in the navigation, after "Risk overrides"
    const { page } = admin;
    const navigation = page.getByRole('navigation');
    const adminLinks = await navigation.getByRole('link').allTextContents();
    expect(adminLinks.indexOf('Staff')).toBe(adminLinks.indexOf('Risk overrides') + 1);
    await navigation.getByRole('link', { name: 'Staff' }).click();
    await page.waitForURL('**/console/admin/staff');
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await expectSettledAccessible(page);
    const form = page.getByRole('form', { name: 'Add a staff account' });
    const displayName = form.getByRole('textbox', { name: /^Display name/ });
    const email = form.getByRole('textbox', { name: /^Email/ });
    const password = form.getByLabel(/^Initial password/);

    // when they fill the form with a password too short and press Enter
    await displayName.fill(agent.displayName);
    await email.fill(agent.email);
    await password.fill('short');
    await password.press('Enter');

    // then the rule is said under the password, and no account was made
    await form.getByText('Use at least 10 characters (this one has 5).').waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await rolesOf(stack, agent.email)).toBeNull();
    await expectSettledAccessible(page);

    // when they use an email that already has an account (a buyer's), with a long enough password
    const buyer = await createUser(stack, ['BUYER']);
    await email.fill(buyer.email);
    await password.fill('a long enough password 42');
    await form.getByRole('button', { name: 'Add staff account' }).click();

    // then the API's refusal is said in words, in an alert and under the email, with no code shown
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The account was not created');
    expect(await alert.textContent()).toContain('An account with this email already exists.');
    expect(await alert.textContent()).not.toMatch(/EMAIL_TAKEN|[A-Z]{4,}_[A-Z]+/);
    expect(await form.getByText('An account with this email already exists.').count()).toBe(2);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await rolesOf(stack, buyer.email)).toEqual(['BUYER']);
    await expectSettledAccessible(page);

    // when they give the agent's own email, and generate a password from the keyboard
    await email.fill(agent.email);
    await form.getByRole('button', { name: 'Generate' }).focus();
    await page.keyboard.press('Enter');

    // then a strong password fills the field, shown in clear to be handed over
    expect(await password.getAttribute('type')).toBe('text');
    agent.password = await password.inputValue();
    expect(agent.password).toHaveLength(16);
    expect(agent.password).toMatch(/[a-z]/);
    expect(agent.password).toMatch(/[A-Z]/);
    expect(agent.password).toMatch(/[0-9]/);
    expect(agent.password).toMatch(/[^A-Za-z0-9]/);

    // when they keep the role Support and submit with the keyboard
    expect(await form.getByRole('radio', { name: 'Support' }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add staff account' }).focus();
    await page.keyboard.press('Enter');

    // then the confirmation says who was made with which role, where they sign in, and the next step
    const created = page.getByTestId('staff-created');
    await created.waitFor();
    const confirmation = await created.textContent();
    expect(confirmation).toContain(`${agent.displayName} (${agent.email}) can now sign in as Support.`);
    expect(confirmation).toContain(`${stack.baseUrl}/console/login`);
    expect(confirmation).toContain('change the password from their Account page');
    expect(await created.getByTestId('staff-created-password').textContent()).toBe(agent.password);
    expect(confirmation).not.toMatch(/SUPPORT/);

    // and the form is empty again, and the account exists as support staff only
    expect(await displayName.inputValue()).toBe('');
    expect(await email.inputValue()).toBe('');
    expect(await password.inputValue()).toBe('');
    expect(await rolesOf(stack, agent.email)).toEqual(['SUPPORT']);
    await expectSettledAccessible(page);

    // and the staff list has the agent at once, with their initial password's end
    const staffList = page.getByRole('table', {
      name: /staff members? \(support agents and admins\), by name/,
    });
    const agentRow = staffList.getByRole('row').filter({ hasText: agent.email });
    await agentRow.waitFor();
    expect(await agentRow.textContent()).toMatch(/Support.*Initial, until/);

    // when they find the agent by their email
    const finder = page.getByRole('form', { name: 'Find a user' });
    await finder.getByRole('textbox', { name: /Email or user id/ }).fill(agent.email.toUpperCase());
    await finder.getByRole('button', { name: 'Find' }).press('Enter');
    await page
      .getByRole('region', { name: 'Users found' })
      .getByRole('button', { name: /^Choose / })
      .click();

    // then the card shows their name, email, roles in words and sign-up date
    const chosen = page.getByTestId('chosen-user');
    await chosen.getByRole('row', { name: /^Roles Support$/ }).waitFor();
    expect(await chosen.getByRole('row', { name: /^Name / }).textContent()).toContain(agent.displayName);
    expect(await chosen.getByRole('row', { name: /^Email / }).textContent()).toContain(agent.email);
    const signedUp = await chosen.locator('time').first().getAttribute('datetime');
    // and that their password is an initial one, which ends
    expect(await chosen.textContent()).toContain('Initial password, signing in until');
    expect(Date.now() - Date.parse(signedUp ?? '')).toBeLessThan(5 * 60_000);
    await expectSettledAccessible(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotWholePage(page, 'admin-staff');
  });

  it('lets the agent sign in with it, change it on their Account page, and only the new one signs in after', async () => {
    expect(agent.password).not.toBe('');
    // given the new agent, in a browser of their own, signing in with the password they were given
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    await signInOnPage(page, agent.email, agent.password);
    await page.waitForURL('**/console/support/disputes');
    // and every page says the admin's password is an initial one, with a way to change it
    const note = page.getByTestId('initial-password-note');
    await note.waitFor();
    expect(await note.textContent()).toContain('Change it on your Account page.');

    // when they open Account, in the navigation, from the keyboard
    const account = page.getByRole('navigation').getByRole('link', { name: 'Account', exact: true });
    await account.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/console/account');
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();

    // then it shows who they are, with their role in words
    const details = page.getByRole('region', { name: 'Your details' });
    expect(await details.getByRole('row', { name: /^Name / }).textContent()).toContain(agent.displayName);
    expect(await details.getByRole('row', { name: /^Email / }).textContent()).toContain(agent.email);
    await details.getByRole('row', { name: /^Roles Support$/ }).waitFor();
    await expectSettledAccessible(page);

    // when they give a wrong current password and a new one, and press Enter
    const newPassword = 'the agent chose this one 7';
    const form = page.getByRole('form', { name: 'Change password' });
    const current = form.getByLabel(/^Current password/);
    await current.fill('not the password at all');
    await form.getByLabel(/^New password/).fill(newPassword);
    await form.getByLabel(/^Confirm new password/).fill(newPassword);
    await form.getByLabel(/^Confirm new password/).press('Enter');

    // then it is refused in words, under the current password too, and nothing changed
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Your password was not changed');
    expect(await alert.textContent()).toContain('The current password is not right.');
    expect(await alert.textContent()).not.toContain('WRONG_PASSWORD');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    await expectSettledAccessible(page);

    // when they correct the current password and press Enter again (the new one is still typed)
    await current.fill(agent.password);
    await form.getByLabel(/^Confirm new password/).press('Enter');

    // then the password is changed, and the page says this session stays signed in
    const changed = page.getByTestId('password-changed');
    await changed.waitFor();
    expect(await changed.textContent()).toContain('You stay signed in here');
    expect(await current.inputValue()).toBe('');
    // and the initial password's note is gone
    await note.waitFor({ state: 'detached' });
    await expectSettledAccessible(page);
    await screenshotWholePage(page, 'account');

    // and this browser is still signed in after a reload
    await page.reload();
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/account');

    // when someone signs in with the old password in another browser
    const other = await browser.newContext({ baseURL: stack.baseUrl });
    const otherPage = await other.newPage();
    const otherProblems = collectPageProblems(otherPage);
    await signInOnPage(otherPage, agent.email, agent.password);

    // then it is refused; with the new one, they are in
    const refused = otherPage.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/could not sign in/i);
    expect(new URL(otherPage.url()).pathname).toBe('/console/login');
    await otherPage.getByRole('textbox', { name: /^Password/ }).fill(newPassword);
    await otherPage.getByRole('textbox', { name: /^Password/ }).press('Enter');
    await otherPage.waitForURL('**/console/support/disputes');
    await otherPage.getByTestId('viewer-name').waitFor();

    expect(problems).toEqual([]);
    expect(otherProblems).toEqual([]);
    await other.close();
    await context.close();
  });

  it('lets an admin set a new initial password for the agent, which signs them out and signs in instead of theirs', async () => {
    // given the admin, on the agent's card (the agent chose their own password in the test before)
    const { page } = admin;
    const finder = page.getByRole('form', { name: 'Find a user' });
    await finder.getByRole('textbox', { name: /Email or user id/ }).fill(agent.email);
    await finder.getByRole('button', { name: 'Find' }).press('Enter');
    await page
      .getByRole('region', { name: 'Users found' })
      .getByRole('button', { name: /^Choose / })
      .click();
    const chosen = page.getByTestId('chosen-user');
    await chosen.getByRole('row', { name: /^Roles Support$/ }).waitFor();

    // when they set a new initial password, and confirm what it does
    await chosen.getByRole('button', { name: 'Set a new initial password…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Set a new initial password?' });
    expect(await confirm.textContent()).toContain('signed out everywhere now');
    await confirm.getByRole('button', { name: 'Set a new password' }).click();

    // then it is shown once to hand over, and it signs the agent in
    const shown = chosen.getByTestId('reset-password');
    await shown.waitFor();
    const password = (await shown.textContent()) ?? '';
    expect(password).toHaveLength(16);
    await expectSettledAccessible(page);
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    const agentPage = await context.newPage();
    await signInOnPage(agentPage, agent.email, password);
    await agentPage.waitForURL('**/console/support/disputes');
    await agentPage.getByTestId('initial-password-note').waitFor();
    agent.password = password;
    await context.close();
  });

  it('lets an admin disable the agent, who is signed out at once and refused at sign-in, then enable them again', async () => {
    // given the agent working a dispute and signed in in their own browser, and the admin on the agent's card
    const { disputeId } = await disputedOrder(stack.testApp);
    const agentApi = new TestClient(stack.testApp.baseUrl);
    expect((await logIn(agentApi, agent.email, agent.password)).data?.logIn.user).not.toBeNull();
    const taken = await agentApi.data<{ startDisputeReview: { errors: unknown[] } }>(
      'mutation ($input: StartDisputeReviewInput!) { startDisputeReview(input: $input) { errors { code } } }',
      { input: { disputeId, expectedVersion: 1 } },
    );
    expect(taken.startDisputeReview.errors).toEqual([]);
    const context = await browser.newContext({ baseURL: stack.baseUrl });
    let agentPage = await context.newPage();
    await signInOnPage(agentPage, agent.email, agent.password);
    await agentPage.waitForURL('**/console/support/disputes');
    const { page } = admin;
    const chosen = page.getByTestId('chosen-user');
    await chosen.getByTestId('account-status').filter({ hasText: 'Active.' }).waitFor();

    // when the admin disables the account, with a reason
    await chosen.getByRole('button', { name: 'Disable account…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable the account' });
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('Left the team on 1 December.');
    expect(await dialog.textContent()).toContain('Their open disputes go back to the queue');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await dialog.waitFor({ state: 'detached' });
    // and the notice says their dispute went back to the queue, where it waits for someone
    await page.getByText('Their open dispute went back to the queue.').waitFor();
    const [returned] = await queryDatabase<{ assignee_id: string | null }>(
      stack.testApp,
      'select assignee_id from disputes where id = $1',
      [Buffer.from(disputeId, 'base64url').toString().split(':')[1]],
    );
    expect(returned).toEqual({ assignee_id: null });

    // then the card says so, the staff list shows them disabled (to enable them again from there),
    // and the agent's page is signed out
    await chosen.getByTestId('account-status').filter({ hasText: 'Disabled: cannot sign in.' }).waitFor();
    const staffList = page.getByRole('table', {
      name: /staff members? \(support agents and admins\), by name/,
    });
    await staffList
      .getByRole('row')
      .filter({ hasText: agent.email })
      .filter({ hasText: 'Disabled' })
      .waitFor();
    // (the agent's open page may be navigating to the sign-in page on its own as its socket closes,
    // and a reload racing that navigation detached the page once in CI: a new tab asks instead,
    // and the old one is left to the context's close rather than closed mid-navigation)
    agentPage = await context.newPage();
    await agentPage.goto(consolePath('support/disputes'));
    await agentPage.waitForURL('**/console/login**');
    // and their password no longer signs in: the page says the account is disabled
    await signInOnPage(agentPage, agent.email, agent.password);
    await agentPage
      .getByRole('alert')
      .filter({ hasText: /disabled/i })
      .waitFor();
    await expectSettledAccessible(page);

    // when the admin enables the account again, the agent signs in
    await chosen.getByRole('button', { name: 'Enable account…' }).click();
    const enable = page.getByRole('dialog', { name: 'Enable the account' });
    await enable.getByRole('textbox', { name: /^Reason/ }).fill('Back on the team.');
    await enable.getByRole('button', { name: 'Enable' }).click();
    await chosen.getByTestId('account-status').filter({ hasText: 'Active.' }).waitFor();
    await signInOnPage(agentPage, agent.email, agent.password);
    await agentPage.waitForURL('**/console/support/disputes');
    await context.close();
  });
});
