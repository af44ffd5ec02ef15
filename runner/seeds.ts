/**
 * `faultline run --seeds K`: seeds S, S+1, … S+K−1, each an ordinary run (`runScenario`: every
 * strategy on the same resolved configuration) in its own folder `seed-<N>/`, up to `parallel`
 * seeds at the same time; then the statistics over the seeds in summary.json (written last,
 * atomically), and report.html rendered from it by the writers the caller hands in (`reports`).
 * A run that failed or was interrupted leaves no summary.json.
 *
 * By default the seeds run on the direct runtime, in worker threads (`seed-threads.ts`), and
 * the first seed runs once more on Temporal (the cross-check, in `cross-check-temporal/`),
 * which must give the same bytes; a divergence fails the run. On the Temporal runtime every
 * strategy of every seed runs on a fresh embedded server of its own, seeds sharing this process.
 */
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ScenarioProblem } from '../simulator/scenario/errors.js';
import { loadScenarioFile } from '../simulator/scenario/load.js';
import { resolveScenario } from '../simulator/scenario/resolve.js';
import type { Strategy } from '../strategies/types.js';
import { type SeedResults, summarizeSeeds } from '../results/aggregate.js';
import { compareRunFolders, describeDivergence } from './audit.js';
import type { ServerName } from '../engine/types.js';
import { RunInterrupted, type RuntimeName } from './execute.js';
import { writeJsonAtomic } from '../results/files.js';
import { claimRunFolders, makeRunFolder, runFolderName } from './output.js';
import { type RunEvents, type RunOutcome, runScenario } from './run.js';
import { SeedThreads } from './seed-threads.js';
import { admitCost, type CostEstimate, estimateCost } from './cost.js';
import { type CrossCheck, SEEDS_FILES, type SeedsSummary } from '../results/summary.js';

/** The largest seed (seeds are 31-bit non-negative integers, as `--seed` takes them). */
export const MAX_SEED = 2 ** 31 - 1;

export interface SeedsOptions {
  readonly scenarioFile: string;
  readonly strategies: readonly Strategy[];
  /** The first seed, S (default: the scenario's). */
  readonly firstSeed?: number;
  /** How many seeds, K ≥ 1. */
  readonly seeds: number;
  /** Seeds run at the same time, ≥ 1 (capped at K). */
  readonly parallel: number;
  /** The multi-seed folder (default `runs/<scenario>-seeds<S>-<S+K−1>-<time>/`). */
  readonly outDir?: string;
  /** The runtime of the seeds (default `direct`). */
  readonly runtime?: RuntimeName;
  /** On the direct runtime: run the first seed once more on Temporal and require the same bytes (default true). */
  readonly crossCheck?: boolean;
  /**
   * Replace finished runs in `outDir` (its summary.json, a seed's results.json); otherwise refused with RunFolderError.
   */
  readonly force?: boolean;
  /** Start even when the estimated memory passes the machine's free memory (runner/cost.ts). */
  readonly yes?: boolean;
  readonly temporalAddress?: string;
  /** Which server faultline starts on the Temporal runtime (default `test`). */
  readonly server?: ServerName;
  readonly timeScale?: number;
  readonly signal?: AbortSignal;
  readonly events?: SeedsEvents;
  /**
   * Write report.html: each seed's into its folder when it has finished (`run`, on this thread,
   * also for seeds run in threads) and the multi-seed one after summary.json (`seeds`). The CLI
   * passes reports/'s writers; none: no reports.
   */
  readonly reports?: {
    readonly run: (folder: string) => Promise<void>;
    readonly seeds: (folder: string) => Promise<void>;
  };
}

export interface SeedsEvents {
  /** Before the first seed starts: the seeds and the folder. */
  planned?(plan: {
    readonly seeds: readonly number[];
    readonly folder: string;
    readonly parallel: number;
    readonly scenarioName: string;
    readonly warnings: readonly ScenarioProblem[];
    readonly cost: CostEstimate;
  }): void;
  /** The events of one seed's run (which seed is the first argument). */
  seed?(seed: number): RunEvents | undefined;
  seedStarted?(seed: number): void;
  seedFinished?(seed: number, outcome: RunOutcome, wallMs: number, done: number): void;
  /** The first seed's run on Temporal has been compared with its run on the direct runtime. */
  crossChecked?(check: CrossCheck): void;
}

export interface SeedsOutcome {
  readonly folder: string;
  readonly summary: SeedsSummary;
}

