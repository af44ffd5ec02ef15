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

/** The first index whose value is at least `value` in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
