/**
 * What Stripe's requirement names (`individual.dob.day`, `external_account`, ...) ask of a seller,
 * in words a seller understands. Stripe's list is long and grows: names are matched exactly, then
 * by their longest known prefix, and an unknown one still gets a sentence naming it.
 */

const exact: Record<string, string> = {
  external_account: 'A bank account to receive your payouts.',
  business_type: 'Whether you sell as an individual or as a company.',
  'business_profile.mcc': 'The category of what you sell.',
  'business_profile.url': 'A website or a short description of what you sell.',
  'business_profile.product_description': 'A short description of what you sell.',
  'individual.email': 'Your email address.',
  'individual.phone': 'Your phone number.',
  'individual.first_name': 'Your legal first name.',
  'individual.last_name': 'Your legal last name.',
  'individual.id_number': 'Your national identity or tax number.',
  'individual.ssn_last_4': 'The last four digits of your social security number.',
  'individual.verification.document':
    'A photo of an identity document (passport, identity card or driving licence).',
  'individual.verification.additional_document':
    'A document that proves your address (a recent bill or bank statement).',
};

const prefixes: [string, string][] = [
  ['individual.address.', 'Your home address.'],
  ['individual.dob.', 'Your date of birth.'],
  ['individual.verification.', 'A document that proves your identity.'],
  ['tos_acceptance.', "Your acceptance of Stripe's services agreement."],
  ['company.', 'Details of your company.'],
  ['representative.', 'Details of the person who represents your company.'],
  ['owners.', "Details of your company's owners."],
  ['directors.', "Details of your company's directors."],
  ['settings.', 'Your payout settings.'],
];

export function requirementDescription(requirement: string): string {
  const known = exact[requirement];
  if (known) return known;
  const byPrefix = prefixes
    .filter(([prefix]) => requirement.startsWith(prefix))
    .sort(([left], [right]) => right.length - left.length)[0];
  if (byPrefix) return byPrefix[1];
  return `Information Stripe asks for (${requirement}).`;
}
