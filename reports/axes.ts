/**
 * Axes fitted to the data, computed here rather than left to chart.js: the range (with padding so
 * a point on the edge is drawn whole), the tick positions and their labels. The page's script
 * only applies them, so an axis is part of the report's bytes — deterministic, and testable
 * without a browser. Time axes end at the run's end; counts get whole-number ticks; durations
 * that span orders of magnitude get a logarithmic axis, with 0 and "none" as labelled columns
 * at its ends when some value is 0 or missing.
 */
import { formatDurationMs } from '../simulator/base/time.js';

/** A tick: where, and what it says. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** An axis's range and ticks, and for a logarithmic one where 0 and "none" are drawn. */
export interface FittedAxis {
  readonly type: 'linear' | 'logarithmic';
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly Tick[];
  /** Logarithmic axes only: where a value of 0 is drawn (a labelled column left of the range). */
  readonly zeroAt?: number;
  /** Logarithmic axes only: where a missing value ("none", "never") is drawn (a column right of the range). */
  readonly noneAt?: number;
}

/** The axis as chart.js scale options (the ticks are applied by the page's script). */
export function scaleOptions(axis: FittedAxis, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { type: axis.type, min: axis.min, max: axis.max, ...extra };
}

/** Rounds away binary noise (0.1 × 3 = 0.30000000000000004) so positions print short and compare exactly. */
const clean = (value: number) => Number(value.toPrecision(12));

/** Multiples of `step` from `from` to `to` (both included when they are multiples). */
function multiples(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let k = Math.ceil(clean(from / step)); clean(k * step) <= to; k++) values.push(clean(k * step));
  return values;
}

/**
 * 1, 2, 2.5, 5, 10, 20, 25, 50… : the smallest such step that cuts `range` into at most `most` intervals; a whole
 * number when `integers`.
 */
export function niceStep(range: number, most: number, integers = false): number {
  if (!(range > 0)) return 1;
  const rough = range / most;
  const decade = 10 ** Math.floor(Math.log10(rough));
  const candidates = [1, 2, 2.5, 5, 10]
    .map((factor) => clean(factor * decade))
    .filter((candidate) => !integers || Number.isInteger(candidate));
  return candidates.find((candidate) => clean(range / candidate) <= most) ?? clean(10 * decade);
}

/** Pads [min, max] by `fraction` of its width on each side (a point on an edge is drawn whole). */
function padded(min: number, max: number, fraction: number): [number, number] {
  const pad = (max - min) * fraction;
  return [clean(min - pad), clean(max + pad)];
}

/**
 * A count axis from 0: whole-number ticks (1, 2, 5, 10… apart, at most `most` intervals), the
 * top at the first tick at or above the largest value; `padTop` leaves room above it.
 */
export function countAxis(largest: number, most = 6, padTop = 0): FittedAxis {
  const step = Math.max(1, niceStep(Math.max(1, largest), most, true));
  const top = Math.max(step, Math.ceil(largest / step) * step);
  return {
    type: 'linear',
    min: 0,
    max: clean(top * (1 + padTop)),
    ticks: multiples(0, top, step).map((value) => ({ value, label: String(value) })),
  };
}

/** A number axis (a rate) from 0 to the first nice tick at or above `largest`, padded `pad` at both ends. */
export function numberAxis(largest: number, pad = 0.05, most = 6): FittedAxis {
  const top = largest > 0 ? largest : 0.1;
  const step = niceStep(top, most);
  const max = clean(Math.ceil(clean(top / step)) * step);
  const [low, high] = padded(0, max, pad);
  return {
    type: 'linear',
    min: low,
    max: high,
    ticks: multiples(0, max, step).map((value) => ({ value, label: String(value) })),
  };
}

const PERCENT_STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25];

/**
 * A fraction axis shown in percent, fitted to the values: from a round percentage at or below
 * the smallest (but spanning at least `minSpan`) to 100%, padded so points at 0% or 100% are
 * drawn whole; no tick outside 0–100%.
 */
