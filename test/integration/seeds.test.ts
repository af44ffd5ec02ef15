/**
 * `faultline run --seeds`, kept small (canary-crash.yaml, seeds 4 and 5, stateful and
 * canary-2017): two seeds on the direct runtime one at a time, with the first seed cross-checked
 * on the embedded Temporal server; the same two at the same time in worker threads; and the same
 * two on Temporal at the same time in this process (each strategy of each seed on a server of
 * its own). The per-seed results, histories and ledgers and the summary must depend on none of
 * it. Then an interrupted run leaves no summary.json, the report regenerates byte for byte, and
 * bad options exit 2.
 */
import { writeRunReport, writeSeedsReport } from '../../reports/write.js';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunInterrupted } from '../../runner/execute.js';
import { runSeeds, type SeedsOutcome } from '../../runner/seeds.js';
import { canary2017 } from '../../strategies/canary-2017/index.js';
import { stateful } from '../../strategies/stateful/index.js';
import { budgetMs, scenarioJobs } from '../helpers/budget.js';
import { freshFolder, readRunFile, withoutWall } from '../helpers/run-folders.js';
import { runCli } from '../helpers/processes.js';

const SCENARIO = 'test/fixtures/canary-crash.yaml';
const STRATEGIES = [stateful, canary2017];
const SEEDS = [4, 5];
const JOBS = scenarioJobs(SCENARIO);
/** Strategy runs: the direct ones count little; the Temporal ones are what takes time. */
const budget = (temporalRuns: number, directRuns: number) =>
  budgetMs({ jobs: JOBS, runs: temporalRuns }) + budgetMs({ jobs: JOBS, runs: directRuns, runtime: 'direct' });

const outDir = () => freshFolder('seeds');
const read = readRunFile;

describe('faultline run --seeds 2 on canary-crash (seeds 4 and 5, stateful and canary-2017)', () => {
  let one: SeedsOutcome;
  let two: SeedsOutcome;
  let onTemporal: SeedsOutcome;
  /** When each seed started and finished with --parallel 2, in wall ms. */
  const spans = new Map<number, { startMs: number; endMs?: number }>();

  beforeAll(
    async () => {
      one = await runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 2,
        parallel: 1,
        outDir: outDir(),
        reports: { run: writeRunReport, seeds: writeSeedsReport },
      });
      two = await runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 2,
        parallel: 2,
        crossCheck: false,
        outDir: outDir(),
        events: {
          seedStarted: (seed) => spans.set(seed, { startMs: Date.now() }),
          seedFinished: (seed) => Object.assign(spans.get(seed) as object, { endMs: Date.now() }),
        },
      });
      onTemporal = await runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 2,
        parallel: 2,
        runtime: 'temporal',
        outDir: outDir(),
      });
    },
    budget(2 + 4, 4 + 4),
  );

  it('runs the scenario’s seed and the next, a folder each, and sums them up', () => {
    expect(one.summary).toMatchObject({
      seeds: SEEDS,
      strategies: ['stateful', 'canary-2017'],
      verdict: { passed: true, failedSeeds: [] },
    });
    expect(one.summary.runs.map((run) => run.violations)).toEqual([[], []]);
    for (const seed of SEEDS)
      for (const file of ['config.json', 'history.jsonl', 'ledger.jsonl', 'results.json', 'report.html'])
        expect(existsSync(join(one.folder, `seed-${seed}`, file))).toBe(true);
    expect(JSON.parse(read(one.folder, 'seed-5/results.json'))).toMatchObject({ seed: 5 });
    const lost = one.summary.metrics.find((metric) => metric.key === 'jobsLost');
    expect(lost?.strategies.map((entry) => entry.values)).toEqual([
      [0, 0],
      [4, 4],
    ]);
    expect(lost?.differences[0]).toMatchObject({ a: 'stateful', b: 'canary-2017', n: 2, mean: -4, aBetter: 2 });
    expect(read(one.folder, 'summary.json')).toBe(`${JSON.stringify(one.summary, null, 2)}\n`);
  });

  it('runs on the direct runtime and cross-checks the first seed on Temporal', () => {
    expect(one.summary.wall).toMatchObject({
      runtime: 'direct',
      crossCheck: { seed: 4, runtime: 'temporal', identical: true, folder: 'cross-check-temporal/seed-4' },
    });
    expect(JSON.parse(read(one.folder, 'cross-check-temporal/seed-4/results.json'))).toMatchObject({
      seed: 4,
      wall: { runtime: 'temporal' },
    });
    expect(read(one.folder, 'cross-check-temporal/seed-4/history.jsonl')).toBe(
      read(one.folder, 'seed-4/history.jsonl'),
    );
    expect(two.summary.wall.crossCheck).toBeNull();
    expect(onTemporal.summary.wall).toMatchObject({ runtime: 'temporal', crossCheck: null });
  });

  it('with --parallel 2 ran both seeds at the same time, in worker threads', () => {
    const [first, second] = SEEDS.map((seed) => spans.get(seed) as { startMs: number; endMs: number });
    expect(two.summary.wall.parallel).toBe(2);
    expect(second?.startMs).toBeLessThan(first?.endMs as number);
    expect(first?.startMs).toBeLessThan(second?.endMs as number);
  });

  it('gives identical per-seed results (minus wall), histories, ledgers and summary one at a time, in threads, and on Temporal', () => {
    for (const other of [two, onTemporal]) {
      for (const seed of SEEDS) {
        const folder = `seed-${seed}`;
        expect(withoutWall(read(other.folder, `${folder}/results.json`))).toEqual(
          withoutWall(read(one.folder, `${folder}/results.json`)),
        );
        expect(read(other.folder, `${folder}/history.jsonl`)).toBe(read(one.folder, `${folder}/history.jsonl`));
        expect(read(other.folder, `${folder}/ledger.jsonl`)).toBe(read(one.folder, `${folder}/ledger.jsonl`));
      }
      expect(withoutWall(read(other.folder, 'summary.json'))).toEqual(withoutWall(read(one.folder, 'summary.json')));
    }
  });

  it('faultline report <multi-seed folder> regenerates report.html byte for byte', async () => {
    const written = read(one.folder, 'report.html');
    const result = await runCli(['report', one.folder]);
    expect(result).toMatchObject({ code: 0, stdout: `${join(one.folder, 'report.html')}\n` });
    expect(read(one.folder, 'report.html')).toBe(written);
  });
});

