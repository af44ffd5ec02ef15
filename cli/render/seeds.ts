/**
 * The terminal tables of a multi-seed run: the mean and its 95% CI [min–max] per metric and
 * strategy; the paired differences between strategies; which seeds missed which targets. Under
 * each table, which interval it shows and the caveats its cells are marked with (†1, †2…).
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Violation } from '../../checkers/targets.js';
import type { SeedsSummary } from '../../results/summary.js';
import {
  caveatNotes,
  describeIntervals,
  describeReading,
  formatInterval,
  formatMean,
  formatRange,
  formatSigned,
  intervalTag,
  readDifference,
} from '../../reports/seeds-format.js';
import { countOf } from '../../simulator/base/words.js';

type Paint = Pick<typeof pc, 'bold' | 'red' | 'green' | 'dim'>;
const plain: Paint = {
  bold: (text) => String(text),
  red: (text) => String(text),
  green: (text) => String(text),
  dim: (text) => String(text),
};

/** No rule between rows. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** The table, then which interval it shows and its caveats, dimmed. */
function withNotes(table: string, lines: readonly string[], paint: Paint): string {
  return [table, ...lines.map((line) => paint.dim(line))].join('\n');
}

/**
 * Rows are metrics, columns strategies; a cell is `mean ± half-width [min–max]` (t) or `mean −below/+above [min–max]`
 * (BCa), marked †N with a caveat.
 */
export function renderSeedsStatistics(summary: SeedsSummary, color = true): string {
  const paint = color ? pc : plain;
  const notes = caveatNotes();
  const table = new Table({
    head: [
      paint.bold(`mean, 95% CI [min–max], ${countOf(summary.seeds.length, 'seed')}`),
      ...summary.strategies.map((name) => paint.bold(name)),
    ],
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  for (const metric of summary.metrics) {
    table.push([
      metric.label,
      ...metric.strategies.map((entry) =>
        [formatMean(metric.unit, entry), notes.mark(entry), formatRange(metric.unit, entry, summary.seeds.length)]
          .filter((part) => part !== '')
          .join(' '),
      ),
    ]);
  }
  return withNotes(table.toString(), [describeIntervals(summary), ...notes.lines()], paint);
}

/**
 * One row per metric and pair of strategies whose values differ on some seed: a − b (mean), its
 * 95% interval, the seeds each was better on, and what the interval says. Pairs equal on every
 * seed are counted below the table, not listed.
 */
export function renderPairedDifferences(summary: SeedsSummary, color = true): string {
  const paint = color ? pc : plain;
  const table = new Table({
    head: ['metric', 'a − b', 'mean', '95% CI', 'a better', 'b better', 'ties', 'the interval says'].map((title) =>
      paint.bold(title),
    ),
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  let equal = 0;
  const notes = caveatNotes();
  for (const metric of summary.metrics) {
    let first = true;
    for (const difference of metric.differences) {
      if (difference.n > 0 && difference.ties === difference.n) {
        equal++;
        continue;
      }
      const reading = readDifference(metric, difference);
      const said = describeReading(reading);
      table.push([
        first ? metric.label : '',
        `${difference.a} − ${difference.b}`,
        difference.mean === null ? '-' : formatSigned(metric.unit, difference.mean),
        [`${formatInterval(metric.unit, difference)}${intervalTag(difference)}`, notes.mark(difference)]
          .filter((part) => part !== '')
          .join(' '),
        countOf(difference.aBetter, 'seed'),
        countOf(difference.bBetter, 'seed'),
        String(difference.ties),
        reading.kind === 'better' ? paint.bold(said) : said,
      ]);
      first = false;
    }
  }
  const pairs = summary.metrics.reduce((sum, metric) => sum + metric.differences.length, 0);
  if (pairs === 0) return 'One strategy: no paired differences.';
  const note = `${equal} of ${pairs} metric × pair differences are 0 on every seed (not listed).`;
  return table.length > 0
    ? withNotes(table.toString(), [note, describeIntervals(summary), ...notes.lines()], paint)
    : `Every strategy had the same value as every other on every seed and metric.`;
}

/** Each target missed, with the seeds that missed it (`canary-2017: lostJobs <= 0 missed on 20 of 20 seeds: 4–23`). */
export function renderSeedsVerdict(summary: SeedsSummary, color = true): string {
  const paint = color ? pc : plain;
  if (summary.verdict.passed)
    return paint.green(
      summary.seeds.length === 1
        ? 'all targets met on the one seed'
        : `all targets met on all ${summary.seeds.length} seeds`,
    );
  const byTarget = new Map<string, number[]>();
  const key = (violation: Violation) => `${violation.target} ${violation.bound}`;
  for (const run of summary.runs) {
    for (const violation of run.violations) {
      const seeds = byTarget.get(key(violation)) ?? [];
      if (!seeds.includes(run.seed)) seeds.push(run.seed);
      byTarget.set(key(violation), seeds);
    }
  }
  const lines = [...byTarget].map(
    ([target, seeds]) =>
      `${paint.red('target missed:')} ${target} on ${seeds.length} of ${countOf(summary.seeds.length, 'seed')}: ${seeds.join(', ')}`,
  );
  lines.push(
    `seeds that missed a target: ${summary.verdict.failedSeeds.join(', ')} (replay one: faultline run ${summary.scenario.file} --seed ${summary.verdict.failedSeeds[0]})`,
  );
  return lines.join('\n');
}
