/**
 * Statistics over the seeds of a multi-seed run: pure functions from each seed's results.json
 * to summary.json's deterministic part. Per strategy and key metric: n, mean, sample standard
 * deviation, min, max and the 95% confidence interval of the mean — Student's t, or the BCa
 * bootstrap where that held its level better (`chooseInterval`), with a caveat where neither did
 * (`coverageCaveat`); per pair of strategies: the mean of their seed-by-seed differences with its
 * interval, and how many seeds favoured each. Means and deviations come from simple-statistics,
 * the t quantile from stdlib, the bootstrap's resamples from a pure-rand stream keyed by the
 * values (see ARCHITECTURE.md, "Several seeds"; the choice is measured by
 * scripts/interval-coverage.ts).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import {
  errorFunction,
  interquartileRange,
  max,
  mean,
  min,
  probit,
  sampleSkewness,
  sampleStandardDeviation,
} from 'simple-statistics';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { streamSeed } from '../simulator/base/random.js';
import { REPORT_METRICS, type ReportMetric } from './metrics.js';
import type { RunResults } from './run.js';
import {
  CONFIDENCE,
  type IntervalMethod,
  type MetricSummary,
  type PairedDifference,
  type SeedRun,
  type SeedsSummary,
  type Spread,
  SUMMARY_FORMAT_VERSION,
} from './summary.js';

/**
 * The metrics summarised over seeds (keys of `REPORT_METRICS`, so labels, units and better
 * directions agree with the report): the correctness counts the targets judge, the anomaly rate
 * and availability the trade-off chart places, latency, makespan and cost.
 */
export const SUMMARY_METRIC_KEYS = [
  'jobsLost',
  'jobsStuck',
  'duplicateEffects',
  'duplicateExecutions',
  'skippedSteps',
  'staleReads',
  'anomalyRate',
  'availabilityDuringFaults',
  'availabilityOutsideFaults',
  'jobLatencyP99',
  'makespan',
  'messagesPerJob',
] as const;

type SummaryMetric = ReportMetric & { readonly better: 'higher' | 'lower' };

function summaryMetrics(): SummaryMetric[] {
  return SUMMARY_METRIC_KEYS.map((key) => {
    const metric = REPORT_METRICS.find((candidate) => candidate.key === key);
    if (!metric) throw new Error(`summary metric ${key} is not a report metric`);
    if (metric.better === 'neither')
      throw new Error(`summary metric ${key} has no better direction: paired differences could not say which side won`);
    return metric as SummaryMetric;
  });
}

const NO_SPREAD: Spread = {
  n: 0,
  mean: null,
  sd: null,
  min: null,
  max: null,
  ciLow: null,
  ciHigh: null,
  interval: null,
  coverageNote: null,
};

/** The two-sided t quantile for the summary's confidence level. */
export function tCritical(degreesOfFreedom: number): number {
  return tQuantile(1 - (1 - CONFIDENCE) / 2, degreesOfFreedom);
}

/** A confidence interval of a mean: its two ends. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Mean ± t₀.₉₇₅,ₙ₋₁·sd/√n: exact for normal values, and what every interval was before BCa (none below two values). */
export function tInterval(values: readonly number[], confidence = CONFIDENCE): Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const sample = [...values];
  const average = mean(sample);
  const halfWidth = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sampleStandardDeviation(sample)) / Math.sqrt(n);
  return { low: average - halfWidth, high: average + halfWidth };
}

/**
 * Resamples per BCa interval. Its ends are the resampled means' quantiles near 2.5% and 97.5%,
 * each resting on about a hundred resamples beyond it: from one stream to another they move by
 * a few hundredths of the interval's width, well inside what the seeds themselves leave open.
 */
export const BOOTSTRAP_RESAMPLES = 4000;

/**
 * The seed of every bootstrap stream. The stream's key is the sample itself, so the same values
 * give the same interval wherever they stand (a strategy's row, a paired difference), and the
 * summary depends on nothing but the seeds' results.
 */
const BOOTSTRAP_SEED = 0x5eed_b0a7;

/** φ, the standard normal density. */
function normalDensity(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Φ, the standard normal distribution function, from simple-statistics' error function (good to
 * about 1e-7). Its `cumulativeStdNormalProbability` reads a printed table in steps of 0.01 in z,
 * which would move a BCa end by up to half a percentile.
 */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/**
 * Φ⁻¹: simple-statistics' `probit` (a closed-form approximation, good to about 1e-3) refined by Newton steps on
 * `normalCdf`.
 */
