import {
  attemptFor,
  idempotencyKeyPattern,
  newIdempotencyKey,
  parseWithdrawalAmount,
  sendWithdrawalAttempt,
  type WithdrawalAttempt,
} from './withdrawal-attempt';

describe('withdrawal attempts', () => {
  it('gives each new attempt a fresh key the server accepts', () => {
    const first = newIdempotencyKey();
    const second = newIdempotencyKey();
    expect(first).toMatch(idempotencyKeyPattern);
    expect(first).not.toBe(second);
  });

  it('given no answer to an attempt, when the seller presses again for the same amount, then the same key goes', () => {
    const first = attemptFor(null, 5_000, 'EUR');
    expect(attemptFor(first, 5_000, 'EUR')).toBe(first);
  });

  it('given a different amount or currency, then it is a new attempt with a new key', () => {
    let counter = 0;
    const key = () => `withdrawal:${(counter += 1)}`;
    const first = attemptFor(null, 5_000, 'EUR', key);
    expect(attemptFor(first, 4_000, 'EUR', key).idempotencyKey).toBe('withdrawal:2');
    expect(attemptFor(first, 5_000, 'USD', key).idempotencyKey).toBe('withdrawal:3');
  });
});

describe('parseWithdrawalAmount', () => {
  const limits = { available: 10_000, minimum: { amount: 1_000, currency: 'EUR' } };

  it('takes an amount between the minimum and what is available, in minor units', () => {
    expect(parseWithdrawalAmount('50', limits)).toEqual({ ok: true, amount: 5_000 });
    expect(parseWithdrawalAmount('100.00', limits)).toEqual({ ok: true, amount: 10_000 });
    expect(parseWithdrawalAmount('10', limits)).toEqual({ ok: true, amount: 1_000 });
  });

  it('refuses nonsense, zero, below the minimum and above what is available, saying which', () => {
    expect(parseWithdrawalAmount('ten', limits)).toEqual({
      ok: false,
      message: 'Enter an amount such as 50.00.',
    });
    expect(parseWithdrawalAmount('0', limits)).toEqual({ ok: false, message: 'Enter an amount above zero.' });
    expect(parseWithdrawalAmount('9.99', limits)).toEqual({
      ok: false,
      message: 'The smallest withdrawal is €10.00.',
    });
    expect(parseWithdrawalAmount('100.01', limits)).toEqual({
      ok: false,
      message: 'This is more than is available now.',
    });
  });

  it('without a known minimum, leaves the minimum to the server', () => {
    expect(parseWithdrawalAmount('0.01', { available: 10_000, minimum: null })).toEqual({
      ok: true,
      amount: 1,
    });
  });
});

describe('sendWithdrawalAttempt', () => {
  it('given no answer, when the seller presses again, then the same key is sent; once answered, the next press gets a new key', async () => {
    const sentKeys: string[] = [];
    let answerNext = false;
    const send = async (attempt: WithdrawalAttempt) => {
      sentKeys.push(attempt.idempotencyKey);
      if (!answerNext) throw new TypeError('Failed to fetch');
      return { withdrawalId: 'W1' };
    };

    const lost = await sendWithdrawalAttempt(null, 5_000, 'EUR', send);
    expect(lost).toMatchObject({ answered: false, error: expect.any(TypeError) });

    answerNext = true;
    const retried = await sendWithdrawalAttempt(lost.attempt, 5_000, 'EUR', send);
    expect(retried).toEqual({ attempt: null, answered: true, answer: { withdrawalId: 'W1' } });

    const next = await sendWithdrawalAttempt(retried.attempt, 5_000, 'EUR', send);
    expect(next.answered).toBe(true);
    expect(sentKeys[0]).toBe(sentKeys[1]);
    expect(sentKeys[2]).not.toBe(sentKeys[1]);
  });

  it('given no answer, when the seller changes the amount, then it is a new request with a new key', async () => {
    const sentKeys: string[] = [];
    const send = async (attempt: WithdrawalAttempt) => {
      sentKeys.push(attempt.idempotencyKey);
      throw new TypeError('Failed to fetch');
    };
    const first = await sendWithdrawalAttempt(null, 5_000, 'EUR', send);
    await sendWithdrawalAttempt(first.attempt, 4_000, 'EUR', send);
    expect(sentKeys[0]).not.toBe(sentKeys[1]);
  });
});
