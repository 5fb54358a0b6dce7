import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFields } from './merge';

describe('mergeFields', () => {
  it('takes my change when nobody else touched the field', () => {
    expect(mergeFields({ base: { phone: 'a' }, mine: { phone: 'b' }, theirs: { phone: 'a', city: 'x' } })).toEqual({
      apply: { phone: 'b' },
      collisions: [],
    });
  });

  it('merges changes of different fields and ignores identical changes', () => {
    const outcome = mergeFields({ base: { phone: 'a', city: 'c' }, mine: { phone: 'b', city: 'd' }, theirs: { phone: 'a', city: 'd' } });
    expect(outcome).toEqual({ apply: { phone: 'b' }, collisions: [] });
  });

  it('reports a collision when both changed one field differently, keeping theirs', () => {
    expect(mergeFields({ base: { phone: 'a' }, mine: { phone: 'b' }, theirs: { phone: 'c' } })).toEqual({
      apply: {},
      collisions: [{ field: 'phone', base: 'a', mine: 'b', theirs: 'c' }],
    });
  });

  it('treats a missing value as null (cleared)', () => {
    expect(mergeFields({ base: {}, mine: { email: 'x@y.z' }, theirs: {} }).apply).toEqual({ email: 'x@y.z' });
  });

  it('never writes a field the device did not change, and every changed field is applied, equal, or a collision', () => {
    const value = fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null });
    const fields = fc.constantFrom('f1', 'f2', 'f3', 'f4');
    fc.assert(
      fc.property(
        fc.dictionary(fields, value),
        fc.dictionary(fields, value),
        fc.dictionary(fields, value),
        (base, mine, theirs) => {
          const { apply, collisions } = mergeFields({ base, mine, theirs });
          for (const field of Object.keys(apply)) {
            expect(field in mine).toBe(true);
          }
          for (const field of Object.keys(mine)) {
            const applied = field in apply;
            const collided = collisions.some((c) => c.field === field);
            const same = (theirs[field] ?? null) === mine[field];
            expect([applied, collided, same].filter(Boolean)).toHaveLength(1);
          }
        },
      ),
    );
  });
});
