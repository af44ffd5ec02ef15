/**
 * Verdicts: a scenario states targets (`lostJobs: { max: 0 }`, `availabilityOutsideFaults:
 * { min: 0.99 }`, `drainTime: { max: 10m }`); each names a metric of the check results. A
 * strategy is held to the targets it claims (see `Holding`): a missed one is a violation, and
 * any violation makes the run exit 1. A missed target it does not claim — a site effect duplicated by a
 * strategy that never promised to avoid one, or anything a deliberately broken canary misses —
 * is still measured and shown, as *expected*, and fails nothing: for the canary, being caught
 * is the checkers passing. A metric with nothing to measure (no client operation outside faults,
 * no fault to drain) is not judged.
 */
import type { Targets } from '../simulator/scenario/schema.js';
import { formatDurationMs } from '../simulator/base/time.js';
import type { OperationCounts } from './availability.js';
import type { CheckResults } from './index.js';

export interface Violation {
  readonly target: string;
  readonly bound: string;
  /** The metric's value; null for a time that never came (a backlog that never drained). */
  readonly actual: number | null;
}

export interface Verdict {
  /** No target the strategy is held to was missed. */
  readonly passed: boolean;
  /** Missed targets the strategy is held to: each fails the run. */
  readonly violations: readonly Violation[];
  /** Missed targets it is not held to: shown, expected of its design, failing nothing. */
  readonly expected: readonly Violation[];
  /** A deliberately broken strategy (the canary) missed targets: the checkers caught it. */
  readonly caught: boolean;
}

/** Which of a scenario's targets a strategy is held to. */
export interface Holding {
  /** Whether it is held to this target (by what it claims, or because every strategy is). */
  heldTo(target: keyof Targets): boolean;
  /** Deliberately broken: held to nothing; every miss is the checkers catching it. */
  readonly canary: boolean;
}

/** Every target counts: the verdict of a strategy that claims everything. */
export const HELD_TO_EVERYTHING: Holding = { heldTo: () => true, canary: false };

export type Unit = 'count' | 'fraction' | 'duration';

interface TargetMetric {
  readonly unit: Unit;
  /** The metric; undefined when there is nothing to judge; null for "never" (worse than any bound). */
  readonly read: (results: CheckResults) => number | null | undefined;
}

/** Ok fraction of submits and status reads together. */
function okFraction(...counts: readonly OperationCounts[]): number | undefined {
  const operations = counts.reduce((sum, count) => sum + count.operations, 0);
  return operations === 0 ? undefined : counts.reduce((sum, count) => sum + count.ok, 0) / operations;
}

/** Operations inside fault windows: those of the fault phase minus those outside every window. */
function duringFaults(results: CheckResults): OperationCounts[] {
  const { phases, outsideFaults } = results.availability;
  const minus = (whole: OperationCounts, part: OperationCounts): OperationCounts => ({
    operations: whole.operations - part.operations,
    ok: whole.ok - part.ok,
    fail: whole.fail - part.fail,
    info: whole.info - part.info,
    okFraction: null,
  });
  return [minus(phases.faults.submit, outsideFaults.submit), minus(phases.faults.status, outsideFaults.status)];
}

/** Target name → its unit and how to read its metric from the results. */
export const TARGET_METRICS: Readonly<Record<keyof Targets, TargetMetric>> = {
  lostJobs: { unit: 'count', read: (results) => results.work.jobsLost },
  stuckJobs: { unit: 'count', read: (results) => results.work.jobsStuck },
  duplicateEffects: { unit: 'count', read: (results) => results.work.duplicateEffects },
  duplicateExecutions: { unit: 'count', read: (results) => results.work.duplicateExecutions },
  skippedSteps: { unit: 'count', read: (results) => results.steps.skippedSteps },
  outOfOrderSteps: { unit: 'count', read: (results) => results.steps.outOfOrderStarts },
  staleReads: { unit: 'count', read: (results) => results.status.staleReads },
  nonMonotonicReads: { unit: 'count', read: (results) => results.status.nonMonotonicReads },
  finalReadDisagreements: { unit: 'count', read: (results) => results.status.finalDisagreements },
  divergentReplicas: { unit: 'count', read: (results) => results.status.divergentKeys },
  concurrentExecutions: { unit: 'count', read: (results) => results.splitBrain.concurrentExecutionTasks },
  doubleAssignments: { unit: 'count', read: (results) => results.splitBrain.doubleAssignments },
  availabilityOutsideFaults: {
    unit: 'fraction',
    read: (results) => okFraction(results.availability.outsideFaults.submit, results.availability.outsideFaults.status),
  },
  availabilityDuringFaults: { unit: 'fraction', read: (results) => okFraction(...duringFaults(results)) },
  drainTime: {
    unit: 'duration',
    read: (results) => {
      const faults = results.recovery.faults;
      if (faults.length === 0) return undefined;
      if (faults.some((fault) => fault.timeToDrainMs === null)) return null;
      return Math.max(...faults.map((fault) => fault.timeToDrainMs ?? 0));
    },
  },
};

function formatBound(unit: Unit, value: number): string {
  return unit === 'duration' ? formatDurationMs(value) : String(value);
}

/** One bound of a target, read on the results: met or missed. */
export interface TargetReading extends Violation {
  readonly met: boolean;
  readonly unit: Unit;
}

/**
 * Every bound of every target of the scenario that has something to judge, met or missed, in the order of
 * TARGET_METRICS.
 */
export function readTargets(targets: Targets, results: CheckResults): TargetReading[] {
  const readings: TargetReading[] = [];
  for (const name of Object.keys(TARGET_METRICS) as (keyof Targets)[]) {
    const bound: { readonly max?: number; readonly min?: number } | undefined = targets[name];
    if (!bound) continue;
    const metric = TARGET_METRICS[name];
    const actual = metric.read(results);
    if (actual === undefined) continue;
    if (bound.max !== undefined)
      readings.push({
        target: name,
        bound: `<= ${formatBound(metric.unit, bound.max)}`,
        actual,
        met: actual !== null && actual <= bound.max,
        unit: metric.unit,
      });
    if (bound.min !== undefined)
      readings.push({
        target: name,
        bound: `>= ${formatBound(metric.unit, bound.min)}`,
        actual,
        met: actual === null || actual >= bound.min,
        unit: metric.unit,
      });
  }
  return readings;
}

/** Every target of the scenario the results miss, held to or not. */
export function missedTargets(targets: Targets, results: CheckResults): Violation[] {
  return readTargets(targets, results)
    .filter((reading) => !reading.met)
    .map(({ target, bound, actual }) => ({ target, bound, actual }));
}

/** A strategy's verdict: the targets it missed, split into those it is held to and those it is not. */
export function judge(targets: Targets, results: CheckResults, holding: Holding = HELD_TO_EVERYTHING): Verdict {
  const missed = missedTargets(targets, results);
  const counts = (violation: Violation) => !holding.canary && holding.heldTo(violation.target as keyof Targets);
  const violations = missed.filter(counts);
  const expected = missed.filter((violation) => !counts(violation));
  return { passed: violations.length === 0, violations, expected, caught: holding.canary && expected.length > 0 };
}
