/**
 * How summary.json's statistics are written, in the terminal and on the multi-seed page alike:
 * a mean with its 95% interval (± a half-width when symmetric, −/+ its two ends' distances when
 * BCa), a range, a signed difference, what a paired difference's interval says, which intervals
 * the summary holds, and its caveats as numbered notes.
 */
import { MIN_BCA_VALUES } from '../results/aggregate.js';
import type { MetricSummary, PairedDifference, SeedsSummary, Spread } from '../results/summary.js';
import { formatDurationMs } from '../simulator/base/time.js';
import { formatMetric, type MetricUnit } from '../results/metrics.js';

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

/**
 * The mean with its interval: `mean ± half-width` (`4.1 ± 0.3`) for t, or an interval of width 0;
 * `mean −below/+above` (`32m −2m5s/+3m40s`) for BCa, whose ends lie at different distances;
 * `mean (n=1)` with one value; `-` with none.
 */
export function formatMean(unit: MetricUnit, spread: Spread): string {
  if (spread.mean === null) return '-';
  if (spread.ciHigh === null || spread.ciLow === null) return `${formatValue(unit, spread.mean)} (n=${spread.n})`;
  const below = Math.max(0, spread.mean - spread.ciLow);
  const above = Math.max(0, spread.ciHigh - spread.mean);
  if (spread.interval !== 'bca' || spread.ciLow === spread.ciHigh)
    return `${formatValue(unit, spread.mean)} ± ${formatWidth(unit, above)}`;
  return `${formatValue(unit, spread.mean)} −${formatWidth(unit, below)}/+${formatWidth(unit, above)}`;
}

/** Every interval of the summary, the strategies' and the pairs'. */
function spreadsOf(summary: Pick<SeedsSummary, 'metrics'>): Spread[] {
  return summary.metrics.flatMap((metric): Spread[] => [...metric.strategies, ...metric.differences]);
}

const T_WORDS = 'Student’s t (± its half-width)';
const BCA_WORDS =
  'the BCa bootstrap (bias-corrected and accelerated, widened for small samples; −/+ its ends’ distances from the mean, and marked BCa in a list of intervals)';

/**
 * Which intervals the summary gives, in words: t, BCa, or t except where a sample of 8 or more
 * seeds was skewed (results/aggregate.ts, `chooseInterval`).
 */
export function describeIntervals(summary: Pick<SeedsSummary, 'metrics'>): string {
  const used = new Set(spreadsOf(summary).map((spread) => spread.interval));
  if (used.has('bca') && used.has('t'))
    return `95% CI: ${T_WORDS}, or where a regular sample of ${MIN_BCA_VALUES} or more seeds was skewed, ${BCA_WORDS}.`;
  if (used.has('bca')) return `95% CI: ${BCA_WORDS}.`;
  if (used.has('t')) return `95% CI: ${T_WORDS}.`;
  return '95% CI: none (fewer than two seeds).';
}

/** ` BCa` after an interval written as [low, high] that is BCa's, where nothing else tells it from t's. */
export function intervalTag(spread: Spread): string {
  return spread.interval === 'bca' ? ' BCa' : '';
}

/**
 * The summary's caveats as numbered notes: `mark` gives a spread's marker (`†1`; the same text,
 * the same number; none without a caveat) and `lines` the notes marked so far, in order.
 */
export function caveatNotes(): { mark(spread: Spread): string; lines(): string[] } {
  const notes: string[] = [];
  return {
    mark(spread) {
      if (!spread.coverageNote) return '';
      const index = notes.includes(spread.coverageNote)
        ? notes.indexOf(spread.coverageNote)
        : notes.push(spread.coverageNote) - 1;
      return `†${index + 1}`;
    },
    lines: () => notes.map((note, index) => `†${index + 1} ${note}`),
  };
}

/** `[min–max]`, with the number of seeds measured when some had nothing to measure. */
export function formatRange(unit: MetricUnit, spread: Spread, seeds: number): string {
  if (spread.min === null || spread.max === null) return '';
  const range =
    spread.min === spread.max
      ? `[${formatValue(unit, spread.min)}]`
      : `[${formatValue(unit, spread.min)}–${formatValue(unit, spread.max)}]`;
  return spread.n < seeds ? `${range} n=${spread.n}` : range;
}

/** The interval of a difference: `[-3.48, +0.68]`; `-` below two seeds. */
export function formatInterval(unit: MetricUnit, spread: Spread): string {
  if (spread.ciLow === null || spread.ciHigh === null) return '-';
  return `[${formatSigned(unit, spread.ciLow)}, ${formatSigned(unit, spread.ciHigh)}]`;
}

/** What a paired difference's interval says. */
export type DifferenceReading =
  | { readonly kind: 'better'; readonly strategy: string }
  | { readonly kind: 'same' }
  | { readonly kind: 'unclear' }
  | { readonly kind: 'too-few' };

/**
 * `better`: the 95% interval of a − b excludes 0, on the side of `strategy`; `same`: equal on
 * every seed; `unclear`: the interval contains 0; `too-few`: under two paired seeds.
 */
export function readDifference(metric: Pick<MetricSummary, 'better'>, difference: PairedDifference): DifferenceReading {
  if (difference.n < 2 || difference.ciLow === null || difference.ciHigh === null || difference.mean === null)
    return { kind: 'too-few' };
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
