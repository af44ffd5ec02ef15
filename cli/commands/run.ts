/**
 * `faultline run <scenario>`: runs strategies on a scenario and prints the comparison; with `--seeds K`, on K seeds
 * with statistics over them.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import type { RuntimeName, WorkerPlacement } from '../../runner/execute.js';
import { type CostEstimate, describeCost } from '../../runner/cost.js';
import { RUN_FILES } from '../../results/files.js';
import { type RunOutcome, runScenario } from '../../runner/run.js';
import { writeRunReport } from '../../reports/write.js';
import { runScenarioInThread } from '../../runner/seed-threads.js';
import { DEFAULT_PARALLEL_SEEDS_MAX, defaultParallelSeeds } from '../../runner/seeds.js';
import { formatProblem, type ScenarioProblem } from '../../simulator/scenario/errors.js';
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import type { Engine, ServerName } from '../../engine/types.js';
import { formatClockMs, formatDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';
import { EXIT, reportError } from '../errors.js';
import { exitCodeFor, interruptions } from '../interrupts.js';
import {
  coercePositiveInteger,
  pickStrategies,
  runtimeOption,
  seedOption,
  strategyOption,
  checkServer,
  serverOption,
  temporalAddressOption,
  timeScaleOption,
  workerOption,
} from '../options.js';
import { ProgressDisplay } from '../render/progress.js';
import { renderSummary } from '../render/summary.js';
import { renderTimeline } from '../render/timeline.js';
import { renderVerdicts } from '../render/verdicts.js';
import { runManySeeds } from './run-seeds.js';

/**
 * The run's header shows the timeline's first lines; a long one is there in full with `faultline validate --timeline`.
 */
const TIMELINE_LINES = 20;

interface RunArguments {
  scenario: string;
  strategy: string[];
  seed?: number;
  seeds?: number;
  parallel?: number;
  out?: string;
  force: boolean;
  yes: boolean;
  temporalAddress?: string;
  server?: ServerName;
  runtime?: RuntimeName;
  crossCheck: boolean;
  wide: boolean;
  json: boolean;
  timeScale?: number;
  worker?: WorkerPlacement;
  progress: boolean;
}

async function handler(args: ArgumentsCamelCase<RunArguments>): Promise<void> {
  const controller = new AbortController();
  const interrupts = interruptions(controller);
  try {
    if (args.seeds === undefined) await runOneSeed(args, controller.signal, interrupts.signal);
    else {
      await runManySeeds({
        scenarioFile: args.scenario,
        strategies: pickStrategies(args.strategy),
        firstSeed: args.seed,
        seeds: args.seeds,
        parallel: args.parallel ?? defaultParallelSeeds(),
        outDir: args.out,
        runtime: args.runtime ?? 'direct',
        crossCheck: args.crossCheck,
        force: args.force,
        yes: args.yes,
        temporalAddress: args.temporalAddress,
        server: args.server,
        timeScale: args.timeScale,
        signal: controller.signal,
        interruptedBy: interrupts.signal,
      });
    }
  } finally {
    interrupts.dispose();
  }
}

