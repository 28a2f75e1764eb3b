import {
  createApiKey,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
  untilWaitingBehind,
} from '../../test/harness';
import { commandLineMeta } from '../shared/request-meta';
import { ApiKeyScope, Role, type Viewer } from './roles';

/**
 * changePassword: the signed-in user changes their password given the current one. Every other
 * session is signed out (a thief's included); a wrong current password is a failed login.
 */
describe('changePassword', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const change = async (client: TestClient, currentPassword: string, newPassword: string) =>
    (
      await client.data<{
        changePassword: {
          changed: boolean;
          signedOutSessions: number;
          errors: { code: string; field: string | null }[];
        };
      }>(
        `mutation ($input: ChangePasswordInput!) {
          changePassword(input: $input) { changed signedOutSessions errors { code field } }
        }`,
        { input: { currentPassword, newPassword } },
      )
    ).changePassword;

  const me = async (client: TestClient) =>
    (await client.data<{ me: { id: string } | null }>('{ me { id } }')).me;

  it('changes the password, signs out the other sessions and keeps this one', async () => {
    // given an account signed in on two browsers
    const { client, email, password, userId } = await signUp(testApp.baseUrl);
    const otherBrowser = new TestClient(testApp.baseUrl);
    expect((await logIn(otherBrowser, email, password)).data?.logIn.user?.id).toBe(userId);
    // when one changes the password
    const newPassword = 'a brand new passphrase 2026';
    expect(await change(client, password, newPassword)).toEqual({
      changed: true,
      signedOutSessions: 1,
      errors: [],
    });
    // then this browser stays signed in, the other is signed out at once
    expect((await me(client))?.id).toBe(userId);
    expect(await me(otherBrowser)).toBeNull();
    // and only the new password signs in
    expect((await logIn(new TestClient(testApp.baseUrl), email, password)).data?.logIn.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_CREDENTIALS' }),
    ]);
    expect((await logIn(new TestClient(testApp.baseUrl), email, newPassword)).data?.logIn.user?.id).toBe(
      userId,
    );
    const audit = await queryDatabase(
      testApp,
      `select action from audit_log where action = 'user.password_changed' and subject_id = $1`,
      [(await queryDatabase(testApp, 'select id from users where email = $1', [email]))[0]!['id']],
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses a wrong current password as a failed login, then locks like the login does; nothing changes', async () => {
    const { client, email, password } = await signUp(testApp.baseUrl);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await change(client, 'not the password at all', 'another good passphrase')).toEqual({
        changed: false,
        signedOutSessions: 0,
        errors: [{ code: 'WRONG_PASSWORD', field: 'currentPassword' }],
      });
    }
    // the account's failures are counted: even the right password is now refused, here and at login
    expect((await change(client, password, 'another good passphrase')).errors).toEqual([
      { code: 'TOO_MANY_ATTEMPTS', field: null },
    ]);
    expect((await logIn(new TestClient(testApp.baseUrl), email, password)).data?.logIn.errors).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS' }),
    ]);
    expect(await me(client)).not.toBeNull();
  });

  it('refuses a new password outside the rules, or the same one, before any password work', async () => {
    const { client, password } = await signUp(testApp.baseUrl);
    expect((await change(client, password, 'short')).errors).toEqual([
      { code: 'INVALID_PASSWORD', field: 'newPassword' },
    ]);
    expect((await change(client, password, password)).errors).toEqual([
      { code: 'INVALID_PASSWORD', field: 'newPassword' },
    ]);
  });
});