export function percentAxis(values: readonly number[], minSpan = 0.1, pad = 0.04): FittedAxis {
  const smallest = Math.min(1 - minSpan, ...values.filter((value) => Number.isFinite(value)));
  const span = 1 - Math.max(0, smallest);
  const step = PERCENT_STEPS.find((candidate) => span / candidate <= 10) ?? 0.25;
  const low = Math.max(0, clean(Math.floor(clean(Math.max(0, smallest) / step)) * step));
  const [min, max] = padded(low, 1, pad);
  return {
    type: 'linear',
    min,
    max,
    ticks: multiples(low, 1, step).map((value) => ({ value, label: `${Number((value * 100).toFixed(1))}%` })),
  };
}

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Round durations a linear axis steps by. */
const DURATION_STEPS_MS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND_MS,
  2 * SECOND_MS,
  5 * SECOND_MS,
  10 * SECOND_MS,
  15 * SECOND_MS,
  30 * SECOND_MS,
  MINUTE_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  10 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  2 * HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
];

/** A round-duration step that cuts `rangeMs` into at most `most` intervals. */
export function niceStepMs(rangeMs: number, most = 10): number {
  return DURATION_STEPS_MS.find((step) => rangeMs / step <= most) ?? Math.ceil(rangeMs / most / DAY_MS) * DAY_MS;
}

/** A duration as a tick says it: `0`, `250ms`, `30s`, `1m30s`, `2h`, `1h30m`. */
export function durationLabel(ms: number): string {
  return ms === 0 ? '0' : formatDurationMs(ms);
}

