import { disabledReasonText } from './payout-account-labels';

describe('disabledReasonText', () => {
  const documented = [
    'requirements.past_due',
    'requirements.pending_verification',
    'listed',
    'platform_paused',
    'rejected.fraud',
    'rejected.terms_of_service',
    'rejected.listed',
    'rejected.other',
    'under_review',
    'other',
  ];

  it("words every reason Stripe documents, without Stripe's code", () => {
    for (const reason of documented) {
      const text = disabledReasonText(reason);
      expect(text).not.toContain(reason);
      expect(text).toMatch(/\.$/);
    }
    expect(disabledReasonText('requirements.past_due')).toBe(
      'Information Stripe asked for is overdue. Continue onboarding to provide the items listed above.',
    );
  });

  it("given a reason it does not know, then it still shows Stripe's code", () => {
    expect(disabledReasonText('rejected.incomplete_verification')).toContain(
      'rejected.incomplete_verification',
    );
    // Names on Object.prototype are not reasons either.
    expect(disabledReasonText('constructor')).toContain('(constructor)');
  });
});
