/**
 * The pure decision cores of `hybrid` (offer matching), `stateless` (what a finished task makes
 * ready) and `canary-2017` (the proof-of-concept's DAG bookkeeping, bug included), without a
 * server. The stateful core has its own file.
 */
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../simulator/scenario/model.js';
import { AIRAVATA_CHAIN } from '../../simulator/scenario/model.js';
import { createExperiment, firstNode, onOkResponse } from '../../strategies/canary-2017/dag.js';
import {
  match,
  newMatchingState,
  recordOffer,
  requestPlacement,
  setOnline,
  type PlacementRequest,
} from '../../strategies/hybrid/matching.js';
import { readySuccessors, rootTasks, statusAfter, unknownJoinInputs } from '../../strategies/stateless/flow.js';

const chain = (id: string): JobSpec => ({
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

/** A → (B, C) → D: a diamond with a join. */
const diamond: JobSpec = {
  id: 'd1',
  type: 'diamond',
  priority: 'NORMAL',
  site: 'hpc1',
  tasks: [
    { id: 'A', kind: 'ENV_SETUP', after: [] },
    { id: 'B', kind: 'INPUT_DATA_STAGING', after: ['A'] },
    { id: 'C', kind: 'JOB_SUBMISSION', after: ['A'] },
    { id: 'D', kind: 'OUTPUT_DATA_STAGING', after: ['B', 'C'] },
  ],
};

const request = (
  job: string,
  task: string,
  kind: PlacementRequest['kind'],
  priority: PlacementRequest['priority'] = 'NORMAL',
): PlacementRequest => ({
  job,
  task,
  kind,
  priority,
  attempt: 1,
  orchestrator: `orchestrator-${job}`,
});

describe('hybrid offer matching', () => {
  it('places on the online offer with most free slots and the capability, URGENT first', () => {
    const state = newMatchingState(['n1', 'n2', 'n3']);
    recordOffer(state, 'n1', ['ENV_SETUP'], 1);
    recordOffer(state, 'n2', ['ENV_SETUP', 'JOB_SUBMISSION'], 2);
    recordOffer(state, 'n3', ['JOB_SUBMISSION'], 5);
    setOnline(state, 'n3', false);
    requestPlacement(state, request('j1', 'ENV_SETUP', 'ENV_SETUP'));
    requestPlacement(state, request('j2', 'ENV_SETUP', 'ENV_SETUP', 'URGENT'));
    requestPlacement(state, request('j3', 'JOB_SUBMISSION', 'JOB_SUBMISSION'));
    const placements = match(state).map((placement) => [placement.request.job, placement.node]);
    // j2 (URGENT) takes n2 (2 free); j1 then ties n1/n2 at 1 free and takes n1 by node order;
    // j3 needs JOB_SUBMISSION: n3 is offline, n2 has 1 slot left.
    expect(placements).toEqual([
      ['j2', 'n2'],
      ['j1', 'n1'],
      ['j3', 'n2'],
    ]);
    expect(state.pending).toEqual([]);
    expect(state.offers.n2?.free).toBe(0);
  });

  it('keeps what it cannot place, and a repeated request replaces the earlier one', () => {
    const state = newMatchingState(['n1']);
    recordOffer(state, 'n1', ['ENV_SETUP'], 1);
    requestPlacement(state, request('j1', 'T', 'JOB_SUBMISSION'));
    requestPlacement(state, { ...request('j1', 'T', 'JOB_SUBMISSION'), attempt: 2 });
    expect(match(state)).toEqual([]);
    expect(state.pending).toEqual([{ ...request('j1', 'T', 'JOB_SUBMISSION'), attempt: 2 }]);
    recordOffer(state, 'n1', ['JOB_SUBMISSION'], 1);
    expect(match(state).map((placement) => [placement.request.attempt, placement.node])).toEqual([[2, 'n1']]);
  });

  it('keeps a re-sent request in its place in line (first come, first served)', () => {
    const state = newMatchingState(['n1']);
    requestPlacement(state, request('j1', 'ENV_SETUP', 'ENV_SETUP'));
    requestPlacement(state, request('j2', 'ENV_SETUP', 'ENV_SETUP'));
    requestPlacement(state, request('j1', 'ENV_SETUP', 'ENV_SETUP')); // j1's orchestrator re-sends after its place timeout
    recordOffer(state, 'n1', ['ENV_SETUP'], 1);
    expect(match(state).map((placement) => placement.request.job)).toEqual(['j1']);
    expect(state.pending.map((pending) => pending.job)).toEqual(['j2']);
  });

  it('places nothing on a node whose offer is used up until it advertises again', () => {
    const state = newMatchingState(['n1']);
    recordOffer(state, 'n1', ['ENV_SETUP'], 1);
    requestPlacement(state, request('j1', 'ENV_SETUP', 'ENV_SETUP'));
    requestPlacement(state, request('j2', 'ENV_SETUP', 'ENV_SETUP'));
    expect(match(state)).toHaveLength(1);
    expect(match(state)).toHaveLength(0);
    recordOffer(state, 'n1', ['ENV_SETUP'], 1);
    expect(match(state).map((placement) => placement.request.job)).toEqual(['j2']);
  });
});

describe('stateless flow', () => {
  it('starts a job at its roots and readies a join only when every input is done', () => {
    expect(rootTasks(diamond).map((task) => task.id)).toEqual(['A']);
    expect(readySuccessors(diamond, 'A', new Set(['A'])).map((task) => task.id)).toEqual(['B', 'C']);
    expect(readySuccessors(diamond, 'B', new Set(['A', 'B']))).toEqual([]);
    expect(readySuccessors(diamond, 'C', new Set(['A', 'B', 'C'])).map((task) => task.id)).toEqual(['D']);
  });

  it('names the join inputs the message does not know about, so they are read from the store', () => {
    expect(unknownJoinInputs(diamond, 'B', new Set(['A', 'B']))).toEqual(['C']);
    expect(unknownJoinInputs(diamond, 'B', new Set(['A', 'B', 'C']))).toEqual([]);
    expect(unknownJoinInputs(chain('j1'), 'ENV_SETUP', new Set(['ENV_SETUP']))).toEqual([]);
  });

  it('calls a job completed only when every task is done', () => {
    expect(statusAfter(diamond, new Set(['A', 'B', 'C']))).toBe('RUNNING');
    expect(statusAfter(diamond, new Set(['A', 'B', 'C', 'D']))).toBe('COMPLETED');
  });
});

describe('canary-2017 DAG bookkeeping (the 2017 bug, kept on purpose)', () => {
  it('walks the chain when each OK answers the task it should', () => {
    const experiment = createExperiment(chain('j1'));
    expect(firstNode(experiment)).toBe('ENV_SETUP');
    expect(onOkResponse(experiment, 'ENV_SETUP')).toBe('INPUT_DATA_STAGING');
    expect(onOkResponse(experiment, 'INPUT_DATA_STAGING')).toBe('JOB_SUBMISSION');
    expect(onOkResponse(experiment, 'JOB_SUBMISSION')).toBe('MONITORING');
    expect(onOkResponse(experiment, 'MONITORING')).toBe('OUTPUT_DATA_STAGING');
    expect(experiment.state).toBe('RUNNING');
    expect(onOkResponse(experiment, 'OUTPUT_DATA_STAGING')).toBeUndefined();
    expect(experiment.state).toBe('COMPLETED');
  });

  it('skips a step when the same OK arrives twice: the responding task is ignored', () => {
    const experiment = createExperiment(chain('j1'));
    expect(onOkResponse(experiment, 'ENV_SETUP')).toBe('INPUT_DATA_STAGING');
    // A duplicated OK for ENV_SETUP marks INPUT_DATA_STAGING executed and publishes JOB_SUBMISSION
    // although INPUT_DATA_STAGING never ran.
    expect(onOkResponse(experiment, 'ENV_SETUP')).toBe('JOB_SUBMISSION');
    expect(experiment.executed).toEqual(['ENV_SETUP', 'INPUT_DATA_STAGING']);
  });

  it('orders a DAG topologically, so parallel branches run one after the other', () => {
    const experiment = createExperiment(diamond);
    expect(experiment.order).toEqual(['A', 'B', 'C', 'D']);
  });
});
