/**
 * Every scenario of the library runs with every compared strategy from the CLI, with each
 * scenario's pinned seed, on the direct runtime — which gives the same bytes as Temporal
 * (`audit.test.ts` holds that on a faulted scenario for every strategy; `npm run
 * cross-runtime` on the whole library) in a fraction of the time. `smoke.test.ts` runs the
 * library's first example on Temporal. A swarm scenario is deterministic: the same seed twice
 * gives identical results, another seed another fault timeline.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../results/run.js';
import { libraryScenarioFiles } from '../../runner/library.js';
import { comparedStrategies } from '../../strategies/index.js';
import { loadScenarioFile } from '../../simulator/scenario/load.js';
import { resolveScenario } from '../../simulator/scenario/resolve.js';
import { scenarioBudgetMs } from '../helpers/budget.js';
import { runCli } from '../helpers/processes.js';

const LIBRARY = libraryScenarioFiles();
const STRATEGIES = comparedStrategies().length;
const SWARM_BUDGET_MS = scenarioBudgetMs('scenarios/swarm.yaml', { runs: 2 * STRATEGIES, runtime: 'direct' });
const BUDGETS = new Map(
  LIBRARY.map((file) => [file, scenarioBudgetMs(file, { runs: STRATEGIES, runtime: 'direct' })] as const),
);

function readResults(folder: string): RunResults {
  return JSON.parse(readFileSync(join(folder, 'results.json'), 'utf8')) as RunResults;
}

describe('the scenario library', () => {
  it('has at least eight scenarios', () => {
    expect(LIBRARY.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of LIBRARY) {
    it(
      `${file} runs with every strategy from the CLI (--runtime direct)`,
      async () => {
        const out = mkdtempSync(join(tmpdir(), 'faultline-library-'));
        const result = await runCli(['run', file, '--runtime', 'direct', '--no-progress', '--out', out]);
        expect(result.stderr).not.toMatch(/simulation broke down|error:/);
        expect([0, 1]).toContain(result.code);
        const results = readResults(out);
        expect(results.wall.runtime).toBe('direct');
        expect(results.strategies).toHaveLength(STRATEGIES);
        for (const strategy of results.strategies) {
          const work = strategy.checks.work;
          // Everything submitted was accounted for: completed, declared failed, lost, or never accepted.
          expect(
            work.jobsCompleted + work.jobsFailed + work.jobsLost + work.jobsUnknown + work.jobsRefused,
            strategy.name,
          ).toBe(work.jobsSubmitted);
        }
        expect(existsSync(join(out, 'history.jsonl'))).toBe(true);
      },
      BUDGETS.get(file),
    );
  }
});

describe('determinism with a swarm (scenarios/swarm.yaml)', () => {
  it(
    'the same seed twice gives identical results and history (seed=11, --runtime direct)',
    async () => {
      const first = mkdtempSync(join(tmpdir(), 'faultline-swarm-'));
      const second = mkdtempSync(join(tmpdir(), 'faultline-swarm-'));
      for (const out of [first, second]) {
        const result = await runCli([
          'run',
          'scenarios/swarm.yaml',
          '--runtime',
          'direct',
          '--no-progress',
          '--out',
          out,
        ]);
        expect([0, 1]).toContain(result.code);
      }
      const { wall: _first, ...a } = readResults(first);
      const { wall: _second, ...b } = readResults(second);
      expect(b).toEqual(a);
      expect(readFileSync(join(second, 'history.jsonl'), 'utf8')).toBe(
        readFileSync(join(first, 'history.jsonl'), 'utf8'),
      );
    },
    SWARM_BUDGET_MS,
  );

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
