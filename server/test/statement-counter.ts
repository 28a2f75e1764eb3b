import type pg from 'pg';

/**
 * Counts the statements (round trips) sent to PostgreSQL on one pool's clients while `work` runs:
 * every `client.query` call is one message to the server and one wait for its answer, whether it
 * comes from the query builder, a transaction's BEGIN and COMMIT, or a named prepared statement.
 * Clients are wrapped as the pool hands them out ('acquire'), so transactions (pool.connect) and
 * single statements (pool.query) are both seen. The texts are kept, to say what was sent.
 */
export interface StatementCount {
  count: number;
  texts: string[];
}

const counters = new WeakMap<pg.Pool, { active: StatementCount | null }>();
const wrapped = new WeakSet<pg.PoolClient>();

function counterOf(pool: pg.Pool): { active: StatementCount | null } {
  const counter = counters.get(pool);
  if (counter) return counter;
  const created: { active: StatementCount | null } = { active: null };
  counters.set(pool, created);
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string; name?: string } | undefined;
      created.active?.texts.push(
        typeof first === 'string' ? first : (first?.name ? `[${first.name}] ` : '') + (first?.text ?? ''),
      );
      if (created.active) created.active.count++;
      return query(...args);
    };
  });
  return created;
}

/** Runs `work` and returns its result with the statements it sent on `pool`. One count at a time per pool. */
export async function countStatements<T>(
  pool: pg.Pool,
  work: () => Promise<T>,
): Promise<{ result: T; statements: StatementCount }> {
  const counter = counterOf(pool);
  if (counter.active) throw new Error('countStatements is already counting on this pool');
  const statements: StatementCount = { count: 0, texts: [] };
  counter.active = statements;
  try {
    return { result: await work(), statements };
  } finally {
    counter.active = null;
  }
}
