/**
 * Words for counts in what faultline prints: one helper, so that no message says "1 faults".
 * Plain functions of their arguments (workflow code may import them).
 */

/**
 * A count with its noun in the right number: `countOf(1, 'fault')` is `1 fault`, `countOf(0, 'fault')`
 * is `0 faults`; `plural` for nouns that do not just take an s (`countOf(2, 'property', 'properties')`).
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
