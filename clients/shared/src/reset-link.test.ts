import { resetTokenFromHash, takeResetToken } from './reset-link';

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
