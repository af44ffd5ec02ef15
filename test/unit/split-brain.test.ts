import { describe, expect, it } from 'vitest';
import { checkSplitBrain, splitBrainChecker, type SplitBrainResult } from '../../checkers/split-brain.js';
import type { LedgerEntry } from '../../simulator/scenario/history.js';
import { ledgerBuilders, type LiteralJobType, nemesis, record, taskKinds, workloadYaml } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const TRIPLE: LiteralJobType = {
  name: 'TRIPLE',
  tasks: [
    { id: 'A', kind: 'ENV_SETUP' },
    { id: 'B', kind: 'INPUT_DATA_STAGING', after: ['A'] },
    { id: 'C', kind: 'OUTPUT_DATA_STAGING', after: ['B'] },
  ],
};
// Three jobs of one type with three tasks; n3 leaves the cluster at 1h.
const config = configFromYaml(
  scenarioYaml({
    workload: workloadYaml(3, TRIPLE),
    topology: [
      'topology:',
      '  zones: [z1, z2]',
      '  nodes:',
      '    - { id: n1, zone: z1, slots: 2 }',
      '    - { id: n2, zone: z2, slots: 2 }',
      '    - { id: n3, zone: z2, slots: 2, leaveAt: 1h }',
      '  sites: [{ id: hpc1, kind: HPC }]',
    ].join('\n'),
  }),
);
const { run } = ledgerBuilders(taskKinds(TRIPLE));
const HOUR = 3_600_000;
const END = config.phases.endMs;

/** One execution: its exec-start and, unless `endMs` is undefined, its exec-end. */
function exec(
  job: string,
  task: string,
  node: string,
  execution: number,
  startMs: number,
  endMs: number | undefined,
  outcome: 'ok' | 'retryable' = 'ok',
): LedgerEntry[] {
  return run(job, task, { node, execution, startMs, endMs, outcome });
}
const crash = (timeMs: number, nodes: string[]) =>
  nemesis(timeMs, 'start', {
    fault: `crash-${timeMs}`,
    kind: 'crash',
    nodes,
    description: `crash ${nodes.join(', ')}`,
  });
const dispatch = (timeMs: number, job: string, task: string, node: string | undefined, attempt: number) =>
  record(timeMs, 'dispatch', { job, task, ...(node === undefined ? {} : { node }), attempt });
const reclaim = (timeMs: number, job: string, task: string, node: string | undefined, attempt: number) =>
  record(timeMs, 'reclaim', { job, task, node, attempt, reason: 'suspected' });

const clean: SplitBrainResult = {
  executionsChecked: 0,
  concurrentExecutionTasks: 0,
  concurrentExecutionPairs: 0,
  longestConcurrentExecutionMs: 0,
  concurrentExecutionExamples: [],
  dispatchesChecked: 0,
  doubleAssignments: 0,
  doubleAssignedTasks: 0,
  doubleAssignmentExamples: [],
};