/** A seed range that cannot be run (bad input: exit 2). */
export class SeedsInputError extends Error {
  override readonly name = 'SeedsInputError';
}

/** The two runtimes disagreed on the cross-checked seed: the instrument is broken (exit 2). */
export class RuntimeDivergence extends Error {
  override readonly name = 'RuntimeDivergence';
}

/** Where the cross-check's Temporal run of the first seed goes, in the multi-seed folder. */
export const CROSS_CHECK_FOLDER = 'cross-check-temporal';

/** Seeds S … S+K−1; throws if the last would pass the largest seed. */
export function seedRange(firstSeed: number, count: number): number[] {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new SeedsInputError(`--seeds: expected a positive integer, got ${count}`);
  if (firstSeed + count - 1 > MAX_SEED)
    throw new SeedsInputError(
      `--seeds: seeds ${firstSeed} to ${firstSeed + count - 1} pass the largest seed, ${MAX_SEED}`,
    );
  return Array.from({ length: count }, (_, index) => firstSeed + index);
}

/** The most seeds run at the same time by default, whatever the cores (see `defaultParallelSeeds`). */
export const DEFAULT_PARALLEL_SEEDS_MAX = 4;

/**
 * Seeds run at the same time unless `--parallel` says otherwise: one per core, at most 4. A
 * running seed keeps about 0.9 of a core busy (measured on canary-crash.yaml: its Java server
 * 0.4, this process's share 0.5 — the worker's workflow thread, and the scheduler and world,
 * which answer every step on the main thread), so one per core fills the machine; the cap is
 * because every running seed shares this process's one main thread.
 */
export function defaultParallelSeeds(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, DEFAULT_PARALLEL_SEEDS_MAX));
}

export const seedFolderName = (seed: number) => `seed-${seed}`;

/**
 * Runs `work` on every item, at most `limit` at a time, results in the items' order. On the
 * first failure no further item starts, `onFailure` is told (to stop those running), and the
 * first error is thrown once every started item has settled (so their servers are stopped).
 */
export async function runPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  onFailure: () => void,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          onFailure();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}

/** The seeds to run and where, as read from the options and the scenario before anything starts. */
interface SeedsPlan {
  readonly startedAt: Date;
  readonly scenarioName: string;
  readonly warnings: readonly ScenarioProblem[];
  readonly seeds: readonly number[];
  readonly parallel: number;
  readonly runtime: RuntimeName;
  readonly cost: CostEstimate;
  /** The multi-seed folder. */
  readonly folder: string;
}

/** The seeds' run: what its steps share. */
interface SeedsRun {
  readonly options: SeedsOptions;
  readonly plan: SeedsPlan;
  /** Aborted on the caller's signal and on the first failure (of a seed or of the cross-check): stops every seed. */
  readonly stop: AbortController;
  /** The worker threads of the direct runtime's seeds, when more than one runs at a time. */
  readonly threads: SeedThreads | undefined;
}

/** Runs every seed, then writes summary.json (and, with `reports`, report.html) in the multi-seed folder. */
export async function runSeeds(options: SeedsOptions): Promise<SeedsOutcome> {
  const plan = await planSeeds(options, new Date());
  await claimSeedsFolder(plan, options.force);
  const { seeds, folder, parallel, scenarioName, warnings, cost } = plan;
  options.events?.planned?.({ seeds, folder, parallel, scenarioName, warnings, cost });

  // One seed's failure stops the others: a summary needs every seed.
  const { stop, unfollow } = followAbort(options.signal);
  const threads = seedThreadsFor(plan, stop);
  const run: SeedsRun = { options, plan, stop, threads };
  const crossCheck = startCrossCheck(run);
  try {
    const finished = await runEverySeed(run, crossCheck);
    const checked = crossCheck ? await checkAgainst(crossCheck, folder, seeds[0] as number) : null;
    if (checked) options.events?.crossChecked?.(checked);
    const summary = seedsSummary(run, finished, checked);
    await writeJsonAtomic(join(folder, SEEDS_FILES.summary), summary);
    await options.reports?.seeds(folder);
    return { folder, summary };
  } finally {
    unfollow();
    await crossCheck?.catch(() => undefined);
    await threads?.close();
  }
}

/**
 * Reads the scenario once up front (a bad file fails before any server starts, and the default seed and name come from
 * it), checks the seeds and --parallel, refuses seeds that cost too much, and names the folder.
 */
