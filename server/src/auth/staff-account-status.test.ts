import {
  createStaff,
  logIn,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';

const setStatus = `mutation ($input: SetStaffAccountStatusInput!) {
  setStaffAccountStatus(input: $input) { user { id status } changed errors { code field } }
}`;

type SetStatus = {
  setStaffAccountStatus: {
    user: { id: string; status: string } | null;
    changed: boolean;
    errors: { code: string; field: string | null }[];
  };
};

/**
 * setStaffAccountStatus: an admin disables a colleague's staff account (who left): it can no longer
 * sign in, its open session ends at once, it is no longer offered for assignment; enabled again,
 * it signs in. Refusals change nothing; a retry changes nothing twice.
 */
describe('setStaffAccountStatus', () => {
  let testApp: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
  });
  afterAll(async () => {
    await testApp.close();
  });

  const idOf = async (client: TestClient) =>
    (await client.data<{ me: { id: string } }>('{ me { id } }')).me.id;
  const change = async (userId: string, status: string, reason = 'Left the company on 1 December.') =>
    (await admin.data<SetStatus>(setStatus, { input: { userId, status, reason } })).setStaffAccountStatus;
  const auditCount = async (userId: string, action: string) =>
    (
      await queryDatabase(
        testApp,
        `select count(*)::int as count from audit_log where action = $1 and subject_id = $2 and details->>'reason' is not null`,
        [action, Buffer.from(userId, 'base64url').toString().split(':')[1]],
      )
    )[0]!['count'];

  it('disables an agent: their session ends now, they cannot sign in, nor be assigned; enabled, they sign in again', async () => {
    // given a support agent signed in
    const agent = await createStaff(testApp, ['SUPPORT']);
    const agentId = await idOf(agent.client);

    // when an admin disables the account, with a reason
    expect(await change(agentId, 'DISABLED')).toEqual({
      user: { id: agentId, status: 'DISABLED' },
      changed: true,
      errors: [],
    });

    // then the agent's open session is refused at once, and signing in says the account is disabled
    expect((await agent.client.data<{ me: unknown }>('{ me { id } }')).me).toBeNull();
    const signIn = await logIn(new TestClient(testApp.baseUrl), agent.email, agent.password);
    expect(signIn.data?.logIn.errors.map((error) => error.code)).toEqual(['ACCOUNT_DISABLED']);
    // and they are no longer among the staff a dispute can be assigned to
    const staff = await admin.data<{ staffMembers: { id: string }[] }>('{ staffMembers { id } }');
    expect(staff.staffMembers.map((member) => member.id)).not.toContain(agentId);
    expect(await auditCount(agentId, 'user.disabled')).toBe(1);

    // when the admin disables them again (a retry), nothing more happens
    expect(await change(agentId, 'DISABLED')).toEqual({
      user: { id: agentId, status: 'DISABLED' },
      changed: false,
      errors: [],
    });
    expect(await auditCount(agentId, 'user.disabled')).toBe(1);

    // when the admin enables the account, the agent signs in again
    expect((await change(agentId, 'ACTIVE', 'Back from leave.')).changed).toBe(true);
    const again = await logIn(new TestClient(testApp.baseUrl), agent.email, agent.password);
    expect(again.data?.logIn.user).not.toBeNull();
    expect(await auditCount(agentId, 'user.enabled')).toBe(1);
  });

  it('refuses a customer, your own account, an unknown id and a missing reason, changing nothing', async () => {
    const customer = await signUp(testApp.baseUrl);
    const adminId = await idOf(admin);
    const agent = await createStaff(testApp, ['SUPPORT']);
    const agentId = await idOf(agent.client);
    const unknown = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64url');

    expect((await change(customer.userId, 'DISABLED')).errors).toEqual([
      { code: 'NOT_STAFF', field: 'userId' },
    ]);
    expect((await change(adminId, 'DISABLED')).errors).toEqual([{ code: 'OWN_ACCOUNT', field: 'userId' }]);
    expect((await change(unknown, 'DISABLED')).errors).toEqual([{ code: 'USER_NOT_FOUND', field: 'userId' }]);
    expect((await change(agentId, 'DISABLED', '  ')).errors).toEqual([
      { code: 'INVALID_REASON', field: 'reason' },
    ]);

    // and everyone still signs in
    const statuses = await queryDatabase(
      testApp,
      `select count(*)::int as count from users where status = 'DISABLED' and email in ($1, $2)`,
      [customer.email, agent.email],
    );
    expect(statuses[0]!['count']).toBe(0);
    expect((await agent.client.data<{ me: { id: string } }>('{ me { id } }')).me.id).toBe(agentId);
  });

  it('shows an account its own status, and staff everyone’s; a support agent may not change it', async () => {
    const customer = await signUp(testApp.baseUrl);
    const agent = await createStaff(testApp, ['SUPPORT']);
    expect((await customer.client.data<{ me: { status: string } }>('{ me { status } }')).me.status).toBe(
      'ACTIVE',
    );
    const seen = await agent.client.data<{ user: { status: string } }>(
      'query ($id: ID!) { user(id: $id) { status } }',
      {
        id: customer.userId,
      },
    );
    expect(seen.user.status).toBe('ACTIVE');
    const refused = await agent.client.graphql(setStatus, {
      input: { userId: customer.userId, status: 'DISABLED', reason: 'Not mine to do.' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
