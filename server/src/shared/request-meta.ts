import { ExpensiveOperationBudget } from './expensive-operations';

/** Who sent a request and how it is traced: the audit log, reveals and rate limits record these. */
export interface RequestMeta {
  requestId: string;
  address: string;
  userAgent: string | null;
  /** Shared by every operation of one HTTP request (a batch too); one per graphql-ws operation. */
  expensiveOperations: ExpensiveOperationBudget;
}

/**
 * A command-line tool acting on this machine (the seed, staff:create): what the audit log records
 * for it, and a budget of one password hash per call.
 */
export function commandLineMeta(tool: string): RequestMeta {
  return {
    requestId: tool,
    address: '127.0.0.1',
    userAgent: `codesale-${tool}`,
    expensiveOperations: new ExpensiveOperationBudget(1),
  };
}
