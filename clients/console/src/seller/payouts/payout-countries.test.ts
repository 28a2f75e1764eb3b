import { countryName, payoutCountryOptions } from './payout-countries';

describe('payoutCountryOptions', () => {
  it('offers the countries the API names, each once', () => {
    const values = payoutCountryOptions(['DE', 'FR', 'US']).map((option) => option.value);
    expect([...values].sort()).toEqual(['DE', 'FR', 'US']);
  });

  it('names each country and sorts the options by name', () => {
    const options = payoutCountryOptions(['US', 'DE', 'GB', 'AT']);
    expect(options).toEqual([
      { value: 'AT', label: 'Austria' },
      { value: 'DE', label: 'Germany' },
      { value: 'GB', label: 'United Kingdom' },
      { value: 'US', label: 'United States' },
    ]);
  });

  it('never shows a country as a bare code when it has a name', () => {
    const serverDefault = 'DE,AT,BE,ES,FR,IE,IT,NL,GB,US'.split(',');
    for (const option of payoutCountryOptions(serverDefault)) expect(option.label).not.toBe(option.value);
  });
});

describe('countryName', () => {
  it('names a country in the locale asked for, and keeps a code it cannot name', () => {
    expect(countryName('FR')).toBe('France');
    expect(countryName('FR', 'de')).toBe('Frankreich');
    expect(countryName('AA')).toBe('AA');
  });
});