async function planSeeds(options: SeedsOptions, startedAt: Date): Promise<SeedsPlan> {
  const { scenario, warnings, arrivalTimesMs } = await loadScenarioFile(options.scenarioFile);
  const seeds = seedRange(options.firstSeed ?? scenario.seed, options.seeds);
  if (!Number.isSafeInteger(options.parallel) || options.parallel < 1)
    throw new SeedsInputError(`--parallel: expected a positive integer, got ${options.parallel}`);
  const parallel = Math.min(options.parallel, seeds.length);
  const runtime = options.runtime ?? 'direct';
  const cost = seedsCost(
    options,
    resolveScenario(scenario, { file: options.scenarioFile, seed: seeds[0], arrivalTimesMs }).workload.jobs.length,
    seeds.length,
    parallel,
  );
  const folder =
    options.outDir ?? runFolderName(scenario.name, `seeds${seeds[0]}-${seeds[seeds.length - 1]}`, startedAt);
  return { startedAt, scenarioName: scenario.name, warnings, seeds, parallel, runtime, cost, folder };
}

/**
 * Claims the multi-seed folder and every seed's up front, so that no seed starts when one of them could not be written
 * (and with force, the seeds' runs find no finished run); then makes the folder and removes a former summary.
 */
async function claimSeedsFolder({ folder, seeds }: SeedsPlan, force: boolean | undefined): Promise<void> {
  await claimRunFolders(
    [
      folder,
      ...seeds.map((seed) => join(folder, seedFolderName(seed))),
      join(folder, CROSS_CHECK_FOLDER, seedFolderName(seeds[0] as number)),
    ],
    force,
  );
  await makeRunFolder(folder);
  for (const name of Object.values(SEEDS_FILES)) await rm(join(folder, name), { force: true });
}

/** A controller aborted when `signal` aborts (at once if it has); `unfollow` stops listening to `signal`. */
function followAbort(signal: AbortSignal | undefined): { stop: AbortController; unfollow: () => void } {
  const stop = new AbortController();
  const forward = () => stop.abort();
  if (signal?.aborted) stop.abort();
  else signal?.addEventListener('abort', forward, { once: true });
  return { stop, unfollow: () => signal?.removeEventListener('abort', forward) };
}

/** On the direct runtime with seeds in parallel: the worker threads, closed when `stop` aborts. */
function seedThreadsFor({ runtime, parallel }: SeedsPlan, stop: AbortController): SeedThreads | undefined {
  const threads = runtime === 'direct' && parallel > 1 ? new SeedThreads(parallel) : undefined;
  const stopThreads = () => void threads?.close();
  stop.signal.addEventListener('abort', stopThreads, { once: true });
  return threads;
}

/**
 * On the direct runtime, unless told not to: the first seed once more on Temporal, beside the direct seeds (they run
 * in threads). Its failure stops the seeds.
 */
function startCrossCheck({ options, plan, stop }: SeedsRun): Promise<string> | undefined {
  const crossCheck =
    plan.runtime === 'direct' && options.crossCheck !== false
      ? crossCheckFirstSeed(options, plan.folder, plan.seeds[0] as number, stop.signal)
      : undefined;
  crossCheck?.catch(() => stop.abort());
  return crossCheck;
}

/**
 * Runs the seeds, `parallel` at a time, and tells the caller as each starts and finishes. The first failure stops the
 * others; when the cross-check failed (and so stopped the seeds), its error is the one thrown, and when a seed failed
 * (and so interrupted the cross-check), the seed's.
 */
async function runEverySeed(run: SeedsRun, crossCheck: Promise<string> | undefined): Promise<SeedResults[]> {
  const { options, plan, stop } = run;
  let done = 0;
  return runPool(
    plan.seeds,
    plan.parallel,
    async (seed): Promise<SeedResults> => {
      if (stop.signal.aborted) throw new RunInterrupted();
      options.events?.seedStarted?.(seed);
      const seedStartedMs = Date.now();
      const outcome = await runSeed(run, seed);
      options.events?.seedFinished?.(seed, outcome, Date.now() - seedStartedMs, ++done);
      return { seed, folder: seedFolderName(seed), results: outcome.results };
    },
    () => stop.abort(),
  ).catch(async (error: unknown) => {
    // A failed cross-check stopped the seeds: its error is the one to report. A seed that failed on its own stopped
    // the cross-check, which then says only that it was interrupted: the seed's error is the one.
    try {
      await crossCheck;
    } catch (crossCheckError) {
      if (!(crossCheckError instanceof RunInterrupted) || error instanceof RunInterrupted) throw crossCheckError;
    }
    throw error;
  });
}

