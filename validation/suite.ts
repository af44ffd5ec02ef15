/**
 * The validation suite: faultline's own scenario language builds textbook queues
 * (validation/*.yaml), every compared strategy runs them on the direct runtime over several
 * seeds, and the measured steady state is set beside the analytic one (`queueing.ts`) with a
 * 95 % interval over the seeds. `npm run validation` runs it in full and writes
 * docs/validation.md; `test/integration/validation.test.ts` runs a small version.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { confidenceInterval } from '../results/aggregate.js';
import { measureRunFolder, type RunMeasures } from './measure.js';
import { type QueueModel, type SteadyState, steadyState } from './queueing.js';

const run = promisify(execFile);
const MINUTE_MS = 60_000;

export type Quantity = 'waitProbability' | 'meanQueueWaitMs' | 'utilisation' | 'throughputPerMs';

export interface ValidationCase {
  readonly file: string;
  readonly title: string;
  readonly model: QueueModel;
  /** What this case holds the strategies to. */
  readonly quantities: readonly Quantity[];
}

export const VALIDATION_CASES: readonly ValidationCase[] = [
  {
    file: 'validation/mm1.yaml',
    title: 'M/M/1, ρ = 0.6',
    model: { arrivalRate: 1 / (10 * MINUTE_MS), meanServiceMs: 6 * MINUTE_MS, servers: 1, service: 'exponential' },
    quantities: ['waitProbability', 'meanQueueWaitMs', 'utilisation'],
  },
  {
    file: 'validation/mmc.yaml',
    title: 'M/M/4 (2 nodes × 2 slots), ρ = 0.75',
    model: { arrivalRate: 1 / (200 * 1000), meanServiceMs: 10 * MINUTE_MS, servers: 4, service: 'exponential' },
    quantities: ['waitProbability', 'meanQueueWaitMs', 'utilisation'],
  },
  {
    file: 'validation/md1.yaml',
    title: 'M/D/1, ρ = 0.6 (Pollaczek–Khinchine)',
    model: { arrivalRate: 1 / (10 * MINUTE_MS), meanServiceMs: 6 * MINUTE_MS, servers: 1, service: 'deterministic' },
    quantities: ['waitProbability', 'meanQueueWaitMs', 'utilisation'],
  },
  {
    file: 'validation/overload.yaml',
    title: 'Overload: offered load 1.5 on 2 nodes × 2 slots',
    model: { arrivalRate: 1 / (100 * 1000), meanServiceMs: 10 * MINUTE_MS, servers: 4, service: 'exponential' },
    quantities: ['utilisation', 'throughputPerMs'],
  },
];

export interface QuantityCheck {
  readonly quantity: Quantity;
  readonly analytic: number;
  readonly mean: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** (mean − analytic) / analytic. */
  readonly relativeError: number;
  readonly inside: boolean;
}

export interface StrategyCheck {
  readonly strategy: string;
  readonly seeds: number;
  readonly quantities: readonly QuantityCheck[];
  /** The largest Little's-law discrepancy over the seeds (relative). */
  readonly littleMaxRelativeError: number;
  /** The longest avoidable wait of a task over the seeds (ms). */
  readonly maxAvoidableWaitMs: number;
}

export interface CaseResult {
  readonly validation: ValidationCase;
  readonly analytic: SteadyState;
  readonly strategies: readonly StrategyCheck[];
}

/** Runs `seeds` seeds of a case's scenario, every compared strategy, on the direct runtime, into `folder`. */
export async function runCase(
  validation: ValidationCase,
  options: { readonly seeds: number; readonly folder: string; readonly root: string },
): Promise<RunMeasures[]> {
  const args = [
    'bin/faultline.js',
    'run',
    validation.file,
    '--seeds',
    String(options.seeds),
    '--runtime',
    'direct',
    '--no-cross-check',
    '--out',
    options.folder,
    '--force',
    '--no-progress',
    '--yes',
  ];
  await run(process.execPath, args, { cwd: options.root, maxBuffer: 64 * 1024 * 1024 });
  const seedFolders = readdirSync(options.folder).filter(
    (name) => name.startsWith('seed-') && existsSync(join(options.folder, name, 'results.json')),
  );
  return seedFolders.flatMap((name) => measureRunFolder(join(options.folder, name)));
}

