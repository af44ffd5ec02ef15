/** jsonCopy gives exactly what a JSON round trip gives, and shares nothing with its input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonCopy } from '../../simulator/base/json-copy.js';

const roundTrip = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

/**
 * Values with everything JSON treats specially: undefined, non-finite numbers, -0, nested arrays and objects, toJSON,
 * boxed primitives.
 */
const awkward = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      undefined,
      null,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      true,
      false,
      '',
      'a"b\\c',
    ),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 5 }),
    fc.date({ noInvalidDate: true }),
    fc.constant(new Number(3)),
    fc.constant({ toJSON: () => ({ replaced: true }) }),
  ),
})).value;

describe('jsonCopy', () => {
  it('equals JSON.parse(JSON.stringify(value)) on generated values, -0 and all (seed=20261207)', () => {
    fc.assert(
      fc.property(awkward, (value) => {
        expect(
          Object.is(jsonCopy(value), roundTrip(value)) ||
            JSON.stringify(jsonCopy(value)) === JSON.stringify(roundTrip(value)),
        ).toBe(true);
        expect(jsonCopy(value)).toStrictEqual(roundTrip(value));
      }),
      { seed: 20261207, numRuns: 2_000 },
    );
  });

  it('drops undefined members, nulls undefined array items and non-finite numbers', () => {
    expect(jsonCopy({ a: undefined, b: [undefined, Number.NaN, Infinity], c: () => 1, d: 1 })).toStrictEqual({
      b: [null, null, null],
      d: 1,
    });
    expect(jsonCopy(undefined)).toBeUndefined();
  });

  it('shares no object with its input', () => {
    const source = { nested: { list: [{ x: 1 }] } };
    const copied = jsonCopy(source);
    copied.nested.list[0]!.x = 2;
    expect(source.nested.list[0]!.x).toBe(1);
  });
});
