/**
 * A scenario's warnings (what it allows but is most likely a slip) reach whoever runs it: the
 * run's `configResolved` event and the seeds' `planned` event carry them, for the CLI to print.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunInterrupted } from '../../runner/execute.js';
import { runScenario } from '../../runner/run.js';
import { runSeeds } from '../../runner/seeds.js';
import type { ScenarioProblem } from '../../simulator/scenario/errors.js';
import { findStrategy } from '../../strategies/index.js';
import { scenarioYaml } from '../helpers/scenarios.js';

let root = '';
let scenarioFile = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'faultline-run-warnings-'));
  scenarioFile = join(root, 'empty-zone.yaml');
  // z3 holds nothing: no node, client, replica or site.
  writeFileSync(
    scenarioFile,
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
});
afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

const STRATEGIES = [findStrategy('stateful')].filter((strategy) => strategy !== undefined);
const EMPTY_ZONE = { path: ['topology', 'zones', 2], found: '"z3"', line: 8, column: 19 };

describe('warnings reach the runner events', () => {
  it('runScenario: configResolved gets them', async () => {
    let warnings: readonly ScenarioProblem[] = [];
    await runScenario({
      scenarioFile,
      strategies: STRATEGIES,
      runtime: 'direct',
      outDir: join(root, 'one'),
      events: { configResolved: (_config, _folder, found) => void (warnings = found) },
    });
    expect(warnings).toEqual([expect.objectContaining(EMPTY_ZONE)]);
  });

  it('runSeeds: planned gets them (the run is stopped before a seed starts)', async () => {
    let warnings: readonly ScenarioProblem[] = [];
    const run = runSeeds({
      scenarioFile,
      strategies: STRATEGIES,
      seeds: 2,
      parallel: 1,
      outDir: join(root, 'seeds'),
      signal: AbortSignal.abort(),
      events: { planned: (plan) => void (warnings = plan.warnings) },
    });
    await expect(run).rejects.toBeInstanceOf(RunInterrupted);
    expect(warnings).toEqual([expect.objectContaining(EMPTY_ZONE)]);
  });
});
