import { ExpensiveOperationBudget } from '../shared/expensive-operations';
import { createPasswordHasher } from './passwords';

describe('password hasher', () => {
  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once, queues PASSWORD_HASH_QUEUE_LENGTH more and refuses the rest with SERVER_BUSY', async () => {
    // given a hasher with one slot and a queue of one
    const hasher = createPasswordHasher({ memoryCostKib: 1024, concurrency: 1, queueLength: 1 });
    let running = 0;
    let mostRunning = 0;
    const work = () =>
      hasher.run(new ExpensiveOperationBudget(1), async (hashing) => {
        running++;
        mostRunning = Math.max(mostRunning, running);
        const passwordHash = await hashing.hash('correct horse battery staple');
        const matches = await hashing.verify(passwordHash, 'correct horse battery staple');
        running--;
        return matches;
      });

    // when three callers ask at once
    const outcomes = await Promise.all([work(), work(), work()]);

    // then one ran, one waited its turn, and one was refused without waiting
    expect(outcomes).toEqual([{ value: true }, { value: true }, { refused: 'SERVER_BUSY' }]);
    expect(mostRunning).toBe(1);

    // and the slot is free again afterwards
    expect(await work()).toEqual({ value: true });
  });

  it('charges each run to the request budget and refuses past it with TOO_MANY_EXPENSIVE_OPERATIONS, hashing nothing', async () => {
    const hasher = createPasswordHasher({ memoryCostKib: 1024, concurrency: 2, queueLength: 10 });
    const budget = new ExpensiveOperationBudget(2);
    let ran = 0;
    const work = () =>
      hasher.run(budget, async (hashing) => {
        ran++;
        return hashing.hash('correct horse battery staple');
      });

    const outcomes = await Promise.all([work(), work(), work()]);

    expect(outcomes.map((outcome) => ('refused' in outcome ? outcome.refused : 'hashed'))).toEqual([
      'hashed',
      'hashed',
      'TOO_MANY_EXPENSIVE_OPERATIONS',
    ]);
    expect(ran).toBe(2);
  });

  it('frees the slot when the work fails', async () => {
    const hasher = createPasswordHasher({ memoryCostKib: 1024, concurrency: 1, queueLength: 0 });

    await expect(
      hasher.run(new ExpensiveOperationBudget(1), async () => {
        throw new Error('transaction failed');
      }),
    ).rejects.toThrow('transaction failed');

    expect(await hasher.run(new ExpensiveOperationBudget(1), async () => 'ran')).toEqual({ value: 'ran' });
  });
});
