/**
 * One `faultline run`: scenario file → resolved configuration → each strategy on the engine →
 * checkers → verdicts → the run folder, ending with results.json (and report.html, when the
 * caller hands a writer in `report`: the runner renders no report itself). The CLI is a thin
 * shell over this function; tests call it directly.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCheckers } from '../checkers/index.js';
import { judge, type Violation } from '../checkers/targets.js';
import { holdingOf } from '../checkers/guarantees.js';
import type { Engine, ServerName } from '../engine/types.js';
import type { ResolvedConfig, ResolvedProcessKill } from '../simulator/scenario/config.js';
import type { ScenarioProblem } from '../simulator/scenario/errors.js';
import { loadScenarioFile } from '../simulator/scenario/load.js';
import { resolveScenario } from '../simulator/scenario/resolve.js';
import type { WorldProgress } from '../simulator/world/world.js';
import type { Strategy } from '../strategies/types.js';
import { executeStrategy, type RuntimeName, type StrategyExecution, type WorkerPlacement } from './execute.js';
import { RUN_FILES, writeJsonAtomic } from '../results/files.js';
import { JsonLinesFile, prepareRunFolder } from './output.js';
import {
  type CostPerJob,
  RESULTS_FORMAT_VERSION,
  type RunResults,
  type RunVerdict,
  type StrategyResults,
  type StrategyWall,
} from '../results/run.js';
import { ownPeakRssMiB } from './profile.js';
import { admitCost, type CostEstimate, estimateCost } from './cost.js';

export interface RunOptions {
  readonly scenarioFile: string;
  readonly strategies: readonly Strategy[];
  readonly seed?: number;
  readonly outDir?: string;
  /** Replace a finished run in `outDir` (otherwise refused with RunFolderError). */
  readonly force?: boolean;
  /**
   * Start even when the run's estimated memory passes the machine's free memory (otherwise refused with CostRefused;
   * runner/cost.ts).
   */
  readonly yes?: boolean;
  /** Which runtime carries the strategies (default `temporal`; see runner/execute.ts). */
  readonly runtime?: RuntimeName;
  readonly temporalAddress?: string;
  /** Which server faultline starts on the Temporal runtime when no address is given (default `test`). */
  readonly server?: ServerName;
  readonly timeScale?: number;
  /** See ExecuteOptions.worker (default `process`, which the scenario's process kills need). */
  readonly worker?: WorkerPlacement;
  /** See ExecuteOptions.continueAsNewAfterEvents (a testing knob). */
  readonly continueAsNewAfterEvents?: number;
  readonly signal?: AbortSignal;
  readonly events?: RunEvents;
  /**
   * Writes report.html into the finished folder, after results.json (the CLI passes
   * `writeRunReport` from reports/; the runner does not render reports itself). None: no report.
   */
  readonly report?: (folder: string) => Promise<void>;
}

/** What the run tells its caller as it goes (the CLI draws the progress display from these). */
export interface RunEvents {
  /**
   * The configuration and the run folder, before any strategy runs; `warnings`: what the scenario allows but is most
   * likely a slip.
   */
  configResolved?(
    config: ResolvedConfig,
    folder: string,
    warnings: readonly ScenarioProblem[],
    cost: CostEstimate,
  ): void;
  /**
   * Each time a server is ready: once per strategy when faultline starts its own, once with --temporal-address; never
   * on the direct runtime.
   */
  engineStarted?(engine: Engine): void;
  strategyStarted?(strategy: Strategy, config: ResolvedConfig): void;
  progress?(strategy: Strategy, progress: WorldProgress): void;
  /** One of the scenario's process kills begins (its process is killed, then started again). */
  processKill?(strategy: Strategy, kill: ResolvedProcessKill & { readonly firedAtMs: number }): void;
  strategyFinished?(strategy: Strategy, results: StrategyResults, wall: StrategyWall): void;
  /**
   * After a strategy ran, while its workflows are still on the engine (e.g. to fetch their histories; no engine on the
   * direct runtime).
   */
  strategyExecuted?(strategy: Strategy, execution: StrategyExecution, engine: Engine | undefined): Promise<void> | void;
}

