import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../simulator/scenario/errors.js';
import { loadScenarioFile, parseScenarioText } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

function problemsOf(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario files', () => {
  it('resolve with defaults applied and every time in milliseconds', () => {
    const config = configFromYaml(scenarioYaml());
    expect(config.seed).toBe(7);
    expect(config.phases).toEqual({ faultEndMs: 7_200_000, convergeEndMs: 10_800_000, endMs: 10_860_000 });
    expect(config.workload.jobs.map((job) => job.arrivalMs)).toEqual([0, 600_000, 1_200_000, 1_800_000]);
    expect(config.workload.jobs[0]).toEqual({
      id: 'job-1',
      type: 'experiment',
      priority: 'NORMAL',
      site: 'hpc1',
      client: 'client-1',
      arrivalMs: 0,
    });
    expect(config.workload.durations.MONITORING).toEqual({ kind: 'fixed', valueMs: 30_000 });
    expect(config.nodes.map((node) => `${node.id}:${node.role}:${node.zone}`)).toEqual([
      'n1:worker:z1',
      'n2:worker:z2',
      'control:control:z1',
      'broker:broker:z1',
      'store-r1:store:z1',
      'store-r2:store:z2',
      'store-r3:store:z1',
      'client-1:client:z1',
    ]);
    expect(config.workload.jobTypes['experiment']?.tasks.map((task) => task.id)).toEqual([
      'ENV_SETUP',
      'INPUT_DATA_STAGING',
      'JOB_SUBMISSION',
      'MONITORING',
      'OUTPUT_DATA_STAGING',
    ]);
  });

  it('draw Poisson arrivals from the seed: same seed same times, other seed other times', () => {
    const poisson = scenarioYaml({ workload: 'workload:\n  jobs: 4\n  arrival: { poisson: { mean: 10m } }' });
    const first = configFromYaml(poisson).workload.jobs.map((job) => job.arrivalMs);
    const again = configFromYaml(poisson).workload.jobs.map((job) => job.arrivalMs);
    const other = resolveScenario(parseScenarioText('t.yaml', poisson), { file: 't.yaml', seed: 8 }).workload.jobs.map(
      (job) => job.arrivalMs,
    );
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('accept JSON with the same meaning as YAML', () => {
    const json = JSON.stringify({
      name: 'json',
      duration: '1h',
      workload: { jobs: 2, arrival: { every: '10m' } },
      topology: { zones: ['z1'], nodes: [{ id: 'n1', zone: 'z1' }], sites: [{ id: 's1', kind: 'CLOUD' }] },
    });
    expect(configFromYaml(json, 'scenario.json').workload.jobs).toHaveLength(2);
  });
});

describe('bad scenarios name the file, the field, the line, what was expected and what was found', () => {
  it('an unknown field', () => {
    const yaml = scenarioYaml({
      topology:
        'topology:\n  zones: [z1]\n  nodes:\n    - { id: n1, zone: z1, slotz: 2 }\n  sites: [{ id: s1, kind: HPC }]',
    });
    const error = problemsOf(() => parseScenarioText('bad.yaml', yaml));
    expect(error.problems).toEqual([
      {
        path: ['topology', 'nodes', 0, 'slotz'],
        expected: 'one of the fields capabilities, id, joinAt, leaveAt, slots, zone',
        found: 'unknown field "slotz"',
        line: 10,
        column: 27,
      },
    ]);
    expect(error.message).toContain(
      'bad.yaml:10:27  topology.nodes[0].slotz: one of the fields capabilities, id, joinAt, leaveAt, slots, zone, found unknown field "slotz"',
    );
  });

  it('a negative duration', () => {
    const error = problemsOf(() => parseScenarioText('bad.yaml', scenarioYaml({ duration: 'duration: -2h' })));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: ['duration'], found: '"-2h"', line: 3 });
    expect(error.problems[0]?.expected).toBe('expected a positive duration (at least 1ms)');
  });

  it('a zero duration where a positive one is needed', () => {
    const error = problemsOf(() => parseScenarioText('bad.yaml', scenarioYaml({ duration: 'duration: 0s' })));
    expect(error.problems[0]).toMatchObject({
      path: ['duration'],
      expected: 'expected a positive duration (at least 1ms)',
      found: '"0s"',
    });
  });

  it('a wrong type', () => {
    const error = problemsOf(() =>
      parseScenarioText('bad.yaml', scenarioYaml({ workload: 'workload:\n  jobs: many\n  arrival: { every: 10m }' })),
    );
    expect(error.problems).toEqual([
      { path: ['workload', 'jobs'], expected: 'expected a positive integer', found: '"many"', line: 5, column: 9 },
    ]);
  });

  it('a missing required field', () => {
    const error = problemsOf(() => parseScenarioText('bad.yaml', scenarioYaml({ duration: '' })));
    expect(error.problems).toEqual([
      {
        path: ['duration'],
        expected:
          'this required field (Length of the fault phase; every scheduled fault falls inside it, and it ends with the heal.)',
        found: 'nothing (the field is missing)',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('a fault naming an unknown node', () => {
    const error = problemsOf(() =>
      parseScenarioText('bad.yaml', scenarioYaml({ faults: 'faults:\n  - { kind: crash, target: n9, at: 10m }' })),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: ['faults', 0, 'target'], found: '"n9"', line: 14 });
    expect(error.problems[0]?.expected).toBe(
      'a node id (n1, n2, control, broker, store-r1, store-r2, store-r3), { zone: … }, or one of coordinator, broker, random, minority, majority',
    );
  });

  it('a fault outside the run', () => {
    const error = problemsOf(() =>
      parseScenarioText('bad.yaml', scenarioYaml({ faults: 'faults:\n  - { kind: crash, target: n1, at: 3h }' })),
    );
    expect(error.problems[0]).toMatchObject({
      path: ['faults', 0, 'at'],
      expected: 'a time inside the fault phase (before 2h)',
      found: '"3h"',
    });
  });

  it('a YAML syntax error', () => {
    const error = problemsOf(() => parseScenarioText('bad.yaml', 'name: x\nduration: 2h: 3\n'));
    expect(error.problems[0]).toMatchObject({ path: [], expected: 'valid YAML syntax', line: 2 });
  });

  it('an unreadable or non-UTF-8 file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-'));
    const latin1 = join(folder, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    await expect(loadScenarioFile(latin1)).rejects.toMatchObject({
      problems: [{ expected: 'UTF-8 text', found: 'bytes that are not UTF-8 at byte offset 6' }],
    });
    await expect(loadScenarioFile(join(folder, 'missing.yaml'))).rejects.toMatchObject({
      problems: [{ found: 'no such file' }],
    });
  });
});