/** One seed: the progress display, the comparison table, the run folder. */
async function runOneSeed(
  args: ArgumentsCamelCase<RunArguments>,
  abort: AbortSignal,
  interruptedBy: () => NodeJS.Signals | undefined,
): Promise<void> {
  const display = new ProgressDisplay(args.progress);
  let engineShown = false;
  let folder: string | undefined;
  const strategies = pickStrategies(args.strategy);
  try {
    // On the direct runtime the run goes to a thread of its own, whose heap is capped (runner/seed-threads.ts).
    const run = args.runtime === 'direct' ? runScenarioInThread : runScenario;
    const outcome = await run({
      scenarioFile: args.scenario,
      strategies,
      seed: args.seed,
      outDir: args.out,
      force: args.force,
      yes: args.yes,
      runtime: args.runtime,
      temporalAddress: args.temporalAddress,
      server: args.server,
      timeScale: args.timeScale,
      worker: args.worker,
      signal: abort,
      report: writeRunReport,
      events: {
        configResolved(config, runFolder, warnings, cost) {
          folder = runFolder;
          process.stderr.write(`${runHeader(args, config, runFolder, warnings, cost).join('\n')}\n`);
        },
        engineStarted(engine) {
          if (engineShown) return;
          engineShown = true;
          showEngine(engine);
        },
        strategyStarted: (strategy, config) =>
          display.start(strategy.name, config, strategies.indexOf(strategy), strategies.length),
        progress: (_strategy, progress) => display.update(progress),
        processKill: (strategy, kill) =>
          display.note(
            `  ${strategy.name}: ${kill.kind === 'server-kill' ? 'SIGKILL to the Temporal server' : 'SIGKILL to the worker process'} at ${formatClockMs(kill.firedAtMs)} simulated (processKills); starting it again`,
          ),
        strategyFinished: () => display.stop(),
      },
    });
    display.stop();
    printOutcome(args, outcome);
  } catch (error) {
    display.stop();
    reportRunFailure(error, interruptedBy(), folder);
  }
}

/** The run's header on stderr: the scenario, its size and phases, the estimate, the timeline, warnings, the folder. */
function runHeader(
  args: ArgumentsCamelCase<RunArguments>,
  config: ResolvedConfig,
  runFolder: string,
  warnings: readonly ScenarioProblem[],
  cost: CostEstimate,
): string[] {
  const timeline = renderTimeline(config);
  return [
    `${pc.bold('faultline')} ${config.scenario.name} (${config.scenario.file}), seed ${config.seed}, runtime ${args.runtime ?? 'temporal'}`,
    `  ${countOf(config.workload.jobs.length, 'job')}, ${countOf(config.nodes.filter((node) => node.role === 'worker').length, 'worker node')}, ` +
      `fault phase ${formatDurationMs(config.phases.faultEndMs)}, converge ${formatDurationMs(config.phases.convergeEndMs - config.phases.faultEndMs)}, ` +
      `final reads ${formatDurationMs(config.phases.endMs - config.phases.convergeEndMs)}`,
    `  estimate: ${describeCost(cost, args.server)}`,
    `  timeline:${timeline.length === 0 ? ' no faults' : ''}`,
    ...timeline.slice(0, TIMELINE_LINES).map((line) => `    ${line}`),
    ...(timeline.length > TIMELINE_LINES
      ? [
          `    … and ${countOf(timeline.length - TIMELINE_LINES, 'more line')}: faultline validate ${args.scenario} --timeline prints them all`,
        ]
      : []),
    ...warnings.map((warning) => `  ${pc.yellow('warning')}  ${formatProblem(config.scenario.file, warning)}`),
    `  run folder: ${runFolder}`,
  ];
}

/** The engine's line on stderr (with a note when it cannot skip time). */
function showEngine(engine: Engine): void {
  process.stderr.write(`  engine: ${engine.description}, ready in ${formatDurationMs(engine.startupMs)}\n`);
  if (!engine.timeSkipping)
    process.stderr.write(
      `  ${pc.yellow('note:')} no time skipping on this server: the run takes real time and its wall-clock figures are not comparable.\n`,
    );
}

/** The finished run: results.json (--json) or the verdicts and the table on stdout; the exit code from the verdict. */
function printOutcome(args: ArgumentsCamelCase<RunArguments>, outcome: RunOutcome): void {
  const { verdict } = outcome.results;
  if (args.json) {
    // For scripts: results.json on stdout and nothing else there; the folder on stderr.
    process.stdout.write(`${JSON.stringify(outcome.results, null, 2)}\n`);
    process.stderr.write(`run folder: ${outcome.folder}\n`);
  } else {
    const color = Boolean(process.stdout.isTTY);
    const table = renderSummary(outcome.results, { color, wide: args.wide, width: process.stdout.columns ?? 100 });
    process.stdout.write(`\n${renderVerdicts(outcome.results, outcome.config.targets, color)}\n\n${table}\n`);
    process.stdout.write(`run folder: ${outcome.folder}\nreport: ${join(outcome.folder, RUN_FILES.report)}\n`);
  }
  process.exitCode = verdict.passed ? EXIT.passed : EXIT.violation;
}