/** One seed's run into its folder: in a worker thread when there are threads, else on this thread. */
async function runSeed({ options, plan, stop, threads }: SeedsRun, seed: number): Promise<RunOutcome> {
  const outDir = join(plan.folder, seedFolderName(seed));
  const strategies = options.strategies.map((strategy) => strategy.name);
  if (threads) {
    const outcome = await threads.run({ scenarioFile: options.scenarioFile, strategies, seed, outDir });
    await options.reports?.run(outDir);
    return outcome;
  }
  return runScenario({
    scenarioFile: options.scenarioFile,
    strategies: options.strategies,
    seed,
    outDir,
    runtime: plan.runtime,
    yes: true,
    temporalAddress: options.temporalAddress,
    server: options.server,
    timeScale: options.timeScale,
    signal: stop.signal,
    events: options.events?.seed?.(seed),
    report: options.reports?.run,
  });
}

/** summary.json's content: the statistics over the seeds and the wall-clock figures (finished now). */
function seedsSummary(
  { options, plan }: SeedsRun,
  finished: readonly SeedResults[],
  checked: CrossCheck | null,
): SeedsSummary {
  const finishedAt = new Date();
  return {
    ...summarizeSeeds(
      finished,
      options.strategies.map((strategy) => strategy.name),
    ),
    wall: {
      startedAt: plan.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallMs: finishedAt.getTime() - plan.startedAt.getTime(),
      parallel: plan.parallel,
      runtime: plan.runtime,
      crossCheck: checked,
    },
  };
}

/**
 * The seeds' cost, refused up front when their memory passes what the machine has free: the seeds
 * at --parallel, and beside them the first seed's cross-check on Temporal. (Each seed's own run is
 * then started with `yes`: the whole was admitted.)
 */
function seedsCost(options: SeedsOptions, jobs: number, seeds: number, parallel: number): CostEstimate {
  const runtime = options.runtime ?? 'direct';
  const plan = {
    jobs,
    strategies: options.strategies.length,
    runtime,
    parallel,
    runs: seeds,
    ownServer: !options.temporalAddress,
    server: options.server,
  };
  const own = estimateCost(plan);
  const check =
    runtime === 'direct' && options.crossCheck !== false
      ? estimateCost({
          jobs,
          strategies: plan.strategies,
          runtime: 'temporal',
          ownServer: plan.ownServer,
          server: options.server,
        })
      : undefined;
  const cost = check
    ? {
        wallMs: Math.max(own.wallMs, check.wallMs),
        memoryMiB: own.memoryMiB + check.memoryMiB,
        serverMiB: check.serverMiB,
      }
    : own;
  const instead = check
    ? `skip the cross-check on Temporal (--no-cross-check: about ${Math.round(own.memoryMiB)} MiB), run fewer seeds at a time, or`
    : undefined;
  admitCost(plan, cost, { yes: options.yes, instead });
  return cost;
}

/** Runs the first seed on Temporal into the cross-check folder; resolves with its folder. */
async function crossCheckFirstSeed(
  options: SeedsOptions,
  folder: string,
  seed: number,
  signal: AbortSignal,
): Promise<string> {
  const outDir = join(folder, CROSS_CHECK_FOLDER, seedFolderName(seed));
  await runScenario({
    scenarioFile: options.scenarioFile,
    strategies: options.strategies,
    seed,
    outDir,
    runtime: 'temporal',
    yes: true,
    temporalAddress: options.temporalAddress,
    server: options.server,
    timeScale: options.timeScale,
    signal,
    report: options.reports?.run,
  });
  return outDir;
}

/** Compares the cross-check's Temporal run with the direct one; a divergence throws. */
async function checkAgainst(crossCheck: Promise<string>, folder: string, seed: number): Promise<CrossCheck> {
  const temporalFolder = await crossCheck;
  const divergence = compareRunFolders(join(folder, seedFolderName(seed)), temporalFolder);
  if (divergence) {
    throw new RuntimeDivergence(
      `seed ${seed} gave different results on the direct and the temporal runtime — a faultline bug (ARCHITECTURE.md, *Runtimes*): first difference in ${describeDivergence(divergence)} (direct against temporal). Both runs are kept: ${join(folder, seedFolderName(seed))} and ${temporalFolder}`,
    );
  }
  return { seed, runtime: 'temporal', identical: true, folder: join(CROSS_CHECK_FOLDER, seedFolderName(seed)) };
}
