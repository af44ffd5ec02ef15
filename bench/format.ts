/** Formatting shared by the benchmark scripts. */
import { median } from 'simple-statistics';

/** "median (min–max)" of several runs, or the one value of a single run. */
export function medianRange(numbers: readonly number[], digits = 0): string {
  if (numbers.length === 1) return numbers[0]!.toFixed(digits);
  return `${median([...numbers]).toFixed(digits)} (${Math.min(...numbers).toFixed(digits)}–${Math.max(...numbers).toFixed(digits)})`;
}
