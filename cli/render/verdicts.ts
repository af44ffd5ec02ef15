/**
 * The answer, first: one line per strategy before the table — its verdict and the few numbers
 * that decided it — the way k6 prints ✓/✗ per threshold and Jepsen `:valid?` per checker.
 *
 *   ✓ stateful          met lostJobs 0, skippedSteps 0; not claimed: duplicateEffects 2 (≤ 0)
 *   ✗ stateless         MISSED lostJobs 2 (≤ 0)
 *   ✓ hybrid            met lostJobs 0, duplicateEffects 0; not claimed: availabilityDuringFaults 66.7% (≥ 100.0%)
 *   ● canary-2017       caught: lostJobs 8 (≤ 0) — deliberately broken, and the checkers catch it
 *
 * A strategy with no target to judge gets its headline numbers instead: lost work, duplicate
 * effects, availability during faults.
 */
import pc from 'picocolors';
import { readTargets, type TargetReading } from '../../checkers/targets.js';
import { formatMetric } from '../../results/metrics.js';
import type { RunResults, StrategyResults } from '../../results/run.js';
import type { Targets } from '../../simulator/scenario/schema.js';
import { availabilityDuringFaults } from '../../results/metrics.js';

type Paint = Pick<typeof pc, 'red' | 'green' | 'yellow' | 'bold' | 'cyan'>;
const PLAIN: Paint = { red: String, green: String, yellow: String, bold: String, cyan: String };

/** `<= 0.99` as the unit shows it: `≤ 99.0%`. */
function boundText(bound: string, unit: TargetReading['unit']): string {
  const match = /^([<>]=) (.*)$/.exec(bound);
  if (!match) return bound;
  const value = Number(match[2]);
  const shown = unit === 'fraction' && Number.isFinite(value) ? formatMetric('fraction', value) : (match[2] as string);
  return `${match[1] === '<=' ? '≤' : '≥'} ${shown}`;
}

const value = (entry: Pick<TargetReading, 'target' | 'actual'>, unit: TargetReading['unit']) =>
  `${entry.target} ${entry.actual === null ? 'never' : formatMetric(unit, entry.actual)}`;
const reading = (entry: Pick<TargetReading, 'target' | 'bound' | 'actual'>, unit: TargetReading['unit']) =>
  `${value(entry, unit)} (${boundText(entry.bound, unit)})`;

/** Lost work, duplicate effects and availability during faults: what a reader looks for first. */
function headline(strategy: StrategyResults): string {
  const work = strategy.checks.work;
  return `lost ${work.jobsLost}, duplicate effects ${work.duplicateEffects}, ok during faults ${formatMetric('fraction', availabilityDuringFaults(strategy))}`;
}

function verdictLine(strategy: StrategyResults, targets: Targets, width: number, paint: Paint): string {
  const readings = readTargets(targets, strategy.checks);
  const unitOf = (target: string) => readings.find((entry) => entry.target === target)?.unit ?? 'count';
  const { violations, expected } = strategy.verdict;
  const name = strategy.name.padEnd(width);
  if (strategy.verdict.caught) {
    return `${paint.cyan('●')} ${name} ${paint.cyan('caught:')} ${expected.map((entry) => reading(entry, unitOf(entry.target))).join(', ')} — deliberately broken, and the checkers catch it`;
  }
  const expectedText =
    expected.length === 0
      ? ''
      : `; ${paint.yellow('not claimed:')} ${expected.map((entry) => reading(entry, unitOf(entry.target))).join(', ')}`;
  if (violations.length > 0) {
    return `${paint.red('✗')} ${name} ${paint.red('MISSED')} ${violations.map((entry) => reading(entry, unitOf(entry.target))).join(', ')}${expectedText}`;
  }
  const held = readings.filter((entry) => entry.met && !expected.some((missed) => missed.target === entry.target));
  const met =
    held.length === 0
      ? `no target to judge; ${headline(strategy)}`
      : `met ${held.map((entry) => value(entry, entry.unit)).join(', ')}`;
  return `${paint.green('✓')} ${name} ${met}${expectedText}`;
}

/** One line per strategy, then the run's verdict in a line. */
export function renderVerdicts(results: RunResults, targets: Targets, color = true): string {
  const paint = color ? pc : PLAIN;
  const width = Math.max(...results.strategies.map((strategy) => strategy.name.length));
  const lines = results.strategies.map((strategy) => verdictLine(strategy, targets, width, paint));
  const caught = results.strategies.filter((strategy) => strategy.verdict.caught).map((strategy) => strategy.name);
  const caughtText =
    caught.length === 0 ? '' : `; ${caught.join(', ')} caught as ${caught.length === 1 ? 'it' : 'they'} must be`;
  lines.push(
    results.verdict.passed
      ? paint.green(`every strategy met the targets it is held to${caughtText}`)
      : paint.red(
          `${results.verdict.violations.length} target${results.verdict.violations.length === 1 ? '' : 's'} missed: ${results.verdict.violations.map((violation) => violation.target).join(', ')}`,
        ),
  );
  return lines.join('\n');
}