export function normalQuantile(p: number): number {
  let z = probit(p);
  for (let step = 0; step < 3; step++) z -= (normalCdf(z) - p) / normalDensity(z);
  return z;
}

/**
 * The q-quantile of ascending values, interpolating between the two nearest (type 7 of Hyndman and Fan, R's default).
 */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (position - below) * (high - low);
}

const TWO_TO_32 = 2 ** 32;

/**
 * Uniform indices in [0, n) from a generator's 32-bit outputs, by Lemire's multiply-and-shift:
 * index ⌊u·n / 2³²⌋, rejecting the u whose low part falls below 2³² mod n so that no index is
 * favoured. All in double arithmetic, which holds u·n exactly (n < 2²¹), and with no division:
 * the bootstrap's inner loop draws millions of these, several times faster than pure-rand's
 * general `uniformInt`.
 */
function indexDrawer(generator: RandomGenerator, n: number): () => number {
  const threshold = TWO_TO_32 % n;
  return () => {
    for (;;) {
      const product = (generator.next() >>> 0) * n;
      const index = Math.floor(product / TWO_TO_32);
      if (product - index * TWO_TO_32 >= threshold) return index;
    }
  };
}

/** The means of `resamples` samples of n drawn with replacement from the values, in ascending order. */
function bootstrapMeans(values: Float64Array, resamples: number): Float64Array {
  const n = values.length;
  const draw = indexDrawer(xoroshiro128plus(streamSeed(BOOTSTRAP_SEED, ['bca', ...values])), n);
  const means = new Float64Array(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    for (let drawn = 0; drawn < n; drawn++) sum += values[draw()] as number;
    means[resample] = sum / n;
  }
  return means.sort();
}

/**
 * The bias correction z₀ = Φ⁻¹(share of resampled means below the sample's), a tie counting half
 * (counts often tie: every resample of 0, 0, 1, 0 that draws the 1 once has the sample's mean). A
 * share of 0 or 1 is held half a resample inside, where z₀ is large but finite.
 */
function biasCorrection(sortedMeans: Float64Array, sampleMean: number, tolerance: number): number {
  let below = 0;
  let ties = 0;
  for (const resampled of sortedMeans) {
    if (resampled < sampleMean - tolerance) below++;
    else if (resampled <= sampleMean + tolerance) ties++;
  }
  const share = (below + ties / 2) / sortedMeans.length;
  const margin = 0.5 / sortedMeans.length;
  return normalQuantile(Math.min(Math.max(share, margin), 1 - margin));
}

/**
 * The acceleration a from the jackknife: with θ₍ᵢ₎ the mean without value i and θ₍.₎ their mean,
 * a = Σ(θ₍.₎ − θ₍ᵢ₎)³ / (6·(Σ(θ₍.₎ − θ₍ᵢ₎)²)^1.5) — how fast the mean's standard error changes
 * with the mean, which for a mean is its skewness over 6√n. θ₍ᵢ₎ = (Σx − xᵢ)/(n − 1) in closed form.
 */
function jackknifeAcceleration(values: Float64Array): number {
  const n = values.length;
  const total = values.reduce((sum, value) => sum + value, 0);
  const leftOut = values.map((value) => (total - value) / (n - 1));
  const centre = leftOut.reduce((sum, value) => sum + value, 0) / n;
  let squares = 0;
  let cubes = 0;
  for (const value of leftOut) {
    const deviation = centre - value;
    squares += deviation * deviation;
    cubes += deviation * deviation * deviation;
  }
  return squares === 0 ? 0 : cubes / (6 * squares ** 1.5);
}

/**
 * The normal score BCa starts from for the end of level `alpha`: z_α — or, expanded, the t
 * quantile scaled by √(n/(n − 1)). The bootstrap's means spread by √((n − 1)/n)·sd/√n, not
 * sd/√n, and z is not t: from 8 seeds an unexpanded interval is about a fifth narrower than the
 * t interval even on a symmetric sample. The expansion (Hesterberg, "What Teachers Should Know
 * About the Bootstrap", The American Statistician 69, 2015) gives the t interval's width back
 * there, and leaves BCa's asymmetry.
 */
function startingScore(alpha: number, n: number, expanded: boolean): number {
  return expanded ? Math.sqrt(n / (n - 1)) * tQuantile(alpha, n - 1) : normalQuantile(alpha);
}

