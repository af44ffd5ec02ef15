/**
 * `processKills`: kills of faultline's own processes (the Temporal worker process, the dev server). The scenario
 * language takes one `at` or a `random` count per entry, rejects malformed entries naming the file, the field and
 * what was expected, and resolves them into `config.processKills`, sorted, from a stream of their own: adding
 * them changes nothing else in the resolved configuration, and a scenario without them resolves as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import { ScenarioError } from '../../simulator/scenario/errors.js';
import { loadScenarioFileSync, parseScenarioText } from '../../simulator/scenario/load.js';
import { resolveProcessKills } from '../../simulator/scenario/process-kills.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { scenarioYaml } from '../helpers/scenarios.js';

// scenarioYaml() fills lines 1-12; the processKills section starts at line 13, its entries at line 14.
// The run of scenarioYaml() ends at 2h (fault phase) + 1h (converge) + 1m (final reads) = 3h1m.
const END_MS = 10_860_000;

const withKills = (...entries: string[]) =>
  scenarioYaml({ processKills: ['processKills:', ...entries.map((entry) => `  - ${entry}`)].join('\n') });

function configOf(yaml: string, seed?: number): ResolvedConfig {
  return resolveScenario(parseScenarioText('kills.yaml', yaml), { file: 'kills.yaml', seed });
}

function errorOf(yaml: string): ScenarioError {
  try {
    parseScenarioText('kills.yaml', yaml);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted');
}

/** The configuration without `processKills`. */
function withoutKills(config: ResolvedConfig): Omit<ResolvedConfig, 'processKills'> {
  const { processKills: _processKills, ...rest } = config;
  return rest;
}

describe('processKills in the scenario language', () => {
  it('accepts a kill at a time and a number of kills at random moments', () => {
    const scenario = parseScenarioText(
      'kills.yaml',
      withKills('{ kind: worker-process-kill, at: 90s }', '{ kind: server-kill, random: 3 }'),
    );
    expect(scenario.processKills).toEqual([
      { kind: 'worker-process-kill', at: 90_000 },
      { kind: 'server-kill', random: 3 },
    ]);
  });

  it('refuses an entry with both at and random, or neither', () => {
    for (const entry of ['{ kind: server-kill, at: 1m, random: 2 }', '{ kind: server-kill }']) {
      const error = errorOf(withKills('{ kind: worker-process-kill, at: 1m }', entry));
      expect(error.problems).toMatchObject([
        { path: ['processKills', 1], expected: 'expected exactly one of `at` or `random`', line: 15 },
      ]);
      expect(error.message).toContain('kills.yaml:15:5  processKills[1]: expected exactly one of `at` or `random`');
    }
  });

  it('refuses an unknown kind', () => {
    const error = errorOf(withKills('{ kind: node-kill, at: 1m }'));
    expect(error.problems).toEqual([
      {
        path: ['processKills', 0, 'kind'],
        expected: 'expected a process kill kind: worker-process-kill, server-kill',
        found: '"node-kill"',
        line: 14,
        column: 13,
      },
    ]);
  });

  it('refuses random 0, random over 100 and at 0', () => {
    const expected = 'expected a positive integer, at most 100';
    for (const [entry, found] of [
      ['{ kind: server-kill, random: 0 }', '0'],
      ['{ kind: server-kill, random: 101 }', '101'],
      ['{ kind: server-kill, random: 1.5 }', '1.5'],
    ] as const) {
      const error = errorOf(withKills('{ kind: server-kill, at: 1m }', entry));
      expect(error.problems).toMatchObject([{ path: ['processKills', 1, 'random'], expected, found, line: 15 }]);
      expect(error.message).toContain(`kills.yaml:15:34  processKills[1].random: ${expected}, found ${found}`);
    }
    expect(errorOf(withKills('{ kind: server-kill, at: 0s }')).problems).toMatchObject([
      { path: ['processKills', 0, 'at'], expected: 'expected a positive duration (at least 1ms)', found: '"0s"' },
    ]);
  });

  it('refuses an at at or past the end of the run, naming the field', () => {
    const expected =
      'expected a time before the end of the run (3h1m: the fault phase, then phases.converge, then phases.finalReads)';
    for (const at of ['3h1m', '5h']) {
      const error = errorOf(withKills('{ kind: server-kill, random: 2 }', `{ kind: worker-process-kill, at: ${at} }`));
      expect(error.problems).toEqual([
        { path: ['processKills', 1, 'at'], expected, found: `"${at}"`, line: 15, column: 38 },
      ]);
      expect(error.message).toContain(`kills.yaml:15:38  processKills[1].at: ${expected}, found "${at}"`);
    }
    // Past the fault phase but inside the run is allowed.
    expect(configOf(withKills('{ kind: worker-process-kill, at: 3h }')).processKills).toEqual([
      { kind: 'worker-process-kill', atMs: 10_800_000 },
    ]);
  });

  it('refuses an unknown field in an entry, listing the fields', () => {
    expect(errorOf(withKills('{ kind: server-kill, at: 1m, target: n1 }')).problems).toMatchObject([
      { path: ['processKills', 0, 'target'], expected: 'one of the fields at, kind, random' },
    ]);
  });
});

