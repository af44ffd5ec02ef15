/** Counts in what faultline prints take the right number: 1 fault, 2 faults, 0 faults. */
import { describe, expect, it } from 'vitest';
import { countOf } from '../../simulator/base/words.js';

describe('countOf', () => {
  it.each([
    [0, 'fault', undefined, '0 faults'],
    [1, 'fault', undefined, '1 fault'],
    [2, 'fault', undefined, '2 faults'],
    [1, 'property', 'properties', '1 property'],
    [3, 'property', 'properties', '3 properties'],
    [1, 'status read', undefined, '1 status read'],
  ])('%i %s', (count, singular, plural, expected) => {
    expect(countOf(count, singular, plural)).toBe(expected);
  });
});
