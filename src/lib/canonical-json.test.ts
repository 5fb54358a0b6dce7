import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonReference } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: undefined }, é: 'x', Z: -0 })).toBe(
      '{"Z":0,"a":{"d":[1,{"y":null,"z":true}]},"b":1,"é":"x"}',
    );
  });

  it('gives the same text as the reference serializer for any JSON value (hashes kept forever depend on it)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalJsonReference(value));
      }),
      { numRuns: 2_000, seed: 20261125 },
    );
  });

  it('is the same whatever the key order, including keys an object inherits by name', () => {
    expect(canonicalJson([{ constructor: 1 }, {}, { toString: 'x', a: 1 }])).toBe('[{"constructor":1},{},{"a":1,"toString":"x"}]');
    const own = JSON.parse('{"__proto__": {"x": 1}, "a": [{}]}') as unknown;
    expect(canonicalJson(own)).toBe(canonicalJsonReference(own));
    expect(canonicalJson(own)).toBe('{"__proto__":{"x":1},"a":[{}]}');
  });

  it.each([
    ['NaN', { a: Number.NaN }, 'value.a is not a finite number'],
    ['a Date', { at: new Date(0) }, 'value.at is not a plain object'],
    ['undefined in an array', [1, undefined], 'value[1] is not a JSON value'],
    ['a function', { f: () => 1 }, 'value.f is not a JSON value'],
  ])('refuses %s, naming where', (_label, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
    expect(() => canonicalJsonReference(value)).toThrow(message);
  });
});
