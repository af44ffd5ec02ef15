import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../simulator/model.js';
import { AIRAVATA_CHAIN } from '../../simulator/model.js';
import { admitJob, completeTask, initialState, jobState, placeQueued, reclaimNode, setTrusted } from '../../strategies/stateful/core.js';

const job = (id: string): JobSpec => ({
  id,
  type: 'experiment',
  priority: 'NORMAL',
  site: 'hpc1',
  tasks: AIRAVATA_CHAIN.map((kind, index) => ({ id: kind, kind, after: index === 0 ? [] : [AIRAVATA_CHAIN[index - 1] as string] })),
});
const nodes = [
  { id: 'n1', slots: 1, capabilities: [...AIRAVATA_CHAIN] },
  { id: 'n2', slots: 2, capabilities: [...AIRAVATA_CHAIN] },
];

describe('the stateful coordinator core', () => {
  it('runs a job’s chain one task at a time, on the least-loaded trusted node', () => {
    const state = initialState(nodes);
    expect(admitJob(state, job('j1'))).toBe(true);
    expect(admitJob(state, job('j1'))).toBe(false);
    expect(placeQueued(state)).toEqual([{ job: 'j1', task: 'ENV_SETUP', attempt: 1, node: 'n1' }]);
    expect(jobState(state, 'j1')).toBe('RUNNING');
    admitJob(state, job('j2'));
    expect(placeQueued(state)).toEqual([{ job: 'j2', task: 'ENV_SETUP', attempt: 1, node: 'n2' }]);
    expect(completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1)).toEqual({ accepted: true, jobCompleted: false });
    expect(placeQueued(state)).toEqual([{ job: 'j1', task: 'INPUT_DATA_STAGING', attempt: 1, node: 'n1' }]);
  });

  it('keeps tasks queued while no trusted node has a slot', () => {
    const state = initialState([{ id: 'n1', slots: 1, capabilities: [...AIRAVATA_CHAIN] }]);
    admitJob(state, job('j1'));
    admitJob(state, job('j2'));
    expect(placeQueued(state)).toHaveLength(1);
    expect(state.queue).toEqual(['j2/ENV_SETUP']);
    setTrusted(state, 'n1', false);
    completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1);
    expect(placeQueued(state)).toEqual([]);
  });

  it('re-dispatches the work of a reclaimed node as a new attempt, first in line', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    placeQueued(state);
    admitJob(state, job('j2'));
    setTrusted(state, 'n2', false);
    expect(reclaimNode(state, 'n1')).toEqual([{ job: 'j1', task: 'ENV_SETUP', attempt: 1, node: 'n1' }]);
    expect(state.queue).toEqual(['j1/ENV_SETUP', 'j2/ENV_SETUP']);
    setTrusted(state, 'n2', true);
    expect(placeQueued(state)).toEqual([
      { job: 'j1', task: 'ENV_SETUP', attempt: 2, node: 'n1' },
      { job: 'j2', task: 'ENV_SETUP', attempt: 1, node: 'n2' },
    ]);
  });

  it('accepts the first report of a task and ignores a zombie’s later one', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    placeQueued(state);
    reclaimNode(state, 'n1');
    placeQueued(state);
    expect(completeTask(state, 'n2', 'j1', 'ENV_SETUP', 2)).toEqual({ accepted: true, jobCompleted: false });
    expect(completeTask(state, 'n1', 'j1', 'ENV_SETUP', 1)).toEqual({ accepted: false, jobCompleted: false });
  });

  it('completes the job with its last task', () => {
    const state = initialState(nodes);
    admitJob(state, job('j1'));
    let completion = { accepted: false, jobCompleted: false };
    for (const task of AIRAVATA_CHAIN) {
      const [assignment] = placeQueued(state);
      expect(assignment?.task).toBe(task);
      completion = completeTask(state, assignment?.node ?? '', 'j1', task, 1);
    }
    expect(completion).toEqual({ accepted: true, jobCompleted: true });
    expect(jobState(state, 'j1')).toBe('COMPLETED');
  });
});
