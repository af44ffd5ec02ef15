/**
 * `faultline run <scenario> --seeds K`: the seeds printed up front, a line per seed as it
 * finishes, then the statistics over the seeds, the paired differences and the verdict. Exit 1
 * when some seed missed a target (the seeds are named), else 0.
 */
import { writeRunReport, writeSeedsReport } from '../../reports/write.js';
import { join } from 'node:path';
import pc from 'picocolors';
import { describeCost } from '../../runner/cost.js';
import type { RunOutcome } from '../../runner/run.js';
import { RuntimeDivergence, runSeeds, SeedsInputError, type SeedsOptions } from '../../runner/seeds.js';
import { SEEDS_FILES } from '../../results/summary.js';
import { formatProblem } from '../../simulator/scenario/errors.js';
import { formatDurationMs } from '../../simulator/base/time.js';
import { countOf } from '../../simulator/base/words.js';
import { EXIT, reportError } from '../errors.js';
import { exitCodeFor } from '../interrupts.js';
import { renderPairedDifferences, renderSeedsStatistics, renderSeedsVerdict } from '../render/seeds.js';

export interface ManySeedsOptions extends Omit<SeedsOptions, 'events'> {
  /** The signal that interrupted the run, if one did (Ctrl-C, SIGTERM). */
  readonly interruptedBy: () => NodeJS.Signals | undefined;
}

/** `seed 5 done (3/20, 13.2s): stateful met every target it is held to · canary-2017 caught (lostJobs)` */
function seedLine(seed: number, outcome: RunOutcome, wallMs: number, done: number, total: number): string {
  const strategies = outcome.results.strategies.map((strategy) =>
    !strategy.verdict.passed
      ? `${strategy.name} ${pc.red(`missed ${strategy.verdict.violations.map((violation) => violation.target).join(', ')}`)}`
      : strategy.verdict.caught
        ? `${strategy.name} caught (${strategy.verdict.expected.map((entry) => entry.target).join(', ')})`
        : `${strategy.name} met every target it is held to`,
  );
  return `  seed ${seed} done (${done}/${total}, ${formatDurationMs(wallMs)}): ${strategies.join(' · ')}\n`;
}

export async function runManySeeds(options: ManySeedsOptions): Promise<void> {
  let folder: string | undefined;
  let engineShown = false;
  let total = 0;
  try {
    const { summary, folder: written } = await runSeeds({
      ...options,
      reports: { run: writeRunReport, seeds: writeSeedsReport },
      events: {
        planned(plan) {
          folder = plan.folder;
          total = plan.seeds.length;
          const runtime = options.runtime ?? 'direct';
          const crossCheck = runtime === 'direct' && options.crossCheck !== false;
          const lines = [
            `${pc.bold('faultline')} ${plan.scenarioName} (${options.scenarioFile}), ${countOf(plan.seeds.length, 'seed')}: ${plan.seeds.join(', ')}`,
            `  strategies: ${options.strategies.map((strategy) => strategy.name).join(', ')}; ${countOf(plan.parallel, 'seed')} at a time`,
            `  runtime: ${runtime}${runtime === 'direct' ? ` (in process${plan.parallel > 1 ? `, ${countOf(plan.parallel, 'worker thread')}` : ''})` : ''}${crossCheck ? `; seed ${plan.seeds[0]} also on temporal, to check that the two agree` : ''}`,
            `  every seed gives every strategy the same arrivals and faults; replay one alone: faultline run ${options.scenarioFile} --seed N`,
            `  estimate: ${describeCost(plan.cost, options.server)}`,
            `  run folder: ${plan.folder}`,
            ...plan.warnings.map(
              (warning) => `  ${pc.yellow('warning')}  ${formatProblem(options.scenarioFile, warning)}`,
            ),
          ];
          process.stderr.write(`${lines.join('\n')}\n`);
        },
        seed: () => ({
          engineStarted(engine) {
            if (engineShown) return;
            engineShown = true;
            process.stderr.write(
              `  engine: ${engine.description.replace(/ \(Java, pid \d+\) on \S+/, '')}, a fresh one per strategy and seed\n`,
            );
          },
        }),
        seedFinished: (seed, outcome, wallMs, done) =>
          process.stderr.write(seedLine(seed, outcome, wallMs, done, total)),
        crossChecked: (check) =>
          process.stderr.write(
            `  seed ${check.seed} on temporal: ${pc.green('identical')} to its direct run (history, ledger, results): ${join(folder ?? '', check.folder)}\n`,
          ),
      },
    });
    const color = Boolean(process.stdout.isTTY);
    const out = [
      '',
      renderSeedsStatistics(summary, color),
      '',
      `Paired differences (a − b on the same seed, ${countOf(summary.seeds.length, 'seed')}):`,
      renderPairedDifferences(summary, color),
      '',
      renderSeedsVerdict(summary, color),
      `run folder: ${written} (summary.json, one seed-<N>/ per seed); wall time ${formatDurationMs(summary.wall.wallMs)}`,
      `report: ${join(written, SEEDS_FILES.report)}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    process.exitCode = summary.verdict.passed ? EXIT.passed : EXIT.violation;
  } catch (error) {
    const signal = options.interruptedBy();
    if (error instanceof SeedsInputError) {
      process.stderr.write(`${pc.red('bad input:')} ${error.message}\n`);
      process.exitCode = EXIT.badInput;
    } else if (error instanceof RuntimeDivergence) {
      process.stderr.write(`${pc.red('runtime divergence:')} ${error.message}\n`);
      process.exitCode = EXIT.badInput;
    } else if (signal) {
      process.stderr.write(
        `interrupted by ${signal}: no summary.json was written${folder ? ` (finished seeds are in ${folder})` : ''}.\n`,
      );
      process.exitCode = exitCodeFor(signal);
    } else {
      process.exitCode = reportError(error);
    }
  }
}
