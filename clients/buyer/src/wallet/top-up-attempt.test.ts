import { newIdempotencyKey, TopUpAttempts } from './top-up-attempt';

function sequentialKeys() {
  let next = 0;
  return () => `key-${++next}`;
}

describe('TopUpAttempts', () => {
  it('gives a new attempt a fresh key', () => {
    const attempts = new TopUpAttempts(sequentialKeys());
    expect(attempts.begin({ amount: 5000, currency: 'EUR' }).idempotencyKey).toBe('key-1');
  });

  it('keeps the key across retries of the same amount until a definitive answer', () => {
    // given an attempt whose request failed on the way (unknown outcome)
    const attempts = new TopUpAttempts(sequentialKeys());
    const first = attempts.begin({ amount: 5000, currency: 'EUR' });
    attempts.unanswered(first);
    // when the buyer retries, or double-clicks
    const retry = attempts.begin({ amount: 5000, currency: 'EUR' });
    const doubleClick = attempts.begin({ amount: 5000, currency: 'EUR' });
    // then every request carries the same key: the server makes at most one top-up
    expect(retry.idempotencyKey).toBe('key-1');
    expect(doubleClick.idempotencyKey).toBe('key-1');
  });

  it('starts a new attempt after a definitive answer', () => {
    const attempts = new TopUpAttempts(sequentialKeys());
    const first = attempts.begin({ amount: 5000, currency: 'EUR' });
    attempts.answered(first);
    expect(attempts.pending).toBeNull();
    expect(attempts.begin({ amount: 5000, currency: 'EUR' }).idempotencyKey).toBe('key-2');
  });

  it('starts a new attempt when the amount or currency changes (the old key would be refused as reused)', () => {
    const attempts = new TopUpAttempts(sequentialKeys());
    attempts.unanswered(attempts.begin({ amount: 5000, currency: 'EUR' }));
    expect(attempts.begin({ amount: 6000, currency: 'EUR' }).idempotencyKey).toBe('key-2');
    expect(attempts.begin({ amount: 6000, currency: 'USD' }).idempotencyKey).toBe('key-3');
  });

  it('ignores a late answer of an attempt already replaced', () => {
    // given an attempt replaced by another amount while its answer was in flight
    const attempts = new TopUpAttempts(sequentialKeys());
    const old = attempts.begin({ amount: 5000, currency: 'EUR' });
    const current = attempts.begin({ amount: 7000, currency: 'EUR' });
    // when the old answer lands
    attempts.answered(old);
    // then the current attempt keeps its key
    expect(attempts.pending).toEqual(current);
    expect(attempts.begin({ amount: 7000, currency: 'EUR' }).idempotencyKey).toBe('key-2');
  });
});

describe('newIdempotencyKey', () => {
  it('makes keys the server accepts, different each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
  });
});
