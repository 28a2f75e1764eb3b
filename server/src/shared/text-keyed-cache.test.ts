import { TextKeyedCache } from './text-keyed-cache';

describe('TextKeyedCache', () => {
  it('keeps texts up to its total length, the oldest leaving first, and none over its key length', () => {
    const cache = new TextKeyedCache<number>(10, 25);
    const keys = ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'];
    keys.forEach((key, index) => cache.set(key, index));
    cache.set('d'.repeat(11), 3);

    expect(keys.map((key) => cache.get(key))).toEqual([undefined, 1, 2]);
    expect(cache.get('d'.repeat(11))).toBeUndefined();
  });

  it('keeps the first value of a key, and counts its length once', () => {
    const cache = new TextKeyedCache<string>(10, 20);
    cache.set('aaaaaaaaaa', 'first');
    cache.set('aaaaaaaaaa', 'second');
    cache.set('bbbbbbbbbb', 'other');

    expect(cache.get('aaaaaaaaaa')).toBe('first');
    expect(cache.get('bbbbbbbbbb')).toBe('other');
  });
});