describe('processKills resolved', () => {
  const yaml = withKills(
    '{ kind: server-kill, at: 2h }',
    '{ kind: worker-process-kill, random: 5 }',
    '{ kind: worker-process-kill, at: 90s }',
    '{ kind: server-kill, random: 2 }',
  );

  it('holds every kill, sorted by time, random ones as integers in [1, end of the run - 1]', () => {
    const kills = configOf(yaml).processKills ?? [];
    expect(kills).toHaveLength(9);
    expect(kills.map((kill) => kill.atMs)).toEqual([...kills.map((kill) => kill.atMs)].sort((a, b) => a - b));
    for (const kill of kills) {
      expect(Number.isInteger(kill.atMs)).toBe(true);
      expect(kill.atMs).toBeGreaterThanOrEqual(1);
      expect(kill.atMs).toBeLessThanOrEqual(END_MS - 1);
    }
    expect(kills.filter((kill) => kill.kind === 'worker-process-kill')).toHaveLength(6);
    expect(kills.filter((kill) => kill.kind === 'server-kill')).toHaveLength(3);
    expect(kills).toContainEqual({ kind: 'server-kill', atMs: 7_200_000 });
    expect(kills).toContainEqual({ kind: 'worker-process-kill', atMs: 90_000 });
  });

  it('is the same for the same seed and differs for another', () => {
    expect(configOf(yaml).processKills).toEqual(configOf(yaml).processKills);
    expect(configOf(yaml, 8).processKills).not.toEqual(configOf(yaml).processKills);
    expect(configOf(yaml, 8).processKills).toEqual(configOf(yaml, 8).processKills);
  });

  it('keeps kills at the same time in scenario order, each within [1, endMs - 1] even for a tiny run', () => {
    const specs = [
      { kind: 'server-kill' as const, at: 5 },
      { kind: 'worker-process-kill' as const, at: 5 },
      { kind: 'worker-process-kill' as const, random: 20 },
    ];
    const kills = resolveProcessKills(specs, 3, 3);
    expect(kills.filter((kill) => kill.atMs === 5).map((kill) => kill.kind)).toEqual([
      'server-kill',
      'worker-process-kill',
    ]);
    expect(new Set(kills.filter((kill) => kill.atMs !== 5).map((kill) => kill.atMs))).toEqual(new Set([1, 2]));
    expect(resolveProcessKills(undefined, 3, 3)).toEqual([]);
  });

  it('leaves processKills out of a config whose scenario has none (or an empty list)', () => {
    const plain = configOf(scenarioYaml());
    expect('processKills' in plain).toBe(false);
    expect(Object.keys(plain).at(-1)).toBe('targets');
    const empty = configOf(scenarioYaml({ processKills: 'processKills: []' }));
    expect('processKills' in empty).toBe(false);
    expect(JSON.stringify(empty)).toBe(JSON.stringify(plain));
  });

  it('changes nothing else in the configuration: arrivals, job types, faults, swarm draws', () => {
    const sections = {
      workload: [
        'workload:',
        '  jobs: 12',
        '  arrival: { poisson: { mean: 5m } }',
        '  urgent: 0.3',
        '  types: [{ name: A, weight: 2 }, { name: B }]',
      ].join('\n'),
      faults: 'faults:\n  - { kind: crash, target: random, at: 30m, duration: 5m }',
      swarm: 'swarm: { count: 3 }',
    };
    for (const seed of [7, 8, 9]) {
      const before = configOf(scenarioYaml(sections), seed);
      const after = configOf(
        scenarioYaml({
          ...sections,
          processKills:
            'processKills:\n  - { kind: worker-process-kill, random: 7 }\n  - { kind: server-kill, at: 1h }',
        }),
        seed,
      );
      expect(after.processKills).toHaveLength(8);
      expect(withoutKills(after)).toEqual(before);
      expect(JSON.stringify(withoutKills(after))).toBe(JSON.stringify(before));
      expect(after.faults.length).toBeGreaterThan(1);
      expect(after.workload.jobs).toEqual(before.workload.jobs);
    }
  });
});

