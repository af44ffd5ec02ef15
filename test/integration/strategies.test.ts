/**
 * What each strategy claims, on the embedded server: every strategy completes a fault-free
 * workload; the 2017 canary loses work when a worker crashes and skips steps when an OK arrives
 * twice (and the checkers say so). Under a zone split — on the direct runtime, a longer scenario
 * (the two runtimes agree: audit.test.ts) — `hybrid` refuses work on the minority side rather
 * than duplicate a site effect, `stateless` keeps taking submits on both sides, and `stateful`
 * (whose coordinator is on one side) pays with zombie duplicates.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeName } from '../../runner/execute.js';
import type { StrategyResults } from '../../results/run.js';
import { runScenario } from '../../runner/run.js';
import type { HistoryEntry } from '../../simulator/scenario/history.js';
import { Client } from '@temporalio/client';
import { type TemporalCensus, temporalCensus } from '../../bench/census.js';
import { comparedStrategies, findStrategy } from '../../strategies/index.js';
import type { Strategy } from '../../strategies/types.js';
import { scenarioBudgetMs } from '../helpers/budget.js';

const strategy = (name: string): Strategy => {
  const found = findStrategy(name);
  if (!found) throw new Error(`no strategy ${name}`);
  return found;
};

async function run(scenarioFile: string, names: readonly string[], runtime: RuntimeName = 'temporal') {
  const histories = new Map<string, readonly HistoryEntry[]>();
  const outcome = await runScenario({
    scenarioFile,
    runtime,
    strategies: names.map(strategy),
    outDir: mkdtempSync(join(tmpdir(), 'faultline-strategies-')),
    events: { strategyExecuted: (ran, execution) => void histories.set(ran.name, execution.history) },
  });
  const results = (name: string): StrategyResults => {
    const found = outcome.results.strategies.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no results for ${name}`);
    return found;
  };
  return { outcome, results, history: (name: string) => histories.get(name) ?? [] };
}

/** Submits a client sent in [fromMs, toMs): how many, and how many were answered ok. */
function submitsIn(
  history: readonly HistoryEntry[],
  client: string,
  fromMs: number,
  toMs: number,
): { sent: number; ok: number } {
  const sent = new Set(
    history
      .filter(
        (entry) =>
          entry.process === client &&
          entry.f === 'submit' &&
          entry.type === 'invoke' &&
          entry.timeMs >= fromMs &&
          entry.timeMs < toMs,
      )
      .map((entry) => entry.op),
  );
  const ok = history.filter((entry) => entry.f === 'submit' && entry.type === 'ok' && sent.has(entry.op)).length;
  return { sent: sent.size, ok };
}

// On the direct runtime: test/integration/audit.test.ts holds every strategy's runs on it identical to Temporal's.
describe('every compared strategy without faults (test/fixtures/no-faults.yaml, seed=3, --runtime direct)', () => {
  it(
    'completes every job once, in DAG order',
    async () => {
      const names = comparedStrategies().map((compared) => compared.name);
      const { results } = await run('test/fixtures/no-faults.yaml', names, 'direct');
      for (const name of names) {
        const { work, steps } = results(name).checks;
        expect({ name, ...work }).toMatchObject({
          name,
          jobsAccepted: 8,
          jobsCompleted: 8,
          jobsLost: 0,
          duplicateExecutions: 0,
          duplicateEffects: 0,
        });
        expect({ name, ...steps }).toMatchObject({ name, outOfOrderStarts: 0, skippedSteps: 0, completionsChecked: 8 });
      }
    },
    scenarioBudgetMs('test/fixtures/no-faults.yaml', { runs: comparedStrategies().length, runtime: 'direct' }),
  );
});

describe('the canary-2017 strategy is caught by the checkers', () => {
  it(
    'loses the tasks of a crashed worker (test/fixtures/canary-crash.yaml, seed=4); stateful loses none',
    async () => {
      const { outcome, results } = await run('test/fixtures/canary-crash.yaml', ['canary-2017', 'stateful']);
      expect(results('canary-2017').checks.work.jobsLost).toBeGreaterThan(0);
      expect(results('stateful').checks.work).toMatchObject({ jobsLost: 0, jobsCompleted: 8 });
      // The canary claims nothing, so what it misses is caught, not a failure of the run.
      expect(outcome.results.verdict).toMatchObject({ passed: true, violations: [] });
      expect(outcome.results.verdict.expected.map((violation) => violation.target)).toEqual(['canary-2017: lostJobs']);
    },
    scenarioBudgetMs('test/fixtures/canary-crash.yaml', { runs: 2 }),
  );

  it(
    'skips and reorders steps when OKs are duplicated (test/fixtures/canary-duplicate-ok.yaml, seed=6); stateful does not',
    async () => {
      const { outcome, results } = await run('test/fixtures/canary-duplicate-ok.yaml', ['canary-2017', 'stateful']);
      const canary = results('canary-2017').checks.steps;
      expect(canary.skippedSteps).toBeGreaterThan(0);
      expect(canary.prematureCompletions).toBeGreaterThan(0);
      expect(canary.outOfOrderStarts).toBeGreaterThan(0);
      expect(results('stateful').checks.steps).toMatchObject({
        outOfOrderStarts: 0,
        skippedSteps: 0,
        prematureCompletions: 0,
      });
      expect(outcome.results.verdict).toMatchObject({ passed: true, violations: [] });
      expect(outcome.results.verdict.expected.map((violation) => violation.target).sort()).toEqual([
        'canary-2017: outOfOrderSteps',
        'canary-2017: skippedSteps',
      ]);
    },
    scenarioBudgetMs('test/fixtures/canary-duplicate-ok.yaml', { runs: 2 }),
  );
});

