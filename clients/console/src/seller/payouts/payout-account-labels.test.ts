import { disabledReasonText, missingItems } from './payout-account-labels';

const requirement = (code: string, description: string, overdue = false) => ({ code, description, overdue });

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
      const text = disabledReasonText(reason, []);
      expect(text).not.toContain(reason);
      expect(text).toMatch(/\.$/);
    }
  });

  it('given requirements.past_due with a requirement overdue, then it says information is overdue', () => {
    expect(
      disabledReasonText('requirements.past_due', [
        requirement('external_account', 'A bank account to receive your payouts.', true),
        requirement('individual.dob.day', 'Your date of birth.'),
      ]),
    ).toBe(
      'Information Stripe asked for is overdue. Continue onboarding to provide the items marked Overdue above.',
    );
  });

  it('given requirements.past_due with nothing overdue (a new account), then it does not say overdue', () => {
    const text = disabledReasonText('requirements.past_due', [
      requirement('individual.dob.day', 'Your date of birth.'),
    ]);
    expect(text).toBe(
      'Stripe needs the information listed above before it enables payouts. Continue onboarding to provide it.',
    );
    expect(disabledReasonText('requirements.past_due', [])).not.toMatch(/overdue|above/);
  });

  it("given a reason it does not know, then it still shows Stripe's code", () => {
    expect(disabledReasonText('rejected.incomplete_verification', [])).toContain(
      'rejected.incomplete_verification',
    );
    // Names on Object.prototype are not reasons either.
    expect(disabledReasonText('constructor', [])).toContain('(constructor)');
  });
});

describe('missingItems', () => {
  it('given several Stripe fields worded alike, then each wording is listed once, in first-seen order', () => {
    const items = missingItems([
      requirement('business_type', 'Whether you sell as an individual or as a company.'),
      requirement('individual.address.city', 'Your home address.'),
      requirement('individual.address.line1', 'Your home address.'),
      requirement('individual.dob.day', 'Your date of birth.'),
      requirement('individual.address.postal_code', 'Your home address. '),
      requirement('individual.dob.month', 'Your date of birth.'),
      requirement('individual.dob.year', 'Your date of birth.'),
    ]);
    expect(items.map((item) => item.description)).toEqual([
      'Whether you sell as an individual or as a company.',
      'Your home address.',
      'Your date of birth.',
    ]);
    expect(items[1]?.codes).toEqual([
      'individual.address.city',
      'individual.address.line1',
      'individual.address.postal_code',
    ]);
  });

  it('given one field of a wording overdue, then that line is overdue', () => {
    const items = missingItems([
      requirement('individual.dob.day', 'Your date of birth.'),
      requirement('individual.dob.month', 'Your date of birth.', true),
      requirement('external_account', 'A bank account to receive your payouts.'),
    ]);
    expect(items.map((item) => [item.description, item.overdue])).toEqual([
      ['Your date of birth.', true],
      ['A bank account to receive your payouts.', false],
    ]);
  });

  it('given no requirement, then nothing is listed', () => {
    expect(missingItems([])).toEqual([]);
  });
});
