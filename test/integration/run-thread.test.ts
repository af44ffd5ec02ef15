/**
 * `faultline run --runtime direct` runs in a worker thread with a capped heap
 * (runner/seed-threads.ts): the same bytes as a run in the main thread, the run's events
 * delivered as they happen with the caller's strategy objects, its errors as the classes the CLI
 * maps to exit codes, and a thread that passes its heap reported as such.
 */
import { describe, expect, it } from 'vitest';
import { RunFolderError } from '../../runner/output.js';
import { runScenario } from '../../runner/run.js';
import { RunOutOfMemory, runScenarioInThread } from '../../runner/seed-threads.js';
import { ScenarioError } from '../../simulator/scenario/errors.js';
import { canary2017 } from '../../strategies/canary-2017/index.js';
import { stateful } from '../../strategies/stateful/index.js';
import { scenarioBudgetMs } from '../helpers/budget.js';
import { freshFolder, readRunFile, withoutWall } from '../helpers/run-folders.js';

const SCENARIO = 'test/fixtures/canary-crash.yaml';
const STRATEGIES = [stateful, canary2017];
const outDir = () => freshFolder('run-thread');
const read = readRunFile;

describe('a direct run in a thread of its own', () => {
  it(
    'gives the bytes of a run in the main thread, and delivers its events with the caller’s strategies',
    async () => {
      const seen: string[] = [];
      const started: unknown[] = [];
      let progressed = 0;
      const threaded = await runScenarioInThread({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        outDir: outDir(),
        runtime: 'direct',
        events: {
          configResolved: (config, _folder, _warnings, cost) =>
            seen.push(`config ${config.scenario.name} ${cost.serverMiB}`),
          strategyStarted: (strategy) => started.push(strategy),
          progress: () => void progressed++,
          strategyFinished: (strategy, results) =>
            seen.push(`finished ${strategy.name} lost ${results.checks.work.jobsLost}`),
        },
      });
      const inline = await runScenario({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        outDir: outDir(),
        runtime: 'direct',
      });
      expect(started).toEqual(STRATEGIES);
      expect(progressed).toBeGreaterThanOrEqual(STRATEGIES.length);
      expect(seen).toEqual([
        'config canary-crash 0',
        'finished stateful lost 0',
        `finished canary-2017 lost ${inline.results.strategies[1]?.checks.work.jobsLost}`,
      ]);
      for (const file of ['history.jsonl', 'ledger.jsonl'])
        expect(read(threaded.folder, file)).toBe(read(inline.folder, file));
      expect(withoutWall(read(threaded.folder, 'results.json'))).toEqual(
        withoutWall(read(inline.folder, 'results.json')),
      );
    },
    scenarioBudgetMs(SCENARIO, { runs: 4, runtime: 'direct' }) + 20_000,
  );

  it('reports a bad scenario and a finished run folder as the errors the CLI maps to exit 2', async () => {
    await expect(
      runScenarioInThread({
        scenarioFile: 'test/fixtures/does-not-exist.yaml',
        strategies: STRATEGIES,
        runtime: 'direct',
      }),
    ).rejects.toBeInstanceOf(ScenarioError);
    const folder = outDir();
    await runScenario({ scenarioFile: SCENARIO, strategies: [stateful], outDir: folder, runtime: 'direct' });
    await expect(
      runScenarioInThread({ scenarioFile: SCENARIO, strategies: [stateful], outDir: folder, runtime: 'direct' }),
    ).rejects.toBeInstanceOf(RunFolderError);
  }, 60_000);

  it('says so when the thread passes its heap', async () => {
    const failure = runScenarioInThread(
      { scenarioFile: SCENARIO, strategies: STRATEGIES, outDir: outDir(), runtime: 'direct' },
      4,
    );
    await expect(failure).rejects.toBeInstanceOf(RunOutOfMemory);
    await expect(failure).rejects.toThrow(/heap of 4 MiB/);
  }, 60_000);
});