describe('a zone split with zombies (scenarios/zombie-partition.yaml, seed=23, --runtime direct)', () => {
  const PARTITION = { fromMs: 3_600_000, toMs: 4_200_000 };

  it(
    'hybrid refuses the minority side and never duplicates an effect; stateless stays available on both sides; stateful duplicates',
    async () => {
      const { results, history } = await run(
        'scenarios/zombie-partition.yaml',
        ['stateful', 'hybrid', 'stateless'],
        'direct',
      );

      const hybrid = results('hybrid').checks.work;
      expect(hybrid.duplicateEffects).toBe(0);
      expect(hybrid.jobsLost).toBe(0);
      // client-2 is in z2, cut from the store's quorum (two replicas in z1): its submits are refused.
      const hybridMinority = submitsIn(history('hybrid'), 'client-2', PARTITION.fromMs, PARTITION.toMs);
      expect(hybridMinority.sent).toBeGreaterThan(0);
      expect(hybridMinority.ok).toBe(0);

      // stateless: a gateway and a broker on each side; every submit in the split is accepted.
      for (const client of ['client-1', 'client-2']) {
        const during = submitsIn(history('stateless'), client, PARTITION.fromMs, PARTITION.toMs);
        expect({ client, ...during }).toEqual({ client, sent: during.sent, ok: during.sent });
        expect(during.sent).toBeGreaterThan(0);
      }
      expect(results('stateless').checks.work.jobsLost).toBe(0);

      // stateful: the coordinator re-dispatches what the cut-off nodes were running; they carry on.
      const stateful = results('stateful').checks.work;
      expect(stateful.jobsLost).toBe(0);
      expect(stateful.duplicateEffects).toBeGreaterThan(0);
    },
    scenarioBudgetMs('scenarios/zombie-partition.yaml', { runs: 3, runtime: 'direct' }),
  );
});

describe('spawned components outlive their spawner’s continue-as-new', () => {
  // The Java test server leaked a time-skipping lock when a child workflow ended after its
  // parent continued-as-new, and the clock never skipped again: hybrid (whose entries spawn one
  // orchestrator per job) stalled 7 simulated hours into bench/reference.yaml. Spawned
  // components are now started by the commit activity, not as children. Here every component
  // continues-as-new after 150 history events, so entries do so while orchestrators run.
  it(
    'hybrid completes every job with continue-as-new every 150 events (test/fixtures/no-faults.yaml, seed=3)',
    async () => {
      let census: TemporalCensus | undefined;
      const outcome = await runScenario({
        scenarioFile: 'test/fixtures/no-faults.yaml',
        strategies: [strategy('hybrid')],
        outDir: mkdtempSync(join(tmpdir(), 'faultline-continue-')),
        continueAsNewAfterEvents: 150,
        events: {
          async strategyExecuted(_strategy, execution, engine) {
            if (!engine) throw new Error('this needs the temporal runtime');
            census = await temporalCensus(
              new Client({ connection: engine.connection, namespace: engine.namespace }),
              Object.values(execution.workflowIds),
            );
          },
        },
      });
      const [hybrid] = outcome.results.strategies;
      expect(hybrid?.checks.work.jobsCompleted).toBe(8);
      expect(hybrid?.checks.work.jobsLost).toBe(0);
      // Continue-as-new really happened, many times over, and the largest carry was measured.
      expect(census?.runs).toBeGreaterThan((census?.workflows ?? 0) + 10);
      // The kernel never cancels a timer: a cancel can race the timer firing and stall the test
      // server (test/integration/timer-race.test.ts). Doorbells made many timers obsolete here.
      expect(census?.timers).toBeGreaterThan(100);
      expect(census?.timersCancelled).toBe(0);
      expect(outcome.results.wall.strategies.hybrid?.largestCarry?.bytes).toBeGreaterThan(100);
    },
    scenarioBudgetMs('test/fixtures/no-faults.yaml'),
  );
});