describe('the split-brain checker', () => {
  it('is registered under the name splitBrain', () => {
    expect(splitBrainChecker.name).toBe('splitBrain');
    expect(splitBrainChecker.check).toBe(checkSplitBrain);
  });

  describe('concurrent executions', () => {
    it('finds none in executions that touch end to start, overlap on one node, or ran while the other’s node was crashed', () => {
      const ledger = [
        ...exec('job-1', 'A', 'n1', 0, 10, 20, 'retryable'),
        ...exec('job-1', 'A', 'n2', 1, 20, 30), // starts as the first ends: [10, 20) and [20, 30)
        ...exec('job-1', 'B', 'n1', 0, 30, 50),
        ...exec('job-1', 'B', 'n1', 1, 40, 60), // same node: not split brain
        ...exec('job-2', 'A', 'n1', 0, 100, undefined), // cut short by n1's crash at 150
        ...exec('job-2', 'A', 'n2', 1, 150, 400),
      ];
      expect(checkSplitBrain({ config, history: [crash(150, ['n1'])], ledger })).toEqual({
        ...clean,
        executionsChecked: 6,
      });
    });

    it('flags a task running on two nodes at once, with the overlap, and the longest overlap over all tasks', () => {
      const ledger = [
        ...exec('job-1', 'A', 'n1', 0, 10, 50),
        ...exec('job-1', 'A', 'n2', 1, 30, 45), // [30, 45) inside [10, 50): 15 ms
        ...exec('job-1', 'A', 'n3', 2, 40, 70), // overlaps both: [40, 50) with n1, [40, 45) with n2
        ...exec('job-2', 'B', 'n2', 0, 5, 105, 'retryable'),
        ...exec('job-2', 'B', 'n1', 1, 25, 200), // [25, 105): 80 ms
      ];
      expect(checkSplitBrain({ config, history: [], ledger: [...ledger].reverse() })).toEqual({
        ...clean,
        executionsChecked: 5,
        concurrentExecutionTasks: 2,
        concurrentExecutionPairs: 4,
        longestConcurrentExecutionMs: 80,
        concurrentExecutionExamples: [
          { task: 'job-2/B', nodes: ['n2', 'n1'], executions: [0, 1], fromMs: 25, toMs: 105 },
          { task: 'job-1/A', nodes: ['n1', 'n2'], executions: [0, 1], fromMs: 30, toMs: 45 },
          { task: 'job-1/A', nodes: ['n1', 'n3'], executions: [0, 2], fromMs: 40, toMs: 50 },
          { task: 'job-1/A', nodes: ['n2', 'n3'], executions: [1, 2], fromMs: 40, toMs: 45 },
        ],
      });
    });

    it('holds an execution with no end until its node’s first crash at or after its start (a crash before it does not count)', () => {
      const ledger = [...exec('job-1', 'A', 'n1', 0, 10, undefined), ...exec('job-1', 'A', 'n2', 1, 20, 40)];
      const history = [crash(5, ['n1']), crash(25, ['n2', 'n1']), crash(30, ['n1'])];
      expect(checkSplitBrain({ config, history, ledger })).toEqual({
        ...clean,
        executionsChecked: 2,
        concurrentExecutionTasks: 1,
        concurrentExecutionPairs: 1,
        longestConcurrentExecutionMs: 5,
        concurrentExecutionExamples: [
          { task: 'job-1/A', nodes: ['n1', 'n2'], executions: [0, 1], fromMs: 20, toMs: 25 },
        ],
      });
    });

    it('holds an execution with no end and no crash until its node leaves, or until the run ends', () => {
      const ledger = [
        ...exec('job-1', 'A', 'n3', 0, HOUR - 10, undefined), // n3 leaves at 1h
        ...exec('job-1', 'A', 'n2', 1, HOUR - 4, HOUR + 100),
        ...exec('job-2', 'A', 'n1', 0, END - 100, undefined),
        ...exec('job-2', 'A', 'n2', 1, END - 30, undefined),
      ];
      expect(checkSplitBrain({ config, history: [], ledger })).toEqual({
        ...clean,
        executionsChecked: 4,
        concurrentExecutionTasks: 2,
        concurrentExecutionPairs: 2,
        longestConcurrentExecutionMs: 30,
        concurrentExecutionExamples: [
          { task: 'job-1/A', nodes: ['n3', 'n2'], executions: [0, 1], fromMs: HOUR - 4, toMs: HOUR },
          { task: 'job-2/A', nodes: ['n1', 'n2'], executions: [0, 1], fromMs: END - 30, toMs: END },
        ],
      });
    });
  });

  describe('double assignments', () => {
    it('finds none when every earlier assignment was reclaimed, retried, ended on its node, finished, or its job completed', () => {
      const history = [
        // Ended on its node (a failure) at the very instant of the next dispatch.
        dispatch(5, 'job-1', 'A', 'n1', 1),
        dispatch(20, 'job-1', 'A', 'n2', 2),
        // Reclaimed, by node and attempt; then reclaimed naming only the attempt.
        dispatch(30, 'job-1', 'B', 'n1', 1),
        reclaim(40, 'job-1', 'B', 'n1', 1),
        dispatch(41, 'job-1', 'B', 'n2', 2),
        reclaim(45, 'job-1', 'B', undefined, 2),
        dispatch(46, 'job-1', 'B', 'n3', 3),
        // The failure accepted (`retry` of the attempt).
        dispatch(50, 'job-1', 'C', 'n1', 1),
        record(60, 'retry', { job: 'job-1', task: 'C', attempt: 1, reason: 'retryable' }),
        dispatch(61, 'job-1', 'C', 'n2', 2),
        // Finished ok anywhere (here by an earlier zombie on n3).
        dispatch(70, 'job-2', 'A', 'n1', 1),
        dispatch(90, 'job-2', 'A', 'n2', 2),
        // The job completed; and the same node dispatched twice; and a dispatch naming no node.
        dispatch(100, 'job-3', 'A', 'n1', 1),
        dispatch(101, 'job-3', 'A', 'n1', 2),
        record(110, 'job-complete', { job: 'job-3' }),
        dispatch(120, 'job-3', 'A', 'n2', 3),
        dispatch(130, 'job-3', 'B', undefined, 1),
      ];
      const ledger = [...exec('job-1', 'A', 'n1', 0, 10, 20, 'retryable'), ...exec('job-2', 'A', 'n3', 0, 60, 80)];
      expect(checkSplitBrain({ config, history, ledger })).toEqual({
        ...clean,
        executionsChecked: 2,
        dispatchesChecked: 12,
      });
    });

    it('flags a dispatch while another node still held the task, naming every holder', () => {
      const history = [
        dispatch(5, 'job-1', 'A', 'n1', 1),
        dispatch(10, 'job-1', 'A', 'n2', 2),
        dispatch(15, 'job-1', 'A', 'n3', 3),
        // A reclaim of another attempt, and an end on the node before the dispatch, release nothing.
        dispatch(30, 'job-2', 'B', 'n1', 2),
        reclaim(35, 'job-2', 'B', 'n1', 1),
        dispatch(40, 'job-2', 'B', 'n2', 3),
        // A reclaim naming another node releases nothing either.
        dispatch(50, 'job-3', 'A', 'n1', 1),
        reclaim(55, 'job-3', 'A', 'n2', 1),
        dispatch(60, 'job-3', 'A', 'n2', 2),
      ];
      const ledger = exec('job-2', 'B', 'n1', 0, 10, 20, 'retryable');
      expect(checkSplitBrain({ config, history, ledger })).toEqual({
        ...clean,
        executionsChecked: 1,
        dispatchesChecked: 7,
        doubleAssignments: 4,
        doubleAssignedTasks: 3,
        doubleAssignmentExamples: [
          { task: 'job-1/A', timeMs: 10, node: 'n2', attempt: 2, heldBy: ['n1'] },
          { task: 'job-1/A', timeMs: 15, node: 'n3', attempt: 3, heldBy: ['n1', 'n2'] },
          { task: 'job-2/B', timeMs: 40, node: 'n2', attempt: 3, heldBy: ['n1'] },
          { task: 'job-3/A', timeMs: 60, node: 'n2', attempt: 2, heldBy: ['n1'] },
        ],
      });
    });

    it('flags the re-dispatch of a task whose first node failed without a reclaim (job-failed of another job releases nothing)', () => {
      const history = [
        dispatch(5, 'job-1', 'A', 'n1', 1),
        record(20, 'job-failed', { job: 'job-2', task: 'A' }),
        dispatch(30, 'job-1', 'A', 'n2', 2),
      ];
      expect(checkSplitBrain({ config, history: [crash(10, ['n1']), ...history], ledger: [] })).toEqual({
        ...clean,
        dispatchesChecked: 2,
        doubleAssignments: 1,
        doubleAssignedTasks: 1,
        doubleAssignmentExamples: [{ task: 'job-1/A', timeMs: 30, node: 'n2', attempt: 2, heldBy: ['n1'] }],
      });
      // Declared failed, its job's assignments go with it.
      const failed = [
        dispatch(5, 'job-1', 'A', 'n1', 1),
        record(20, 'job-failed', { job: 'job-1', task: 'A' }),
        dispatch(30, 'job-1', 'A', 'n2', 2),
      ];
      expect(checkSplitBrain({ config, history: failed, ledger: [] })).toEqual({ ...clean, dispatchesChecked: 2 });
    });
  });
});
