import { loginHref, safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it.each([
    ['/orders/T3JkZXI6MQ', '/orders/T3JkZXI6MQ'],
    ['/listings/abc?x=1#top', '/listings/abc?x=1#top'],
    ['/wallet?topup=1250', '/wallet?topup=1250'],
  ])('keeps the same-origin path %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'orders',
    '',
    undefined,
    null,
    '/login?next=/wallet',
  ])('refuses %p', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});

describe('loginHref', () => {
  it('carries the page to come back to', () => {
    expect(loginHref('/listings/abc')).toBe('/login?next=%2Flistings%2Fabc');
    expect(loginHref('/')).toBe('/login');
    expect(loginHref('https://evil.example')).toBe('/login');
    expect(loginHref('/orders', { sessionEnded: true })).toBe('/login?next=%2Forders&ended=1');
    expect(loginHref('/', { sessionEnded: true })).toBe('/login?ended=1');
  });
});
