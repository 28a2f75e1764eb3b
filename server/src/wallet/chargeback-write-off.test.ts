import crypto from 'node:crypto';
import { chargebackLosses } from '../domain/posting-rules';
import { toGlobalId } from '../graphql/relay';
import { ledgerIsClean, verifyLedger } from '../ledger/ledger.service';
import {
  createStaff,
  queryDatabase,
  rawId,
  signUp,
  startTestApp,
  TestClient,
  type TestApp,
} from '../../test/harness';
import { createListing, purchase } from '../../test/marketplace';
import {
  createTopUp,
  emulatorOf,
  newBuyer,
  pay,
  paymentIntentOf,
  settle,
  walletBalance,
  type Buyer,
} from '../../test/wallet-helpers';

/**
 * Chargeback losses: a lost chargeback whose money the buyer had already spent leaves the wallet
 * negative; an admin writes that deficit off to CHARGEBACK_LOSSES, with a reason, once, audited.
 */
describe('writeOffChargebackLoss', () => {
  let testApp: TestApp;
  let admin: TestClient;
  let adminId: string;
  let seller: Buyer;

  beforeAll(async () => {
    testApp = await startTestApp();
    admin = (await createStaff(testApp, ['ADMIN'])).client;
    adminId = (await admin.data<{ me: { id: string } }>('{ me { id } }')).me.id;
    seller = await newBuyer(testApp, { sellerAccount: true });
  });

  afterAll(async () => {
    await testApp.close();
  });

  afterEach(() => emulatorOf(testApp).resumeDeliveries());

  const writeOffMutation = `mutation ($input: WriteOffChargebackLossInput!) {
    writeOffChargebackLoss(input: $input) {
      writeOff {
        chargebackId amount { amount currency } reason writtenOffAt writtenOffBy { id }
        chargeback { id status writeOff { reason } }
      }
      replayed
      errors { code message field }
    }
  }`;

  interface WriteOffAnswer {
    writeOff: {
      chargebackId: string;
      amount: { amount: number; currency: string };
      reason: string;
      writtenOffAt: string;
      writtenOffBy: { id: string };
      chargeback: { id: string; status: string; writeOff: { reason: string } | null };
    } | null;
    replayed: boolean;
    errors: { code: string; message: string; field: string | null }[];
  }

  async function writeOff(
    client: TestClient,
    input: { chargebackId: string; reason?: string; idempotencyKey?: string },
  ): Promise<WriteOffAnswer> {
    const data = await client.data<{ writeOffChargebackLoss: WriteOffAnswer }>(writeOffMutation, {
      input: {
        reason: 'Card holder won at the bank; ticket 4711.',
        idempotencyKey: crypto.randomUUID(),
        ...input,
      },
    });
    return data.writeOffChargebackLoss;
  }

  const codesOf = (answer: WriteOffAnswer) => answer.errors.map((error) => [error.code, error.field]);

  /**
   * Card top-ups of `amounts` paid with Stripe's dispute test card; their disputes reach us only
   * after the buyer spent `spent` of the money (a purchase from the seller), as a real fraudster
   * would. Returns each top-up's Stripe dispute id; the chargebacks are open.
   */
  async function chargebacksAfterSpending(buyer: Buyer, amounts: number[], spent: number): Promise<string[]> {
    const emulator = emulatorOf(testApp);
    emulator.pauseDeliveries();
    const paymentIntentIds: string[] = [];
    for (const amount of amounts) {
      const answer = await createTopUp(buyer, { amount });
      expect(await pay(testApp, answer.clientSecret, 'pm_card_createDispute')).toBe('succeeded');
      paymentIntentIds.push(paymentIntentOf(answer.clientSecret));
    }
    const held = emulator.queuedEvents().filter((event) => event.type === 'charge.dispute.created');
    for (const event of emulator.queuedEvents()) {
      if (event.type !== 'charge.dispute.created') await emulator.deliver(event.id);
    }
    await testApp.services.jobs.runJobsOnce();
    if (spent > 0) {
      const { listingId } = await createListing({ ...seller, id: seller.userId }, { price: spent });
      const bought = await purchase({ ...buyer, id: buyer.userId }, listingId);
      expect(bought.errors).toEqual([]);
    }
    for (const event of held) await emulator.deliver(event.id);
    emulator.resumeDeliveries();
    await settle(testApp);
    return paymentIntentIds.map((paymentIntentId) => String(emulator.disputeOf(paymentIntentId)!['id']));
  }

  async function decide(disputeId: string, outcome: 'won' | 'lost'): Promise<void> {
    emulatorOf(testApp).closeDispute(disputeId, outcome);
    await settle(testApp);
  }

  /** The Chargeback's global id, as admins see it in `chargebacks`. */
  async function chargebackIdOf(disputeId: string): Promise<string> {
    const [row] = await queryDatabase(testApp, 'select id from chargebacks where stripe_dispute_id = $1', [
      disputeId,
    ]);
    return toGlobalId('Chargeback', String(row!['id']));
  }

  async function lossesBalance(): Promise<number> {
    return testApp.services.ledger.balance(testApp.services.database, chargebackLosses('EUR'));
  }

  async function walletStatusOf(buyer: Buyer): Promise<string> {
    const [row] = await queryDatabase(
      testApp,
      `select status from wallets where buyer_id = $1 and currency = 'EUR'`,
      [buyer.rawId],
    );
    return String(row!['status']);
  }

  /** What a refused write-off must leave as it was. */
  async function writeOffState(): Promise<unknown> {
    const [row] = await queryDatabase(
      testApp,
      `select (select count(*)::int from ledger_transactions) as transactions,
              (select count(*)::int from chargeback_write_offs) as write_offs,
              (select count(*)::int from audit_log) as audit_entries,
              (select count(*)::int from idempotency_keys where scope = 'writeOffChargebackLoss') as keys,
              (select coalesce(sum(balance), 0)::bigint from ledger_accounts where kind = 'CHARGEBACK_LOSSES') as losses`,
    );
    return row;
  }

  it("moves a lost chargeback's wallet deficit to chargeback losses, the wallet back at zero and still flagged, audited", async () => {
    // given a buyer who topped up 50.00 with a card that was disputed, spent 40.00, and lost the chargeback
    const buyer = await newBuyer(testApp);
    const [disputeId] = await chargebacksAfterSpending(buyer, [5_000], 4_000);
    await decide(disputeId!, 'lost');
    expect(await walletBalance(testApp, buyer.rawId)).toBe(-4_000);
    const chargebackId = await chargebackIdOf(disputeId!);
    const lossesBefore = await lossesBalance();

    // and an admin finds it among the lost chargebacks not written off yet, with what a write-off would take
    const toDecide = await admin.data(
      `{ chargebacks(filter: { status: LOST, writtenOff: false }, first: 100) { edges { node {
          id amount { amount } status stripeDisputeId buyer { id } wallet { balance { amount } status }
          pendingWriteOffAmount { amount currency } writeOff { reason } } } } }`,
    );
    const listed = toDecide['chargebacks'].edges.map((edge: { node: { id: string } }) => edge.node);
    expect(listed.find((node: { id: string }) => node.id === chargebackId)).toEqual({
      id: chargebackId,
      amount: { amount: 5_000 },
      status: 'LOST',
      stripeDisputeId: disputeId,
      buyer: { id: buyer.userId },
      wallet: { balance: { amount: -4_000 }, status: 'WALLET_AT_RISK' },
      pendingWriteOffAmount: { amount: 4_000, currency: 'EUR' },
      writeOff: null,
    });

    // when the admin writes it off with a reason
    const reason = 'Card holder won at the bank; buyer unreachable. Ticket 4711.';
    const answer = await writeOff(admin, { chargebackId, reason });

    // then the deficit, not the chargeback's amount, moved to chargeback losses and the wallet is at zero
    expect(answer).toEqual({
      writeOff: {
        chargebackId,
        amount: { amount: 4_000, currency: 'EUR' },
        reason,
        writtenOffAt: expect.any(String),
        writtenOffBy: { id: adminId },
        chargeback: { id: chargebackId, status: 'LOST', writeOff: { reason } },
      },
      replayed: false,
      errors: [],
    });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    expect(await lossesBalance()).toBe(lossesBefore - 4_000);
    const postings = await queryDatabase(
      testApp,
      `select t.kind, t.idempotency_key, t.description, a.kind as account, e.amount::int as amount
         from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
         join ledger_accounts a on a.id = e.account_id
        where t.idempotency_key = $1 order by e.amount`,
      [`write_off:${rawId(chargebackId)}`],
    );
    expect(postings).toEqual([
      {
        kind: 'CHARGEBACK_WRITE_OFF',
        idempotency_key: `write_off:${rawId(chargebackId)}`,
        description: reason,
        account: 'CHARGEBACK_LOSSES',
        amount: -4_000,
      },
      {
        kind: 'CHARGEBACK_WRITE_OFF',
        idempotency_key: `write_off:${rawId(chargebackId)}`,
        description: reason,
        account: 'BUYER_WALLET',
        amount: 4_000,
      },
    ]);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);

    // and the fraud signal stays: the wallet is still flagged, lifting it is a separate decision
    expect(await walletStatusOf(buyer)).toBe('WALLET_AT_RISK');

    // and the audit log says who, why and how much
    const audits = await queryDatabase(
      testApp,
      `select action, actor_user_id, details from audit_log where subject_type = 'Chargeback' and subject_id = $1`,
      [rawId(chargebackId)],
    );
    expect(audits).toEqual([
      {
        action: 'chargeback.written_off',
        actor_user_id: rawId(adminId),
        details: expect.objectContaining({
          reason,
          amount: 4_000,
          currency: 'EUR',
          buyerId: buyer.rawId,
          stripeDisputeId: disputeId,
          chargebackAmount: 5_000,
          walletBalanceBefore: -4_000,
          walletStatus: 'WALLET_AT_RISK',
        }),
      },
    ]);

    // and the admin's list moved it from "to decide" to "written off"
    const afterwards = await admin.data(
      `{ pending: chargebacks(filter: { status: LOST, writtenOff: false }, first: 100) { edges { node { id } } }
         done: chargebacks(filter: { writtenOff: true }, first: 100) { edges { node { id pendingWriteOffAmount { amount }
           writeOff { amount { amount } writtenOffBy { id } } } } } }`,
    );
    const ids = (connection: { edges: { node: { id: string } }[] }) =>
      connection.edges.map((edge) => edge.node.id);
    expect(ids(afterwards['pending'])).not.toContain(chargebackId);
    expect(afterwards['done'].edges.map((edge: { node: unknown }) => edge.node)).toContainEqual({
      id: chargebackId,
      pendingWriteOffAmount: null,
      writeOff: { amount: { amount: 4_000 }, writtenOffBy: { id: adminId } },
    });
  });

  it('never writes off the part of a deficit that an open chargeback of the wallet may still bring back', async () => {
    // given two disputed top-ups of 10.00, 15.00 spent: the wallet is at -15.00 with both chargebacks open
    const buyer = await newBuyer(testApp);
    const [first, second] = await chargebacksAfterSpending(buyer, [1_000, 1_000], 1_500);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(-1_500);

    // when the first is lost and written off while the second is still open
    await decide(first!, 'lost');
    const answer = await writeOff(admin, { chargebackId: await chargebackIdOf(first!) });

    // then only the 5.00 that the open one cannot bring back is written off
    expect(answer.errors).toEqual([]);
    expect(answer.writeOff!.amount).toEqual({ amount: 500, currency: 'EUR' });
    expect(await walletBalance(testApp, buyer.rawId)).toBe(-1_000);

    // and when the second is won, the wallet ends at zero: the buyer got nothing out of chargeback losses
    await decide(second!, 'won');
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
  });

  it('refuses, changing nothing: an unknown chargeback, an open or won one, no deficit, a bad reason or key', async () => {
    // given an open chargeback, a won one, a lost one whose money was never spent, and a lost one
    // whose deficit an open chargeback of the same wallet still covers
    const openBuyer = await newBuyer(testApp);
    const [open] = await chargebacksAfterSpending(openBuyer, [1_000], 500);
    const wonBuyer = await newBuyer(testApp);
    const [won] = await chargebacksAfterSpending(wonBuyer, [1_000], 500);
    await decide(won!, 'won');
    const unspentBuyer = await newBuyer(testApp);
    const [unspent] = await chargebacksAfterSpending(unspentBuyer, [1_000], 0);
    await decide(unspent!, 'lost');
    const coveredBuyer = await newBuyer(testApp);
    const [covered] = await chargebacksAfterSpending(coveredBuyer, [1_000, 1_000], 1_000);
    await decide(covered!, 'lost');
    const lostBuyer = await newBuyer(testApp);
    const [lost] = await chargebacksAfterSpending(lostBuyer, [1_000], 600);
    await decide(lost!, 'lost');
    const lostId = await chargebackIdOf(lost!);
    const before = await writeOffState();

    // when an admin tries each
    const answers = {
      unknown: await writeOff(admin, { chargebackId: toGlobalId('Chargeback', crypto.randomUUID()) }),
      otherType: await writeOff(admin, { chargebackId: toGlobalId('Order', rawId(lostId)) }),
      malformed: await writeOff(admin, { chargebackId: 'nonsense' }),
      open: await writeOff(admin, { chargebackId: await chargebackIdOf(open!) }),
      won: await writeOff(admin, { chargebackId: await chargebackIdOf(won!) }),
      unspent: await writeOff(admin, { chargebackId: await chargebackIdOf(unspent!) }),
      covered: await writeOff(admin, { chargebackId: await chargebackIdOf(covered!) }),
      blankReason: await writeOff(admin, { chargebackId: lostId, reason: '   ' }),
      shortReason: await writeOff(admin, { chargebackId: lostId, reason: '😀😀' }),
      longReason: await writeOff(admin, { chargebackId: lostId, reason: 'x'.repeat(501) }),
      controlReason: await writeOff(admin, { chargebackId: lostId, reason: 'line one\nline two' }),
      badKey: await writeOff(admin, { chargebackId: lostId, idempotencyKey: 'not a key!' }),
    };

    // then each is a typed error of the mutation's enum, and nothing changed
    expect(
      Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, codesOf(answer)])),
    ).toEqual({
      unknown: [['CHARGEBACK_NOT_FOUND', 'chargebackId']],
      otherType: [['CHARGEBACK_NOT_FOUND', 'chargebackId']],
      malformed: [['CHARGEBACK_NOT_FOUND', 'chargebackId']],
      open: [['CHARGEBACK_NOT_LOST', 'chargebackId']],
      won: [['CHARGEBACK_NOT_LOST', 'chargebackId']],
      unspent: [['NO_DEFICIT', 'chargebackId']],
      covered: [['NO_DEFICIT', 'chargebackId']],
      blankReason: [['INVALID_REASON', 'reason']],
      shortReason: [['INVALID_REASON', 'reason']],
      longReason: [['INVALID_REASON', 'reason']],
      controlReason: [['INVALID_REASON', 'reason']],
      badKey: [['INVALID_IDEMPOTENCY_KEY', 'idempotencyKey']],
    });
    expect(answers.covered.errors[0]!.message).toMatch(/still open/);
    for (const answer of Object.values(answers))
      expect(answer).toMatchObject({ writeOff: null, replayed: false });
    expect(await writeOffState()).toEqual(before);
    expect(await walletBalance(testApp, lostBuyer.rawId)).toBe(-600);
  });

  it('replays the same key and input, refuses the key with another input, and refuses a second write-off of the chargeback', async () => {
    // given a lost chargeback written off once
    const buyer = await newBuyer(testApp);
    const [disputeId] = await chargebacksAfterSpending(buyer, [2_000], 1_200);
    await decide(disputeId!, 'lost');
    const chargebackId = await chargebackIdOf(disputeId!);
    const idempotencyKey = crypto.randomUUID();
    const reason = 'Unrecoverable: written off after the bank ruled.';
    const first = await writeOff(admin, { chargebackId, reason, idempotencyKey });
    expect(first.errors).toEqual([]);
    const after = await writeOffState();

    // when the admin repeats it with the same key, with the same key and another reason, and with a new key
    const replay = await writeOff(admin, { chargebackId, reason, idempotencyKey });
    const reused = await writeOff(admin, {
      chargebackId,
      reason: 'Another reason entirely.',
      idempotencyKey,
    });
    const again = await writeOff(admin, { chargebackId, reason });

    // then the replay is the first write-off, and the others are refused; one posting, one row
    expect(replay).toEqual({ ...first, replayed: true });
    expect(codesOf(reused)).toEqual([['IDEMPOTENCY_KEY_REUSED', 'idempotencyKey']]);
    expect(codesOf(again)).toEqual([['ALREADY_WRITTEN_OFF', 'chargebackId']]);
    expect(await writeOffState()).toEqual(after);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
  });

  describe('under concurrency', () => {
    async function writeOffRows(chargebackId: string) {
      return queryDatabase(
        testApp,
        `select (select count(*)::int from chargeback_write_offs where chargeback_id = $1) as rows,
                (select count(*)::int from ledger_transactions where idempotency_key = 'write_off:' || $1) as postings`,
        [rawId(chargebackId)],
      );
    }

    it('20 concurrent write-offs of one chargeback, under 20 keys, make one posting and one row', async () => {
      // given a lost chargeback with a 7.00 deficit
      const buyer = await newBuyer(testApp);
      const [disputeId] = await chargebacksAfterSpending(buyer, [1_000], 700);
      await decide(disputeId!, 'lost');
      const chargebackId = await chargebackIdOf(disputeId!);

      // when 20 write-offs race, each under its own key
      const answers = await Promise.all(Array.from({ length: 20 }, () => writeOff(admin, { chargebackId })));

      // then one wrote it off and the others were told it was already done
      expect(answers.filter((answer) => answer.writeOff !== null)).toHaveLength(1);
      expect(answers.flatMap(codesOf).sort()).toEqual(
        Array.from({ length: 19 }, () => ['ALREADY_WRITTEN_OFF', 'chargebackId']),
      );
      expect(await writeOffRows(chargebackId)).toEqual([{ rows: 1, postings: 1 }]);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
      expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    });

    it('20 concurrent write-offs of one chargeback under one key make one posting, and 19 replays of it', async () => {
      const buyer = await newBuyer(testApp);
      const [disputeId] = await chargebacksAfterSpending(buyer, [1_000], 300);
      await decide(disputeId!, 'lost');
      const chargebackId = await chargebackIdOf(disputeId!);
      const idempotencyKey = crypto.randomUUID();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => writeOff(admin, { chargebackId, idempotencyKey })),
      );

      expect(answers.flatMap((answer) => answer.errors)).toEqual([]);
      expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
      expect(new Set(answers.map((answer) => JSON.stringify(answer.writeOff))).size).toBe(1);
      expect(answers[0]!.writeOff!.amount).toEqual({ amount: 300, currency: 'EUR' });
      expect(await writeOffRows(chargebackId)).toEqual([{ rows: 1, postings: 1 }]);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
    });

    it('two chargebacks of one wallet written off at once never write off more than the deficit', async () => {
      // given two lost chargebacks of 10.00 each on a wallet at -15.00
      const buyer = await newBuyer(testApp);
      const disputeIds = await chargebacksAfterSpending(buyer, [1_000, 1_000], 1_500);
      for (const disputeId of disputeIds) await decide(disputeId, 'lost');
      expect(await walletBalance(testApp, buyer.rawId)).toBe(-1_500);
      const lossesBefore = await lossesBalance();

      // when both are written off at the same time
      const answers = await Promise.all(
        disputeIds.map(async (disputeId) =>
          writeOff(admin, { chargebackId: await chargebackIdOf(disputeId) }),
        ),
      );

      // then together they took exactly the deficit: one its whole amount, the other the rest
      expect(answers.flatMap((answer) => answer.errors)).toEqual([]);
      expect(answers.map((answer) => answer.writeOff!.amount.amount).sort()).toEqual([1_000, 500]);
      expect(await walletBalance(testApp, buyer.rawId)).toBe(0);
      expect(await lossesBalance()).toBe(lossesBefore - 1_500);
      expect(ledgerIsClean(await verifyLedger(testApp.services.database))).toBe(true);
    });
  });

  it('refuses everyone but an admin, the write-off and the list, changing nothing', async () => {
    // given a lost chargeback with a deficit
    const buyer = await newBuyer(testApp);
    const [disputeId] = await chargebacksAfterSpending(buyer, [1_000], 400);
    await decide(disputeId!, 'lost');
    const chargebackId = await chargebackIdOf(disputeId!);
    const support = (await createStaff(testApp, ['SUPPORT'])).client;
    const sellerClient = (await signUp(testApp.baseUrl, { sellerAccount: true })).client;
    const before = await writeOffState();
    const input = { chargebackId, reason: 'Trying my luck.', idempotencyKey: crypto.randomUUID() };

    // when the buyer, a seller, support and nobody signed in try
    const viewers = {
      buyer: buyer.client,
      seller: sellerClient,
      support,
      anonymous: new TestClient(testApp.baseUrl),
    };
    const codes: Record<string, unknown[]> = {};
    for (const [name, client] of Object.entries(viewers)) {
      const write = await client.graphql(writeOffMutation, { input });
      const list = await client.graphql('{ chargebacks { edges { node { id } } } }');
      codes[name] = [write.errors?.[0]?.extensions?.['code'], list.errors?.[0]?.extensions?.['code']];
    }

    // then each is refused before anything is read or written
    expect(codes).toEqual({
      buyer: ['FORBIDDEN', 'FORBIDDEN'],
      seller: ['FORBIDDEN', 'FORBIDDEN'],
      support: ['FORBIDDEN', 'FORBIDDEN'],
      anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED'],
    });
    expect(await writeOffState()).toEqual(before);
    expect(await walletBalance(testApp, buyer.rawId)).toBe(-400);
  });
});
