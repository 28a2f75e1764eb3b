import type { ExpensiveOperationBudget } from './expensive-operations';

/** Who sent a request and how it is traced: the audit log, reveals and rate limits record these. */
export interface RequestMeta {
  requestId: string;
  address: string;
  userAgent: string | null;
  /** Shared by every operation of one HTTP request (a batch too); one per graphql-ws operation. */
  expensiveOperations: ExpensiveOperationBudget;
}
