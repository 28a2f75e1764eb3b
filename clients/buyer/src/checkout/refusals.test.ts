import { walletHoldNotice } from '../wallet/wallet-hold';
import { refusalView } from './refusals';

const price = { amount: 2499, currency: 'EUR' };

describe('refusalView', () => {
  it('offers a top-up of exactly the missing amount, in minor units', () => {
    const view = refusalView('INSUFFICIENT_FUNDS', { price, missing: { amount: 1250, currency: 'EUR' } });
    expect(view.action).toEqual({ href: '/wallet?topup=1250&currency=EUR', label: 'Top up €12.50' });
    expect(view.body).toContain('€12.50 short');
  });

  it('carries the listing page through the top-up, so that the wallet leads back to it once paid', () => {
    const view = refusalView('INSUFFICIENT_FUNDS', {
      price,
      missing: { amount: 1250, currency: 'EUR' },
      returnTo: '/listings/TGlzdGluZzox',
    });
    expect(view.action?.href).toBe('/wallet?topup=1250&currency=EUR&return=%2Flistings%2FTGlzdGluZzox');
  });

  const limits = { minTopUp: 500, maxTopUp: 50_000 };

  it('offers the smallest top-up when the wallet is short of less, and says why', () => {
    const view = refusalView('INSUFFICIENT_FUNDS', {
      price: { amount: 550, currency: 'EUR' },
      missing: { amount: 50, currency: 'EUR' },
      topUpLimits: limits,
    });
    expect(view.action).toEqual({
      href: '/wallet?topup=500&currency=EUR',
      label: 'Top up €5.00 (the smallest top-up)',
    });
    expect(view.body).toContain('your wallet is €0.50 short');
    expect(view.body).toContain('The smallest top-up is €5.00');
  });

  it('offers exactly the missing amount when it is a top-up the wallet takes', () => {
    for (const amount of [500, 1250, 50_000]) {
      const view = refusalView('INSUFFICIENT_FUNDS', {
        price: { amount: amount + 100, currency: 'EUR' },
        missing: { amount, currency: 'EUR' },
        topUpLimits: limits,
      });
      expect(view.action?.href).toBe(`/wallet?topup=${amount}&currency=EUR`);
      expect(view.action?.label).not.toContain('(');
      expect(view.body).not.toMatch(/smallest|largest/);
    }
  });

  it('offers the largest top-up when the wallet is short of more, and says to top up again', () => {
    const view = refusalView('INSUFFICIENT_FUNDS', {
      price: { amount: 80_000, currency: 'EUR' },
      missing: { amount: 70_000, currency: 'EUR' },
      topUpLimits: limits,
    });
    expect(view.action).toEqual({
      href: '/wallet?topup=50000&currency=EUR',
      label: 'Top up €500.00 (the largest top-up)',
    });
    expect(view.body).toContain('your wallet is €700.00 short');
    expect(view.body).toContain('The largest top-up is €500.00: top up more than once');
  });

  it('links to the wallet when the balance is unknown', () => {
    expect(refusalView('INSUFFICIENT_FUNDS', { price }).action?.href).toBe('/wallet');
  });

  it.each([
    'OUT_OF_STOCK',
    'WALLET_AT_RISK',
    'BUYER_BLOCKED',
    'LISTING_NOT_ACTIVE',
    'LISTING_CHANGED',
    'OWN_LISTING',
  ])('gives %s its own message, saying nothing was charged', (code) => {
    const view = refusalView(code, { price });
    expect(view.body).toContain('Nothing was charged');
    expect(view.title).not.toBe(refusalView('INSUFFICIENT_FUNDS', { price }).title);
  });

  it('sends a flagged wallet to the wallet page', () => {
    expect(refusalView('WALLET_AT_RISK', { price }).action?.href).toBe('/wallet');
  });

  const everything = (view: ReturnType<typeof refusalView>) =>
    [view.title, view.body, ...(view.explanation ?? []), view.action?.label ?? ''].join(' ');

  it('explains an account refused while its wallet is on hold as the wallet hold, in the same words', () => {
    const held = refusalView('WALLET_AT_RISK', { price });
    const blocked = refusalView('BUYER_BLOCKED', { price, walletOnHold: true });
    expect(held.explanation?.length).toBeGreaterThan(0);
    expect(blocked.title).toBe(held.title);
    expect(blocked.explanation).toEqual(held.explanation);
    expect(blocked.action).toEqual({ href: '/wallet', label: 'See your wallet' });
    // the wallet page's words (WalletSummary shows walletHoldNotice)
    expect(held.title).toBe(walletHoldNotice.title);
    expect(held.explanation).toEqual(walletHoldNotice.explanation);
  });

  it('says of an account refused for another reason what it can still do, without a review or a contact', () => {
    const view = refusalView('BUYER_BLOCKED', { price, walletOnHold: false });
    expect(view.explanation).toBeUndefined();
    expect(view.body).toContain('You can still open your orders and reveal their codes');
    expect(view.action).toEqual({ href: '/orders', label: 'Your orders' });
  });

  it('says of a hold what is true whether the chargeback is open or lost', () => {
    const text = everything(refusalView('WALLET_AT_RISK', { price }));
    expect(text).not.toContain('until the dispute is resolved');
    expect(text).toContain('If your bank is still deciding');
    expect(text).toContain('If your bank decided for you');
  });

  it.each(['WALLET_AT_RISK', 'BUYER_BLOCKED', 'UNKNOWN_CODE'])(
    'promises no support channel and no review that the app cannot show (%s)',
    (code) => {
      for (const walletOnHold of [false, true]) {
        const text = everything(refusalView(code, { price, walletOnHold }));
        expect(text).not.toMatch(/contact (CodeSale )?support/i);
        expect(text).not.toContain('after a review');
      }
    },
  );
});
