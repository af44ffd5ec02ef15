/**
 * The checker registry and the function that runs them all over one strategy's run. Each
 * checker is a pure function of (config, history, ledger); `runCheckers` runs every one and
 * keys its result by the checker's name.
 */
import { type AvailabilityResult, availabilityChecker } from './availability.js';
import { type CapacityResult, capacityChecker } from './capacity.js';
import { type CoverageResult, coverageChecker } from './coverage.js';
import { type PerformanceResult, performanceChecker } from './performance.js';
import { type RecoveryResult, recoveryChecker } from './recovery.js';
import { type SplitBrainResult, splitBrainChecker } from './split-brain.js';
import { type StatusResult, statusChecker } from './status.js';
import { type StepsResult, stepsChecker } from './steps.js';
import type { Checker, CheckInput } from './types.js';
import { type WorkLedgerResult, workLedgerChecker } from './work-ledger.js';

export interface CheckResults {
  readonly work: WorkLedgerResult;
  readonly steps: StepsResult;
  readonly status: StatusResult;
  readonly splitBrain: SplitBrainResult;
  readonly availability: AvailabilityResult;
  readonly performance: PerformanceResult;
  readonly capacity: CapacityResult;
  readonly recovery: RecoveryResult;
  readonly coverage: CoverageResult;
}

/** Every checker, by the key its result has in `CheckResults` (and in results.json). */
export const CHECKERS: { readonly [Name in keyof CheckResults]: Checker<CheckResults[Name]> } = {
  work: workLedgerChecker,
  steps: stepsChecker,
  status: statusChecker,
  splitBrain: splitBrainChecker,
  availability: availabilityChecker,
  performance: performanceChecker,
  capacity: capacityChecker,
  recovery: recoveryChecker,
  coverage: coverageChecker,
};

export function runCheckers(input: CheckInput): CheckResults {
  return {
    work: CHECKERS.work.check(input),
    steps: CHECKERS.steps.check(input),
    status: CHECKERS.status.check(input),
    splitBrain: CHECKERS.splitBrain.check(input),
    availability: CHECKERS.availability.check(input),
    performance: CHECKERS.performance.check(input),
    capacity: CHECKERS.capacity.check(input),
    recovery: CHECKERS.recovery.check(input),
    coverage: CHECKERS.coverage.check(input),
  };
}
