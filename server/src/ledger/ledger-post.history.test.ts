import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createDatabase, type Database } from '../db/pool';
import { withTransaction, type Tx } from '../db/transaction';
import { purchasePosting, releasePosting, topUpPosting } from '../domain/posting-rules';
import { createTestDatabase, insertUser } from '../../test/harness';
import { LedgerService, ledgerIsClean, verifyLedger } from './ledger.service';

/**
 * A posting's cost must not grow with the ledger's history. ledger_accounts holds an escrow
 * account per order, so it is the table that grows with every purchase; ledger_post (migration
 * 0020) reaches the legs' accounts by key. Read from pg_stat_xact_user_tables: the scans of the
 * current transaction, so only the postings under test are counted.
 */
describe('ledger_post on a ledger with history', () => {
  const historyAccounts = 10_000;
  const poolSize = 4;
  let database: Database;
  let drop: () => Promise<void>;
  const ledger = new LedgerService();

  beforeAll(async () => {
    let url: string;
    ({ url, drop } = await createTestDatabase());
    database = createDatabase({ url, max: poolSize, statementTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await database.$client.end();
    await drop();
  });

  const newUser = () => insertUser(database, { displayName: 'History User' });

  /** Sequential scans of ledger_accounts so far in `tx`, and the rows they read. */
  async function accountScans(tx: Tx): Promise<{ scans: number; rowsRead: number }> {
    const {
      rows: [row],
    } = await tx.execute<{ scans: string; rows_read: string }>(
      sql`select seq_scan::text as scans, seq_tup_read::text as rows_read
            from pg_stat_xact_user_tables where relname = 'ledger_accounts'`,
    );
    return { scans: Number(row?.scans ?? 0), rowsRead: Number(row?.rows_read ?? 0) };
  }

  /** A top-up on each of the pool's connections at once (each plans ledger_post's statements on its first): their scans. */
  async function topUpOnEveryConnection(buyerId: string): Promise<{ scans: number; rowsRead: number }[]> {
    let arrived = 0;
    let allArrived!: () => void;
    const everyConnection = new Promise<void>((resolve) => (allArrived = resolve));
    return Promise.all(
      Array.from({ length: poolSize }, () =>
        withTransaction(database, async (tx) => {
          // Held until every connection is in a transaction: each of them posts.
          if (++arrived === poolSize) allArrived();
          await everyConnection;
          await ledger.post(
            tx,
            topUpPosting({ topUpId: crypto.randomUUID(), buyerId, amount: 1_000, currency: 'EUR' }),
          );
          return accountScans(tx);
        }),
      ),
    );
  }

  it('given every connection planned its postings on a small ledger, when 10,000 escrow accounts are added, then no posting reads ledger_accounts sequentially, before or after ANALYZE', async () => {
    const buyerId = await newUser();
    const sellerId = await newUser();
    const orderId = crypto.randomUUID();
    const small = await topUpOnEveryConnection(buyerId);

    // The escrow accounts of 10,000 past orders (their entries do not matter here), added after the
    // connections planned their postings, as a live database grows under long-lived connections.
    await database.execute(sql`insert into ledger_accounts (kind, currency, order_id)
                               select 'ESCROW', 'EUR', gen_random_uuid() from generate_series(1, ${historyAccounts})`);
    const grown = await topUpOnEveryConnection(buyerId);
    await database.execute(sql`analyze ledger_accounts`);
    const analysed = await topUpOnEveryConnection(buyerId);
    const none = Array(poolSize).fill({ scans: 0, rowsRead: 0 });
    expect({ small, grown, analysed }).toEqual({ small: none, grown: none, analysed: none });

    // A purchase and its release: the escrow account appears in two of the release's legs.
    const purchase = await withTransaction(database, async (tx) => {
      await ledger.post(tx, purchasePosting({ orderId, buyerId, amount: 2_500, currency: 'EUR' }));
      await ledger.post(
        tx,
        releasePosting({ orderId, sellerId, amount: 2_500, currency: 'EUR', feeBasisPoints: 500 }),
      );
      return accountScans(tx);
    });
    expect(purchase).toEqual({ scans: 0, rowsRead: 0 });
    const balances = await database.execute<{ kind: string; balance: string }>(
      sql`select kind::text, balance::text from ledger_accounts
           where owner_user_id in (${buyerId}, ${sellerId}) or order_id = ${orderId} order by kind::text`,
    );
    // Each account holds its balance after the posting's last leg on it.
    expect(balances.rows).toEqual([
      { kind: 'BUYER_WALLET', balance: String(3 * poolSize * 1_000 - 2_500) },
      { kind: 'ESCROW', balance: '0' },
      { kind: 'SELLER_EARNINGS', balance: '2375' },
    ]);
    expect(ledgerIsClean(await verifyLedger(database))).toBe(true);
  });
});
