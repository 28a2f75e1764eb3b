import { resetOutcome, resetRequestOutcome, resetTokenFromHash, takeResetToken } from './reset-link';

const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

describe('a password reset link', () => {
  it('gives the token of the fragment', () => {
    expect(token).toHaveLength(43);
    expect(resetTokenFromHash(`#token=${token}`)).toBe(token);
    expect(resetTokenFromHash(`token=${token}`)).toBe(token);
  });

  it('gives nothing for a fragment that cannot hold a token', () => {
    for (const hash of [
      '',
      '#',
      '#token=',
      `#token=${token}x`,
      '#token=short',
      `#other=${token}`,
      `#token=${token.slice(0, 42)}%`,
    ]) {
      expect(resetTokenFromHash(hash)).toBeNull();
    }
  });

  it('drops the fragment from the address once read, keeping the path and query', () => {
    const replaced: string[] = [];
    const location = {
      hash: `#token=${token}`,
      pathname: '/reset-password',
      search: '?from=mail',
    } as Location;
    const history = {
      state: null,
      replaceState: (_state: unknown, _title: string, url: string) => replaced.push(url),
    } as unknown as History;
    expect(takeResetToken(location, history)).toBe(token);
    expect(replaced).toEqual(['/reset-password?from=mail']);
  });
});

describe("a reset mutation's answer", () => {
  const noAnswer = 'no answer';

  it('reads a reset request: sent, a message for the email, or a failure of the form', () => {
    expect(resetRequestOutcome({ accepted: true, errors: [] }, noAnswer)).toEqual({ kind: 'sent' });
    expect(
      resetRequestOutcome(
        { accepted: false, errors: [{ message: 'Enter a valid email address.', field: 'email' }] },
        noAnswer,
      ),
    ).toEqual({ kind: 'email', message: 'Enter a valid email address.' });
    expect(
      resetRequestOutcome(
        { accepted: false, errors: [{ message: 'Too many reset requests.', field: null }] },
        noAnswer,
      ),
    ).toEqual({ kind: 'failure', message: 'Too many reset requests.' });
    expect(resetRequestOutcome({ accepted: false, errors: [] }, noAnswer)).toEqual({
      kind: 'failure',
      message: noAnswer,
    });
    expect(resetRequestOutcome(undefined, noAnswer)).toEqual({ kind: 'failure', message: noAnswer });
  });

  it('reads a reset: done with the email, the new password refused, a dead link, or a failure of the form', () => {
    expect(resetOutcome({ reset: true, email: 'a@example.test', errors: [] }, noAnswer)).toEqual({
      kind: 'reset',
      email: 'a@example.test',
    });
    expect(
      resetOutcome({ reset: false, errors: [{ message: 'Too short.', field: 'newPassword' }] }, noAnswer),
    ).toEqual({
      kind: 'newPassword',
      message: 'Too short.',
    });
    expect(
      resetOutcome({ reset: false, errors: [{ message: 'Used already.', field: 'token' }] }, noAnswer),
    ).toEqual({
      kind: 'dead-link',
      message: 'Used already.',
    });
    expect(resetOutcome({ reset: false, errors: [{ message: 'Try later.' }] }, noAnswer)).toEqual({
      kind: 'failure',
      message: 'Try later.',
    });
    expect(resetOutcome(null, noAnswer)).toEqual({ kind: 'failure', message: noAnswer });
  });
});
