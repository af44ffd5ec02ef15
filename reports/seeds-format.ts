/**
 * How summary.json's statistics are written, in the terminal and on the multi-seed page alike:
 * a mean with the half-width of its 95% interval, a range, a signed difference, and what a
 * paired difference's interval says.
 */
import type { MetricSummary, PairedDifference, Spread } from '../runner/summary.js';
import { formatDurationMs } from '../simulator/time.js';
import { formatMetric, type MetricUnit } from './metrics.js';

/** A value in its unit; a mean of counts keeps two decimals. */
export function formatValue(unit: MetricUnit, value: number): string {
  return unit === 'count' ? String(Number(value.toFixed(2))) : formatMetric(unit, value);
}

/** A non-negative width (a half-width, the size of a difference): fractions in percentage points. */
export function formatWidth(unit: MetricUnit, width: number): string {
  if (unit === 'fraction') return `${Number((width * 100).toFixed(1))} pp`;
  if (unit === 'duration') return formatDurationMs(width);
  return formatValue(unit, width);
}

/** A signed difference (`+2.5`, `-1m30s`, `+0.4 pp`, `0`). */
export function formatSigned(unit: MetricUnit, value: number): string {
  const text = formatWidth(unit, Math.abs(value));
  // What shows as zero (`0`, `0 pp`, `0s`) takes no sign.
  return /^0( pp|s)?$/.test(text) ? text : `${value > 0 ? '+' : '-'}${text}`;
}

/** `mean ± half-width` (`4.1 ± 0.3`); `mean (n=1)` with one value; `-` with none. */
export function formatMean(unit: MetricUnit, spread: Spread): string {
  if (spread.mean === null) return '-';
  if (spread.ciHigh === null) return `${formatValue(unit, spread.mean)} (n=${spread.n})`;
  return `${formatValue(unit, spread.mean)} ± ${formatWidth(unit, spread.ciHigh - spread.mean)}`;
}

/** `[min–max]`, with the number of seeds measured when some had nothing to measure. */
export function formatRange(unit: MetricUnit, spread: Spread, seeds: number): string {
  if (spread.min === null || spread.max === null) return '';
  const range = spread.min === spread.max ? `[${formatValue(unit, spread.min)}]` : `[${formatValue(unit, spread.min)}–${formatValue(unit, spread.max)}]`;
  return spread.n < seeds ? `${range} n=${spread.n}` : range;
}

/** The interval of a difference: `[-3.48, +0.68]`; `-` below two seeds. */
export function formatInterval(unit: MetricUnit, spread: Spread): string {
  if (spread.ciLow === null || spread.ciHigh === null) return '-';
  return `[${formatSigned(unit, spread.ciLow)}, ${formatSigned(unit, spread.ciHigh)}]`;
}

/** What a paired difference's interval says. */
export type DifferenceReading = { readonly kind: 'better'; readonly strategy: string } | { readonly kind: 'same' } | { readonly kind: 'unclear' } | { readonly kind: 'too-few' };

/**
 * `better`: the 95% interval of a − b excludes 0, on the side of `strategy`; `same`: equal on
 * every seed; `unclear`: the interval contains 0; `too-few`: under two paired seeds.
 */
export function readDifference(metric: Pick<MetricSummary, 'better'>, difference: PairedDifference): DifferenceReading {
  if (difference.n < 2 || difference.ciLow === null || difference.ciHigh === null || difference.mean === null) return { kind: 'too-few' };
  if (difference.ties === difference.n) return { kind: 'same' };
  if (difference.ciLow <= 0 && difference.ciHigh >= 0) return { kind: 'unclear' };
  const aHigher = difference.mean > 0;
  return { kind: 'better', strategy: aHigher === (metric.better === 'higher') ? difference.a : difference.b };
}

export function describeReading(reading: DifferenceReading): string {
  switch (reading.kind) {
    case 'better':
      return `${reading.strategy} better`;
    case 'same':
      return 'equal on every seed';
    case 'unclear':
      return 'no clear difference';
    case 'too-few':
      return 'too few seeds';
  }
}
