/**
 * Stripe's `requirements.disabled_reason` in words, for the seller. Stripe documents these values
 * (https://docs.stripe.com/api/accounts/object#account_object-requirements-disabled_reason); one
 * it adds later is still shown, as its code, rather than hidden.
 */
const disabledReasonWords = new Map<string, string>(
  Object.entries({
    'requirements.past_due':
      'Information Stripe asked for is overdue. Continue onboarding to provide the items listed above.',
    'requirements.pending_verification':
      'Stripe is verifying the information you provided; payouts resume once it has.',
    listed: 'Your account may match a list of prohibited persons or companies, and Stripe is reviewing it.',
    platform_paused: 'CodeSale has paused payouts to this account. Contact support to learn why.',
    'rejected.fraud': 'Stripe closed this account on suspicion of fraud.',
    'rejected.terms_of_service': 'Stripe closed this account for breaking its terms of service.',
    'rejected.listed': 'Stripe closed this account: it matches a list of prohibited persons or companies.',
    'rejected.other': 'Stripe closed this account. Contact support to learn more.',
    under_review: 'Stripe is reviewing this account.',
    other: 'Stripe gave no specific reason. Contact support if this lasts.',
  }),
);

/** Why Stripe disabled payouts, in words; an unknown reason keeps Stripe's code so support can look it up. */
export function disabledReasonText(reason: string): string {
  return (
    disabledReasonWords.get(reason) ?? `Stripe gave a reason CodeSale does not describe yet (${reason}).`
  );
}
