/**
 * `faultline explore`: property-based search over generated scenarios (fast-check). Prints the
 * seed first, shows progress, and ends with each property's verdict — for a violation, the
 * shrunk counterexample, its file and the one-line command that replays it. Searches on the
 * direct runtime by default and replays every counterexample on Temporal. Exit 1 when a
 * property fails; 2 when a counterexample does not reproduce on Temporal (a runtime divergence).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import pc from 'picocolors';
import { DEFAULT_RUNS, drawSeed, explore } from '../../explore/explore.js';
import { type ExploreProperty, findProperty, propertiesFor, propertyNames } from '../../explore/properties.js';
import { formatDurationMs, parseDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';
import { comparedStrategies, strategyNames } from '../../strategies/index.js';
import type { Strategy } from '../../strategies/types.js';
import { EXIT, reportError } from '../errors.js';
import type { RuntimeName } from '../../runner/execute.js';
import type { ServerName } from '../../engine/types.js';
import { ALL_STRATEGIES, pickStrategies, runtimeOption, seedOption, serverOption, typed } from '../options.js';
import { exitCodeFor, interruptions } from '../interrupts.js';
import { ExploreProgress } from '../render/explore-progress.js';
import { renderExploreSummary } from '../render/explore-summary.js';

interface ExploreArguments {
  strategy: string[];
  property?: string[];
  runs: number;
  seed?: number;
  path?: string;
  timeLimit?: number;
  shrinkRuns?: number;
  out?: string;
  verify: boolean;
  progress: boolean;
  runtime: RuntimeName;
  server?: ServerName;
}

function coerceRuns(value: unknown, option = '--runs'): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`${option}: expected a whole number of runs, 1 or more, got ${typed(option.slice(2), value)}`);
  return runs;
}

function coerceTimeLimit(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const limitMs = parseDurationMs(String(value));
  if (limitMs === undefined || limitMs <= 0)
    throw new Error(`--time-limit: expected a duration such as 90s, 10m or 1h, got ${String(value)}`);
  return limitMs;
}

function coercePath(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const path = String(value);
  if (!/^\d+(:\d+)*$/.test(path))
    throw new Error(`--path: expected a fast-check path such as 3:0:1 (as a failure prints it), got ${path}`);
  return path;
}

function header(
  seed: number,
  args: ArgumentsCamelCase<ExploreArguments>,
  plan: readonly { strategy: Strategy; properties: readonly ExploreProperty[] }[],
): string {
  const limit = args.timeLimit === undefined ? '' : `, time limit ${formatDurationMs(args.timeLimit)}`;
  const lines = [
    `${pc.bold('faultline explore')}: fast-check seed ${seed}${args.path ? `, path ${args.path}` : ''}, up to ${countOf(args.runs, 'run')} per property${limit}, on the ${args.runtime} runtime${args.verify ? '; counterexamples replayed on temporal' : ''}`,
    ...plan.map(
      ({ strategy, properties }) => `  ${strategy.name}: ${properties.map((property) => property.name).join(', ')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function handler(args: ArgumentsCamelCase<ExploreArguments>): Promise<void> {
  const controller = new AbortController();
  const interrupts = interruptions(controller);
  const display = new ExploreProgress(args.progress);
  // `all`: every compared strategy but the canary, which is explored only by name.
  const strategies = pickStrategies(
    args.strategy,
    comparedStrategies().filter((strategy) => !strategy.canary),
  );
  const chosen = args.property?.map((name) => findProperty(name) as ExploreProperty);
  const seed = args.seed ?? drawSeed();
  process.stderr.write(
    header(
      seed,
      args,
      strategies.map((strategy) => ({ strategy, properties: chosen ?? propertiesFor(strategy) })),
    ),
  );
  try {
    const outcome = await explore({
      strategies,
      properties: chosen,
      runs: args.runs,
      seed,
      path: args.path,
      timeLimitMs: args.timeLimit,
      shrinkRuns: args.shrinkRuns,
      outDir: args.out,
      verify: args.verify,
      runtime: args.runtime,
      server: args.server,
      signal: controller.signal,
      events: {
        started: ({ folder }) => process.stderr.write(`  folder: ${folder}\n`),
        pairStarted: (pair) => display.pairStarted(pair),
        runStarted: (run) => display.runStarted(run),
        runFinished: (run) => display.runFinished(run),
        runBroken: (run) => {
          display.stop();
          process.stderr.write(
            `${pc.red('a run broke')} (${run.strategy}, ${run.property}, ${run.phase} run ${run.index}); its scenario is kept in ${run.file}\n`,
          );
        },
        pairFinished: (outcome) => display.pairFinished(outcome),
      },
    });
    display.stop();
    process.stdout.write(`\n${renderExploreSummary(outcome)}`);
    const diverged = outcome.pairs.filter((pair) => pair.counterexample?.replay?.reproduced === false);
    if (diverged.length > 0) {
      process.stderr.write(
        `${pc.red('runtime divergence:')} ${diverged.map((pair) => `${pair.strategy} ${pair.property}`).join(', ')}: found on the ${outcome.runtime} runtime, not reproduced on temporal; the files are kept for a bug report\n`,
      );
      process.exitCode = EXIT.badInput;
    } else {
      process.exitCode = outcome.passed ? EXIT.passed : EXIT.violation;
    }
  } catch (error) {
    display.stop();
    const signal = interrupts.signal();
    if (signal) {
      process.stderr.write(
        `interrupted by ${signal}: the exploration stopped (seed ${seed}; run it again with --seed ${seed}).\n`,
      );
      process.exitCode = exitCodeFor(signal);
    } else {
      process.exitCode = reportError(error);
    }
  } finally {
    interrupts.dispose();
  }
}

export const exploreCommand: CommandModule<object, ExploreArguments> = {
  command: 'explore',
  describe: 'search generated scenarios for a violated property; shrink it to a minimal scenario file',
  builder: (yargs: Argv) =>
    yargs
      .option('strategy', {
        alias: 's',
        type: 'string',
        array: true,
        choices: [...strategyNames(), ALL_STRATEGIES],
        default: [ALL_STRATEGIES],
        describe: 'strategy to explore (repeatable); all: every compared one but the canary',
      })
      .option('property', {
        alias: 'p',
        type: 'string',
        array: true,
        choices: propertyNames(),
        describe: 'property to explore (repeatable; default: those each strategy is held to)',
      })
      .option('runs', {
        type: 'number',
        default: DEFAULT_RUNS,
        describe: 'generated scenarios per property (shrinking runs come on top)',
        coerce: (value: unknown) => coerceRuns(value),
      })
      .option('seed', { ...seedOption, describe: 'fast-check seed (default: drawn and printed)' })
      .option('path', {
        type: 'string',
        requiresArg: true,
        describe: 'fast-check path of a counterexample to replay, as a failure prints it (with --seed)',
        coerce: coercePath,
      })
      .option('time-limit', {
        type: 'string',
        requiresArg: true,
        describe: 'wall-clock budget for the whole exploration, e.g. 10m (shrinking stops there)',
        coerce: coerceTimeLimit,
      })
      .option('shrink-runs', {
        type: 'number',
        requiresArg: true,
        describe: 'most runs spent shrinking each counterexample (default: no limit)',
        coerce: (value: unknown) => (value === undefined ? undefined : coerceRuns(value, '--shrink-runs')),
      })
      .option('out', { type: 'string', describe: 'folder for counterexamples (default: runs/explore-<time>)' })
      .option('verify', {
        type: 'boolean',
        default: true,
        describe: 'replay each counterexample file through faultline run on Temporal (--no-verify to skip)',
      })
      .option(
        'runtime',
        runtimeOption(
          'direct',
          'the runtime the search and shrinking run on; counterexamples are replayed on temporal',
        ),
      )
      .option('server', {
        ...serverOption,
        describe:
          'the server faultline starts for the runs on Temporal (the replays, or every run with --runtime temporal): test (default) or dev, the real Temporal server (no time skipping: minutes a run)',
      })
      .option('progress', {
        type: 'boolean',
        default: true,
        describe: 'show the progress display (--no-progress to hide)',
      })
      .check((argv) => {
        if (argv['path'] !== undefined && argv['seed'] === undefined)
          throw new Error('--path replays a counterexample of one seed: give its --seed too');
        if (argv['server'] !== undefined && argv['runtime'] === 'direct' && argv['verify'] === false)
          throw new Error('--server: with --no-verify on the direct runtime nothing runs on a server');
        return true;
      }) as unknown as Argv<ExploreArguments>,
  handler,
};
