import { globalId, globalIdFromInput, globalIdType } from './global-id';

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

  it('takes a raw id (an evidence snapshot’s) as the global id of its type, and a global id as it is', () => {
    const raw = '0B6F1C1E-8F4C-4A51-9C36-2D7C2A7E9B10';
    expect(globalIdFromInput('Order', ` ${raw} `)).toBe(globalId('Order', raw.toLowerCase()));
    expect(globalIdFromInput('User', raw)).toBe(globalId('User', raw.toLowerCase()));
    expect(globalIdFromInput('Order', ' T3JkZXI6MQ ')).toBe('T3JkZXI6MQ');
  });
});
