/**
 * The emulator's stand-in for Stripe's hosted onboarding: a plain HTML page (no script, no outside
 * asset) whose three buttons post the outcome back to the same URL.
 */

export interface OnboardingPageAccount {
  id: string;
  email: string | null;
  country: string;
}

export function onboardingPage(account: OnboardingPageAccount, expiresAtSeconds: number): string {
  const outcome = (value: string, label: string, detail: string) => `
      <form method="post">
        <input type="hidden" name="outcome" value="${value}">
        <button type="submit">${label}</button>
        <p>${detail}</p>
      </form>`;
  return page(
    'Connect onboarding (Stripe emulator)',
    `
    <h1>Connect onboarding</h1>
    <p>Stripe emulator: no data is collected. Choose how the onboarding of
      <code>${escapeHtml(account.id)}</code> (${escapeHtml(account.email ?? 'no email')},
      ${escapeHtml(account.country)}) ends.</p>
    <p>This link works once and expires at ${escapeHtml(new Date(expiresAtSeconds * 1000).toISOString())}.</p>
    ${outcome('complete', 'Complete onboarding', 'Details submitted and verified: payouts and transfers enabled.')}
    ${outcome('pending', 'Submit for verification', 'Details submitted; the identity document is being verified.')}
    ${outcome('restricted', 'Fail verification', 'Restricted: a verification document and a bank account are still due.')}`,
  );
}

export function unknownLinkPage(): string {
  return page(
    'Onboarding link not found (Stripe emulator)',
    `
    <h1>This onboarding link is not valid</h1>
    <p>Ask the platform for a new onboarding link.</p>`,
  );
}

export function badOutcomePage(): string {
  return page(
    'Onboarding outcome not understood (Stripe emulator)',
    `
    <h1>Choose complete, pending or restricted</h1>
    <p>Go back and press one of the three buttons.</p>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>${escapeHtml(title)}</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
      form { margin: 1rem 0; padding: 1rem; border: 1px solid #d0d0d0; border-radius: 0.5rem; }
      button { font: inherit; padding: 0.5rem 1rem; cursor: pointer; }
      p { margin: 0.5rem 0 0; }
    </style>
  </head>
  <body>${body}
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
