import { describe, expect, it } from 'vitest';
import { checkSteps } from '../../checkers/steps.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';
import { clientEntry, DIAMOND, ledgerBuilders, record, taskKinds, workloadYaml } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

// One job type with a diamond: A → (B, C) → D.
const config = configFromYaml(scenarioYaml({ workload: workloadYaml(1, DIAMOND) }));
const JOB = 'job-1';

const builders = ledgerBuilders(taskKinds(DIAMOND));
/** The first execution of `task` of the job, on n1. */
const start = (task: string, timeMs: number): LedgerEntry => builders.start(JOB, task, timeMs);
const end = (task: string, timeMs: number, outcome: 'ok' | 'retryable' = 'ok'): LedgerEntry =>
  builders.end(JOB, task, timeMs, { outcome });
/** The job declared complete: by the coordinator's job-complete record, or by an ok status read of COMPLETED. */
const declared = (timeMs: number, how: 'job-complete' | 'status' = 'job-complete'): HistoryEntry =>
  how === 'job-complete'
    ? record(timeMs, 'job-complete', { job: JOB })
    : clientEntry('ok', 'status', 'c:1', timeMs, { job: JOB, state: 'COMPLETED' });

/** A, then B and C in parallel, then D: a correct run, complete at 40. */
const inOrder: LedgerEntry[] = [
  start('A', 0),
  end('A', 10),
  start('B', 11),
  start('C', 11),
  end('C', 20),
  end('B', 25),
  start('D', 26),
  end('D', 40),
];

const clean = {
  outOfOrderStarts: 0,
  outOfOrderTasks: [],
  prematureCompletions: 0,
  skippedSteps: 0,
  skippedStepTasks: [],
  completionsChecked: 1,
};

describe('the steps checker', () => {
  it('finds nothing wrong when every task starts after its predecessors and the job is declared complete after the last', () => {
    expect(checkSteps({ config, history: [declared(41)], ledger: inOrder })).toEqual(clean);
    expect(checkSteps({ config, history: [declared(41, 'status')], ledger: inOrder })).toEqual(clean);
  });

  it('has nothing to check without a declaration, and says so', () => {
    expect(checkSteps({ config, history: [], ledger: inOrder })).toEqual({ ...clean, completionsChecked: 0 });
  });

  it('flags a task started while one of its predecessors was still running', () => {
    const ledger = [
      start('A', 0),
      end('A', 10),
      start('B', 11),
      start('C', 11),
      end('C', 20),
      start('D', 21),
      end('B', 25),
      end('D', 40),
    ];
    expect(checkSteps({ config, history: [declared(41)], ledger })).toEqual({
      ...clean,
      outOfOrderStarts: 1,
      outOfOrderTasks: ['job-1/D'],
    });
  });

  it('does not count a failed predecessor as finished', () => {
    const ledger = [start('A', 0), end('A', 10, 'retryable'), start('B', 11)];
    expect(checkSteps({ config, history: [], ledger })).toMatchObject({
      outOfOrderStarts: 1,
      outOfOrderTasks: ['job-1/B'],
    });
  });

  it('reads the ledger in time order, whatever order the entries came in', () => {
    expect(checkSteps({ config, history: [declared(41)], ledger: [...inOrder].reverse() })).toEqual(clean);
  });

  it('flags a job declared complete with a step never run (the canary’s duplicate OK)', () => {
    const ledger = [start('A', 0), end('A', 10), start('B', 11), end('B', 25), start('D', 26), end('D', 40)];
    expect(checkSteps({ config, history: [declared(41)], ledger })).toEqual({
      ...clean,
      outOfOrderStarts: 1,
      outOfOrderTasks: ['job-1/D'],
      prematureCompletions: 1,
      skippedSteps: 1,
      skippedStepTasks: ['job-1/C'],
    });
  });

  it('flags a declaration that came before the last step finished, and judges only the first declaration', () => {
    const result = checkSteps({ config, history: [declared(30, 'status'), declared(50)], ledger: inOrder });
    expect(result).toEqual({ ...clean, prematureCompletions: 1, skippedSteps: 1, skippedStepTasks: ['job-1/D'] });
  });
});
