/**
 * `faultline validate` as a user meets it: the summary line of a valid scenario, the warnings
 * printed under it (exit 0), and the timeline. Runs the built CLI (`npm run build` first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTimeline } from '../../cli/render/timeline.js';
import { runCli } from '../helpers/processes.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'faultline-validate-'));
});
afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

function scenarioFile(name: string, content: string): string {
  const file = join(root, name);
  writeFileSync(file, content);
  return file;
}

describe('faultline validate: the summary line', () => {
  it('counts in the right number: 1 job, 1 worker, 1 fault (once: 1 faults)', async () => {
    const file = scenarioFile(
      'one-of-each.yaml',
      scenarioYaml({
        workload: 'workload:\n  jobs: 1\n  arrival: { every: 10m }',
        topology: 'topology:\n  zones: [z1]\n  nodes: [{ id: n1, zone: z1 }]\n  sites: [{ id: hpc1, kind: HPC }]',
        faults: 'faults:\n  - { kind: crash, target: n1, at: 10m, duration: 5m }',
      }),
    );
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ok  ${file}  test: 1 job, 1 worker, 1 fault, 3h1m simulated, seed 7`);
  });

  it('and in the plural: 4 jobs, 2 workers, 0 faults', async () => {
    const file = scenarioFile('plural.yaml', scenarioYaml());
    const result = await runCli(['validate', file]);
    expect(result.stdout).toContain(`ok  ${file}  test: 4 jobs, 2 workers, 0 faults, 3h1m simulated, seed 7`);
  });
});

describe('faultline validate: warnings', () => {
  it('prints a warning under the ok line for a zone that holds nothing, and exits 0', async () => {
    const file = scenarioFile(
      'empty-zone.yaml',
      scenarioYaml({
        topology: [
          'topology:',
          '  zones: [z1, z2, z3]',
          '  nodes:',
          '    - { id: n1, zone: z1 }',
          '    - { id: n2, zone: z2 }',
          '  sites: [{ id: hpc1, kind: HPC }]',
          '  store: { replicas: [{ id: r1, zone: z1 }] }',
        ].join('\n'),
      }),
    );
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ok  ${file}`);
    expect(result.stdout).toContain(
      `warning  ${file}:8:19  topology.zones[2]: a zone that holds something: a node, a client, a store replica, a broker or a site (nothing is placed in this one), found "z3"`,
    );
  });

  it('prints no warning when every zone holds something', async () => {
    const file = scenarioFile('every-zone-used.yaml', scenarioYaml());
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('warning');
  });
});

describe('faultline validate --timeline', () => {
  it('shows node joins and leaves (scenarios/membership.yaml; once left out)', async () => {
    const result = await runCli(['validate', 'scenarios/membership.yaml', '--timeline']);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '');
    expect(lines).toEqual([
      '    0:40:00            n5 joins (z1)',
      '    1:00:00            n2 leaves for good (z1)',
      '    1:20:00            n6 joins (z2)',
    ]);
  });

  it('puts faults, joins and leaves in time order, crash triggers last', () => {
    const config = configFromYaml(
      scenarioYaml({
        topology: [
          'topology:',
          '  zones: [z1, z2]',
          '  nodes:',
          '    - { id: n1, zone: z1, leaveAt: 1h30m }',
          '    - { id: n2, zone: z2, joinAt: 20m }',
          '  sites: [{ id: hpc1, kind: HPC }]',
        ].join('\n'),
        faults: [
          'faults:',
          '  - { kind: crash, when: { on: site-submit, nth: 2 }, duration: 5m }',
          '  - { kind: pause, target: n2, at: 1h, duration: 5m }',
          '  - { kind: crash, target: n1, at: 10m, duration: 5m }',
        ].join('\n'),
      }),
    );
    expect(renderTimeline(config)).toEqual([
      '0:10:00 → 0:15:00  crash n1 (f3)',
      '0:20:00            n2 joins (z2)',
      '1:00:00 → 1:05:00  pause n2 (f2)',
      '1:30:00            n1 leaves for good (z1)',
      'on an event        crash the node where it happens after the 2nd site-submit, for 5m (f1)',
    ]);
  });
});
