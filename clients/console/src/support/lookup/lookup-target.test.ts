import { globalId } from '../../ui/global-id';
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

  it('refuses an order id that cannot be one, saying why, and takes a raw one', () => {
    expect(validateOrderId(' 0B6F1C1E-8F4C-4A51-9C36-2D7C2A7E9B10 ')).toBeNull();
    expect(validateOrderId('  T3JkZXI6MQ  ')).toBeNull();
    expect(validateOrderId('')).toMatch(/Paste the order id/);
    expect(validateOrderId('order 12')).toMatch(/letters, digits/);
    expect(validateOrderId('x'.repeat(201))).toMatch(/letters, digits/);
    expect(validateOrderId(globalId('User', '0b6f1c1e-8f4c-4a51-9c36-2d7c2a7e9b10'))).toMatch(/a user’s id/);
    expect(validateOrderId(globalId('Dispute', '0b6f1c1e-8f4c-4a51-9c36-2d7c2a7e9b10'))).toMatch(
      /id of a dispute, not of an order/,
    );
  });
});