/** A run that did not finish: interrupted by `signal` (its exit code), or failed (the error reported). */
function reportRunFailure(error: unknown, signal: NodeJS.Signals | undefined, folder: string | undefined): void {
  if (signal) {
    process.stderr.write(
      `interrupted by ${signal}: no results.json was written${folder ? ` (partial outputs in ${folder})` : ''}.\n`,
    );
    process.exitCode = exitCodeFor(signal);
  } else {
    process.exitCode = reportError(error);
  }
}

export const runCommand: CommandModule<object, RunArguments> = {
  command: 'run <scenario>',
  describe: 'run strategies on a scenario and compare them',
  builder: (yargs: Argv) =>
    yargs
      .positional('scenario', { type: 'string', describe: 'scenario file (.yaml, .yml or .json)', demandOption: true })
      .example('$0 run scenarios/trade-off.yaml', 'every strategy, each on an embedded Temporal server of its own')
      .example(
        '$0 run scenarios/trade-off.yaml -s hybrid -s stateful --runtime direct',
        'two strategies in process, in seconds',
      )
      .example('$0 run scenarios/swarm.yaml --seeds 20 --parallel 2', '20 seeds, two at a time, statistics over them')
      .example('$0 run scenarios/smoke.yaml --json > results.json', 'results.json on stdout, for scripts')
      .option('strategy', strategyOption)
      .option('seed', seedOption)
      .option('seeds', {
        type: 'number',
        requiresArg: true,
        describe:
          "run K seeds, S to S+K-1 (S: --seed or the scenario's), and print mean, 95% intervals and paired differences over them",
        coerce: coercePositiveInteger('seeds'),
      })
      .option('parallel', {
        type: 'number',
        requiresArg: true,
        describe: `with --seeds: seeds run at the same time, in worker threads on the direct runtime, on servers of their own on Temporal (default ${defaultParallelSeeds()} here: one per core, at most ${DEFAULT_PARALLEL_SEEDS_MAX})`,
        coerce: coercePositiveInteger('parallel'),
      })
      .option('out', {
        type: 'string',
        describe:
          'run folder (default: runs/<scenario>-seed<N>-<time>, with --seeds runs/<scenario>-seeds<S>-<S+K-1>-<time>)',
      })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'with --out: overwrite a folder that holds a finished run (results.json, summary.json)',
      })
      .option('yes', {
        type: 'boolean',
        default: false,
        describe:
          "start even when the run's estimated memory passes the machine's free memory (otherwise refused, exit 2)",
      })
      .option(
        'runtime',
        runtimeOption(
          undefined,
          'temporal: each component a Temporal workflow (the default for one seed); direct: the same components, scheduler and world in one process, ~100× faster, byte-identical results (the default with --seeds)',
        ),
      )
      .option('cross-check', {
        type: 'boolean',
        default: true,
        describe:
          'with --seeds on the direct runtime: run the first seed once more on Temporal and require the same results (--no-cross-check to skip)',
      })
      .option('temporal-address', temporalAddressOption)
      .option('server', serverOption)
      .option('time-scale', timeScaleOption)
      .option('worker', workerOption)
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'show the progress display (--no-progress: a line every 30 s instead)',
      })
      .option('wide', {
        type: 'boolean',
        default: false,
        describe: 'the full table of every metric, not the compact scorecard',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print results.json to stdout (for scripts), nothing else there',
      })
      .check((argv) => {
        if (argv['parallel'] !== undefined && argv['seeds'] === undefined)
          throw new Error('--parallel: only with --seeds K (it bounds how many of the K seeds run at the same time)');
        checkServer(argv);
        return true;
      }) as unknown as Argv<RunArguments>,
  handler,
};