/**
 * Where BCa puts the end of nominal level `alpha` among the resampled means:
 * Φ(z₀ + (z₀ + z_α)/(1 − a(z₀ + z_α))). Where 1 − a(z₀ + z_α) reaches 0 the adjusted level has
 * run off to the end of the resampled means (0 or 1), and it stays there.
 */
function adjustedLevel(score: number, biasZ: number, acceleration: number): number {
  const shifted = biasZ + score;
  const denominator = 1 - acceleration * shifted;
  if (denominator <= 0) return shifted > 0 ? 1 : 0;
  return normalCdf(biasZ + shifted / denominator);
}

/** A sample's bootstrap, with what BCa reads from it: the resampled means, z₀ and a. */
export interface MeanBootstrap {
  readonly n: number;
  /** The means of the resamples, ascending. */
  readonly means: Float64Array;
  readonly biasZ: number;
  readonly acceleration: number;
}

/**
 * The bootstrap of a sample's mean: `resamples` resamples from a stream keyed by the values
 * (the same values, the same resamples), and the BCa corrections. A constant sample, or one of
 * fewer than two values, is returned as its interval instead (width 0, or none).
 */
export function bootstrapMean(
  values: readonly number[],
  resamples = BOOTSTRAP_RESAMPLES,
): MeanBootstrap | Interval | null {
  const n = values.length;
  if (n < 2) return null;
  const sample = Float64Array.from(values);
  const low = sample.reduce((least, value) => Math.min(least, value));
  const high = sample.reduce((most, value) => Math.max(most, value));
  if (low === high) return { low, high };
  const sampleMean = sample.reduce((sum, value) => sum + value, 0) / n;
  const means = bootstrapMeans(sample, resamples);
  // Sums of the same values in another order may differ in the last bits: equal within this is a tie.
  const tolerance = 1e-12 * Math.max(Math.abs(low), Math.abs(high));
  return { n, means, biasZ: biasCorrection(means, sampleMean, tolerance), acceleration: jackknifeAcceleration(sample) };
}

/** The BCa interval from a bootstrap (see `bcaInterval`). */
export function bcaEnds(bootstrap: MeanBootstrap, confidence = CONFIDENCE, expanded = false): Interval {
  const tail = (1 - confidence) / 2;
  const end = (alpha: number) =>
    sortedQuantile(
      bootstrap.means,
      adjustedLevel(startingScore(alpha, bootstrap.n, expanded), bootstrap.biasZ, bootstrap.acceleration),
    );
  return { low: end(tail), high: end(1 - tail) };
}

/**
 * The bias-corrected and accelerated bootstrap interval of the mean (Efron 1987; Efron and
 * Tibshirani, *An Introduction to the Bootstrap*, ch. 14): the resampled means' quantiles at
 * levels moved by the bias correction z₀ (the sample mean's place among them) and the
 * acceleration a (from the jackknife). Unlike mean ± t·sd/√n it is not symmetric: on a sample
 * skewed to the right (a tail latency, a makespan) its upper end lies further from the mean,
 * where the true mean more often is; and it never leaves the sample's range. Deterministic: the
 * resamples come from a stream keyed by the values. None below two values; a constant sample
 * gives width 0. `expanded`: with the small-sample expansion of `startingScore`.
 */
export function bcaInterval(
  values: readonly number[],
  options: { readonly confidence?: number; readonly resamples?: number; readonly expanded?: boolean } = {},
): Interval | null {
  const bootstrap = bootstrapMean(values, options.resamples);
  if (bootstrap === null || !('means' in bootstrap)) return bootstrap;
  return bcaEnds(bootstrap, options.confidence, options.expanded);
}

/** Below this many values summary.json gives the t interval (see `chooseInterval`). */
export const MIN_BCA_VALUES = 8;

/**
 * Fewer seeds than this, and at most a quarter of them, off the most common value: the rest of the distribution is
 * barely seen.
 */
const RARE_SEEDS = 3;
/** The middle half of the values spanning less than this share of their range: a few seeds lie far from the rest. */
const SPIKY_SPREAD = 0.1;
/**
 * Skewness at least this large (either sign) makes a regular sample of MIN_BCA_VALUES or more BCa's (see
 * `chooseInterval`).
 */
