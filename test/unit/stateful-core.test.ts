import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../simulator/scenario/model.js';
import { AIRAVATA_CHAIN } from '../../simulator/scenario/model.js';
import {
  admitJob,
  completeTask,
  initialState,
  jobState,
  nextScheduledStart,
  placeQueued,
  reclaimNode,
  retireJob,
  setTrusted,
} from '../../strategies/stateful/core.js';

const job = (id: string): JobSpec => ({
  id,
  type: 'experiment',
  priority: 'NORMAL',
  site: 'hpc1',
  tasks: AIRAVATA_CHAIN.map((kind, index) => ({
    id: kind,
    kind,
    after: index === 0 ? [] : [AIRAVATA_CHAIN[index - 1] as string],
  })),
});
const nodes = [
  { id: 'n1', slots: 1, capabilities: [...AIRAVATA_CHAIN], present: true },
  { id: 'n2', slots: 2, capabilities: [...AIRAVATA_CHAIN], present: true },
];
const MAX_ATTEMPTS = 3;
const POLICY = { maxAttempts: MAX_ATTEMPTS, backoffMs: 1_000 };

describe('the stateful coordinator core', () => {
  it('runs a job’s chain one task at a time, on the least-loaded trusted node', () => {
    const state = initialState(nodes);
    expect(admitJob(state, job('j1'))).toBe(true);
    expect(admitJob(state, job('j1'))).toBe(false);
    expect(placeQueued(state, 0)).toEqual([{ job: 'j1', task: 'ENV_SETUP', attempt: 1, node: 'n1' }]);
    expect(jobState(state, 'j1')).toBe('RUNNING');
    admitJob(state, job('j2'));
    expect(placeQueued(state, 0)).toEqual([{ job: 'j2', task: 'ENV_SETUP', attempt: 1, node: 'n2' }]);
    expect(completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1, 'ok', POLICY, 0)).toEqual({
      accepted: true,
      jobCompleted: false,
      jobFailed: false,
      requeued: false,
    });
    expect(placeQueued(state, 0)).toEqual([{ job: 'j1', task: 'INPUT_DATA_STAGING', attempt: 1, node: 'n1' }]);
  });

  it('keeps tasks queued while no trusted node has a slot', () => {
    const state = initialState([{ id: 'n1', slots: 1, capabilities: [...AIRAVATA_CHAIN], present: true }]);
    admitJob(state, job('j1'));
    admitJob(state, job('j2'));
    expect(placeQueued(state, 0)).toHaveLength(1);
    expect(state.queue).toEqual(['j2/ENV_SETUP']);
    setTrusted(state, 'n1', false);
    completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1, 'ok', POLICY, 0);
    expect(placeQueued(state, 0)).toEqual([]);
  });

  it('re-dispatches the work of a reclaimed node as a new attempt, first in line', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    placeQueued(state, 0);
    admitJob(state, job('j2'));
    setTrusted(state, 'n2', false);
    expect(reclaimNode(state, 'n1')).toEqual([{ job: 'j1', task: 'ENV_SETUP', attempt: 1, node: 'n1' }]);
    expect(state.queue).toEqual(['j1/ENV_SETUP', 'j2/ENV_SETUP']);
    setTrusted(state, 'n2', true);
    expect(placeQueued(state, 0)).toEqual([
      { job: 'j1', task: 'ENV_SETUP', attempt: 2, node: 'n1' },
      { job: 'j2', task: 'ENV_SETUP', attempt: 1, node: 'n2' },
    ]);
  });

  it('accepts the first report of a task and ignores a zombie’s later one', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    placeQueued(state, 0);
    reclaimNode(state, 'n1');
    placeQueued(state, 0);
    expect(completeTask(state, 'n2', 'j1', 'ENV_SETUP', 2, 'ok', POLICY, 0)).toMatchObject({ accepted: true });
    expect(completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1, 'ok', POLICY, 0)).toMatchObject({ accepted: false });
  });

  it('completes the job with its last task', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    let completion = {};
    for (const task of AIRAVATA_CHAIN) {
      const [assignment] = placeQueued(state, 0);
      expect(assignment?.task).toBe(task);
      completion = completeTask(state, assignment?.node ?? '', 'j1', task, 1, 'ok', POLICY, 0);
    }
    expect(completion).toEqual({ accepted: true, jobCompleted: true, jobFailed: false, requeued: false });
    expect(jobState(state, 'j1')).toBe('COMPLETED');
  });

  it('retires a completed job to its id: still COMPLETED, not admitted again, a late report only frees its slot', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    admitJob(state, job('j2'));
    retireJob(state, 'j1'); // not completed: kept whole
    expect(state.jobs.j1).toBeDefined();
    for (const task of AIRAVATA_CHAIN) {
      const [assignment] = placeQueued(state, 0).filter((candidate) => candidate.job === 'j1');
      completeTask(state, assignment?.node ?? '', 'j1', task, 1, 'ok', POLICY, 0);
    }
    // A zombie of j1's last task still holds a slot on n2.
    state.nodes.n2?.running.push('j1/OUTPUT_DATA_STAGING#0');
    retireJob(state, 'j1');
    expect(state.jobs.j1).toBeUndefined();
    expect(state.completed).toEqual({ j1: true });
    expect(jobState(state, 'j1')).toBe('COMPLETED');
    expect(admitJob(state, job('j1'))).toBe(false);
    expect(completeTask(state, 'n2', 'j1', 'OUTPUT_DATA_STAGING', 0, 'ok', POLICY, 0)).toMatchObject({
      accepted: false,
    });
    expect(state.nodes.n2?.running).not.toContain('j1/OUTPUT_DATA_STAGING#0');
    expect(jobState(state, 'j2')).not.toBe('COMPLETED');
  });

  it('retries a retryable failure up to the limit, then fails the job; a fatal failure fails it at once', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      // Retries wait: 1 s, then 2 s.
      const [assignment] = placeQueued(state, attempt === 1 ? 0 : 1_000 * 2 ** (attempt - 2));
      expect(assignment).toMatchObject({ task: 'ENV_SETUP', attempt });
      expect(
        completeTask(state, assignment?.node ?? '', 'j1', 'ENV_SETUP', attempt, 'retryable', POLICY, 0),
      ).toMatchObject({ requeued: true, jobFailed: false });
    }
    expect(placeQueued(state, 1_999)).toEqual([]);
    const [last] = placeQueued(state, 2_000);
    expect(
      completeTask(state, last?.node ?? '', 'j1', 'ENV_SETUP', MAX_ATTEMPTS, 'retryable', POLICY, 0),
    ).toMatchObject({ requeued: false, jobFailed: true });
    expect(jobState(state, 'j1')).toBe('FAILED');
    admitJob(state, job('j2'));
    const [first] = placeQueued(state, 0);
    expect(completeTask(state, first?.node ?? '', 'j2', 'ENV_SETUP', 1, 'fatal', POLICY, 0)).toMatchObject({
      jobFailed: true,
    });
    expect(state.queue).toEqual([]);
  });

  it('holds a scheduled job until its start time, and places URGENT jobs first', () => {
    const state = initialState([{ id: 'n1', slots: 1, capabilities: [...AIRAVATA_CHAIN], present: true }]);
    admitJob(state, { ...job('later'), notBeforeMs: 60_000 });
    admitJob(state, job('normal'));
    admitJob(state, { ...job('urgent'), priority: 'URGENT' });
    expect(placeQueued(state, 0)).toEqual([{ job: 'urgent', task: 'ENV_SETUP', attempt: 1, node: 'n1' }]);
    expect(nextScheduledStart(state, 0)).toBe(60_000);
    completeTask(state, 'n1', 'urgent', 'ENV_SETUP', 1, 'ok', POLICY, 0);
    expect(placeQueued(state, 0).map((assignment) => assignment.job)).toEqual(['urgent']);
    completeTask(state, 'n1', 'urgent', 'INPUT_DATA_STAGING', 1, 'ok', POLICY, 0);
    expect(placeQueued(state, 60_000).map((assignment) => assignment.job)).toEqual(['urgent']);
  });
});
