/**
 * How many expensive operations (password hashes and checks) one request may still run: one HTTP
 * request, a whole batch included, or one graphql-ws operation. Aliases and batching multiply the
 * mutations a request carries; this keeps the work they can start bounded whatever the document.
 */
export class ExpensiveOperationBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** Spends one operation; false once the request has spent its budget. */
  trySpend(): boolean {
    if (this.spent >= this.limit) return false;
    this.spent++;
    return true;
  }
}
