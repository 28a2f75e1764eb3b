import {
  createStaff,
  logIn,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';

/**
 * A password an admin sets for a staff account is an initial one: the admin knows it. It signs in
 * for STAFF_INITIAL_PASSWORD_HOURS unless its owner changes it; an admin sets a new one with
 * resetStaffPassword, which signs the account out everywhere.
 */
describe('initial staff passwords', () => {
  let testApp: TestApp;
  let admin: Awaited<ReturnType<typeof createStaff>>;
  beforeAll(async () => {
    testApp = await startTestApp({ STAFF_INITIAL_PASSWORD_HOURS: '72' });
    admin = await createStaff(testApp, ['ADMIN']);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const initialPassword = 'an initial password 2026';

  /** A support agent the admin created through the API, signed in with the initial password. */
  async function agentCreatedByAdmin() {
    const email = `agent-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
    const created = await admin.client.data<{
      createStaffUser: { user: { id: string } | null; errors: unknown[] };
    }>(
      `mutation ($input: CreateStaffUserInput!) { createStaffUser(input: $input) { user { id } errors { code } } }`,
      { input: { email, password: initialPassword, displayName: 'New Agent', roles: ['SUPPORT'] } },
    );
    expect(created.createStaffUser.errors).toEqual([]);
    const client = new TestClient(testApp.baseUrl);
    const login = await logIn(client, email, initialPassword);
    return { client, email, userId: created.createStaffUser.user!.id, login };
  }

  const expiresAt = async (client: TestClient) =>
    (await client.data<{ me: { passwordExpiresAt: string | null } }>('{ me { passwordExpiresAt } }')).me
      .passwordExpiresAt;

  const logInCode = async (email: string, password: string) =>
    (await logIn(new TestClient(testApp.baseUrl), email, password)).data?.logIn.errors[0]?.code ??
    'SIGNED_IN';

  it('given an agent an admin created, the initial password signs in until it expires, and a changed one does not expire', async () => {
    // given an agent an admin created: signed in, the password ending in 72 hours
    const agent = await agentCreatedByAdmin();
    expect(agent.login.data?.logIn.errors).toEqual([]);
    const ends = Date.parse((await expiresAt(agent.client))!);
    expect(Math.abs(ends - (Date.now() + 72 * 3_600_000))).toBeLessThan(60_000);

    // when the initial password's time is over
    await queryDatabase(
      testApp,
      `update users set password_expires_at = now() - interval '1 minute' where id = $1`,
      [rawId(agent.userId)],
    );

    // then it no longer signs in (a wrong password is still just wrong)
    expect(await logInCode(agent.email, initialPassword)).toBe('PASSWORD_EXPIRED');
    expect(await logInCode(agent.email, 'not the password at all')).toBe('INVALID_CREDENTIALS');

    // and an agent who changed it in time keeps theirs for good
    const other = await agentCreatedByAdmin();
    const changed = await other.client.data<{ changePassword: { changed: boolean } }>(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { changed } }`,
      { input: { currentPassword: initialPassword, newPassword: 'my very own password' } },
    );
    expect(changed.changePassword.changed).toBe(true);
    expect(await expiresAt(other.client)).toBeNull();
  });

  it('given an agent signed in with the initial password, once it expires their session is not renewed: refresh ends it', async () => {
    // given an agent signed in with the initial password, whose session renews while it is valid
    const agent = await agentCreatedByAdmin();
    expect((await agent.client.post('/auth/refresh', {})).status).toBe(200);

    // when the initial password's time is over and the session tries to renew
    await queryDatabase(
      testApp,
      `update users set password_expires_at = now() - interval '1 minute' where id = $1`,
      [rawId(agent.userId)],
    );
    const refused = await agent.client.post('/auth/refresh', {});

    // then it is refused with the reason, and the session is over
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: 'PASSWORD_EXPIRED',
      message: expect.stringContaining('admin'),
    });
    const sessions = await queryDatabase(testApp, `select revoked_reason from sessions where user_id = $1`, [
      rawId(agent.userId),
    ]);
    expect(sessions).toEqual([{ revoked_reason: 'PASSWORD_EXPIRED' }]);
    expect((await agent.client.data<{ me: { id: string } | null }>('{ me { id } }')).me).toBeNull();
  });

  it('given an agent, when an admin resets their password, then their sessions end and the new initial password signs in', async () => {
    const agent = await agentCreatedByAdmin();
    const reset = (userId: string, password = 'a second initial password') =>
      admin.client.data<{ resetStaffPassword: { user: { id: string } | null; errors: { code: string }[] } }>(
        `mutation ($input: ResetStaffPasswordInput!) { resetStaffPassword(input: $input) { user { id } errors { code } } }`,
        { input: { userId, password } },
      );

    const answer = await reset(agent.userId);

    expect(answer.resetStaffPassword).toEqual({ user: { id: agent.userId }, errors: [] });
    expect((await agent.client.graphql('{ me { id } }')).data).toEqual({ me: null });
    expect(await logInCode(agent.email, initialPassword)).toBe('INVALID_CREDENTIALS');
    expect(await logInCode(agent.email, 'a second initial password')).toBe('SIGNED_IN');
    // and neither a customer's password, nor the admin's own, nor an unknown account's is set so
    const buyer = await signUp(testApp.baseUrl);
    const { me } = await admin.client.data<{ me: { id: string } }>('{ me { id } }');
    expect((await reset(buyer.userId)).resetStaffPassword.errors).toEqual([{ code: 'NOT_STAFF' }]);
    expect((await reset(me.id)).resetStaffPassword.errors).toEqual([{ code: 'OWN_ACCOUNT' }]);
    expect((await reset('VXNlcjpub25l')).resetStaffPassword.errors).toEqual([{ code: 'USER_NOT_FOUND' }]);
    expect((await reset(agent.userId, 'short')).resetStaffPassword.errors).toEqual([
      { code: 'WEAK_PASSWORD' },
    ]);
    expect(await logInCode(buyer.email, buyer.password)).toBe('SIGNED_IN');
  });

  it('given staff made by the command line or the seed (no admin), their password does not expire', async () => {
    const staff = await createStaff(testApp, ['SUPPORT']);
    expect(await expiresAt(staff.client)).toBeNull();
  });
});
