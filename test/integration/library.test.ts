/**
 * Every scenario of the library runs with the `stateful` strategy from the CLI (on the embedded
 * server, with each scenario's pinned seed), and a swarm scenario is deterministic: the same seed
 * twice gives identical results, another seed another fault timeline.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../runner/results.js';
import { libraryScenarioFiles } from '../../runner/library.js';
import { loadScenarioFile } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { runCli } from '../helpers/processes.js';

const LIBRARY = libraryScenarioFiles();

function readResults(folder: string): RunResults {
  return JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
}

describe('the scenario library', () => {
  it('has at least eight scenarios', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(8);
  });

  it.each(LIBRARY)('%s runs with stateful from the CLI', async (file) => {
    const out = mkdtempSync(join(tmpdir(), 'faultline-library-'));
    const result = await runCli(['run', file, '--strategy', 'stateful', '--no-progress', '--out', out]);
    expect(result.stderr).not.toMatch(/simulation broke down|error:/);
    expect([0, 1]).toContain(result.code);
    const results = readResults(out);
    const work = results.strategies[0]?.checks.work;
    // Everything submitted was accounted for: completed, declared failed, lost, or never accepted.
    expect(work && work.jobsCompleted + work.jobsFailed + work.jobsLost + work.jobsUnknown + work.jobsRefused).toBe(work?.jobsSubmitted);
    expect(existsSync(join(out, 'history.jsonl'))).toBe(true);
  }, 120_000);
});

describe('determinism with a swarm (scenarios/swarm.yaml)', () => {
  it('the same seed twice gives identical results and history (seed=11)', async () => {
    const first = mkdtempSync(join(tmpdir(), 'faultline-swarm-'));
    const second = mkdtempSync(join(tmpdir(), 'faultline-swarm-'));
    for (const out of [first, second]) {
      const result = await runCli(['run', 'scenarios/swarm.yaml', '--strategy', 'stateful', '--no-progress', '--out', out]);
      expect([0, 1]).toContain(result.code);
    }
    const { wall: _first, ...a } = readResults(first);
    const { wall: _second, ...b } = readResults(second);
    expect(b).toEqual(a);
    expect(readFileSync(join(second, 'history.jsonl'), 'utf8')).toBe(readFileSync(join(first, 'history.jsonl'), 'utf8'));
  }, 180_000);

  it('another seed draws another fault timeline (seeds 11, 12)', async () => {
    const { scenario } = await loadScenarioFile('scenarios/swarm.yaml');
    const eleven = resolveScenario(scenario, { file: 'scenarios/swarm.yaml', seed: 11 });
    const again = resolveScenario(scenario, { file: 'scenarios/swarm.yaml', seed: 11 });
    const twelve = resolveScenario(scenario, { file: 'scenarios/swarm.yaml', seed: 12 });
    expect(again.faults).toEqual(eleven.faults);
    expect(twelve.faults).not.toEqual(eleven.faults);
    expect(eleven.faults).toHaveLength(6);
  });
});
