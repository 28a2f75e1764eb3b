import { accountGateSharedStatement } from './account-gate';
import type { Database } from './pool';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /**
   * An account whose gate the transaction takes shared before its first statement, in BEGIN's
   * round trip (db/account-gate.ts): its reads then start after whatever closed the gate committed.
   */
  accountGate?: string;
  /** How many times a serialization failure or deadlock is retried before it is thrown. */
  retries?: number;
}

type AfterCommit = () => void | Promise<void>;

const afterCommitHooks = new WeakMap<Tx, AfterCommit[]>();

/** PostgreSQL SQLSTATEs that mean "run the whole transaction again". */
const retryableStates = new Set(['40001', '40P01']);

export const defaultTransactionRetries = { value: 5 };

/**
 * Runs `work` in one database transaction and commits it. Serialization failures and deadlocks
 * are retried a bounded number of times with jittered backoff; everything else is thrown.
 * Side effects registered with `afterCommit` run only once the transaction has committed.
 */
export async function withTransaction<T>(
  database: Database,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.retries ?? defaultTransactionRetries.value;
  for (let attempt = 0; ; attempt++) {
    let hooks: AfterCommit[] = [];
    try {
      const result = await database.transaction(
        async (tx) => {
          hooks = [];
          afterCommitHooks.set(tx, hooks);
          return work(tx);
        },
        { isolationLevel: beginClause(options) },
      );
      await runAfterCommit(hooks);
      return result;
    } catch (error) {
      if (attempt >= retries || !isRetryable(error)) throw error;
      await delay(backoffMs(attempt));
    }
  }
}

/**
 * What drizzle sends after `begin isolation level `, as one simple-protocol query: the level and,
 * with an account gate, the statement that takes it (db/account-gate.ts), so that the gate costs
 * no round trip of its own. The id is checked to be a uuid: it is written into the text.
 */
function beginClause(options: TransactionOptions): IsolationLevel {
  const level = options.isolationLevel ?? 'read committed';
  if (options.accountGate === undefined) return level;
  return `${level}; ${accountGateSharedStatement(options.accountGate)}` as IsolationLevel;
}

/** Registers a side effect that runs after the transaction commits, and never if it rolls back. */
export function afterCommit(tx: Tx, hook: AfterCommit): void {
  const hooks = afterCommitHooks.get(tx);
  if (!hooks) throw new Error('afterCommit called outside withTransaction');
  hooks.push(hook);
}

async function runAfterCommit(hooks: AfterCommit[]): Promise<void> {
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      // The transaction has committed; a failing side effect must not report the commit as failed.
      console.error('after-commit hook failed', error);
    }
  }
}

export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function postgresConstraint(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isRetryable(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code !== undefined && retryableStates.has(code);
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