const BCA_SKEW = 0.5;
/** Skewness at least this large (either sign) over fewer than MIN_BCA_VALUES values earns a caveat. */
const SKEW_LIMIT = 1;

/** The sample's skewness (adjusted Fisher–Pearson, simple-statistics'); 0 below three values or with none apart. */
function skewnessOf(values: readonly number[]): number {
  const sample = [...values];
  return sample.length < 3 || min(sample) === max(sample) ? 0 : sampleSkewness(sample);
}

/**
 * What a sample looks like, as far as its interval is concerned: `constant` (every value equal),
 * `rare` (all but one or two seeds at one value, and those a quarter of the seeds at most: counts
 * that are mostly 0), `spiky` (the middle
 * half of the values packed into a tenth of their range: two strategies that behave alike but on
 * a few seeds), or `regular`.
 */
export type SampleShape = 'constant' | 'rare' | 'spiky' | 'regular';

/** Seeds whose value is not the most common one. */
function offModeCount(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return values.length - Math.max(...counts.values());
}

export function sampleShape(values: readonly number[]): SampleShape {
  const off = offModeCount(values);
  if (off === 0) return 'constant';
  if (off < RARE_SEEDS && off <= values.length / 4) return 'rare';
  const sample = [...values];
  return interquartileRange(sample) < SPIKY_SPREAD * (max(sample) - min(sample)) ? 'spiky' : 'regular';
}

/**
 * The interval summary.json gives a sample, as measured by scripts/interval-coverage.ts: none
 * below two values; t below MIN_BCA_VALUES, where even the expanded BCa held less than t (the
 * resamples of 4 or 6 seeds are too few to show a distribution); t for a sample that is not
 * `regular`, where BCa's resamples mostly repeat the common value and its interval closed round
 * it far more often than t's; t for a regular sample that is about symmetric, where the two held
 * alike (t a point higher from 8 seeds); and BCa, expanded, for a regular skewed one (skewness
 * 0.5 or more either way), where t put all its misses on the side of the long tail and BCa held
 * its level better.
 */
export function chooseInterval(values: readonly number[]): IntervalMethod | null {
  if (values.length < 2) return null;
  if (values.length < MIN_BCA_VALUES || sampleShape(values) !== 'regular') return 't';
  return Math.abs(skewnessOf(values)) >= BCA_SKEW ? 'bca' : 't';
}

/** The interval of the mean by the method named (BCa with the small-sample expansion). */
export function confidenceInterval(values: readonly number[], method: IntervalMethod): Interval | null {
  return method === 'bca' ? bcaInterval(values, { expanded: true }) : tInterval(values);
}

/** Why an interval may hold less than its level, by kind (see `coverageCaveat`). */
export type CaveatKind = Exclude<SampleShape, 'regular'> | 'skewed';

const percentOf = (share: number) => `${Math.round(share * 100)}%`;

/** The largest chance per seed of an outcome that all n seeds still miss one time in 20: 1 − 0.05^(1/n) (about 3/n). */
export function unseenShare(n: number): number {
  return 1 - 0.05 ** (1 / n);
}

/**
 * Why the interval of these values may hold the mean less often than 95% — the shapes of sample
 * on which scripts/interval-coverage.ts measured every interval falling short; null when there
 * is no such reason.
 */
export function coverageCaveat(values: readonly number[]): { readonly kind: CaveatKind; readonly note: string } | null {
  const n = values.length;
  if (n < 2) return null;
  const shape = sampleShape(values);
  switch (shape) {
    case 'constant':
      return {
        kind: shape,
        note: `the same on all ${n} seeds: an interval of width 0, yet an outcome on as many as ${percentOf(unseenShare(n))} of seeds would miss all ${n} one time in 20`,
      };
    case 'rare':
      return {
        kind: shape,
        note: `all but ${offModeCount(values)} of ${n} seeds have one value: too few others to place the mean, and such intervals held far less than 95%`,
      };
    case 'spiky':
      return {
        kind: shape,
        note: `a few of ${n} seeds lie far from the rest: such intervals held well under 95% until the seeds were many`,
      };
    case 'regular':
      if (n < MIN_BCA_VALUES && Math.abs(skewnessOf(values)) >= SKEW_LIMIT) {
        return { kind: 'skewed', note: `skewed over only ${n} seeds: such t intervals held about 90%, not 95%` };
      }
      return null;
  }
}

