/**
 * The capacity checker on literal runs: a node that keeps both slots busy while work waits, one
 * that leaves a slot idle beside a queue (the case it must flag), a node that is down, and the
 * warm-up.
 */
import { describe, expect, it } from 'vitest';
import { capacityChecker } from '../../checkers/capacity.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';
import { clientEntry, ledgerBuilders, nemesis, workloadYaml } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

const MIN = 60_000;
const SINGLE = { name: 'SINGLE', tasks: [{ id: 'A', kind: 'ENV_SETUP' as const }] };
const { run } = ledgerBuilders({ A: 'ENV_SETUP' });

/** Four one-task jobs, one a minute, on n1 (two slots, z1) and n2 (two slots, z2); the run ends at 1h. */
const config = (extra: Record<string, string> = {}) =>
  configFromYaml(
    scenarioYaml({
      duration: 'duration: 59m',
      phases: 'phases: { converge: 0s }',
      workload: workloadYaml(4, SINGLE, '1m'),
      ...extra,
    }),
  );
const submit = (job: string, timeMs: number): HistoryEntry =>
  clientEntry('invoke', 'submit', `client-1:${job}`, timeMs, { job });
const exec = (
  job: string,
  node: string,
  startMs: number,
  endMs: number | undefined,
  durationMs = (endMs ?? startMs) - startMs,
): LedgerEntry[] => run(job, 'A', { node, execution: 0, startMs, endMs, outcome: 'ok', durationMs });
const check = (history: HistoryEntry[], ledger: LedgerEntry[], cfg = config()) =>
  capacityChecker.check({ config: cfg, history, ledger });
const submits = [submit('job-1', 0), submit('job-2', 0), submit('job-3', 0), submit('job-4', 0)];

describe('the capacity checker', () => {
  it('is named capacity', () => {
    expect(capacityChecker.name).toBe('capacity');
  });

  it('finds nothing idle when every slot is busy while work waits', () => {
    // Four jobs at 0 on four slots: all start at once, for 10 minutes.
    const ledger = [
      ...exec('job-1', 'n1', 0, 10 * MIN),
      ...exec('job-2', 'n1', 0, 10 * MIN),
      ...exec('job-3', 'n2', 0, 10 * MIN),
      ...exec('job-4', 'n2', 0, 10 * MIN),
    ];
    const result = check(submits, ledger);
    expect(result.idleBesideQueueMs).toBe(0);
    expect(result.avoidableWaitMs).toMatchObject({ count: 4, meanMs: 0, maxMs: 0 });
    expect(result.nodes).toEqual([
      { node: 'n1', slots: 2, peakBusy: 2, backlogMs: 0, meanBusyUnderBacklog: null, idleBesideQueueMs: 0 },
      { node: 'n2', slots: 2, peakBusy: 2, backlogMs: 0, meanBusyUnderBacklog: null, idleBesideQueueMs: 0 },
    ]);
  });

  it('flags a slot left idle beside a queue: one delivery at a time on a two-slot node', () => {
    // Only n1 runs, one task at a time: job-2 waits 10m, job-3 20m, job-4 30m, while n1's second slot
    // and both of n2's stand idle.
    const ledger = [0, 1, 2, 3].flatMap((index) =>
      exec(`job-${index + 1}`, 'n1', index * 10 * MIN, (index + 1) * 10 * MIN),
    );
    const result = check(submits, ledger);
    // Waiting: 3 tasks for 10m, 2 for 10m, 1 for 10m. n1 had one free slot throughout; n2 two.
    expect(result.nodes[0]).toEqual({
      node: 'n1',
      slots: 2,
      peakBusy: 1,
      backlogMs: 30 * MIN,
      meanBusyUnderBacklog: 1,
      idleBesideQueueMs: 30 * MIN,
    });
    expect(result.nodes[1]).toEqual({
      node: 'n2',
      slots: 2,
      peakBusy: 0,
      backlogMs: 30 * MIN,
      meanBusyUnderBacklog: 0,
      idleBesideQueueMs: (2 + 2 + 1) * 10 * MIN,
    });
    expect(result.idleBesideQueueMs).toBe(80 * MIN);
    // Little: the integral of tasks waiting is the sum of the waits (0 + 10 + 20 + 30 minutes).
    expect(result.waitingTaskMs).toBe(60 * MIN);
    expect(result.avoidableWaitMs).toMatchObject({ count: 4, meanMs: 15 * MIN, maxMs: 30 * MIN, maxTask: 'job-4/A' });
  });

  it('does not count the free slots of a node that is down, and ends an abandoned execution at its crash', () => {
    // n2 crashes at 1m (its execution is cut off) and stays down; n1 runs two at a time.
    const history = [
      ...submits,
      nemesis(MIN, 'start', { fault: 'f1', kind: 'crash', nodes: ['n2'], description: 'crash n2' }),
    ];
    const ledger = [
      ...exec('job-1', 'n1', 0, 10 * MIN),
      ...exec('job-2', 'n1', 0, 10 * MIN),
      ...exec('job-3', 'n2', 0, undefined, 10 * MIN),
      ...exec('job-4', 'n1', 10 * MIN, 20 * MIN),
    ];
    const result = check(history, ledger);
    // n2 counts only until its crash: job-4 waited beside its free slot for a minute.
    expect(result.nodes[1]).toMatchObject({ node: 'n2', peakBusy: 1, backlogMs: MIN, idleBesideQueueMs: MIN });
    // job-4 waited 10m, but after 1m no up node had a free slot.
    expect(result.avoidableWaitMs).toMatchObject({ maxMs: MIN, maxTask: 'job-4/A' });
    expect(result.avoidableWaitMs.count).toBe(4);
  });

  it('leaves out the warm-up: the time before it and the tasks of jobs submitted before it', () => {
    const ledger = [0, 1, 2, 3].flatMap((index) =>
      exec(`job-${index + 1}`, 'n1', index * 10 * MIN, (index + 1) * 10 * MIN),
    );
    const history = [submit('job-1', 0), submit('job-2', 0), submit('job-3', 15 * MIN), submit('job-4', 15 * MIN)];
    const result = check(history, ledger, config({ phases: 'phases: { converge: 0s, warmup: 15m }' }));
    // Measured: job-3 (waits 15m → 20m) and job-4 (15m → 30m); from 15m, n1 idles a slot for 15m.
    expect(result.avoidableWaitMs).toMatchObject({ count: 2, meanMs: 10 * MIN, maxMs: 15 * MIN });
    expect(result.nodes[0]).toMatchObject({ backlogMs: 15 * MIN, idleBesideQueueMs: 15 * MIN });
  });
});
