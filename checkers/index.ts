/** The checker registry and the function that runs them all over one strategy's run. */
import { type StepsResult, stepsChecker } from './steps.js';
import type { CheckInput } from './types.js';
import { type WorkLedgerResult, workLedgerChecker } from './work-ledger.js';

export const CHECKERS = [workLedgerChecker, stepsChecker] as const;

export interface CheckResults {
  readonly work: WorkLedgerResult;
  readonly steps: StepsResult;
}

export function runCheckers(input: CheckInput): CheckResults {
  return { work: workLedgerChecker.check(input), steps: stepsChecker.check(input) };
}
