/**
 * Statistics over the seeds of a multi-seed run: pure functions from each seed's results.json
 * to summary.json's deterministic part. Per strategy and key metric: n, mean, sample standard
 * deviation, min, max and the 95% confidence interval of the mean (Student's t); per pair of
 * strategies: the mean of their seed-by-seed differences with its interval, and how many seeds
 * favoured each. Means and deviations come from simple-statistics, the t quantile from stdlib
 * (see ARCHITECTURE.md, "Several seeds").
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { max, mean, min, sampleStandardDeviation } from 'simple-statistics';
import { REPORT_METRICS, type ReportMetric } from '../reports/metrics.js';
import type { RunResults } from './results.js';
import { CONFIDENCE, type MetricSummary, type PairedDifference, type SeedRun, type SeedsSummary, type Spread, SUMMARY_FORMAT_VERSION } from './summary.js';

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
    if (metric.better === 'neither') throw new Error(`summary metric ${key} has no better direction: paired differences could not say which side won`);
    return metric as SummaryMetric;
  });
}

const NO_SPREAD: Spread = { n: 0, mean: null, sd: null, min: null, max: null, ciLow: null, ciHigh: null };

/** The two-sided t quantile for the summary's confidence level. */
export function tCritical(degreesOfFreedom: number): number {
  return tQuantile(1 - (1 - CONFIDENCE) / 2, degreesOfFreedom);
}

/** Mean and spread of a sample, with the confidence interval of its mean (none below two values). */
export function describeSample(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return NO_SPREAD;
  const sample = [...values];
  const average = mean(sample);
  if (n === 1) return { n, mean: average, sd: null, min: average, max: average, ciLow: null, ciHigh: null };
  const sd = sampleStandardDeviation(sample);
  const halfWidth = (tCritical(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: average, sd, min: min(sample), max: max(sample), ciLow: average - halfWidth, ciHigh: average + halfWidth };
}

/** a − b seed by seed, over the seeds where both were measured, with who was better on each. */
export function pairedDifference(a: string, b: string, aValues: readonly (number | null)[], bValues: readonly (number | null)[], better: 'higher' | 'lower'): PairedDifference {
  if (aValues.length !== bValues.length) throw new Error(`paired values of ${a} and ${b} differ in length (${aValues.length} against ${bValues.length})`);
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
  if (value !== null && !Number.isFinite(value)) throw new Error(`${metric.key} of ${strategy} on seed ${seed} is ${value}: a summary metric must be finite or null`);
  return value;
}

function summarizeMetric(metric: SummaryMetric, seeds: readonly SeedResults[], strategies: readonly string[]): MetricSummary {
  const valuesOf = new Map(strategies.map((strategy) => [strategy, seeds.map((seed) => readValue(metric, seed.results, strategy, seed.seed))]));
  const values = (strategy: string) => valuesOf.get(strategy) as (number | null)[];
  const differences = strategies.flatMap((a, index) => strategies.slice(index + 1).map((b) => pairedDifference(a, b, values(a), values(b), metric.better)));
  return {
    key: metric.key,
    label: metric.label,
    unit: metric.unit,
    better: metric.better,
    strategies: strategies.map((strategy) => ({ strategy, values: values(strategy), ...describeSample(values(strategy).filter((value): value is number => value !== null)) })),
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
export function summarizeSeeds(seeds: readonly SeedResults[], strategies: readonly string[]): Omit<SeedsSummary, 'wall'> {
  const [first] = seeds;
  if (!first) throw new Error('no seed to summarise');
  const runs: SeedRun[] = seeds.map(({ seed, folder, results }) => ({ seed, folder, passed: results.verdict.passed, violations: results.verdict.violations }));
  return {
    formatVersion: SUMMARY_FORMAT_VERSION,
    scenario: { name: first.results.scenario.name, file: first.results.scenario.file },
    seeds: seeds.map((seed) => seed.seed),
    strategies,
    confidence: CONFIDENCE,
    verdict: { passed: runs.every((run) => run.passed), failedSeeds: runs.filter((run) => !run.passed).map((run) => run.seed) },
    runs,
    metrics: summaryMetrics().map((metric) => summarizeMetric(metric, seeds, strategies)),
  };
}
