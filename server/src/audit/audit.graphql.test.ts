import { liftPayoutHoldMutation, setPayoutHoldMutation } from '../../test/payout-graphql-helpers';
import { createStaff, rawId, signUp, startTestApp, TestClient, type TestApp } from '../../test/harness';
import { newSeller } from '../../test/marketplace';
import { withTransaction } from '../db/transaction';
import { toGlobalId } from '../graphql/relay';
import { recordAudit } from './audit.service';

const auditLogQuery = `query ($first: Int, $after: String, $actorId: ID, $subjectId: ID, $action: String) {
  auditLog(first: $first, after: $after, actorId: $actorId, subjectId: $subjectId, action: $action) {
    edges { cursor node {
      id action subjectType subjectId subjectGlobalId details reason requestId address createdAt
      actor { id email }
    } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

const setStatusMutation = `mutation ($input: SetStaffAccountStatusInput!) {
  setStaffAccountStatus(input: $input) { changed errors { code } }
}`;

interface AuditEntryView {
  id: string;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectGlobalId: string | null;
  details: string;
  reason: string | null;
  requestId: string | null;
  address: string | null;
  createdAt: string;
  actor: { id: string; email: string | null } | null;
}

interface AuditLogView {
  auditLog: {
    edges: { cursor: string; node: AuditEntryView }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

const idOf = async (client: TestClient) => (await client.data<{ me: { id: string } }>('{ me { id } }')).me.id;
const codes = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

/**
 * auditLog: admins read what recordAudit wrote for real actions through the API, newest first, by
 * actor, subject and action, page by page without gaps or repeats; nobody else reads it.
 */
describe('auditLog', () => {
  let testApp: TestApp;
  let admin: TestClient;
  let adminId: string;
  let sellerId: string;
  let agentId: string;
  const holdRequestId = 'audit-test-hold-request';

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
    adminId = await idOf(admin);
    sellerId = (await newSeller(testApp)).id;
    const agent = await createStaff(testApp, ['SUPPORT']);
    agentId = await idOf(agent.client);

    // An admin holds a seller's payouts (with a request id of its own) and disables an agent.
    const hold = await admin.graphql<{ setPayoutHold: { errors: unknown[] } }>(
      setPayoutHoldMutation,
      { input: { sellerId, reason: 'Chargebacks under review.' } },
      { 'x-request-id': holdRequestId },
    );
    expect(hold.data?.setPayoutHold.errors).toEqual([]);
    const disabled = await admin.data<{ setStaffAccountStatus: { changed: boolean } }>(setStatusMutation, {
      input: { userId: agentId, status: 'DISABLED', reason: 'Left the company on 1 December.' },
    });
    expect(disabled.setStaffAccountStatus.changed).toBe(true);
  });
  afterAll(async () => {
    await testApp.close();
  });

  const read = async (client: TestClient, variables: Record<string, unknown>) =>
    (await client.data<AuditLogView>(auditLogQuery, variables)).auditLog;

  it("shows an admin's actions newest first: who, what, to whom, why, from which request", async () => {
    // when the admin reads their own entries
    const page = await read(admin, { actorId: adminId });

    // then the disabling comes first, then the hold, each with its actor, subject and reason
    const [disabled, held] = page.edges.map((edge) => edge.node);
    expect(page.edges).toHaveLength(2);
    expect(disabled).toMatchObject({
      action: 'user.disabled',
      subjectType: 'User',
      subjectId: rawId(agentId),
      subjectGlobalId: agentId,
      reason: 'Left the company on 1 December.',
      actor: { id: adminId },
    });
    expect(disabled!.address).toBeTruthy();
    expect(held).toMatchObject({
      action: 'PAYOUT_HOLD_SET',
      subjectType: 'USER',
      subjectId: rawId(sellerId),
      subjectGlobalId: sellerId,
      reason: 'Chargebacks under review.',
      requestId: holdRequestId,
      actor: { id: adminId, email: expect.stringContaining('@') },
    });
    expect(JSON.parse(held!.details)).toEqual({
      reason: 'Chargebacks under review.',
      holdId: expect.any(String),
    });
    expect(new Date(disabled!.createdAt) >= new Date(held!.createdAt)).toBe(true);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('shows a command-line action with no actor', async () => {
    // when an admin reads the entries about the agent, whom a tool created
    const page = await read(admin, { subjectId: agentId, action: 'user.staff_created' });

    // then the creation is there, done by nobody signed in
    expect(page.edges.map((edge) => [edge.node.action, edge.node.actor])).toEqual([
      ['user.staff_created', null],
    ]);
  });

  it('filters by subject and action, all of them matching', async () => {
    const bySubject = await read(admin, { subjectId: sellerId });
    expect(bySubject.edges.map((edge) => edge.node.action)).toEqual(['PAYOUT_HOLD_SET']);

    const byAction = await read(admin, { action: 'user.disabled', first: 100 });
    expect(byAction.edges.map((edge) => edge.node.subjectGlobalId)).toEqual([agentId]);

    const mismatched = await read(admin, { subjectId: sellerId, action: 'user.disabled' });
    expect(mismatched.edges).toEqual([]);
  });

  it('gives an empty page for ids that name nothing: unknown, malformed, or of another type', async () => {
    const unknownUser = toGlobalId('User', '00000000-0000-4000-8000-000000000000');
    for (const variables of [
      { actorId: unknownUser },
      { actorId: 'not an id' },
      { actorId: toGlobalId('Listing', rawId(adminId)) },
      { subjectId: 'not an id' },
      { subjectId: toGlobalId('Order', rawId(sellerId)) },
      { action: 'no.such_action' },
    ]) {
      const page = await read(admin, variables);
      expect({ variables, edges: page.edges }).toEqual({ variables, edges: [] });
    }
  });

  it('refuses a malformed action as BAD_USER_INPUT', async () => {
    const response = await admin.graphql(auditLogQuery, { action: 'x'.repeat(65) });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('pages through entries with no gaps and no repeats, entries of one instant ordered by id', async () => {
    // given another admin with six entries: a hold lifted, and five written in one transaction (one created_at)
    const pager = await createStaff(testApp, ['ADMIN']);
    const pagerId = await idOf(pager.client);
    const lifted = await pager.client.data<{ liftPayoutHold: { errors: unknown[] } }>(
      liftPayoutHoldMutation,
      {
        input: { sellerId, reason: 'Chargebacks resolved.' },
      },
    );
    expect(lifted.liftPayoutHold.errors).toEqual([]);
    await withTransaction(testApp.database, async (tx) => {
      for (let index = 0; index < 5; index++) {
        await recordAudit(tx, {
          actorUserId: rawId(pagerId),
          action: 'test.same_instant',
          subjectType: 'User',
          subjectId: rawId(pagerId),
          details: { index },
        });
      }
    });
    const all = await read(pager.client, { actorId: pagerId, first: 100 });
    expect(all.edges).toHaveLength(6);

    // when they are read two at a time
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: AuditLogView['auditLog'] = await read(pager.client, { actorId: pagerId, first: 2, after });
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }

    // then every entry comes once, in the order of the whole list (the same instant: newest id first)
    expect(seen).toEqual(all.edges.map((edge) => edge.node.id));
    const sameInstant = all.edges.filter((edge) => edge.node.action === 'test.same_instant');
    expect(sameInstant.map((edge) => JSON.parse(edge.node.details).index)).toEqual([4, 3, 2, 1, 0]);
  });

  it('refuses support agents and sellers as FORBIDDEN, nobody signed in as UNAUTHENTICATED', async () => {
    const agent = (await createStaff(testApp, ['SUPPORT'])).client;
    const seller = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
    expect(codes(await agent.graphql(auditLogQuery, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await seller.graphql(auditLogQuery, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await new TestClient(testApp.baseUrl).graphql(auditLogQuery, {}))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it.each([
    ['garbage', 'not a cursor'],
    [
      'a uuid id',
      Buffer.from(
        JSON.stringify(['2024-01-01T00:00:00.000Z', '6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01']),
      ).toString('base64url'),
    ],
    [
      'an impossible date',
      Buffer.from(JSON.stringify(['2024-02-31T00:00:00.000000Z', '12'])).toString('base64url'),
    ],
    [
      'an id beyond 63 bits',
      Buffer.from(JSON.stringify(['2024-01-01T00:00:00.000000Z', '9223372036854775808'])).toString(
        'base64url',
      ),
    ],
  ])('refuses a cursor holding %s as BAD_USER_INPUT', async (_kind, after) => {
    const response = await admin.graphql(auditLogQuery, { after });
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toMatch(/cursor/i);
  });

  it('refuses a page size below 1', async () => {
    expect(codes(await admin.graphql(auditLogQuery, { first: 0 }))).toEqual(['BAD_USER_INPUT']);
  });
});
