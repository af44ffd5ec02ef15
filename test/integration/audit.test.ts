/**
 * The two runtimes give the same bytes: for every compared strategy, the faulted cross-runtime
 * scenario (crash and restart, crash triggers at a time, on a site submission and at a
 * strategy's crash point, a pause, the coordinator's crash and its durable fail-over, clock
 * skew, a partition, lost and duplicated messages, a broker outage, hybrid's spawned
 * orchestrators) run once on the embedded Temporal server and once on the direct runtime gives
 * identical history, ledger and results (less `wall`). A Temporal run that agrees with the
 * direct runtime's — single-threaded, with no timing in it — is also the audit of Temporal's
 * own determinism that this test once ran as two Temporal runs.
 */
import { describe, expect, it } from 'vitest';
import { audit } from '../../runner/audit.js';
import { comparedStrategies } from '../../strategies/index.js';
import { runScenario } from '../../runner/run.js';
import { budgetMs, scenarioJobs } from '../helpers/budget.js';
import { freshFolder, readRunFile, withoutWall } from '../helpers/run-folders.js';

const SCENARIO = 'test/fixtures/cross-runtime.yaml';
const SEED = 5;
const JOBS = scenarioJobs(SCENARIO);

describe(`the cross-runtime audit (${SCENARIO}, seed=${SEED})`, () => {
  it.each(comparedStrategies().map((strategy) => strategy.name))(
    '%s: temporal and direct are identical',
    async (name) => {
      const strategy = comparedStrategies().find((candidate) => candidate.name === name);
      const [result] = await audit({
        scenarioFile: SCENARIO,
        seed: SEED,
        strategies: strategy ? [strategy] : [],
        runtimes: ['temporal', 'direct'],
      });
      expect(result?.divergence ?? null).toBeNull();
      // The run did real work: jobs started tasks (the canary loses some of them).
      expect(result?.ledgerEntries).toBeGreaterThan(30);
    },
    budgetMs({ jobs: JOBS }) + budgetMs({ jobs: JOBS, runtime: 'direct' }),
  );
});

describe(`the worker in faultline's own process (--worker in-process, the path before the worker process)`, () => {
  it(
    'gives the same bytes as the direct runtime',
    async () => {
      const strategies = comparedStrategies().filter((strategy) => strategy.name === 'stateful');
      const run = (runtime: 'temporal' | 'direct') =>
        runScenario({
          scenarioFile: SCENARIO,
          seed: SEED,
          strategies,
          runtime,
          worker: 'in-process',
          outDir: freshFolder(`in-process-${runtime}`),
          yes: true,
        });
      const [temporal, direct] = [await run('temporal'), await run('direct')];
      for (const file of ['history.jsonl', 'ledger.jsonl'])
        expect(readRunFile(temporal.folder, file)).toBe(readRunFile(direct.folder, file));
      expect(withoutWall(readRunFile(temporal.folder, 'results.json'))).toEqual(
        withoutWall(readRunFile(direct.folder, 'results.json')),
      );
    },
    budgetMs({ jobs: JOBS }) + budgetMs({ jobs: JOBS, runtime: 'direct' }),
  );
});
