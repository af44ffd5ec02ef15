/** The checker registry and the function that runs them all over one strategy's run. */
import type { CheckInput } from './types.js';
import { type WorkLedgerResult, workLedgerChecker } from './work-ledger.js';

export const CHECKERS = [workLedgerChecker] as const;

export interface CheckResults {
  readonly work: WorkLedgerResult;
}

export function runCheckers(input: CheckInput): CheckResults {
  return { work: workLedgerChecker.check(input) };
}
