/**
 * Reusable zod field types of the scenario language: durations, probabilities, identifiers and
 * time distributions. Each carries an `expected` description that error messages quote.
 */
import { z } from 'zod';
import { formatDurationMs, parseDurationMs } from '../base/time.js';

const DURATION_HINT = 'a duration such as 250ms, 30s, 5m, 1.5h or 1h30m (or a number of milliseconds)';

/** A duration as written: milliseconds, or text with a unit; a leading `-` is read (and then rejected as negative). */
function readDurationMs(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  const negative = /^\s*-/.test(value);
  const magnitudeMs = parseDurationMs(value.replace(/^\s*-/, ''));
  return magnitudeMs === undefined ? undefined : negative ? -magnitudeMs : magnitudeMs;
}

function durationField(minimumMs: number, what: string) {
  return z.union([z.number(), z.string()], { error: `expected ${DURATION_HINT}` }).transform((value, context) => {
    const durationMs = readDurationMs(value);
    if (durationMs === undefined || !Number.isFinite(durationMs)) {
      context.issues.push({ code: 'custom', message: `expected ${DURATION_HINT}`, input: value });
      return z.NEVER;
    }
    if (durationMs < minimumMs) {
      context.issues.push({ code: 'custom', message: `expected ${what}`, input: value });
      return z.NEVER;
    }
    return Math.round(durationMs);
  });
}

/** A duration with an optional sign (`+30s`, `-2m`), in milliseconds after parsing. */
export const signedDuration = z
  .union([z.number(), z.string()], { error: 'expected a signed duration such as +30s or -2m' })
  .transform((value, context) => {
    if (typeof value === 'number') return Math.round(value);
    const match = /^\s*([+-]?)\s*(.+)$/.exec(value);
    const magnitudeMs = match ? parseDurationMs(match[2] ?? '') : undefined;
    if (!match || magnitudeMs === undefined) {
      context.issues.push({ code: 'custom', message: 'expected a signed duration such as +30s or -2m', input: value });
      return z.NEVER;
    }
    return match[1] === '-' ? -magnitudeMs : magnitudeMs;
  });

/** A duration > 0, in milliseconds after parsing. */
export const positiveDuration = durationField(1, 'a positive duration (at least 1ms)');
/** A duration >= 0, in milliseconds after parsing. */
export const nonNegativeDuration = durationField(0, 'a duration of 0 or more');

export const probability = z
  .number({ error: 'expected a probability between 0 and 1' })
  .min(0, { error: 'expected a probability between 0 and 1' })
  .max(1, { error: 'expected a probability between 0 and 1' });

export const identifier = z
  .string({ error: 'expected an identifier (letters, digits, - and _)' })
  .regex(/^[A-Za-z][\w-]*$/, { error: 'expected an identifier: a letter, then letters, digits, - or _' });

export const positiveInt = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

export const nonNegativeInt = z
  .number({ error: 'expected an integer of 0 or more' })
  .int({ error: 'expected an integer of 0 or more' })
  .nonnegative({ error: 'expected an integer of 0 or more' });

/**
 * A distribution of durations. Written as a plain duration (fixed), or one of
 * `{ fixed: 30s }`, `{ uniform: [1m, 3m] }`, `{ exponential: { mean: 20m } }`,
 * `{ lognormal: { median: 10m, sigma: 0.5 } }`.
 */
export const durationDistribution = z.union(
  [
    positiveDuration.transform((valueMs) => ({ kind: 'fixed' as const, valueMs })),
    z.strictObject({ fixed: positiveDuration }).transform(({ fixed }) => ({ kind: 'fixed' as const, valueMs: fixed })),
    z
      .strictObject({ uniform: z.tuple([nonNegativeDuration, positiveDuration]) })
      .refine(({ uniform }) => uniform[0] <= uniform[1], { error: 'expected [low, high] with low <= high' })
      .transform(({ uniform }) => ({ kind: 'uniform' as const, lowMs: uniform[0], highMs: uniform[1] })),
    z
      .strictObject({ exponential: z.strictObject({ mean: positiveDuration }) })
      .transform(({ exponential }) => ({ kind: 'exponential' as const, meanMs: exponential.mean })),
    z
      .strictObject({
        lognormal: z.strictObject({
          median: positiveDuration,
          sigma: z.number({ error: 'expected sigma > 0' }).positive({ error: 'expected sigma > 0' }),
        }),
      })
      .transform(({ lognormal }) => ({
        kind: 'lognormal' as const,
        medianMs: lognormal.median,
        sigma: lognormal.sigma,
      })),
  ],
  {
    error:
      'expected a duration (30s), or { fixed }, { uniform: [low, high] }, { exponential: { mean } } or { lognormal: { median, sigma } }',
  },
);

export type DurationDistribution = z.output<typeof durationDistribution>;

/** Human-readable form of a distribution, for tables and the fault timeline. */
export function describeDistribution(distribution: DurationDistribution): string {
  switch (distribution.kind) {
    case 'fixed':
      return formatDurationMs(distribution.valueMs);
    case 'uniform':
      return `uniform ${formatDurationMs(distribution.lowMs)}..${formatDurationMs(distribution.highMs)}`;
    case 'exponential':
      return `exponential mean ${formatDurationMs(distribution.meanMs)}`;
    case 'lognormal':
      return `lognormal median ${formatDurationMs(distribution.medianMs)} sigma ${distribution.sigma}`;
  }
}