export interface RunOutcome {
  readonly folder: string;
  readonly config: ResolvedConfig;
  readonly results: RunResults;
}

/** A count per job, to one decimal. */
const perJob = (count: number, jobs: number) => Math.round((count / Math.max(1, jobs)) * 10) / 10;

function costPerJob(execution: StrategyExecution, jobs: number): CostPerJob {
  return {
    messagesPerJob: perJob(execution.messages.sent, jobs),
    worldCallsPerJob: perJob(execution.worldCalls, jobs),
    activityCallsPerJob: perJob(2 * execution.steps + execution.worldCalls, jobs),
    stepsPerJob: perJob(execution.steps, jobs),
  };
}

/** The modules a run on the Temporal runtime needs (the SDK's worker and client among them). */
async function loadTemporal() {
  const [{ startEngine }, { installQuietRuntime }] = await Promise.all([
    import('../engine/index.js'),
    import('./temporal-runtime.js'),
  ]);
  return { startEngine, installQuietRuntime };
}

/** One run: what its steps share. */
interface ScenarioRun {
  readonly options: RunOptions;
  readonly startedAt: Date;
  readonly config: ResolvedConfig;
  readonly runtime: RuntimeName;
  readonly folder: string;
  /** Temporal's modules; none on the direct runtime. */
  readonly temporal: Awaited<ReturnType<typeof loadTemporal>> | undefined;
}

/** What the strategies gave, in their order. */
interface StrategiesRun {
  readonly results: StrategyResults[];
  readonly walls: Record<string, StrategyWall>;
}

export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const { config, runtime, folder } = await prepareRun(options, startedAt);
  const run: ScenarioRun = { options, startedAt, config, runtime, folder, temporal: await temporalFor(runtime) };
  const firstEngine = runtime === 'temporal' ? await startRunEngine(run) : undefined;
  const strategies = await runEveryStrategy(run, firstEngine);
  const results = runResults(run, strategies, firstEngine);
  await writeJsonAtomic(join(folder, RUN_FILES.results), results);
  await options.report?.(folder);
  return { folder, config, results };
}

/**
 * Resolves the scenario, refuses a run that costs too much, prepares the run folder with config.json in it, and tells
 * the caller.
 */
async function prepareRun(
  options: RunOptions,
  startedAt: Date,
): Promise<{ config: ResolvedConfig; runtime: RuntimeName; folder: string }> {
  const { scenario, arrivalTimesMs, warnings } = await loadScenarioFile(options.scenarioFile);
  const config = resolveScenario(scenario, { file: options.scenarioFile, seed: options.seed, arrivalTimesMs });
  const runtime = options.runtime ?? 'temporal';
  const killWarnings = checkProcessKills(config, runtime, options);
  const plan = {
    jobs: config.workload.jobs.length,
    strategies: options.strategies.length,
    runtime,
    ownServer: !options.temporalAddress,
    server: options.server,
  };
  const cost = estimateCost(plan);
  admitCost(plan, cost, { yes: options.yes });
  const folder = await prepareRunFolder({
    outDir: options.outDir,
    force: options.force,
    scenarioName: config.scenario.name,
    seed: config.seed,
    now: startedAt,
  });
  const configFile = { ...config, strategies: options.strategies.map((strategy) => strategy.name) };
  await writeJsonAtomic(join(folder, RUN_FILES.config), configFile);
  options.events?.configResolved?.(config, folder, [...warnings, ...killWarnings], cost);
  return { config, runtime, folder };
}

/** The run's options contradict its scenario (exit 2); the message says what to change. */
export class RunOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunOptionsError';
  }
}

/**
 * The scenario's process kills on this run: refused when the server cannot be killed and restarted (only the dev
 * server keeps its state on disk); notes for kills that will be ignored or will slow the run.
 */
