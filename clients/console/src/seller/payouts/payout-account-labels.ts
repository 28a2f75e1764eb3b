/**
 * Stripe's `requirements.disabled_reason` in words, for the seller. Stripe documents these values
 * (https://docs.stripe.com/api/accounts/object#account_object-requirements-disabled_reason); one
 * it adds later is still shown, as its code, rather than hidden.
 */
const disabledReasonWords = new Map<string, string>(
  Object.entries({
    'requirements.pending_verification':
      'Stripe is verifying the information you provided; payouts resume once it has.',
    listed: 'Your account may match a list of prohibited persons or companies, and Stripe is reviewing it.',
    platform_paused: 'CodeSale has paused payouts to this account while it reviews it.',
    'rejected.fraud': 'Stripe closed this account on suspicion of fraud.',
    'rejected.terms_of_service': 'Stripe closed this account for breaking its terms of service.',
    'rejected.listed': 'Stripe closed this account: it matches a list of prohibited persons or companies.',
    'rejected.other': 'Stripe closed this account without saying why here; Stripe’s email to you says more.',
    under_review: 'Stripe is reviewing this account.',
    other: 'Stripe gave no specific reason.',
  }),
);

export interface PayoutRequirementValue {
  code: string;
  description: string;
  overdue: boolean;
}

/**
 * Why Stripe disabled payouts, in words; an unknown reason keeps Stripe's code so support can look
 * it up. Stripe gives `requirements.past_due` to a new account whose every requirement is merely
 * due: the sentence says "overdue" only when a requirement is (the API's `overdue` flags).
 */
export function disabledReasonText(reason: string, requirements: readonly PayoutRequirementValue[]): string {
  if (reason === 'requirements.past_due') {
    if (requirements.some((requirement) => requirement.overdue)) {
      return 'Information Stripe asked for is overdue. Continue onboarding to provide the items marked Overdue above.';
    }
    return requirements.length > 0
      ? 'Stripe needs the information listed above before it enables payouts. Continue onboarding to provide it.'
      : 'Stripe needs more information before it enables payouts. Continue onboarding: Stripe’s form asks for it.';
  }
  return (
    disabledReasonWords.get(reason) ?? `Stripe gave a reason CodeSale does not describe yet (${reason}).`
  );
}

/** One line of "Still missing": what it asks, overdue when any of Stripe's fields behind it is. */
export interface MissingItem {
  description: string;
  overdue: boolean;
  /** Stripe's names behind the line (individual.address.city, individual.address.line1, ...). */
  codes: string[];
}

/**
 * The requirements as the seller reads them: Stripe names each field (a home address is a city, a
 * line and a postal code), and several read the same in words, so each description is listed once,
 * where it first comes.
 */
export function missingItems(requirements: readonly PayoutRequirementValue[]): MissingItem[] {
  const items = new Map<string, MissingItem>();
  for (const requirement of requirements) {
    const description = requirement.description.trim();
    const item = items.get(description);
    if (item) {
      item.overdue ||= requirement.overdue;
      item.codes.push(requirement.code);
    } else {
      items.set(description, { description, overdue: requirement.overdue, codes: [requirement.code] });
    }
  }
  return [...items.values()];
}