/** Mean and spread of a sample, with the confidence interval of its mean (none below two values). */
export function describeSample(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return NO_SPREAD;
  const sample = [...values];
  const average = mean(sample);
  if (n === 1)
    return {
      n,
      mean: average,
      sd: null,
      min: average,
      max: average,
      ciLow: null,
      ciHigh: null,
      interval: null,
      coverageNote: null,
    };
  const method = chooseInterval(sample) as IntervalMethod;
  const interval = confidenceInterval(sample, method) as Interval;
  return {
    n,
    mean: average,
    sd: sampleStandardDeviation(sample),
    min: min(sample),
    max: max(sample),
    ciLow: interval.low,
    ciHigh: interval.high,
    interval: method,
    coverageNote: coverageCaveat(sample)?.note ?? null,
  };
}

/** a − b seed by seed, over the seeds where both were measured, with who was better on each. */
export function pairedDifference(
  a: string,
  b: string,
  aValues: readonly (number | null)[],
  bValues: readonly (number | null)[],
  better: 'higher' | 'lower',
): PairedDifference {
  if (aValues.length !== bValues.length)
    throw new Error(`paired values of ${a} and ${b} differ in length (${aValues.length} against ${bValues.length})`);
  const differences = aValues.flatMap((aValue, index) => {
    const bValue = bValues[index] ?? null;
    return aValue === null || bValue === null ? [] : [aValue - bValue];
  });
  const aWins = (difference: number) => (better === 'lower' ? difference < 0 : difference > 0);
  const aBetter = differences.filter((difference) => difference !== 0 && aWins(difference)).length;
  const ties = differences.filter((difference) => difference === 0).length;
  return { a, b, ...describeSample(differences), aBetter, bBetter: differences.length - aBetter - ties, ties };
}

/** A metric's value, which must be a finite number or null (nothing measured). */
function readValue(metric: ReportMetric, results: RunResults, strategy: string, seed: number): number | null {
  const found = results.strategies.find((candidate) => candidate.name === strategy);
  if (!found) throw new Error(`seed ${seed} has no results for strategy ${strategy}`);
  const value = metric.read(found);
  if (value !== null && !Number.isFinite(value))
    throw new Error(
      `${metric.key} of ${strategy} on seed ${seed} is ${value}: a summary metric must be finite or null`,
    );
  return value;
}

function summarizeMetric(
  metric: SummaryMetric,
  seeds: readonly SeedResults[],
  strategies: readonly string[],
): MetricSummary {
  const valuesOf = new Map(
    strategies.map((strategy) => [strategy, seeds.map((seed) => readValue(metric, seed.results, strategy, seed.seed))]),
  );
  const values = (strategy: string) => valuesOf.get(strategy) as (number | null)[];
  const differences = strategies.flatMap((a, index) =>
    strategies.slice(index + 1).map((b) => pairedDifference(a, b, values(a), values(b), metric.better)),
  );
  return {
    key: metric.key,
    label: metric.label,
    unit: metric.unit,
    better: metric.better,
    strategies: strategies.map((strategy) => ({
      strategy,
      values: values(strategy),
      ...describeSample(values(strategy).filter((value): value is number => value !== null)),
    })),
    differences,
  };
}

/** One seed's finished run. */
export interface SeedResults {
  readonly seed: number;
  /** Its run folder, relative to the multi-seed folder (`seed-4`). */
  readonly folder: string;
  readonly results: RunResults;
}

/** summary.json without `wall`: the seeds' verdicts and the statistics of every summary metric. */
export function summarizeSeeds(
  seeds: readonly SeedResults[],
  strategies: readonly string[],
): Omit<SeedsSummary, 'wall'> {
  const [first] = seeds;
  if (!first) throw new Error('no seed to summarise');
  const runs: SeedRun[] = seeds.map(({ seed, folder, results }) => ({
    seed,
    folder,
    passed: results.verdict.passed,
    violations: results.verdict.violations,
  }));
  return {
    formatVersion: SUMMARY_FORMAT_VERSION,
    scenario: { name: first.results.scenario.name, file: first.results.scenario.file },
    seeds: seeds.map((seed) => seed.seed),
    strategies,
    confidence: CONFIDENCE,
    verdict: {
      passed: runs.every((run) => run.passed),
      failedSeeds: runs.filter((run) => !run.passed).map((run) => run.seed),
    },
    runs,
    metrics: summaryMetrics().map((metric) => summarizeMetric(metric, seeds, strategies)),
  };
}
