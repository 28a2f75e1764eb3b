import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createDatabase, type Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import {
  chargebackPosting,
  PostingKind,
  purchasePosting,
  releasePosting,
  topUpPosting,
  wallet,
  escrow,
  sellerEarnings,
  platformFees,
  stripeClearing,
} from '../domain/posting-rules';
import { createTestDatabase, insertUser } from '../../test/harness';
import { accountKey, LedgerService, ledgerIsClean, OverdraftError, verifyLedger } from './ledger.service';

describe('LedgerService', () => {
  let database: Database;
  let url: string;
  let drop: () => Promise<void>;
  const ledger = new LedgerService();

  beforeAll(async () => {
    ({ url, drop } = await createTestDatabase());
    database = createDatabase({ url, max: 30, statementTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await database.$client.end();
    await drop();
  });

  const newUser = () => insertUser(database, { displayName: 'Ledger User', roles: ['BUYER', 'SELLER'] });

  /** A TOP_UP transaction with one entry of 5.00 EUR into `accountId`, written behind the ledger: it does not balance. */
  async function insertUnbalancedTransaction(tx: Tx, accountId: string): Promise<void> {
    const [transaction] = (
      await tx.execute<{ id: string }>(
        sql`insert into ledger_transactions (kind, idempotency_key) values ('TOP_UP', ${crypto.randomUUID()}) returning id`,
      )
    ).rows;
    await tx.execute(sql`insert into ledger_entries (transaction_id, account_id, amount, currency, balance_after)
                         values (${transaction!.id}, ${accountId}, 500, 'EUR', 500)`);
  }

  async function rawQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  describe('post', () => {
    it('writes balanced entries with the balance after each, and updates cached balances in the same transaction', async () => {
      // given a buyer and a seller
      const buyerId = await newUser();
      const sellerId = await newUser();
      const orderId = crypto.randomUUID();
      // when money goes in, into escrow, and out to the seller with a 5% fee
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 5_000, currency: 'EUR' }),
        ),
      );
      await withTransaction(database, (tx) =>
        ledger.post(tx, purchasePosting({ orderId, buyerId, amount: 1_999, currency: 'EUR' })),
      );
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          releasePosting({ orderId, sellerId, amount: 1_999, currency: 'EUR', feeBasisPoints: 500 }),
        ),
      );
      // then every balance is the sum of its entries
      expect(await ledger.balance(database, wallet(buyerId, 'EUR'))).toBe(3_001);
      expect(await ledger.balance(database, escrow(orderId, 'EUR'))).toBe(0);
      expect(await ledger.balance(database, sellerEarnings(sellerId, 'EUR'))).toBe(1_900);
      expect(await ledger.balance(database, platformFees('EUR'))).toBeGreaterThanOrEqual(99);
      const walletAccount = await ledger.findAccount(database, wallet(buyerId, 'EUR'));
      const history = await ledger.entries(database, walletAccount!.id, 10, null);
      expect(history.map((entry) => [entry.kind, entry.amount, entry.balanceAfter])).toEqual([
        [PostingKind.PURCHASE, -1_999, 3_001],
        [PostingKind.TOP_UP, 5_000, 5_000],
      ]);
      expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
    });

    it('replays the same idempotency key without writing anything', async () => {
      const buyerId = await newUser();
      const posting = topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 700, currency: 'USD' });
      const first = await withTransaction(database, (tx) => ledger.post(tx, posting));
      const second = await withTransaction(database, (tx) => ledger.post(tx, posting));
      expect(second).toMatchObject({ transactionId: first.transactionId, replayed: true });
      expect(await ledger.balance(database, wallet(buyerId, 'USD'))).toBe(700);
    });

    it('refuses to overdraw a wallet on purchase, and allows it on a chargeback', async () => {
      const buyerId = await newUser();
      const topUpId = crypto.randomUUID();
      await withTransaction(database, (tx) =>
        ledger.post(tx, topUpPosting({ topUpId, buyerId, amount: 1_000, currency: 'GBP' })),
      );
      await expect(
        withTransaction(database, (tx) =>
          ledger.post(
            tx,
            purchasePosting({ orderId: crypto.randomUUID(), buyerId, amount: 1_001, currency: 'GBP' }),
          ),
        ),
      ).rejects.toBeInstanceOf(OverdraftError);
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          purchasePosting({ orderId: crypto.randomUUID(), buyerId, amount: 600, currency: 'GBP' }),
        ),
      );
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          chargebackPosting({
            disputeId: crypto.randomUUID(),
            topUpId,
            buyerId,
            amount: 1_000,
            currency: 'GBP',
          }),
        ),
      );
      expect(await ledger.balance(database, wallet(buyerId, 'GBP'))).toBe(-600);
    });

    it('keeps balances exact under 40 concurrent postings on the same accounts', async () => {
      const buyerId = await newUser();
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 100_000, currency: 'EUR' }),
        ),
      );
      await Promise.all(
        Array.from({ length: 40 }, () =>
          withTransaction(database, (tx) =>
            ledger.post(
              tx,
              purchasePosting({ orderId: crypto.randomUUID(), buyerId, amount: 100, currency: 'EUR' }),
            ),
          ),
        ),
      );
      expect(await ledger.balance(database, wallet(buyerId, 'EUR'))).toBe(96_000);
      expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
    });

    it('given one key posted by 10 transactions at once, then one writes it and the others replay its transaction', async () => {
      const buyerId = await newUser();
      const posting = topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 250, currency: 'EUR' });
      const results = await Promise.all(
        Array.from({ length: 10 }, () => withTransaction(database, (tx) => ledger.post(tx, posting))),
      );
      expect(results.filter((result) => !result.replayed)).toHaveLength(1);
      expect(new Set(results.map((result) => result.transactionId)).size).toBe(1);
      expect(await ledger.balance(database, wallet(buyerId, 'EUR'))).toBe(250);
      expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
    });

    it('given an overdraft caught by its caller, when the transaction commits, then nothing of the posting was written', async () => {
      const buyerId = await newUser();
      const orderId = crypto.randomUUID();
      await withTransaction(database, async (tx) => {
        await expect(
          ledger.post(tx, purchasePosting({ orderId, buyerId, amount: 10, currency: 'EUR' })),
        ).rejects.toMatchObject({ account: wallet(buyerId, 'EUR'), balanceAfter: -10 });
      });
      const { rows } = await rawQuery(
        'select count(*)::int as count from ledger_transactions where order_id = $1',
        [orderId],
      );
      expect(rows[0].count).toBe(0);
      expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
    });

    it('given an account in two legs, then its entries chain their balances in leg order and it ends at the last', async () => {
      const buyerId = await newUser();
      const result = await withTransaction(database, (tx) =>
        ledger.post(tx, {
          kind: PostingKind.TOP_UP,
          idempotencyKey: crypto.randomUUID(),
          legs: [
            { account: wallet(buyerId, 'EUR'), amount: 100 },
            { account: stripeClearing('EUR'), amount: -300 },
            { account: wallet(buyerId, 'EUR'), amount: 200 },
          ],
        }),
      );
      expect(result.balances.get(accountKey(wallet(buyerId, 'EUR')))).toBe(300);
      const account = await ledger.findAccount(database, wallet(buyerId, 'EUR'));
      const history = await ledger.entries(database, account!.id, 10, null);
      expect(history.map((entry) => [entry.amount, entry.balanceAfter])).toEqual([
        [200, 300],
        [100, 100],
      ]);
      expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
    });
  });

  describe('database invariants', () => {
    it('rejects a transaction whose entries do not sum to zero, at commit', async () => {
      const buyerId = await newUser();
      const account = await withTransaction(database, (tx) =>
        ledger.ensureAccount(tx, wallet(buyerId, 'EUR')),
      );
      await expect(
        withTransaction(database, async (tx) => {
          await insertUnbalancedTransaction(tx, account.id);
          await tx.execute(sql`update ledger_accounts set balance = 500 where id = ${account.id}`);
        }),
      ).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/does not balance/) }),
      });
      expect(await ledger.balance(database, wallet(buyerId, 'EUR'))).toBe(0);
    });

    it('rejects a transaction without entries', async () => {
      await expect(
        rawQuery(`insert into ledger_transactions (kind, idempotency_key) values ('TOP_UP', $1)`, [
          crypto.randomUUID(),
        ]),
      ).rejects.toThrow(/has no entries/);
    });

    it('rejects UPDATE and DELETE on transactions and entries', async () => {
      const buyerId = await newUser();
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }),
        ),
      );
      await expect(rawQuery('update ledger_entries set amount = amount * 2')).rejects.toThrow(/append-only/);
      await expect(rawQuery('delete from ledger_entries')).rejects.toThrow(/append-only/);
      await expect(rawQuery(`update ledger_transactions set kind = 'REFUND'`)).rejects.toThrow(/append-only/);
      await expect(rawQuery('delete from ledger_transactions')).rejects.toThrow(/append-only/);
      await expect(rawQuery('truncate ledger_entries cascade')).rejects.toThrow(/append-only/);
    });

    it('rejects a cached balance that differs from the entries', async () => {
      const buyerId = await newUser();
      await withTransaction(database, (tx) =>
        ledger.post(
          tx,
          topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }),
        ),
      );
      await expect(
        rawQuery(`update ledger_accounts set balance = balance + 1 where owner_user_id = $1`, [buyerId]),
      ).rejects.toThrow(/does not match its entries/);
    });

    it("checks a posting's balances when the posting ends, and leaves later writes to be checked at commit", async () => {
      const buyerId = await newUser();
      const account = await withTransaction(database, (tx) =>
        ledger.ensureAccount(tx, wallet(buyerId, 'EUR')),
      );
      // given an unbalanced transaction written earlier in the same transaction (deferred: not yet checked)
      let postingRefused = false;
      await expect(
        withTransaction(database, async (tx) => {
          await insertUnbalancedTransaction(tx, account.id);
          // when a posting follows, then the posting's own statement runs the pending checks, and fails
          await ledger
            .post(tx, topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }))
            .catch((error: unknown) => {
              postingRefused = true;
              throw error;
            });
        }),
      ).rejects.toThrow(/does not balance/);
      expect(postingRefused).toBe(true);

      // given a posting, when the same transaction then changes the balance behind it, then the
      // statement passes (the checks are deferred again) and the commit is refused
      await expect(
        withTransaction(database, async (tx) => {
          await ledger.post(
            tx,
            topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }),
          );
          await tx.execute(sql`update ledger_accounts set balance = balance + 1 where id = ${account.id}`);
        }),
      ).rejects.toMatchObject({
        cause: expect.objectContaining({ message: expect.stringMatching(/does not match its entries/) }),
      });
      expect(await ledger.balance(database, wallet(buyerId, 'EUR'))).toBe(0);
    });

    it('rejects an escrow or earnings balance below zero', async () => {
      const sellerId = await newUser();
      await expect(
        withTransaction(database, (tx) =>
          ledger.post(tx, {
            kind: PostingKind.RELEASE,
            idempotencyKey: crypto.randomUUID(),
            legs: [
              { account: sellerEarnings(sellerId, 'EUR'), amount: -5 },
              { account: stripeClearing('EUR'), amount: 5 },
            ],
          }),
        ),
      ).rejects.toBeInstanceOf(OverdraftError);
    });
  });

  describe('verifyLedger', () => {
    it('reports a cached balance tampered with behind the triggers', async () => {
      const { url: scratchUrl, drop: dropScratch } = await createTestDatabase();
      const scratch = createDatabase({ url: scratchUrl, max: 2, statementTimeoutMs: 10_000 });
      try {
        const buyerId = await insertUser(scratch, { displayName: 'A' });
        await withTransaction(scratch, (tx) =>
          ledger.post(
            tx,
            topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 300, currency: 'EUR' }),
          ),
        );
        expect(ledgerIsClean(await verifyLedger(scratch))).toBe(true);
        await scratch.execute(sql`alter table ledger_accounts disable trigger ledger_accounts_balance`);
        await scratch.execute(sql`update ledger_accounts set balance = 999 where owner_user_id = ${buyerId}`);
        const report = await verifyLedger(scratch);
        expect(ledgerIsClean(report)).toBe(false);
        expect(report.balanceMismatches).toEqual([
          expect.objectContaining({ cached: 999, computed: 300, latestBalanceAfter: 300 }),
        ]);
      } finally {
        await scratch.$client.end();
        await dropScratch();
      }
    });
  });
});