describe('faultline run --seeds interrupted', () => {
  it(
    'on Temporal leaves no summary.json or report.html (a finished run there is replaced, with force: removed first)',
    async () => {
      const out = outDir();
      writeFileSync(join(out, 'summary.json'), '{"formatVersion": 1}');
      writeFileSync(join(out, 'report.html'), 'stale');
      const controller = new AbortController();
      const run = runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 2,
        parallel: 2,
        runtime: 'temporal',
        outDir: out,
        force: true,
        signal: controller.signal,
        // Interrupt as soon as a strategy runs.
        events: { seed: () => ({ strategyStarted: () => controller.abort() }) },
      });
      await expect(run).rejects.toBeInstanceOf(RunInterrupted);
      expect(existsSync(join(out, 'summary.json'))).toBe(false);
      expect(existsSync(join(out, 'report.html'))).toBe(false);
      expect(existsSync(join(out, 'seed-4', 'config.json'))).toBe(true);
      expect(existsSync(join(out, 'seed-4', 'results.json'))).toBe(false);
    },
    budget(2, 0),
  );

  it(
    "reports a seed's own failure, not the interruption of the cross-check it stopped",
    async () => {
      const run = runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 2,
        parallel: 1,
        outDir: outDir(),
        // The first seed's report fails while the Temporal cross-check of that seed is still running.
        reports: {
          run: async () => {
            throw new Error('report writer broke');
          },
          seeds: writeSeedsReport,
        },
      });
      await expect(run).rejects.toThrow('report writer broke');
    },
    budget(1, 2),
  );

  it(
    'in threads leaves no summary.json either',
    async () => {
      const out = outDir();
      const controller = new AbortController();
      const run = runSeeds({
        scenarioFile: SCENARIO,
        strategies: STRATEGIES,
        seeds: 4,
        parallel: 2,
        crossCheck: false,
        outDir: out,
        signal: controller.signal,
        events: { seedFinished: () => controller.abort() },
      });
      await expect(run).rejects.toBeInstanceOf(RunInterrupted);
      expect(existsSync(join(out, 'summary.json'))).toBe(false);
    },
    budget(0, 8),
  );
});

describe('faultline run --seeds / --parallel / --server with bad values', () => {
  it.each([
    [['--seeds', '0'], '--seeds: expected a positive integer, got 0'],
    [['--seeds', '2.5'], '--seeds: expected a positive integer, got 2.5'],
    [['--seeds', 'many'], '--seeds: expected a positive integer, got many'],
    [['--seeds', '2', '--parallel', '0'], '--parallel: expected a positive integer, got 0'],
    [['--parallel', '2'], '--parallel: only with --seeds K'],
    [
      ['--seeds', '3', '--seed', String(2 ** 31 - 2)],
      '--seeds: seeds 2147483646 to 2147483648 pass the largest seed, 2147483647',
    ],
    [
      ['--server', 'dev', '--temporal-address', '127.0.0.1:7233'],
      '--server: faultline starts that server itself; --temporal-address names one already running',
    ],
    [['--server', 'dev', '--runtime', 'direct'], '--server: the direct runtime uses no server'],
    [['--server', 'prod'], 'Argument: server, Given: "prod", Choices: "test", "dev"'],
  ])('%j exits 2 and says why', async (options, message) => {
    const result = await runCli(['run', SCENARIO, ...options, '--no-progress', '--out', outDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
