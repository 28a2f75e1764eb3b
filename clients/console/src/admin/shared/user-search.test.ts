import { globalId } from '../../ui/global-id';
import { userSearchMaxLength, validateUserSearch } from './user-search';

describe('validateUserSearch', () => {
  it.each([
    ['an email', 'ana.lima@example.test'],
    ['an email in capitals with spaces around', '  ANA.LIMA@EXAMPLE.TEST '],
    ['a global user id', 'VXNlcjo2ZjFjNGEwZS0zYjdkLTRhOGUtOWMyZi0xZDVlOGI3YTljMDE'],
    ['a raw uuid', '6F1C4A0E-3B7D-4A8E-9C2F-1D5E8B7A9C01'],
  ])('accepts %s', (_case, search) => {
    expect(validateUserSearch(search)).toBeNull();
  });

  it('asks for something when the search is blank or too short', () => {
    expect(validateUserSearch('   ')).toMatch(/email address or a user id/);
    expect(validateUserSearch('a@')).toMatch(/email address or a user id/);
  });

  it('refuses more than the longest email', () => {
    expect(validateUserSearch(`${'a'.repeat(userSearchMaxLength)}@example.test`)).toMatch(/at most 254/);
  });

  it('says that names are not searched', () => {
    expect(validateUserSearch('Ana Lima')).toMatch(/names are not searched/);
  });

  it('says when the id pasted is an order’s or a dispute’s, not a user’s', () => {
    const raw = '6f1c4a0e-3b7d-4a8e-9c2f-1d5e8b7a9c01';
    expect(validateUserSearch(globalId('Order', raw))).toBe('That is the id of an order, not of a user.');
    expect(validateUserSearch(globalId('Dispute', raw))).toBe('That is the id of a dispute, not of a user.');
    expect(validateUserSearch(globalId('LedgerAccount', raw))).toBe(
      'That is the id of a ledger account, not of a user.',
    );
  });
});
