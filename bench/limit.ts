/**
 * `npm run bench:limit` — issue 8 (a), the physical limit. For each strategy: run the reference
 * scenario at `--jobs` jobs (default 100) once, count the Temporal work it did per job from the
 * server's histories (bench/census.ts), then have a trivial workflow do exactly that much
 * Temporal work per job — the same timers, local activities, signals and child workflows, and
 * nothing else — on a fresh embedded server, all jobs at once (the engine's throughput) and one
 * job at a time (its latency), `--runs` times each. Prints the medians; writes
 * bench/out/limit.json.
 *
 * Usage: npm run bench:limit [-- --jobs 100 --runs 3 --strategy stateful]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { median } from 'simple-statistics';
import { startEngine } from '../engine/index.js';
import { runScenario } from '../runner/run.js';
import { installQuietRuntime } from '../runner/temporal-runtime.js';
import { comparedStrategies, findStrategy } from '../strategies/index.js';
import { perJob, type TemporalCensus, temporalCensus } from './census.js';
import type { LimitJob } from './limit-workflows.js';
import { referenceScenarioYaml } from './reference-scenario.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    strategy: { type: 'string' },
  },
});
const jobCount = Number(values.jobs);
const runs = Number(values.runs);
const strategies = values.strategy
  ? [findStrategy(values.strategy)].filter((strategy) => strategy !== undefined)
  : comparedStrategies();
if (strategies.length === 0) throw new Error(`unknown strategy ${values.strategy}`);

/** `total` operations spread over `jobs` jobs as evenly as whole numbers allow. */
const spread = (total: number, job: number, jobs: number) =>
  Math.floor(((job + 1) * total) / jobs) - Math.floor((job * total) / jobs);

function limitJobs(census: TemporalCensus, jobs: number): LimitJob[] {
  return Array.from({ length: jobs }, (_, job) => ({
    timers: spread(census.timers, job, jobs),
    localActivities: spread(census.localActivities, job, jobs),
    signals: spread(census.signalsSent, job, jobs),
    children: spread(census.children, job, jobs),
  }));
}

const bundle = bundleWorkflowCode({
  workflowsPath: fileURLToPath(new URL('./limit-workflows.ts', import.meta.url)),
  logger: new DefaultLogger('ERROR'),
});

/**
 * Wall milliseconds for the trivial workflows to do `jobs`' Temporal work, `concurrency` jobs at a time, on a fresh
 * server.
 */
async function timeLimit(
  jobs: readonly LimitJob[],
  concurrency: number,
  label: string,
  counted?: (census: TemporalCensus) => void,
): Promise<number> {
  const engine = await startEngine();
  try {
    const taskQueue = `limit-${label}`;
    const worker = await Worker.create({
      connection: engine.nativeConnection,
      namespace: engine.namespace,
      taskQueue,
      workflowBundle: await bundle,
      activities: { limitNoop: async () => undefined },
      maxConcurrentLocalActivityExecutions: 1_000,
      maxConcurrentWorkflowTaskExecutions: 200,
      maxCachedWorkflows: Math.max(1_000, jobs.length * 2),
    });
    const client = new Client({ connection: engine.connection, namespace: engine.namespace });
    const startedAt = performance.now();
    await worker.runUntil(async () => {
      const handle = await client.workflow.start('limitRun', {
        taskQueue,
        workflowId: `limit-${label}`,
        args: [{ jobs, concurrency }],
      });
      await engine.awaitResult(handle);
    });
    const wallMs = performance.now() - startedAt;
    // What the trivial workload really did, to hold beside the strategy's census.
    if (counted)
      counted(
        await temporalCensus(
          client,
          jobs.map((_, index) => `limit-${label}.j${index}`),
        ),
      );
    return wallMs;
  } finally {
    await engine.stop();
  }
}

installQuietRuntime();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
process.stdout.write(
  `bench:limit: reference scenario at ${countOf(jobCount, 'job')}, ${countOf(runs, 'run')} of each limit\nmachine: ${machine}\n`,
);
const scenarioDir = mkdtempSync(join(tmpdir(), 'faultline-limit-'));
const scenarioFile = join(scenarioDir, `reference-${jobCount}.yaml`);
writeFileSync(scenarioFile, referenceScenarioYaml(jobCount));

