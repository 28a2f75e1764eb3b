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
});