describe('changePassword and API keys', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('revokes every API key of the account: a key made from a stolen session does not outlive the old password', async () => {
    // given a seller whose session was copied by a thief, who made an API key with it
    const { client, email, password } = await signUp(testApp.baseUrl, { sellerAccount: true });
    const thief = await createApiKey(client, ['CATALOG_READ', 'ORDERS_READ']);
    const own = await createApiKey(client, ['CATALOG_READ']);
    const keyClient = (secret: string) => Object.assign(new TestClient(testApp.baseUrl), { apiKey: secret });
    expect((await keyClient(thief.secret).graphql('{ me { id } }')).status).toBe(200);

    // when the seller signs in afresh and changes the password
    const fresh = new TestClient(testApp.baseUrl);
    await logIn(fresh, email, password);
    const answer = await fresh.data<{
      changePassword: { changed: boolean; signedOutSessions: number; revokedApiKeys: number };
    }>(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed signedOutSessions revokedApiKeys } }`,
      { input: { currentPassword: password, newPassword: 'a brand new passphrase 2026' } },
    );

    // then both keys are revoked, and say so; neither authenticates any more
    expect(answer.changePassword).toEqual({ changed: true, signedOutSessions: 1, revokedApiKeys: 2 });
    for (const key of [thief, own]) {
      const response = await keyClient(key.secret).graphql('{ me { id } }');
      expect(response.status).toBe(401);
    }
    const audited = await queryDatabase(
      testApp,
      `select count(*)::int as count from audit_log where action = 'api_key.revoked' and details->>'reason' = 'PASSWORD_CHANGED' and subject_id = any($1::text[])`,
      [[rawId(thief.id), rawId(own.id)]],
    );
    expect(audited).toEqual([{ count: 2 }]);
  });

  describe('an API key created from a session while its password changes', () => {
    const change = async (client: TestClient, currentPassword: string, newPassword: string) =>
      (
        await client.data<{ changePassword: { changed: boolean } }>(
          `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed } }`,
          { input: { currentPassword, newPassword } },
        )
      ).changePassword;
    const thiefAndOwner = async () => {
      const owner = await signUp(testApp.baseUrl, { sellerAccount: true });
      const thief = new TestClient(testApp.baseUrl);
      await logIn(thief, owner.email, owner.password);
      const [session] = await queryDatabase<{ id: string }>(
        testApp,
        'select id from sessions where user_id = $1 order by created_at desc limit 1',
        [rawId(owner.userId)],
      );
      const thiefViewer: Viewer = {
        userId: rawId(owner.userId),
        roles: [Role.BUYER, Role.SELLER],
        via: 'session',
        sessionId: session!.id,
        apiKeyId: null,
        scopes: [],
      };
      return { owner, thief, thiefViewer };
    };
    const activeKeys = async (userId: string) =>
      (
        await queryDatabase<{ count: number }>(
          testApp,
          'select count(*)::int as count from api_keys where owner_user_id = $1 and revoked_at is null',
          [rawId(userId)],
        )
      )[0]!.count;

    it('given a request whose session check passed before the change committed, then its key is refused, not created', async () => {
      // given a thief's request authenticated before the owner changed the password
      const { owner, thiefViewer } = await thiefAndOwner();
      expect((await change(owner.client, owner.password, 'a brand new passphrase 2026')).changed).toBe(true);

      // when its key creation runs after the change
      const created = await testApp.services.apiKeys.create(
        thiefViewer,
        { name: 'late key', scopes: [ApiKeyScope.CATALOG_READ] },
        commandLineMeta('change-password-test'),
      );

      // then the session is found ended and no key exists
      expect(created).toEqual({ sessionEnded: true });
      expect(await activeKeys(owner.userId)).toBe(0);
    });

    it('given twelve key creations racing the change, then no key of the thief survives it', async () => {
      const { owner, thief } = await thiefAndOwner();
      const creations = Array.from({ length: 12 }, () =>
        thief.graphql(
          `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret errors { code } } }`,
          { input: { name: 'racing key', scopes: ['CATALOG_READ'] } },
        ),
      );
      const changed = await change(owner.client, owner.password, 'a brand new passphrase 2026');
      const answers = await Promise.all(creations);
      expect(changed.changed).toBe(true);
      // each creation either failed the session check or was revoked with the others
      for (const answer of answers) expect([200, 401]).toContain(answer.status);
      expect(await activeKeys(owner.userId)).toBe(0);
    });
  });
  it('refuses a change in flight from a session that a sign-out everywhere ended first (the crowd probe: the thief kept the account)', async () => {
    // given an owner and a thief signed in to one account, and the account's gate held by the test
    const { client: owner, email, password, userId } = await signUp(testApp.baseUrl);
    const thief = new TestClient(testApp.baseUrl);
    expect((await logIn(thief, email, password)).data?.logIn.user?.id).toBe(userId);
    const holder = await testApp.database.$client.connect();
    let signOut: Promise<unknown>;
    let thiefChange: Promise<{ errors?: readonly { extensions?: Record<string, unknown> }[] }>;
    try {
      await holder.query('begin');
      await holder.query(`select pg_advisory_xact_lock(hashtextextended('account-gate:' || $1, 0))`, [
        rawId(userId),
      ]);

      // when the owner signs out everywhere, and the thief's password change comes while it waits
      signOut = owner.data(`mutation { logOut(input: { allSessions: true }) { loggedOut } }`);
      await untilWaitingBehind(testApp, holder, 1);
      thiefChange = thief.graphql(
        `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed } }`,
        { input: { currentPassword: password, newPassword: 'the thief keeps it 2026' } },
      );
      await untilWaitingBehind(testApp, holder, 2);
      await holder.query('commit');
    } finally {
      holder.release();
    }

    // then the sign-out answers, and the change that waited behind it is refused, the password kept
    await signOut;
    expect((await thiefChange).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect((await logIn(new TestClient(testApp.baseUrl), email, password)).data?.logIn.user?.id).toBe(userId);
  });
});