interface StrategyLimit {
  readonly strategy: string;
  readonly census: TemporalCensus;
  readonly faultlineWallMs: number;
  readonly concurrentMs: number[];
  readonly serialMs: number[];
  /** The trivial jobs' own census (their child workflows not included). */
  readonly limitCensus: TemporalCensus | undefined;
}
const report: StrategyLimit[] = [];
for (const strategy of strategies) {
  let census: TemporalCensus | undefined;
  const outcome = await runScenario({
    scenarioFile,
    strategies: [strategy],
    outDir: mkdtempSync(join(tmpdir(), 'faultline-limit-run-')),
    events: {
      async strategyExecuted(_strategy, execution, engine) {
        if (!engine) throw new Error('this needs the temporal runtime');
        const client = new Client({ connection: engine.connection, namespace: engine.namespace });
        census = await temporalCensus(client, Object.values(execution.workflowIds));
      },
    },
  });
  if (!census) throw new Error(`no census for ${strategy.name}`);
  const faultlineWallMs = outcome.results.wall.strategies[strategy.name]?.wallMs ?? Number.NaN;
  const perJobCensus = perJob(census, jobCount);
  process.stdout.write(
    `${strategy.name}: faultline ${(faultlineWallMs / 1000).toFixed(1)} s; per job ${perJobCensus.workflowTasks.toFixed(1)} workflow tasks, ${perJobCensus.timers.toFixed(1)} timers, ${perJobCensus.localActivities.toFixed(1)} local activities, ${perJobCensus.signalsSent.toFixed(1)} signals, ${perJobCensus.children.toFixed(2)} children, ${perJobCensus.events.toFixed(0)} events\n`,
  );
  const jobs = limitJobs(census, jobCount);
  const concurrentMs: number[] = [];
  const serialMs: number[] = [];
  let limitCensus: TemporalCensus | undefined;
  for (let run = 0; run < runs; run++) {
    concurrentMs.push(
      await timeLimit(
        jobs,
        jobs.length,
        `${strategy.name}-all-${run}`,
        run === 0 ? (counted) => (limitCensus = counted) : undefined,
      ),
    );
    serialMs.push(await timeLimit(jobs, 1, `${strategy.name}-serial-${run}`));
    process.stdout.write(
      `  run ${run + 1}: all at once ${(concurrentMs.at(-1)! / 1000).toFixed(1)} s, one at a time ${(serialMs.at(-1)! / 1000).toFixed(1)} s\n`,
    );
  }
  if (limitCensus) {
    const own = perJob(limitCensus, jobCount);
    process.stdout.write(
      `  the trivial jobs did per job ${own.workflowTasks.toFixed(1)} workflow tasks, ${own.timers.toFixed(1)} timers, ${own.localActivities.toFixed(1)} local activities, ${own.signalsSent.toFixed(1)} signals, ${own.events.toFixed(0)} events\n`,
    );
  }
  report.push({ strategy: strategy.name, census, faultlineWallMs, concurrentMs, serialMs, limitCensus });
}

const ms = (value: number) => value.toFixed(1);
const lines = [
  '| strategy | per job: workflow tasks · timers · local activities · signals · children (events) | limit, all jobs at once: ms per job | limit, one job at a time: ms per job | faultline: ms per job | faultline ÷ limit (at once) |',
  '| --- | --- | --- | --- | --- | --- |',
  ...report.map((entry) => {
    const per = perJob(entry.census, jobCount);
    const concurrent = median(entry.concurrentMs) / jobCount;
    const serial = median(entry.serialMs) / jobCount;
    const faultline = entry.faultlineWallMs / jobCount;
    return `| ${entry.strategy} | ${per.workflowTasks.toFixed(1)} · ${per.timers.toFixed(1)} · ${per.localActivities.toFixed(1)} · ${per.signalsSent.toFixed(1)} · ${per.children.toFixed(2)} (${per.events.toFixed(0)}) | ${ms(concurrent)} | ${ms(serial)} | ${ms(faultline)} | ${(faultline / concurrent).toFixed(1)}× |`;
  }),
];
process.stdout.write(
  `\n${runs === 1 ? 'the one run' : `medians of ${runs} runs`}, ${countOf(jobCount, 'job')}\n${lines.join('\n')}\n`,
);
mkdirSync('bench/out', { recursive: true });
writeFileSync(join('bench/out', 'limit.json'), JSON.stringify({ jobs: jobCount, runs, machine, report }, null, 2));
