/** Time order for checkers: the one sort every checker starts from. */

const indexOf = (entry: object): number => ('index' in entry && typeof entry.index === 'number' ? entry.index : 0);

/**
 * Entries in order of simulated time; entries of one instant in order of their `index` (history
 * entries), else in the order given (a stable sort).
 */
export function byTime<T extends { readonly timeMs: number }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, position) => ({ entry, position }))
    .sort((a, b) => a.entry.timeMs - b.entry.timeMs || indexOf(a.entry) - indexOf(b.entry) || a.position - b.position)
    .map(({ entry }) => entry);
}

/**
 * The first index in [0, length) at which `reached(index)` is true, for a predicate that is false
 * and then true along the indexes (a binary search); `length` if it never is.
 */
export function firstIndexWhere(length: number, reached: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (reached(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The first index whose value is at least `value` in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  return firstIndexWhere(sorted.length, (index) => (sorted[index] as number) >= value);
}
