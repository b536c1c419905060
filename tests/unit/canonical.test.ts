// canonical() is what a replayed write is compared by (input_json): its one-walk writer must
// give exactly the text of the definition (JSON.stringify with a key-sorting replacer) for any
// value, or a replay of a stored write would answer 409 instead of 200.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, canonicalByReplacer } from '../../src/server/store/canonical.js';

const cases: [string, unknown][] = [
  ['an observation body', { vitals: { pulse: 76, temperature: 36.8 }, softSigns: ['eating_less'], clientId: 'c', note: 'ok', observedAt: 't' }],
  ['keys that sort before others by code unit', { b: 1, B: 2, a: 3, _: 4, é: 5, ア: 6, '': 7 }],
  ['array-index keys (listed first, in numeric order)', { b: 1, 10: 'x', 2: 'y', '01': 'z', a: [{ 1: 1, 0: 0 }] }],
  ['undefined, functions and symbols', { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')], e: 1 }],
  ['only undefined members', { a: undefined }],
  ['numbers JSON cannot hold', [Number.NaN, Infinity, -Infinity, -0, 1e21, 5e-324]],
  ['escapes', { 'q"\\\n': '\u2028\u0000\ud800"' }],
  ['a Date and a toJSON', { at: new Date(0), t: { toJSON: () => ({ z: 1, a: 2 }) } }],
  ['a Map, a null-prototype object, a boxed number', { m: new Map([[1, 2]]), n: Object.assign(Object.create(null) as object, { b: 1, a: 2 }), x: Object(3) as number }],
  ['__proto__ as an own key', JSON.parse('{"__proto__": {"b": 1, "a": 2}, "a": 0}') as unknown],
  ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['top-level primitives', 'text'],
  ['null', null],
];

describe('canonical', () => {
  it.each(cases)('writes the definition’s text: %s', (_name, value) => {
    expect(canonical(value)).toBe(canonicalByReplacer(value));
  });

  it('writes the definition’s text for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonical(value) === canonicalByReplacer(value)),
      { numRuns: 2000 },
    );
  });

  it('gives the definition’s answer where it has none or throws', () => {
    expect(canonical(undefined)).toBe(canonicalByReplacer(undefined));
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const errorOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as Error).constructor;
      }
      return null;
    };
    for (const value of [cycle, { n: 1n }]) {
      expect(errorOf(() => canonical(value))).not.toBeNull();
      expect(errorOf(() => canonical(value))).toBe(errorOf(() => canonicalByReplacer(value)));
    }
  });
});
