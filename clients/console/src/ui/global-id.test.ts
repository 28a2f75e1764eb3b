import { globalId, globalIdType } from './global-id';

describe('global ids', () => {
  it('writes the id the server writes, and reads its type back', () => {
    const id = '0b6f1c1e-8f4c-4a51-9c36-2d7c2a7e9b10';
    // Buffer's base64url is what the server uses (toGlobalId)
    expect(globalId('Order', id)).toBe(Buffer.from(`Order:${id}`).toString('base64url'));
    expect(globalIdType(globalId('Order', id))).toBe('Order');
    expect(globalIdType(globalId('User', id))).toBe('User');
  });

  it('reads no type from what is not a global id', () => {
    expect(globalIdType('someone@example.test')).toBeNull();
    expect(globalIdType('abcd')).toBeNull();
    expect(globalIdType('not an id')).toBeNull();
  });
});
