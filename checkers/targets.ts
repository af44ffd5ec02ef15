/**
 * Verdicts: a scenario states targets (`lostJobs: { max: 0 }`); each names a metric of the
 * check results. A missed target is a violation, and any violation makes the run exit 1.
 */
import type { Targets } from '../simulator/scenario/schema.js';
import type { CheckResults } from './index.js';

export interface Violation {
  readonly target: string;
  readonly bound: string;
  readonly actual: number;
}

export interface Verdict {
  readonly passed: boolean;
  readonly violations: readonly Violation[];
}

/** Target name → how to read its metric from the results. */
export const TARGET_METRICS: Readonly<Record<keyof Targets, (results: CheckResults) => number>> = {
  lostJobs: (results) => results.work.jobsLost,
  duplicateEffects: (results) => results.work.duplicateEffects,
  skippedSteps: (results) => results.steps.skippedSteps,
  outOfOrderSteps: (results) => results.steps.outOfOrderStarts,
};

export function judge(targets: Targets, results: CheckResults): Verdict {
  const violations: Violation[] = [];
  for (const name of Object.keys(TARGET_METRICS) as (keyof Targets)[]) {
    const bound = targets[name];
    if (!bound) continue;
    const actual = TARGET_METRICS[name](results);
    if (bound.max !== undefined && actual > bound.max) violations.push({ target: name, bound: `<= ${bound.max}`, actual });
    if (bound.min !== undefined && actual < bound.min) violations.push({ target: name, bound: `>= ${bound.min}`, actual });
  }
  return { passed: violations.length === 0, violations };
}
