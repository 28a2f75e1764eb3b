import { formatMoney, parseMoneyInput } from './money';

describe('formatMoney', () => {
  it('shows minor units in the currency', () => {
    expect(formatMoney({ amount: 123456, currency: 'usd' })).toBe('$1,234.56');
    expect(formatMoney({ amount: -5, currency: 'EUR' })).toBe('-€0.05');
  });
});

describe('parseMoneyInput', () => {
  it('reads what a person types into minor units, without floats', () => {
    expect(parseMoneyInput('12.5')).toBe(1250);
    expect(parseMoneyInput('0,07')).toBe(7);
    expect(parseMoneyInput('19.99')).toBe(1999);
  });
  it('refuses what is not an amount', () => {
    for (const text of ['', 'abc', '1.234', '-1', '1e3', '9999999999'])
      expect(parseMoneyInput(text)).toBeNull();
  });
});
