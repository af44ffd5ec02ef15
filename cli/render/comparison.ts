/**
 * The terminal table of `faultline report A B`: one row per strategy and metric that changed —
 * before, after, the change and its direction, green when better and red when worse.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { formatDelta, formatMove, type RunComparison } from '../../reports/compare.js';
import { formatMetric } from '../../results/metrics.js';

export function renderComparison(comparison: RunComparison, color = true): string {
  const paint = color
    ? pc
    : {
        red: (text: string) => text,
        green: (text: string) => text,
        bold: (text: string) => text,
        dim: (text: string) => text,
      };
  const table = new Table({
    head: ['strategy', 'metric', 'A', 'B', 'Δ', 'change'].map((title) => paint.bold(title)),
    style: { head: [], border: [] },
    // No rule between rows; a strategy's name starts its group.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  let unchanged = 0;
  for (const strategy of comparison.strategies) {
    let first = true;
    for (const change of strategy.changes) {
      if (change.direction === 'same') {
        unchanged++;
        continue;
      }
      const move = formatMove(change);
      table.push([
        first ? strategy.strategy : '',
        change.label,
        formatMetric(change.unit, change.before),
        formatMetric(change.unit, change.after),
        formatDelta(change),
        change.judgement === 'better' ? paint.green(move) : change.judgement === 'worse' ? paint.red(move) : move,
      ]);
      first = false;
    }
  }
  const lines = [
    table.length > 0 ? table.toString() : 'No metric changed.',
    paint.dim(`${unchanged} strategy × metric values unchanged.`),
  ];
  if (!comparison.sameScenarioAndSeed)
    lines.push(
      paint.red('The runs differ in scenario or seed: changes mix what the strategies did with what they were given.'),
    );
  for (const name of comparison.onlyBefore) lines.push(`${name}: only in A, not compared`);
  for (const name of comparison.onlyAfter) lines.push(`${name}: only in B, not compared`);
  return lines.join('\n');
}
