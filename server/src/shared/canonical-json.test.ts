import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('serialises the same value to the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('leaves out undefined members, writes dates as ISO strings, and refuses what JSON cannot encode', () => {
    expect(canonicalJson({ a: undefined, b: new Date('2026-01-02T03:04:05.000Z') })).toBe(
      '{"b":"2026-01-02T03:04:05.000Z"}',
    );
    expect(() => canonicalJson([undefined])).toThrow();
  });
});