/** A simulated instant as a time axis says it: `h:mm`, `:ss` when not on a minute, days in front. */
export function clockLabel(ms: number): string {
  const seconds = Math.floor(ms / SECOND_MS);
  const days = Math.floor(seconds / 86_400);
  const clock = `${Math.floor((seconds % 86_400) / 3_600)}:${String(Math.floor((seconds % 3_600) / 60)).padStart(2, '0')}${seconds % 60 ? `:${String(seconds % 60).padStart(2, '0')}` : ''}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** Simulated time from 0 to the run's end (never past it), ticks at round times. */
export function timeAxis(endMs: number): FittedAxis {
  const end = Math.max(1, endMs);
  const step = niceStepMs(end);
  return {
    type: 'linear',
    min: 0,
    max: end,
    ticks: multiples(0, end, step).map((value) => ({ value, label: clockLabel(value) })),
  };
}

/**
 * A linear duration axis over [smallest, largest], from the round step at or below the smallest to the one at or above
 * the largest.
 */
export function durationAxis(smallestMs: number, largestMs: number, most = 6): FittedAxis {
  const low = Math.max(0, smallestMs);
  const high = Math.max(low + 1, largestMs);
  const step = niceStepMs(high - low, most);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  return {
    type: 'linear',
    min,
    max,
    ticks: multiples(min, max, step).map((value) => ({ value, label: durationLabel(value) })),
  };
}

/** Decades that read as round durations: 1ms, 10ms, 100ms, 1s, 10s, 1m, 10m, 1h, 10h, 1d, 10d. */
const LOG_MAJOR_MS = [
  1,
  10,
  100,
  SECOND_MS,
  10 * SECOND_MS,
  MINUTE_MS,
  10 * MINUTE_MS,
  HOUR_MS,
  10 * HOUR_MS,
  DAY_MS,
  10 * DAY_MS,
];
/** Between them, when a range spans few decades. */
const LOG_MINOR_MS = [
  2,
  5,
  20,
  50,
  200,
  500,
  2 * SECOND_MS,
  5 * SECOND_MS,
  20 * SECOND_MS,
  30 * SECOND_MS,
  2 * MINUTE_MS,
  5 * MINUTE_MS,
  20 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  2 * DAY_MS,
  5 * DAY_MS,
];

/**
 * Whether values from `smallest` to `largest` (both positive) span enough orders of magnitude to want a logarithmic
 * axis.
 */
export function wantsLog(smallest: number, largest: number, ratio = 100): boolean {
  return smallest > 0 && largest / smallest >= ratio;
}

/**
 * A logarithmic duration axis over the positive values from `smallestMs` to `largestMs`, bounded
 * by round durations, with a column for 0 at its left (`zero`) and for a missing value at its
 * right (`none`: its label, such as `none` or `never`) when asked for.
 */
export function logDurationAxis(
  smallestMs: number,
  largestMs: number,
  columns: { readonly zero?: boolean; readonly none?: string } = {},
): FittedAxis {
  const low = Math.max(1, smallestMs);
  const high = Math.max(low, largestMs);
  const min = [...LOG_MAJOR_MS].reverse().find((tick) => tick <= low) ?? 1;
  const max = LOG_MAJOR_MS.find((tick) => tick >= high) ?? Math.ceil(high / DAY_MS) * DAY_MS;
  const inRange = (tick: number) => tick >= min && tick <= max;
  let values = LOG_MAJOR_MS.filter(inRange);
  if (values.length < 4) values = [...values, ...LOG_MINOR_MS.filter(inRange)].sort((a, b) => a - b);
  const ticks: Tick[] = values.map((value) => ({ value, label: durationLabel(value) }));
  // Each column sits 0.6 of a decade outside the range: apart from it, and labelled.
  const zeroAt = columns.zero ? clean(min / 4) : undefined;
  const noneAt = columns.none === undefined ? undefined : clean(max * 4);
  return {
    type: 'logarithmic',
    min: clean((zeroAt ?? min) / 1.6),
    max: clean((noneAt ?? max) * 1.6),
    ticks: [
      ...(zeroAt === undefined ? [] : [{ value: zeroAt, label: '0' }]),
      ...ticks,
      ...(noneAt === undefined ? [] : [{ value: noneAt, label: columns.none as string }]),
    ],
    ...(zeroAt === undefined ? {} : { zeroAt }),
    ...(noneAt === undefined ? {} : { noneAt }),
  };
}

/**
 * A logarithmic axis for a rate (anomalies per job): decades 0.001, 0.01, 0.1, 1, 10… around the
 * positive values, with 0 drawn as a labelled row below them.
 */
export function logRateAxis(smallest: number, largest: number, zero: boolean): FittedAxis {
  const min = 10 ** Math.floor(Math.log10(smallest));
  const max = 10 ** Math.ceil(Math.log10(largest));
  const values: number[] = [];
  for (let exponent = Math.round(Math.log10(min)); exponent <= Math.round(Math.log10(max)); exponent++)
    values.push(clean(10 ** exponent));
  const zeroAt = zero ? clean(min / 4) : undefined;
  return {
    type: 'logarithmic',
    min: clean((zeroAt ?? min) / 1.6),
    max: clean(max * 1.6),
    ticks: [
      ...(zeroAt === undefined ? [] : [{ value: zeroAt, label: '0' }]),
      ...values.map((value) => ({ value, label: String(value) })),
    ],
    ...(zeroAt === undefined ? {} : { zeroAt }),
  };
}

/** A linear axis widened by `fraction` of its range at both ends (its ticks kept): room for markers at the edges. */
export function paddedAxis(axis: FittedAxis, fraction = 0.05): FittedAxis {
  if (axis.type !== 'linear') return axis;
  const [min, max] = padded(axis.min, axis.max, fraction);
  return { ...axis, min, max };
}

/** A linear axis over [low, high] with ticks at a 1-2-5 step, labelled by `label`. */
export function linearAxis(low: number, high: number, label: (value: number) => string, most = 6): FittedAxis {
  const top = high > low ? high : low + 1;
  const step = niceStep(top - low, most);
  const min = clean(Math.floor(clean(low / step)) * step);
  const max = clean(Math.ceil(clean(top / step)) * step);
  return {
    type: 'linear',
    min,
    max,
    ticks: multiples(min, max, step).map((value) => ({ value, label: label(value) })),
  };
}

/** Where a value goes on a fitted axis: 0 and missing values to their columns on a logarithmic axis. */
export function placeOn(axis: FittedAxis, value: number | null): number | null {
  if (axis.type === 'linear') return value;
  if (value === null || !Number.isFinite(value)) return axis.noneAt ?? null;
  if (value <= 0) return axis.zeroAt ?? null;
  return value;
}