function checkProcessKills(config: ResolvedConfig, runtime: RuntimeName, options: RunOptions): ScenarioProblem[] {
  const kills = config.processKills ?? [];
  if (kills.length === 0) return [];
  if (runtime === 'direct')
    return [
      {
        path: ['processKills'],
        expected: 'the Temporal runtime: ignored on the direct runtime, which has no worker process or server to kill',
      },
    ];
  if (options.worker === 'in-process')
    throw new RunOptionsError(
      `${config.scenario.file}: processKills kill the worker process, which --worker in-process does not have: drop --worker.`,
    );
  const devServer = options.server === 'dev' && !options.temporalAddress;
  if (kills.some((kill) => kill.kind === 'server-kill') && !devServer)
    throw new RunOptionsError(
      `${config.scenario.file}: processKills has a server-kill, which needs --server dev: faultline restarts only the ` +
        'dev server, which keeps its state on disk (the test server keeps it in memory, and a server named by ' +
        "--temporal-address is not faultline's to kill).",
    );
  if (!devServer && !options.temporalAddress)
    return [
      {
        path: ['processKills'],
        expected:
          '--server dev: on the test server the worker runs without its workflow cache (the test server never moves ' +
          "a task off a dead worker's sticky queue), so every workflow task replays its history, many times slower",
      },
    ];
  return [];
}

/** Temporal's modules are loaded only when a run needs them: the direct runtime never does. */
async function temporalFor(runtime: RuntimeName): Promise<ScenarioRun['temporal']> {
  const temporal = runtime === 'temporal' ? await loadTemporal() : undefined;
  temporal?.installQuietRuntime();
  return temporal;
}

/** Starts a server (or connects to the one named with --temporal-address) and tells the caller. */
async function startRunEngine(run: ScenarioRun): Promise<Engine> {
  if (!run.temporal) throw new Error('no engine on the direct runtime');
  const started = await run.temporal.startEngine({
    temporalAddress: run.options.temporalAddress,
    server: run.options.server,
    dataDir: join(run.folder, 'temporal'),
  });
  try {
    run.options.events?.engineStarted?.(started);
  } catch (error) {
    // Nothing holds the engine yet: stop it here, or its server would live until the process exits.
    await started.stop();
    throw error;
  }
  return started;
}

/**
 * Runs the strategies one after the other, each on `firstEngine` or a server started afresh. The history and ledger
 * files are published and the last engine stopped however the strategies end.
 */
async function runEveryStrategy(run: ScenarioRun, firstEngine: Engine | undefined): Promise<StrategiesRun> {
  const { options, runtime, folder } = run;
  // The test server (time skipping) is started afresh for each strategy: it has one global
  // clock, and nothing a finished run leaves on it (closing workflows, time-skipping locks held
  // by their last signals) may slow or stall the next. The dev server (no global clock) and a
  // server named with --temporal-address are shared. The direct runtime needs none.
  const sharedEngine = Boolean(options.temporalAddress) || options.server === 'dev';
  let engine: Engine | undefined = firstEngine;
  const strategies: StrategiesRun = { results: [], walls: {} };
  // Each strategy's history and ledger go to disk as soon as it has run; the files are published
  // when the run ends, however it ends, so a failed run keeps those of the strategies that finished.
  const historyFile = new JsonLinesFile(join(folder, RUN_FILES.history));
  const ledgerFile = new JsonLinesFile(join(folder, RUN_FILES.ledger));
  try {
    for (const strategy of options.strategies) {
      if (runtime === 'temporal') engine ??= await startRunEngine(run);
      const execution = await executeOne(run, strategy, engine);
      const { results, wall } = judgeExecution(run, strategy, execution);
      strategies.results.push(results);
      strategies.walls[strategy.name] = wall;
      await historyFile.append(execution.history, { strategy: strategy.name });
      await ledgerFile.append(execution.ledger, { strategy: strategy.name });
      options.events?.strategyFinished?.(strategy, results, wall);
      if (!sharedEngine) {
        await engine?.stop();
        engine = undefined;
      }
    }
  } finally {
    await engine?.stop();
    await historyFile.publish();
    await ledgerFile.publish();
  }
  return strategies;
}

