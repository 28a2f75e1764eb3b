export interface CountryOption {
  value: string;
  label: string;
}

/** The country's name in `locale` (English, as the console is), or its code when unnamed. */
export function countryName(code: string, locale = 'en'): string {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  return names.of(code) ?? code;
}

/**
 * The countries to choose from, by name: `codes` are the API's (paymentSettings.payoutCountries,
 * PAYOUT_CONNECT_COUNTRIES on the server), so the list is the one the server accepts.
 */
export function payoutCountryOptions(codes: readonly string[], locale = 'en'): CountryOption[] {
  return codes
    .map((code) => ({ value: code, label: countryName(code, locale) }))
    .sort((first, second) => first.label.localeCompare(second.label, locale));
}
