import type { OnboardingOutcome } from '../src/stripe/emulator/emulator';
import { queryDatabase, type TestApp } from './harness';
import { newSeller, type Party } from './marketplace';
import { emulatorOf, settle } from './wallet-helpers';

/** Sellers' Stripe Connect onboarding through the public API, the emulator's onboarding page and its webhooks. */

export const startPayoutOnboardingMutation = `mutation ($input: StartPayoutOnboardingInput) {
  startPayoutOnboarding(input: $input) {
    payoutAccount { id status payoutsEnabled requirements { code description overdue } pendingVerification disabledReason }
    onboardingLink { url expiresAt }
    errors { code message field }
  }
}`;

export const payoutAccountQuery = `{
  payoutAccount { id status payoutsEnabled detailsSubmitted requirements { code description overdue } pendingVerification pendingChecks { code description } disabledReason }
}`;

export interface PayoutAccountAnswer {
  id: string;
  status: 'NOT_STARTED' | 'PENDING_VERIFICATION' | 'RESTRICTED' | 'ENABLED';
  payoutsEnabled: boolean;
  detailsSubmitted?: boolean;
  requirements: { code: string; description: string; overdue: boolean }[];
  pendingVerification: string[];
  pendingChecks?: { code: string; description: string }[];
  disabledReason: string | null;
}

export interface StartPayoutOnboardingAnswer {
  payoutAccount: PayoutAccountAnswer | null;
  onboardingLink: { url: string; expiresAt: string } | null;
  errors: { code: string; message: string; field: string | null }[];
}

export async function startPayoutOnboarding(
  seller: Party,
  input?: { country?: string },
): Promise<StartPayoutOnboardingAnswer> {
  const data = await seller.client.data<{ startPayoutOnboarding: StartPayoutOnboardingAnswer }>(
    startPayoutOnboardingMutation,
    input ? { input } : {},
  );
  return data.startPayoutOnboarding;
}

export async function payoutAccount(seller: Party): Promise<PayoutAccountAnswer | null> {
  return (await seller.client.data<{ payoutAccount: PayoutAccountAnswer | null }>(payoutAccountQuery))
    .payoutAccount;
}

/** The seller's connected account id, as recorded. */
export async function stripeAccountOf(testApp: TestApp, seller: Party): Promise<string> {
  const [row] = await queryDatabase(
    testApp,
    'select stripe_account_id from payout_accounts where seller_id = $1',
    [seller.rawId],
  );
  if (!row) throw new Error(`seller ${seller.rawId} has no payout account`);
  return String(row['stripe_account_id']);
}

/**
 * Submits the emulator's onboarding page behind `url` as the seller's browser would, and returns
 * where it sent the browser (the return URL; the refresh URL for a used or expired link).
 */
export async function submitOnboardingPage(url: string, outcome: OnboardingOutcome): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }).toString(),
    redirect: 'manual',
  });
  if (response.status !== 303) throw new Error(`onboarding page answered ${response.status}`);
  return response.headers.get('location') ?? '';
}

/** Starts onboarding, submits the page with `outcome`, and lets the account.updated webhook be processed. */
export async function onboard(
  testApp: TestApp,
  seller: Party,
  outcome: OnboardingOutcome = 'complete',
): Promise<string> {
  const started = await startPayoutOnboarding(seller);
  if (!started.onboardingLink) throw new Error(`onboarding refused: ${JSON.stringify(started.errors)}`);
  await submitOnboardingPage(started.onboardingLink.url, outcome);
  await settle(testApp);
  return stripeAccountOf(testApp, seller);
}

/** A new seller whose payout account is ENABLED; returns the seller and the connected account id. */
export async function onboardedSeller(testApp: TestApp): Promise<{ seller: Party; accountId: string }> {
  const seller = await newSeller(testApp);
  const accountId = await onboard(testApp, seller, 'complete');
  const status = emulatorOf(testApp).account(accountId)?.['payouts_enabled'];
  if (status !== true) throw new Error(`account ${accountId} was not enabled`);
  return { seller, accountId };
}