/** Runs one strategy on the runtime (and tells the caller before and after). */
async function executeOne(
  run: ScenarioRun,
  strategy: Strategy,
  engine: Engine | undefined,
): Promise<StrategyExecution> {
  const { options, config, runtime, folder, startedAt } = run;
  options.events?.strategyStarted?.(strategy, config);
  const runId = `${config.scenario.name.replace(/[^\w-]/g, '_').slice(0, 40)}-${config.seed}-${strategy.name}-${startedAt.getTime()}`;
  const execution = await executeStrategy({
    runtime,
    engine,
    config,
    strategy,
    runId,
    timeScale: options.timeScale,
    worker: options.worker ?? 'process',
    continueAsNewAfterEvents: options.continueAsNewAfterEvents,
    signal: options.signal,
    diagnosticsDir: folder,
    onProgress: (progress) => options.events?.progress?.(strategy, progress),
    onProcessKill: (kill) => options.events?.processKill?.(strategy, kill),
  });
  await options.events?.strategyExecuted?.(strategy, execution, engine);
  return execution;
}

/** The checkers on one strategy's execution: its results (with the verdict) and its wall-clock figures. */
function judgeExecution(
  { config }: ScenarioRun,
  strategy: Strategy,
  execution: StrategyExecution,
): { results: StrategyResults; wall: StrategyWall } {
  const checkersStartedAt = performance.now();
  const checks = runCheckers({ config, history: execution.history, ledger: execution.ledger });
  const checkersMs = Math.round(performance.now() - checkersStartedAt);
  const results: StrategyResults = {
    name: strategy.name,
    verdict: judge(config.targets, checks, holdingOf(strategy)),
    checks,
    messages: execution.messages,
    steps: execution.steps,
    components: execution.components,
    cost: costPerJob(execution, config.workload.jobs.length),
  };
  const wall: StrategyWall = {
    wallMs: execution.wallMs,
    compression: execution.simulatedMs / Math.max(1, execution.wallMs),
    historyEvents: execution.historyEvents,
    historyEventsPerJob:
      execution.historyEvents === null ? null : perJob(execution.historyEvents, config.workload.jobs.length),
    largestCarry: execution.largestCarry,
    profile: { ...execution.profile, checkersMs, nodePeakRssMiB: ownPeakRssMiB() },
    ...(execution.processKills ? { processKills: execution.processKills } : {}),
  };
  return { results, wall };
}

/** The run's verdict: every strategy's violations and expected failures, each target named with its strategy. */
function runVerdict(strategyResults: readonly StrategyResults[]): RunVerdict {
  const named = (results: StrategyResults, violations: readonly Violation[]) =>
    violations.map((violation) => ({ ...violation, target: `${results.name}: ${violation.target}` }));
  const violations = strategyResults.flatMap((results) => named(results, results.verdict.violations));
  return {
    passed: violations.length === 0,
    violations,
    expected: strategyResults.flatMap((results) => named(results, results.verdict.expected)),
  };
}

/** results.json's content (finished now). */
function runResults(run: ScenarioRun, strategies: StrategiesRun, firstEngine: Engine | undefined): RunResults {
  const { config, startedAt, runtime } = run;
  return {
    formatVersion: RESULTS_FORMAT_VERSION,
    scenario: { name: config.scenario.name, file: config.scenario.file },
    seed: config.seed,
    simulatedMs: config.phases.endMs,
    verdict: runVerdict(strategies.results),
    strategies: strategies.results,
    wall: {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runtime,
      engine: firstEngine?.description ?? null,
      engineStartupMs: firstEngine?.startupMs ?? null,
      timeSkipping: firstEngine?.timeSkipping ?? null,
      strategies: strategies.walls,
    },
  };
}
