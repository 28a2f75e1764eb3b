import { accountParty, postingKindLabel } from './ledger-labels';

describe('ledger labels', () => {
  it('names why money moved in words, and an unknown kind from its code', () => {
    expect(postingKindLabel('RELEASE')).toBe('Release to the seller');
    expect(postingKindLabel('CHARGEBACK_WRITE_OFF')).toBe('Chargeback written off');
    expect(postingKindLabel('SOMETHING_NEW')).toBe('Something new');
  });

  it("names an account's owner, its order's listing, or the platform", () => {
    expect(accountParty({ owner: { displayName: 'Alex', email: 'alex@example.test' } })).toBe(
      'Alex (alex@example.test)',
    );
    expect(accountParty({ order: { listing: { title: 'Hades — Steam key' } }, orderId: 'T3JkZXI6MQ' })).toBe(
      'Order: Hades — Steam key',
    );
    expect(accountParty({})).toBe('The platform');
  });
});