describe('processKills with extends and in the fixtures', () => {
  it('is inherited from a base, and a derived scenario that writes it replaces the list', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-kills-'));
    writeFileSync(join(folder, 'base.yaml'), withKills('{ kind: worker-process-kill, random: 2 }'));
    writeFileSync(join(folder, 'inherits.yaml'), 'extends: base.yaml\nname: inherits\n');
    writeFileSync(
      join(folder, 'replaces.yaml'),
      'extends: base.yaml\nname: replaces\nprocessKills:\n  - { kind: server-kill, at: 10m }\n',
    );
    writeFileSync(join(folder, 'clears.yaml'), 'extends: base.yaml\nname: clears\nprocessKills: []\n');
    const resolved = (name: string) => {
      const loaded = loadScenarioFileSync(join(folder, name));
      return resolveScenario(loaded.scenario, { file: name });
    };
    expect(resolved('inherits.yaml').processKills?.map((kill) => kill.kind)).toEqual([
      'worker-process-kill',
      'worker-process-kill',
    ]);
    expect(resolved('replaces.yaml').processKills).toEqual([{ kind: 'server-kill', atMs: 600_000 }]);
    expect('processKills' in resolved('clears.yaml')).toBe(false);
  });

  it('an error in a base is located in the base', () => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-kills-'));
    writeFileSync(join(folder, 'base.yaml'), withKills('{ kind: worker-process-kill, random: 0 }'));
    writeFileSync(join(folder, 'child.yaml'), 'extends: base.yaml\nname: child\n');
    let error: unknown;
    try {
      loadScenarioFileSync(join(folder, 'child.yaml'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).message).toContain('processKills[0].random: expected a positive integer');
    expect((error as ScenarioError).message).toContain(`(stated in the base ${join(folder, 'base.yaml')}:14:`);
  });

  it('worker-kills.yaml and server-kill.yaml are canary-crash.yaml with kills added', () => {
    const config = (file: string) => {
      const loaded = loadScenarioFileSync(file);
      return resolveScenario(loaded.scenario, { file: 'same.yaml' });
    };
    const canary = config('test/fixtures/canary-crash.yaml');
    const workerKills = config('test/fixtures/worker-kills.yaml');
    const serverKill = config('test/fixtures/server-kill.yaml');
    expect(workerKills.scenario.name).toBe('worker-kills');
    expect(serverKill.scenario.name).toBe('server-kill');
    expect(workerKills.processKills?.map((kill) => kill.kind)).toEqual(Array(3).fill('worker-process-kill'));
    expect(serverKill.processKills).toEqual([{ kind: 'server-kill', atMs: 660_000 }]);
    expect(serverKill.phases.faultEndMs).toBe(3_600_000);
    const rest = (resolved: ResolvedConfig) => ({ ...withoutKills(resolved), scenario: undefined });
    expect(rest(workerKills)).toEqual(rest(canary));
    expect(rest(serverKill)).toEqual(rest(canary));
  });
});
