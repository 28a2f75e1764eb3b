import { jsonShapeRefusal } from './json-shape';

const limits = { maxDepth: 3, maxContainers: 4, maxValues: 5 };

describe('jsonShapeRefusal', () => {
  it('passes what is within the limits, however long its strings', () => {
    expect(jsonShapeRefusal('{"a":[1,2],"b":{"c":"x"}}', limits)).toBeNull();
    expect(jsonShapeRefusal(JSON.stringify({ a: 'y'.repeat(1_000_000) }), limits)).toBeNull();
  });

  it('refuses nesting beyond the depth, saying so', () => {
    expect(jsonShapeRefusal('[[[1]]]', limits)).toBeNull();
    expect(jsonShapeRefusal('[[[[1]]]]', limits)).toMatch(/deeper than 3 levels/);
  });

  it('refuses too many objects and arrays, and too many values', () => {
    expect(jsonShapeRefusal('[{},{},{}]', limits)).toBeNull();
    expect(jsonShapeRefusal('[{},{},{},{}]', limits)).toMatch(/more than 4 objects and arrays/);
    expect(jsonShapeRefusal('[1,2,3,4,5]', limits)).toBeNull();
    expect(jsonShapeRefusal('[1,2,3,4,5,6]', limits)).toMatch(/more than 5 values/);
  });

  it('does not count brackets, braces, commas or escaped quotes inside strings', () => {
    const text = JSON.stringify({ a: '[[[[{{{{,,,,,,,,', b: 'say \\"[[[[\\" and \\\\', c: '"]]]]' });
    expect(jsonShapeRefusal(text, limits)).toBeNull();
    // a string ending in an escaped backslash closes there: what follows is structure again
    expect(jsonShapeRefusal('["\\\\",[[[1]]]]', limits)).toMatch(/deeper/);
  });

  it('leaves an unterminated string to the parser', () => {
    expect(jsonShapeRefusal('{"a":"[[[[[[', limits)).toBeNull();
  });
});
