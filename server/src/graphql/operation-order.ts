/**
 * The order of a graphql-ws socket's operations: each is set up only once the operations sent
 * before it on the same socket are. graphql-ws handles a socket's messages concurrently, so without
 * this a query sent right after a subscription could run before the subscription listens, and a
 * client that subscribes and then reads the current state would miss what changed in between.
 *
 * "Set up" means: a subscription listens (its event queue is registered), a query or mutation has
 * started to execute, a refused operation was refused. Queries and mutations still execute
 * concurrently with each other; only their start waits.
 */
export class OperationOrder {
  private last: Promise<void> = Promise.resolve();
  private readonly unsettled = new Map<string, () => void>();

  /** Resolves once every operation that took its turn before `id` has settled. */
  async turn(id: string): Promise<void> {
    const before = this.last;
    let settle: () => void = () => undefined;
    const setUp = new Promise<void>((resolve) => (settle = resolve));
    // A client that reuses the id of an operation still being set up gets its own turn; the older
    // one is settled now so that nothing after it waits forever.
    this.settled(id);
    this.unsettled.set(id, settle);
    this.last = before.then(() => setUp);
    await before;
  }

  /** `id` is set up (or ended): the operations after it may go. Idempotent. */
  settled(id: string): void {
    const settle = this.unsettled.get(id);
    if (!settle) return;
    this.unsettled.delete(id);
    settle();
  }

  /** The socket closed: nothing waits any more. */
  settleAll(): void {
    for (const id of [...this.unsettled.keys()]) this.settled(id);
  }
}
