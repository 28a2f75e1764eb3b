import { accountParty, orderReference, postingKindLabel, shortId } from './ledger-labels';

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

describe("an entry's order", () => {
  const orderId = 'T3JkZXI6ZDczZjE0YjItOGQ2Zi00ZjU3LWJhMzMtOWQ0YjQ3YjE1ZTk0';
  const escrow = { orderId, order: { id: orderId, listing: { title: 'Hades — Steam key' } } };

  it("is named by its listing in that order's escrow account, the whole id kept to copy", () => {
    expect(orderReference(orderId, escrow)).toEqual({ label: 'Hades — Steam key', id: orderId, named: true });
  });

  it('is a short id elsewhere (a wallet, earnings), never the raw global id', () => {
    const reference = orderReference(orderId, { orderId: null, order: null });
    expect(reference).toEqual({ label: 'Order …YjE1ZTk0', id: orderId, named: false });
    expect(reference!.label).not.toContain('T3JkZXI6');
    // another order than the escrow's own is not given the escrow's title
    const other = 'T3JkZXI6YWFhYWFhYWEtYmJiYi00Y2NjLWRkZGQtZWVlZWVlZWVlZWVl';
    expect(orderReference(other, escrow)).toMatchObject({ label: `Order ${shortId(other)}`, named: false });
  });

  it('is nothing for an entry of no order', () => {
    expect(orderReference(null, escrow)).toBeNull();
  });
});
