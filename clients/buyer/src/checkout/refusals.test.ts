import { refusalView } from './refusals';

const price = { amount: 2499, currency: 'EUR' };

describe('refusalView', () => {
  it('offers a top-up of exactly the missing amount, in minor units', () => {
    const view = refusalView('INSUFFICIENT_FUNDS', { price, missing: { amount: 1250, currency: 'EUR' } });
    expect(view.action).toEqual({ href: '/wallet?topup=1250&currency=EUR', label: 'Top up €12.50' });
    expect(view.body).toContain('€12.50 short');
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
});
