import { allowedSections, homePath } from '../app/navigation';

describe('the Account link', () => {
  it.each([
    [['SELLER', 'BUYER'] as const, '/seller/listings'],
    [['SUPPORT'] as const, '/support/disputes'],
    [['ADMIN'] as const, '/support/disputes'],
  ])('is offered to %j, last, and their first page stays %s', (roles, home) => {
    const links = allowedSections(roles).flatMap((section) => section.links);
    expect(links.at(-1)).toMatchObject({ label: 'Account', path: '/account' });
    expect(homePath(roles)).toBe(home);
  });

  it('is not offered to a buyer-only account, which the console sends to its offer to start selling', () => {
    expect(allowedSections(['BUYER'])).toEqual([]);
    expect(homePath(['BUYER'])).toBe('/no-access');
  });

  it('puts Staff after Risk overrides for an admin, then the Audit log', () => {
    const admin = allowedSections(['ADMIN']).find((section) => section.label === 'Admin');
    expect(admin?.links.map((link) => link.label).slice(-3)).toEqual([
      'Risk overrides',
      'Staff',
      'Audit log',
    ]);
  });

  it('offers the Audit log to admins only', () => {
    const labelsOf = (roles: readonly ('SUPPORT' | 'SELLER' | 'ADMIN')[]) =>
      allowedSections(roles).flatMap((section) => section.links.map((link) => link.label));
    expect(labelsOf(['ADMIN'])).toContain('Audit log');
    expect(labelsOf(['SUPPORT'])).not.toContain('Audit log');
    expect(labelsOf(['SELLER'])).not.toContain('Audit log');
  });
});
