import { passwordMaxLength, validateNewPassword } from './password-rules';
import { rolesInWords } from '../ui/role-labels';

describe('validateNewPassword', () => {
  it('accepts 10 to 256 characters, spaces included', () => {
    expect(validateNewPassword('ten chars!')).toBeNull();
    expect(validateNewPassword('xy'.repeat(passwordMaxLength / 2))).toBeNull();
  });

  it('refuses one character repeated, spaces included', () => {
    expect(validateNewPassword(' '.repeat(10))).toMatch(/one character repeated/);
    expect(validateNewPassword('a'.repeat(12))).toMatch(/one character repeated/);
  });

  it('refuses a shorter one and says how long it is', () => {
    expect(validateNewPassword('short')).toBe('Use at least 10 characters (this one has 5).');
    expect(validateNewPassword('')).toMatch(/at least 10 characters/);
  });

  it('refuses a longer one', () => {
    expect(validateNewPassword('x'.repeat(passwordMaxLength + 1))).toMatch(/at most 256/);
  });
});

describe('rolesInWords', () => {
  it('says the roles as people do', () => {
    expect(rolesInWords(['SUPPORT'])).toBe('Support');
    expect(rolesInWords(['BUYER', 'SELLER'])).toBe('Buyer and Seller');
    expect(rolesInWords(['SUPPORT', 'ADMIN', 'SELLER'])).toBe('Support, Admin and Seller');
    expect(rolesInWords([])).toBe('No role');
  });
});
