import { lookupPath, readLookupTarget, validateOrderId } from './lookup-target';

describe('the support lookup in the address', () => {
  it('writes a customer or an order and reads it back', () => {
    const user = { kind: 'user', userId: 'VXNlcjox-a_b' } as const;
    const order = { kind: 'order', orderId: 'T3JkZXI6MQ' } as const;
    expect(readLookupTarget(new URL(lookupPath(user), 'http://x').searchParams)).toEqual(user);
    expect(readLookupTarget(new URL(lookupPath(order), 'http://x').searchParams)).toEqual(order);
  });

  it('reads nothing from an empty address, and an order before a customer', () => {
    expect(readLookupTarget(new URLSearchParams(''))).toBeNull();
    expect(readLookupTarget(new URLSearchParams('userId=%20%20'))).toBeNull();
    expect(readLookupTarget(new URLSearchParams('userId=u1&orderId=o1'))).toEqual({
      kind: 'order',
      orderId: 'o1',
    });
  });

  it('refuses an order id that cannot be one, saying why', () => {
    expect(validateOrderId('  T3JkZXI6MQ  ')).toBeNull();
    expect(validateOrderId('')).toMatch(/Paste the order id/);
    expect(validateOrderId('order 12')).toMatch(/letters, digits/);
    expect(validateOrderId('x'.repeat(201))).toMatch(/letters, digits/);
  });
});
