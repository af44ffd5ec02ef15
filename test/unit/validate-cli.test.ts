/**
 * `faultline validate` as a user meets it: the summary line of a valid scenario, the warnings
 * printed under it (exit 0), and the timeline. Runs the built CLI (`npm run build` first).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/processes.js';
import { scenarioYaml } from '../helpers/scenarios.js';

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
        topology: ['topology:', '  zones: [z1, z2, z3]', '  nodes:', '    - { id: n1, zone: z1 }', '    - { id: n2, zone: z2 }', '  sites: [{ id: hpc1, kind: HPC }]', '  store: { replicas: [{ id: r1, zone: z1 }] }'].join('\n'),
      }),
    );
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ok  ${file}`);
    expect(result.stdout).toContain(`warning  ${file}:8:19  topology.zones[2]: a zone that holds something: a node, a client, a store replica, a broker or a site (nothing is placed in this one), found "z3"`);
  });

  it('prints no warning when every zone holds something', async () => {
    const file = scenarioFile('every-zone-used.yaml', scenarioYaml());
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('warning');
  });
});
