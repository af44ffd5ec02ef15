/**
 * summary.json: what a multi-seed run (`faultline run --seeds K`) concluded over its seeds —
 * per strategy and key metric the per-seed values, their mean, spread and 95% confidence
 * interval (which kind, and any caveat on how well it holds its level), and the paired
 * differences between strategies (the same seed is a pair). Like
 * results.json, everything outside `wall` depends only on the scenario, the seeds and the
 * strategies. Format documented in docs/results.md, "summary.json".
 */
import type { RuntimeName } from './run.js';
import type { Violation } from '../checkers/targets.js';
import type { Better, MetricUnit } from './metrics.js';

export const SUMMARY_FORMAT_VERSION = 2;

/**
 * The files of a multi-seed folder besides its `seed-<N>/` run folders; summary.json is written last but for the report
 * rendered from it.
 */
export const SEEDS_FILES = { summary: 'summary.json', report: 'report.html' } as const;

/** The confidence level of every interval in the summary. */
export const CONFIDENCE = 0.95;

/**
 * How an interval of a mean was computed: `t`, mean ± t₀.₉₇₅,ₙ₋₁·sd/√n (Student); `bca`, the
 * bias-corrected and accelerated bootstrap, with the small-sample expansion (results/aggregate.ts).
 */
export type IntervalMethod = 't' | 'bca';

/**
 * Mean and spread of a sample; null where the sample is too small (no value: all null; one value: sd and interval
 * null).
 */
export interface Spread {
  /** Values in the sample (seeds where the metric was measured). */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator). */
  readonly sd: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** The 95% confidence interval of the mean, computed as `interval` says; not symmetric about the mean when BCa. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Which interval `ciLow`–`ciHigh` is; null where there is none (fewer than two values). */
  readonly interval: IntervalMethod | null;
  /**
   * Why this interval may hold its mean less often than 95% (measured: scripts/interval-coverage.ts); null when there
   * is no such reason.
   */
  readonly coverageNote: string | null;
}

/** One strategy on one metric over the seeds. */
export interface StrategySpread extends Spread {
  readonly strategy: string;
  /** The metric per seed, in the order of `seeds`; null where it had nothing to measure. */
  readonly values: readonly (number | null)[];
}

/** Strategy a − strategy b on one metric, seed by seed, over the seeds where both were measured. */
export interface PairedDifference extends Spread {
  readonly a: string;
  readonly b: string;
  /** Seeds on which a's value was better than b's (by the metric's better direction). */
  readonly aBetter: number;
  readonly bBetter: number;
  /** Seeds on which both had the same value. */
  readonly ties: number;
}

export interface MetricSummary {
  /** The report metric's key (`jobsLost`, `jobLatencyP99`…; results/metrics.ts). */
  readonly key: string;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly better: Exclude<Better, 'neither'>;
  /** One entry per strategy, in the order of `strategies`. */
  readonly strategies: readonly StrategySpread[];
  /** One entry per pair of strategies (a before b in `strategies`). */
  readonly differences: readonly PairedDifference[];
}

/** One seed's run: its folder (relative to the summary's) and verdict. */
export interface SeedRun {
  readonly seed: number;
  readonly folder: string;
  readonly passed: boolean;
  /** As results.json's `verdict.violations` (`<strategy>: <target>`). */
  readonly violations: readonly Violation[];
}

export interface SeedsSummary {
  readonly formatVersion: typeof SUMMARY_FORMAT_VERSION;
  readonly scenario: { readonly name: string; readonly file: string };
  /** The seeds run, in order: S, S+1, … S+K−1. */
  readonly seeds: readonly number[];
  readonly strategies: readonly string[];
  readonly confidence: typeof CONFIDENCE;
  readonly verdict: { readonly passed: boolean; readonly failedSeeds: readonly number[] };
  readonly runs: readonly SeedRun[];
  readonly metrics: readonly MetricSummary[];
  /** Wall-clock facts: not deterministic, excluded from determinism comparisons. */
  readonly wall: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly wallMs: number;
    /** Seeds run at the same time (`--parallel`, at most the number of seeds). */
    readonly parallel: number;
    /** The runtime the seeds ran on. */
    readonly runtime: RuntimeName;
    /** On the direct runtime, the first seed run once more on Temporal and compared; null when not cross-checked. */
    readonly crossCheck: CrossCheck | null;
  };
}

/**
 * The first seed of a direct multi-seed run, run again on Temporal: it gave the same bytes (a divergence fails the run
 * instead).
 */
export interface CrossCheck {
  readonly seed: number;
  readonly runtime: 'temporal';
  readonly identical: true;
  /** The Temporal run's folder, relative to the summary's. */
  readonly folder: string;
}
