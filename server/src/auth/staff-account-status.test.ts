import crypto from 'node:crypto';
import {
  createStaff,
  logIn,
  queryDatabase,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
  untilWaitingBehind,
} from '../../test/harness';
import {
  assignMutation,
  disputedOrder,
  newStaff,
  requestResponse,
  decide,
  releaseOrderMutation,
  startReview,
  type DisputePayloadView,
} from '../../test/dispute-helpers';

const setStatus = `mutation ($input: SetStaffAccountStatusInput!) {
  setStaffAccountStatus(input: $input) { user { id status } changed disputesReturned errors { code field } }
}`;

type SetStatus = {
  setStaffAccountStatus: {
    user: { id: string; status: string } | null;
    changed: boolean;
    disputesReturned: number;
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
      disputesReturned: 0,
      errors: [],
    });

    // then the agent's open session is refused at once, and signing in says the account is disabled
    expect((await agent.client.data<{ me: unknown }>('{ me { id } }')).me).toBeNull();
    const signIn = await logIn(new TestClient(testApp.baseUrl), agent.email, agent.password);
    expect(signIn.data?.logIn.errors.map((error) => error.code)).toEqual(['ACCOUNT_DISABLED']);
    // and they are no longer among the staff a dispute can be assigned to
    const staff = await admin.data<{ staffMembers: { id: string }[] }>('{ staffMembers { id } }');
    expect(staff.staffMembers.map((member) => member.id)).not.toContain(agentId);
    // but an admin's list of every staff account shows them, disabled, to enable them again
    const everyone = await admin.data<{ staffMembers: { id: string; status: string }[] }>(
      '{ staffMembers(includeDisabled: true) { id status } }',
    );
    expect(everyone.staffMembers).toContainEqual({ id: agentId, status: 'DISABLED' });
    const colleague = await createStaff(testApp, ['SUPPORT']);
    const refused = await colleague.client.graphql('{ staffMembers(includeDisabled: true) { id } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(await auditCount(agentId, 'user.disabled')).toBe(1);

    // when the admin disables them again (a retry), nothing more happens
    expect(await change(agentId, 'DISABLED')).toEqual({
      user: { id: agentId, status: 'DISABLED' },
      changed: false,
      disputesReturned: 0,
      errors: [],
    });
    expect(await auditCount(agentId, 'user.disabled')).toBe(1);

    // when the admin enables the account, the agent signs in again
    expect((await change(agentId, 'ACTIVE', 'Back from leave.')).changed).toBe(true);
    const again = await logIn(new TestClient(testApp.baseUrl), agent.email, agent.password);
    expect(again.data?.logIn.user).not.toBeNull();
    expect(await auditCount(agentId, 'user.enabled')).toBe(1);
  });

  const assign = (staff: TestClient, disputeId: string, assigneeId: string, expectedVersion: number) =>
    staff
      .data<{ assignDispute: DisputePayloadView }>(assignMutation, {
        input: { disputeId, assigneeId, expectedVersion },
      })
      .then((data) => data.assignDispute);
  const disputeRow = async (rawDisputeId: string) =>
    (
      await queryDatabase(testApp, `select state, version, assignee_id from disputes where id = $1`, [
        rawDisputeId,
      ])
    )[0]!;

  it("returns a disabled agent's open disputes to the queue, each a recorded step by the admin; decided ones stay theirs", async () => {
    // given an agent with a dispute under review, one waiting for the seller, and one decided
    const agent = await newStaff(testApp, ['SUPPORT']);
    const adminStaff = { client: admin, id: await idOf(admin) };
    const reviewing = await disputedOrder(testApp);
    expect((await assign(admin, reviewing.disputeId, agent.id, 1)).errors).toEqual([]);
    const waiting = await disputedOrder(testApp);
    expect((await assign(admin, waiting.disputeId, agent.id, 1)).errors).toEqual([]);
    expect((await requestResponse(agent, waiting.disputeId, 2)).dispute?.state).toBe('NEEDS_RESPONSE');
    const decided = await disputedOrder(testApp);
    expect((await assign(admin, decided.disputeId, agent.id, 1)).errors).toEqual([]);
    expect((await decide(admin, 'refund', decided.orderId)).errors).toEqual([]);
    const decidedBefore = await disputeRow(decided.rawDisputeId);

    // when an admin disables the agent
    const changed = await change(agent.id, 'DISABLED');

    // then the two open disputes are unassigned, in the state they were in, one version on
    expect(changed).toMatchObject({ changed: true, disputesReturned: 2, errors: [] });
    expect(await disputeRow(reviewing.rawDisputeId)).toEqual({
      state: 'UNDER_REVIEW',
      version: 3,
      assignee_id: null,
    });
    expect(await disputeRow(waiting.rawDisputeId)).toEqual({
      state: 'NEEDS_RESPONSE',
      version: 4,
      assignee_id: null,
    });
    // each with a timeline step by the admin who disabled the account
    const steps = await queryDatabase(
      testApp,
      `select dispute_id, action, actor_kind, actor_user_id, from_state, to_state, note
         from dispute_events where action = 'UNASSIGN' and dispute_id = any($1::uuid[]) order by version`,
      [[reviewing.rawDisputeId, waiting.rawDisputeId, decided.rawDisputeId]],
    );
    expect(steps).toHaveLength(2);
    for (const step of steps) {
      expect(step).toMatchObject({
        action: 'UNASSIGN',
        actor_kind: 'ADMIN',
        actor_user_id: Buffer.from(adminStaff.id, 'base64url').toString().split(':')[1],
        note: "Returned to the queue: the assignee's staff account was disabled.",
      });
      expect(step['from_state']).toBe(step['to_state']);
    }
    // and the queue offers them to everyone again
    const queue = await admin.data<{ disputeQueue: { edges: { node: { id: string } }[] } }>(
      `{ disputeQueue(first: 100, filter: { unassignedOnly: true }) { edges { node { id } } } }`,
    );
    expect(queue.disputeQueue.edges.map((edge) => edge.node.id)).toEqual(
      expect.arrayContaining([reviewing.disputeId, waiting.disputeId]),
    );
    // a decided dispute keeps who worked it
    expect(await disputeRow(decided.rawDisputeId)).toEqual(decidedBefore);
    expect(decidedBefore['assignee_id']).toBe(agent.rawId);
  });

  /**
   * Races a staff step with an admin's disabling of `staffId`. The row `lockedSql` names is locked
   * here first; `first` starts and waits for it, then the other starts, and the row is let go once
   * the other waits too or has answered. Returns both answers, and whether the disabling had
   * answered before the row was let go.
   */
  async function disableDuring<T>(
    lockedSql: [string, string],
    staffId: string,
    step: () => Promise<T>,
    first: 'step' | 'disabling' = 'step',
  ): Promise<{ stepped: T; changed: SetStatus['setStaffAccountStatus']; answeredFirst: boolean }> {
    const holder = await testApp.database.$client.connect();
    let answered = false;
    const answers = (work: () => Promise<T | SetStatus['setStaffAccountStatus']>) => () =>
      work().finally(() => {
        answered = true;
      });
    const disable = () => change(staffId, 'DISABLED');
    let disabled = false;
    try {
      await holder.query('begin');
      await holder.query(lockedSql[0], [lockedSql[1]]);
      const starts = first === 'step' ? [step, disable] : [disable, step];
      const running: Promise<unknown>[] = [starts[0]!()];
      await untilWaitingBehind(testApp, holder, 1);
      running.push(answers(starts[1]!)());
      // (the second waits for the first, or, were the step's standing not held, answers first)
      await untilWaitingBehind(testApp, holder, 2, () => answered);
      if (first === 'step') disabled = answered;
      await holder.query('commit');
      const [one, two] = await Promise.all(running);
      const [stepped, changed] = (first === 'step' ? [one, two] : [two, one]) as [
        T,
        SetStatus['setStaffAccountStatus'],
      ];
      return { stepped, changed, answeredFirst: disabled };
    } finally {
      await holder.query('rollback').catch(() => undefined);
      holder.release();
    }
  }

  it('never leaves an open dispute with an agent disabled while it was being assigned to them', async () => {
    // given an assignment to the agent that has read the agent's standing and waits to write the dispute
    const agent = await newStaff(testApp, ['SUPPORT']);
    const colleague = await newStaff(testApp, ['SUPPORT']);
    const { disputeId, rawDisputeId } = await disputedOrder(testApp);

    // when an admin disables the agent meanwhile
    const { stepped: assigned, changed } = await disableDuring(
      ['select 1 from disputes where id = $1 for update', rawDisputeId],
      agent.id,
      () => assign(colleague.client, disputeId, agent.id, 1),
    );

    // then the assignment landed first and the disabling returned the dispute to the queue
    expect(assigned.errors).toEqual([]);
    expect(changed).toMatchObject({ changed: true, disputesReturned: 1 });
    expect(await disputeRow(rawDisputeId)).toMatchObject({ state: 'UNDER_REVIEW', assignee_id: null });
  });

  it('never leaves an open dispute with an agent disabled while they were taking it themselves', async () => {
    // given the agent starting the review of an unassigned dispute (which takes it), waiting to write it
    const agent = await newStaff(testApp, ['SUPPORT']);
    const { disputeId, rawDisputeId } = await disputedOrder(testApp);

    // when an admin disables the agent meanwhile
    const { stepped: started, changed } = await disableDuring(
      ['select 1 from disputes where id = $1 for update', rawDisputeId],
      agent.id,
      () => startReview(agent, disputeId, 1),
    );

    // then the review landed first and the disabling returned the dispute to the queue
    expect(started.errors).toEqual([]);
    expect(changed).toMatchObject({ changed: true, disputesReturned: 1 });
    expect(await disputeRow(rawDisputeId)).toMatchObject({ state: 'UNDER_REVIEW', assignee_id: null });
  });

  it('lets a decision of an admin being disabled land before the disabling answers, or refuses it', async () => {
    // given a dispute under review, and a second admin's release of its order waiting for the order's row
    const deciding = await newStaff(testApp, ['ADMIN']);
    const support = await newStaff(testApp, ['SUPPORT']);
    const { orderId, disputeId, rawOrderId } = await disputedOrder(testApp);
    expect((await startReview(support, disputeId, 1)).errors).toEqual([]);

    // when the first admin disables the second meanwhile
    const {
      stepped: decided,
      changed,
      answeredFirst,
    } = await disableDuring(['select 1 from orders where id = $1 for update', rawOrderId], deciding.id, () =>
      decide(deciding, 'release', orderId),
    );

    // then the disabling waited for the decision, which landed first
    expect(answeredFirst).toBe(false);
    expect(decided.errors).toEqual([]);
    expect(changed).toMatchObject({ changed: true });

    // and a release sent while a disabling of its admin is under way (ending their sessions) is refused
    const late = await newStaff(testApp, ['ADMIN']);
    const second = await disputedOrder(testApp);
    expect((await startReview(support, second.disputeId, 1)).errors).toEqual([]);
    const { stepped: refused } = await disableDuring(
      ['select 1 from sessions where user_id = $1 for update', late.rawId],
      late.id,
      () =>
        late.client.graphql<{ releaseOrder: unknown }>(releaseOrderMutation, {
          input: {
            orderId: second.orderId,
            reason: 'Decided on the evidence.',
            idempotencyKey: crypto.randomUUID(),
          },
        }),
      'disabling',
    );
    expect(refused.errors?.map((error) => error.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    expect(
      (
        await queryDatabase(testApp, 'select escrow_status from orders where id = $1', [second.rawOrderId])
      )[0],
    ).toEqual({ escrow_status: 'HELD' });
  });

  it('lets two admins disabling each other at once disable one of them, never both', async () => {
    // given two admins, each about to disable the other, held until both have started
    const first = await newStaff(testApp, ['ADMIN']);
    const second = await newStaff(testApp, ['ADMIN']);
    const holder = await testApp.database.$client.connect();
    const disable = (actor: TestClient, userId: string) =>
      actor.graphql<SetStatus>(setStatus, {
        input: { userId, status: 'DISABLED', reason: 'Disabling a colleague.' },
      });
    try {
      await holder.query('begin');
      await holder.query('select 1 from users where id = any($1::uuid[]) for key share', [
        [first.rawId, second.rawId],
      ]);
      const answers = Promise.all([disable(first.client, second.id), disable(second.client, first.id)]);
      await untilWaitingBehind(testApp, holder, 2);
      // when both go on at once
      await holder.query('commit');
      const [byFirst, bySecond] = await answers;

      // then exactly one of them disabled the other; the other was signed out first and changed nothing
      const done = [byFirst, bySecond].filter((answer) => answer.data?.setStaffAccountStatus.changed);
      const refused = [byFirst, bySecond].filter(
        (answer) => answer.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED',
      );
      expect([done.length, refused.length]).toEqual([1, 1]);
      const statuses = await queryDatabase(
        testApp,
        `select count(*) filter (where status = 'DISABLED')::int as disabled from users where id = any($1::uuid[])`,
        [[first.rawId, second.rawId]],
      );
      expect(statuses[0]!['disabled']).toBe(1);
    } finally {
      await holder.query('rollback').catch(() => undefined);
      holder.release();
    }
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