function analyticOf(state: SteadyState, quantity: Quantity): number | null {
  return state[quantity];
}

/** Each strategy's measures over the seeds against the analytic values. */
export function judgeCase(validation: ValidationCase, measures: readonly RunMeasures[]): CaseResult {
  const analytic = steadyState(validation.model);
  const strategies = [...new Set(measures.map((measure) => measure.strategy))];
  return {
    validation,
    analytic,
    strategies: strategies.map((strategy): StrategyCheck => {
      const runs = measures.filter((measure) => measure.strategy === strategy);
      const quantities = validation.quantities.flatMap((quantity): QuantityCheck[] => {
        const expected = analyticOf(analytic, quantity);
        // Student's t: each seed's value is an average over ~1,000 tasks, close to normal (docs/validation.md).
        const values = runs.map((measure) => measure[quantity]);
        const interval = values.length < 2 ? null : confidenceInterval(values, 't');
        if (expected === null || interval === null) return [];
        const spread = {
          mean: values.reduce((sum, value) => sum + value, 0) / values.length,
          ciLow: interval.low,
          ciHigh: interval.high,
        };
        // An interval of width 0 (utilisation 1 on every seed) holds its value up to rounding.
        const slack = 1e-9 * Math.abs(expected);
        const inside = spread.ciLow - slack <= expected && expected <= spread.ciHigh + slack;
        return [
          {
            quantity,
            analytic: expected,
            mean: spread.mean,
            ciLow: spread.ciLow,
            ciHigh: spread.ciHigh,
            relativeError: (spread.mean - expected) / expected,
            inside,
          },
        ];
      });
      return {
        strategy,
        seeds: runs.length,
        quantities,
        littleMaxRelativeError: Math.max(...runs.map((measure) => measure.littleRelativeError)),
        maxAvoidableWaitMs: Math.max(...runs.map((measure) => measure.maxAvoidableWaitMs ?? 0)),
      };
    }),
  };
}

const LABELS: Record<Quantity, string> = {
  waitProbability: 'P(wait)',
  meanQueueWaitMs: 'mean queue wait',
  utilisation: 'utilisation',
  throughputPerMs: 'throughput',
};

function formatValue(quantity: Quantity, value: number): string {
  if (quantity === 'meanQueueWaitMs') return `${(value / 1000).toFixed(1)} s`;
  if (quantity === 'throughputPerMs') return `${(value * 10 * MINUTE_MS).toFixed(3)} /10 min`;
  return value.toFixed(4);
}

/** One case as a markdown table: a row per strategy and quantity. */
export function caseMarkdown(result: CaseResult): string {
  const lines = [
    `### ${result.validation.title}`,
    '',
    `Scenario \`${result.validation.file}\`.`,
    '',
    '| strategy | quantity | analytic | simulated (mean of seeds) | 95 % interval | relative error | inside | Little (max rel. error) | longest avoidable wait |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const strategy of result.strategies) {
    for (const check of strategy.quantities) {
      const interval = `[${formatValue(check.quantity, check.ciLow)}, ${formatValue(check.quantity, check.ciHigh)}]`;
      const relative = `${(check.relativeError * 100).toFixed(1)} %`;
      lines.push(
        `| ${strategy.strategy} | ${LABELS[check.quantity]} | ${formatValue(check.quantity, check.analytic)} | ${formatValue(check.quantity, check.mean)} | ${interval} | ${relative} | ${check.inside ? 'yes' : '**no**'} | ${strategy.littleMaxRelativeError.toExponential(1)} | ${(strategy.maxAvoidableWaitMs / 1000).toFixed(3)} s |`,
      );
    }
  }
  return lines.join('\n');
}
