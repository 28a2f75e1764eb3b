import {
  createApiKey,
  createStaff,
  logIn,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
  untilWaitingBehind,
} from '../../test/harness';
import { resetToken, SmtpInbox } from '../../test/smtp-inbox';

/**
 * Password reset by email, against a real SMTP server: the link arrives, works once, signs out
 * every session and key, and the request never tells a stranger whether an account exists.
 */
describe('password reset by email', () => {
  let testApp: TestApp;
  let inbox: SmtpInbox;
  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    testApp = await startTestApp({
      SMTP_URL: inbox.url,
      // the three uses of one link hash their passwords at once and meet at the link's row
      PASSWORD_HASH_CONCURRENCY: '3',
      TRUST_PROXY: 'loopback',
      PASSWORD_RESET_MAX_PER_ADDRESS: '5',
      PASSWORD_RESET_MAX_MAILS_PER_ACCOUNT: '2',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      STOREFRONT_URL: 'http://store.example.test/',
    });
  });
  afterAll(async () => {
    await testApp.close();
    await inbox.close();
  });

  let addressCounter = 0;
  /** A fresh client address for each test, so the per-address limit of one does not reach another. */
  const freshAddress = () => `198.51.100.${++addressCounter}`;

  const requestReset = async (email: string, address: string) => {
    const answer = await new TestClient(testApp.baseUrl).graphql<{
      requestPasswordReset: { accepted: boolean; errors: { code: string; message: string }[] };
    }>(
      `mutation ($input: RequestPasswordResetInput!) {
        requestPasswordReset(input: $input) { accepted errors { code message } }
      }`,
      { input: { email } },
      { 'x-forwarded-for': address },
    );
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    return answer.data.requestPasswordReset;
  };

  const logInFrom = (email: string, password: string, address: string) =>
    new TestClient(testApp.baseUrl).graphql<{
      logIn: { user: { id: string } | null; errors: { code: string }[] };
    }>(
      `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
      { input: { email, password } },
      { 'x-forwarded-for': address },
    );

  const resetPassword = async (
    token: string,
    newPassword: string,
    client = new TestClient(testApp.baseUrl),
  ) =>
    (
      await client.data<{
        resetPassword: { reset: boolean; email: string | null; errors: { code: string; field: string }[] };
      }>(
        `mutation ($input: ResetPasswordInput!) {
          resetPassword(input: $input) { reset email errors { code field } }
        }`,
        { input: { token, newPassword } },
      )
    ).resetPassword;

  /** Asks for a link for `email` and returns the mailed token. */
  const mailedToken = async (email: string, address = freshAddress()) => {
    const before = inbox.mails.length;
    expect(await requestReset(email, address)).toEqual({ accepted: true, errors: [] });
    return resetToken(await inbox.next(email, before));
  };

  const signsIn = async (email: string, password: string) =>
    (await logIn(new TestClient(testApp.baseUrl), email, password)).data?.logIn.user !== null;

  it('mails a link that sets a new password once, signing out every session and revoking every key', async () => {
    // given a seller signed in, with an API key
    const { client, email, password } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const key = await createApiKey(client, ['CATALOG_READ']);
    const keyClient = new TestClient(testApp.baseUrl);
    keyClient.apiKey = key.secret;
    expect((await keyClient.data<{ me: { id: string } | null }>('{ me { id } }')).me).not.toBeNull();
    // when they ask for a link (with the email in other case and spaces) and use it
    const before = inbox.mails.length;
    expect(await requestReset(`  ${email.toUpperCase()} `, freshAddress())).toEqual({
      accepted: true,
      errors: [],
    });
    const mail = await inbox.next(email, before);
    expect(mail.subject).toBe('Choose a new CodeSale password');
    // a customer's link leads to the store, the token in the fragment
    expect(mail.text).toMatch(/http:\/\/store\.example\.test\/reset-password#token=[A-Za-z0-9_-]{43}\n/);
    const token = resetToken(mail);
    const newPassword = 'a password chosen from the mail';
    expect(await resetPassword(token, newPassword)).toEqual({ reset: true, email, errors: [] });
    // then only the new password signs in; the session and the key are gone
    expect(await signsIn(email, password)).toBe(false);
    expect(await signsIn(email, newPassword)).toBe(true);
    expect((await client.data<{ me: { id: string } | null }>('{ me { id } }')).me).toBeNull();
    expect((await keyClient.graphql('{ me { id } }')).errors?.[0]?.extensions?.['code']).toBe(
      'UNAUTHENTICATED',
    );
    // and the link does not work twice
    expect(await resetPassword(token, 'yet another good password')).toEqual({
      reset: false,
      email: null,
      errors: [{ code: 'INVALID_LINK', field: 'token' }],
    });
    expect(await signsIn(email, newPassword)).toBe(true);
    const audit = await queryDatabase(
      testApp,
      `select action from audit_log where subject_id = (select id::text from users where email = $1)
         and action like 'user.password_reset%' order by id`,
      [email],
    );
    expect(audit.map((row) => row['action'])).toEqual([
      'user.password_reset_requested',
      'user.password_reset_by_mail',
    ]);
  });

  it('answers an unknown email exactly as a known one, and mails nothing', async () => {
    const unknown = `nobody-${Date.now()}@example.test`;
    expect(await requestReset(unknown, freshAddress())).toEqual({ accepted: true, errors: [] });
    await testApp.services.mailer.idle();
    expect(inbox.to(unknown)).toEqual([]);
    expect(
      await queryDatabase(
        testApp,
        `select count(*)::int as n from password_reset_tokens where address = $1`,
        [`198.51.100.${addressCounter}`],
      ),
    ).toEqual([{ n: 0 }]);
  });

  it("answers before the account's link is issued: the account's work runs after the answer, so an unknown email answers as fast", async () => {
    // given an account with a link already, whose links the test holds locked
    const { email } = await signUp(testApp.baseUrl);
    await mailedToken(email);
    const holder = await testApp.database.$client.connect();
    const before = inbox.mails.length;
    try {
      // (were the account's work in the request, its answer would wait for the holder, which gives
      // up after 10 s, and the holder's next statement below would fail)
      await holder.query(`set idle_in_transaction_session_timeout = '10s'`);
      await holder.query('begin');
      await holder.query(
        `select 1 from password_reset_tokens where user_id = (select id from users where email = $1) for update`,
        [email],
      );

      // when it asks for another link, the answer comes while issuing it still waits for the lock
      expect(await requestReset(email, freshAddress())).toEqual({ accepted: true, errors: [] });
      await untilWaitingBehind(testApp, holder, 1);
      await holder.query('commit');
    } finally {
      holder.release(true);
    }

    // then the link is issued and mailed once the lock is gone
    expect(resetToken(await inbox.next(email, before))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  /**
   * Runs `first` then `second` against the account of `email`, each waiting for its row, which the
   * test holds locked until both wait: `first` then goes first.
   */
  async function oneAfterTheOther<First, Second>(
    email: string,
    first: () => Promise<First>,
    second: () => Promise<Second>,
  ): Promise<[First, Second]> {
    const holder = await testApp.database.$client.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from users where email = $1 for update', [email]);
      const firstDone = first();
      await untilWaitingBehind(testApp, holder, 1);
      const secondDone = second();
      await untilWaitingBehind(testApp, holder, 2);
      await holder.query('commit');
      return [await firstDone, await secondDone];
    } finally {
      holder.release();
    }
  }

  it('refuses a sign-in with the old password that was in flight when the link was used (the crowd probe: its session outlived the reset)', async () => {
    // given an account with a mailed link, whose old password a thief is signing in with
    const { email, password } = await signUp(testApp.baseUrl);
    const token = await mailedToken(email);

    // when the owner sets a new password, and the thief's sign-in (its password checked already) comes after it
    const [reset, thiefLogIn] = await oneAfterTheOther(
      email,
      () => resetPassword(token, 'owner takes it back 2026'),
      () => logInFrom(email, password, freshAddress()),
    );

    // then the reset answers, the sign-in is refused, and no session of the account is open
    expect(reset).toMatchObject({ reset: true, errors: [] });
    expect(thiefLogIn.data?.logIn).toMatchObject({ user: null, errors: [{ code: 'INVALID_CREDENTIALS' }] });
    expect(
      await queryDatabase(
        testApp,
        `select count(*)::int as open from sessions
          where user_id = (select id from users where email = $1) and revoked_at is null`,
        [email],
      ),
    ).toEqual([{ open: 0 }]);
    expect(await signsIn(email, 'owner takes it back 2026')).toBe(true);
  });

  it('refuses a password change from the old session that was in flight when the link was used: it does not overwrite the reset', async () => {
    // given an account signed in (the thief's session) with a mailed link
    const { client: thief, email, password } = await signUp(testApp.baseUrl);
    const token = await mailedToken(email);

    // when the owner sets a new password, and the thief's change (its password checked already) comes after it
    const [reset, thiefChange] = await oneAfterTheOther(
      email,
      () => resetPassword(token, 'owner takes it back 2026'),
      () =>
        thief.graphql<{ changePassword: { changed: boolean; errors: { code: string }[] } }>(
          `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed errors { code } } }`,
          { input: { currentPassword: password, newPassword: 'the thief keeps it 2026' } },
        ),
    );

    // then the reset stands: the change is refused, and only the owner's password signs in
    expect(reset).toMatchObject({ reset: true, errors: [] });
    expect(thiefChange.data?.changePassword ?? null).not.toMatchObject({ changed: true });
    expect(await signsIn(email, 'owner takes it back 2026')).toBe(true);
    expect(await signsIn(email, 'the thief keeps it 2026')).toBe(false);
  });

  it('leads staff to the console, and mails a disabled staff account nothing', async () => {
    const support = await createStaff(testApp, ['SUPPORT']);
    const before = inbox.mails.length;
    expect(await requestReset(support.email, freshAddress())).toEqual({ accepted: true, errors: [] });
    expect((await inbox.next(support.email, before)).text).toContain(
      `${testApp.config.publicUrl.origin}/console/reset-password#token=`,
    );
    // disabled: the same answer, and no mail
    await queryDatabase(testApp, `update users set status = 'DISABLED' where email = $1`, [support.email]);
    const mailsBefore = inbox.to(support.email).length;
    expect(await requestReset(support.email, freshAddress())).toEqual({ accepted: true, errors: [] });
    await testApp.services.mailer.idle();
    expect(inbox.to(support.email)).toHaveLength(mailsBefore);
  });

  it('refuses a weak password and keeps the link; refuses an expired or made-up link', async () => {
    const { email, password } = await signUp(testApp.baseUrl);
    const token = await mailedToken(email);
    expect(await resetPassword(token, 'short')).toEqual({
      reset: false,
      email: null,
      errors: [{ code: 'WEAK_PASSWORD', field: 'newPassword' }],
    });
    for (const madeUp of ['', 'x'.repeat(43), `${token}x`, '../../etc/passwd']) {
      expect((await resetPassword(madeUp, 'a perfectly good password')).errors).toEqual([
        { code: 'INVALID_LINK', field: 'token' },
      ]);
    }
    // the link's time runs out
    await queryDatabase(
      testApp,
      `update password_reset_tokens set created_at = now() - interval '2 hours',
              expires_at = now() - interval '1 second'
        where user_id = (select id from users where email = $1)`,
      [email],
    );
    expect((await resetPassword(token, 'a perfectly good password')).errors).toEqual([
      { code: 'EXPIRED_LINK', field: 'token' },
    ]);
    expect(await signsIn(email, password)).toBe(true);
  });

  it('a newer link replaces the older ones: only the last mail opens the account', async () => {
    const { email } = await signUp(testApp.baseUrl);
    const first = await mailedToken(email);
    const second = await mailedToken(email);
    expect((await resetPassword(first, 'the first link was kept')).errors).toEqual([
      { code: 'INVALID_LINK', field: 'token' },
    ]);
    expect((await resetPassword(second, 'the second link was used')).reset).toBe(true);
    expect(await signsIn(email, 'the second link was used')).toBe(true);
  });

  it('a password changed by its owner spends the links mailed before', async () => {
    // given a link mailed to the account (read by whoever got into the mailbox)
    const { client, email, password } = await signUp(testApp.baseUrl);
    const link = await mailedToken(email);

    // when the owner, signed in, changes the password
    const changed = await client.data<{ changePassword: { changed: boolean } }>(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed } }`,
      { input: { currentPassword: password, newPassword: 'the owner chose this one' } },
    );
    expect(changed.changePassword.changed).toBe(true);

    // then the link no longer sets a password, and the owner's stands
    expect((await resetPassword(link, 'the intruder chose this one')).errors).toEqual([
      { code: 'INVALID_LINK', field: 'token' },
    ]);
    expect(await signsIn(email, 'the owner chose this one')).toBe(true);
  });

  it('sets the password once when one link is used three times at the same moment', async () => {
    // given three uses of one link, all held at the link's row until each has got there
    const { email } = await signUp(testApp.baseUrl);
    const token = await mailedToken(email);
    const passwords = ['first racing password', 'second racing password', 'third racing password'];
    const holder = await testApp.database.$client.connect();
    let answers;
    try {
      await holder.query('begin');
      await holder.query(
        `select 1 from password_reset_tokens where user_id = (select id from users where email = $1) for update`,
        [email],
      );
      const uses = passwords.map((password) => resetPassword(token, password));
      await untilWaitingBehind(testApp, holder, passwords.length);
      // when they are let go together
      await holder.query('commit');
      answers = await Promise.all(uses);
    } finally {
      holder.release();
    }
    // then one sets its password and the others are told the link is spent
    expect(answers.filter((answer) => answer.reset)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.reset).map((answer) => answer.errors)).toEqual([
      [{ code: 'INVALID_LINK', field: 'token' }],
      [{ code: 'INVALID_LINK', field: 'token' }],
    ]);
    expect(await signsIn(email, passwords[answers.findIndex((answer) => answer.reset)]!)).toBe(true);
  });

  it('mails one account at most PASSWORD_RESET_MAX_MAILS_PER_ACCOUNT links an hour, answering the same', async () => {
    const { email } = await signUp(testApp.baseUrl);
    for (let request = 0; request < 4; request++) {
      expect(await requestReset(email, freshAddress())).toEqual({ accepted: true, errors: [] });
    }
    await testApp.services.mailer.idle();
    expect(inbox.to(email)).toHaveLength(2);
  });

  it('refuses one address beyond PASSWORD_RESET_MAX_PER_ADDRESS requests an hour', async () => {
    const address = freshAddress();
    for (let request = 0; request < 5; request++) {
      expect((await requestReset(`someone-${request}@example.test`, address)).accepted).toBe(true);
    }
    const refused = await requestReset('someone-else@example.test', address);
    expect(refused.accepted).toBe(false);
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_REQUESTS' })]);
    expect(refused.errors[0]!.message).toMatch(/Try again in \d+ minutes/);
    expect((await requestReset('someone-else@example.test', freshAddress())).accepted).toBe(true);
  });

  it('refuses an address that is not an email', async () => {
    for (const email of ['', 'not an email', 'a@b.c.', 'x'.repeat(300) + '@example.test']) {
      expect(await requestReset(email, freshAddress())).toEqual({
        accepted: false,
        errors: [{ code: 'INVALID_EMAIL', message: 'Enter a valid email address.' }],
      });
    }
  });

  it("lifts the lock a stranger's wrong passwords put on the account", async () => {
    // given an account locked by failures from addresses it never signed in from
    const { email } = await signUp(testApp.baseUrl);
    for (let attempt = 0; attempt < 3; attempt++) {
      await logInFrom(email, 'a wrong password', `203.0.113.${attempt + 1}`);
    }
    const ownerElsewhere = '203.0.113.200';
    const locked = await logInFrom(email, 'correct horse battery staple', ownerElsewhere);
    expect(locked.data?.logIn.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS' })]);
    // when the owner resets the password from the mail
    const token = await mailedToken(email);
    expect((await resetPassword(token, 'unlocked by the mailbox')).reset).toBe(true);
    // then they sign in from that new address
    const signedIn = await logInFrom(email, 'unlocked by the mailbox', ownerElsewhere);
    expect(signedIn.data?.logIn.user).not.toBeNull();
  });
});

describe('password reset on an installation that sends no mail', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ MAIL_TRANSPORT: 'none' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('says so instead of pretending a mail went out', async () => {
    const { email } = await signUp(testApp.baseUrl);
    const answer = await new TestClient(testApp.baseUrl).data<{
      requestPasswordReset: { accepted: boolean; errors: { code: string }[] };
    }>(
      `mutation { requestPasswordReset(input: { email: ${JSON.stringify(email)} }) { accepted errors { code } } }`,
    );
    expect(answer.requestPasswordReset).toEqual({ accepted: false, errors: [{ code: 'UNAVAILABLE' }] });
    expect(await queryDatabase(testApp, 'select count(*)::int as n from password_reset_tokens')).toEqual([
      { n: 0 },
    ]);
  });
});
