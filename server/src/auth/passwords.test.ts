import { ExpensiveOperationBudget } from '../shared/expensive-operations';
import { createPasswordHasher } from './passwords';

/** One request from `address`, with a budget of one password check. */
const client = (address = '192.0.2.1') => ({ expensiveOperations: new ExpensiveOperationBudget(1), address });

describe('password hasher', () => {
  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once, queues PASSWORD_HASH_QUEUE_LENGTH more and refuses the rest with SERVER_BUSY', async () => {
    // given a hasher with one slot and a queue of one
    const hasher = createPasswordHasher({
      memoryCostKib: 1024,
      concurrency: 1,
      queueLength: 1,
      perAddress: 10,
    });
    let running = 0;
    let mostRunning = 0;
    const work = () =>
      hasher.run(client(), async (hashing) => {
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
    const hasher = createPasswordHasher({
      memoryCostKib: 1024,
      concurrency: 2,
      queueLength: 10,
      perAddress: 10,
    });
    const budget = new ExpensiveOperationBudget(2);
    let ran = 0;
    const work = () =>
      hasher.run({ expensiveOperations: budget, address: '192.0.2.1' }, async (hashing) => {
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
    const hasher = createPasswordHasher({
      memoryCostKib: 1024,
      concurrency: 1,
      queueLength: 0,
      perAddress: 10,
    });

    await expect(
      hasher.run(client(), async () => {
        throw new Error('transaction failed');
      }),
    ).rejects.toThrow('transaction failed');

    expect(await hasher.run(client(), async () => 'ran')).toEqual({ value: 'ran' });
  });

  it('gives one client address at most PASSWORD_HASH_PER_ADDRESS places, running or waiting: another address still gets in', async () => {
    // given a hasher with one slot, a queue of ten, and two places per address
    const hasher = createPasswordHasher({
      memoryCostKib: 1024,
      concurrency: 1,
      queueLength: 10,
      perAddress: 2,
    });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const held = (address: string) => hasher.run(client(address), () => finished.then(() => address));

    // when one address keeps five checks in flight while another address asks once
    const flood = [1, 2, 3, 4, 5].map(() => held('203.0.113.9'));
    const other = held('198.51.100.7');
    finish();

    // then the flooding address ran two and was refused the rest at once, and the other got its turn
    expect(await Promise.all(flood)).toEqual([
      { value: '203.0.113.9' },
      { value: '203.0.113.9' },
      { refused: 'SERVER_BUSY' },
      { refused: 'SERVER_BUSY' },
      { refused: 'SERVER_BUSY' },
    ]);
    expect(await other).toEqual({ value: '198.51.100.7' });

    // and the address has its places back once its checks are done
    expect(await hasher.run(client('203.0.113.9'), async () => 'again')).toEqual({ value: 'again' });
  });
});
