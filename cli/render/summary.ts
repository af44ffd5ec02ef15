/**
 * The terminal comparison: rows are metrics, columns are strategies. The metrics are the
 * report's (`results/metrics.ts`), so the terminal and the page agree. A cell whose metric missed
 * a target the strategy is held to is red and marked ✗; one it missed but is not held to (not
 * claimed, or the canary caught) is yellow and marked "expected".
 *
 * By default a compact scorecard of the metrics that decide a comparison; `--wide` every metric
 * and the wall-clock figures. Either way the table fits the terminal's width: when the
 * strategies do not fit side by side, they are shown in groups, one table after another.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { formatMetric, REPORT_METRICS, type ReportMetric } from '../../results/metrics.js';
import type { RunResults, StrategyResults, StrategyWall } from '../../results/run.js';
import { formatDurationMs } from '../../simulator/base/time.js';

/** The compact scorecard's metrics, by key, in the report's order. */
const COMPACT_KEYS: ReadonlySet<string> = new Set([
  'jobsCompleted',
  'jobsLost',
  'jobsStuck',
  'duplicateExecutions',
  'duplicateEffects',
  'skippedSteps',
  'anomalyRate',
  'availabilityOutsideFaults',
  'availabilityDuringFaults',
  'jobLatencyP99',
  'makespan',
  'timeToDetectMedian',
  'timeToDrainMax',
  'messagesPerJob',
]);

interface Row {
  readonly label: string;
  readonly cell: (strategy: StrategyResults, wall: StrategyWall | undefined) => string;
}

type Paint = Pick<typeof pc, 'red' | 'yellow' | 'bold' | 'dim'>;
const PLAIN: Paint = { red: String, yellow: String, bold: String, dim: String };

function metricRow(metric: ReportMetric, paint: Paint): Row {
  return {
    label: metric.label,
    cell: (strategy) => {
      // The terminal keeps to the number (a table fits 100 columns); the report adds `detail`.
      const text = formatMetric(metric.unit, metric.read(strategy));
      if (!metric.target) return text;
      const missed = strategy.verdict.violations.find((violation) => violation.target === metric.target);
      if (missed) return paint.red(`${text} ✗ (${missed.bound})`);
      const expected = strategy.verdict.expected.find((violation) => violation.target === metric.target);
      return expected ? paint.yellow(`${text} expected (${expected.bound})`) : text;
    },
  };
}

/** Wall-clock rows of the wide table (what depends on the machine). */
const WALL_ROWS: readonly Row[] = [
  {
    label: 'Temporal events per job ≈',
    cell: (_s, wall) =>
      wall?.historyEventsPerJob === null || wall === undefined ? '-' : String(wall.historyEventsPerJob),
  },
  { label: 'wall time', cell: (_s, wall) => (wall ? formatDurationMs(wall.wallMs) : '-') },
  { label: 'simulated ÷ wall', cell: (_s, wall) => (wall ? `${Math.round(wall.compression)}×` : '-') },
  {
    label: 'checks with nothing to check',
    cell: (strategy) =>
      strategy.checks.coverage.unexercised.length === 0 ? '-' : strategy.checks.coverage.unexercised.join(', '),
  },
];

export interface SummaryOptions {
  /** Colours (a terminal). */
  readonly color?: boolean;
  /** Every metric and the wall-clock rows, not the compact scorecard. */
  readonly wide?: boolean;
  /** Columns available (default 100). */
  readonly width?: number;
}

/** The rows shown: the compact scorecard's, plus any metric with a missed target; or, wide, all. */
function rowsFor(results: RunResults, wide: boolean, paint: Paint): (Row | { readonly heading: string })[] {
  const missedTargets = new Set(
    results.strategies.flatMap((strategy) =>
      [...strategy.verdict.violations, ...strategy.verdict.expected].map((violation) => violation.target),
    ),
  );
  const metrics = REPORT_METRICS.filter(
    (metric) =>
      wide || COMPACT_KEYS.has(metric.key) || (metric.target !== undefined && missedTargets.has(metric.target)),
  );
  const rows: (Row | { readonly heading: string })[] = [];
  let group = '';
  for (const metric of metrics) {
    if (wide && metric.group !== group) rows.push({ heading: metric.group });
    group = metric.group;
    rows.push(metricRow(metric, paint));
  }
  if (wide) rows.push({ heading: 'wall clock' }, ...WALL_ROWS);
  return rows;
}

/** Printed width of a string without its colour codes. */
function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex -- ANSI colour codes
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}

function renderTable(
  rows: readonly (Row | { readonly heading: string })[],
  strategies: readonly StrategyResults[],
  results: RunResults,
  paint: Paint,
): string {
  const table = new Table({
    head: ['', ...strategies.map((strategy) => paint.bold(strategy.name))],
    style: { head: [], border: [] },
    // No rule between rows: the headings separate the groups.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) {
    if ('heading' in row) table.push([paint.bold(row.heading), ...strategies.map(() => '')]);
    else
      table.push([
        row.label,
        ...strategies.map((strategy) => row.cell(strategy, results.wall.strategies[strategy.name])),
      ]);
  }
  return table.toString();
}

/** How wide a table of these rows and strategies prints: the label column, each strategy's widest cell, the borders. */
function tableWidth(
  rows: readonly (Row | { readonly heading: string })[],
  strategies: readonly StrategyResults[],
  results: RunResults,
): number {
  const labels = Math.max(...rows.map((row) => ('heading' in row ? row.heading.length : row.label.length)));
  const columns = strategies.map((strategy) =>
    Math.max(
      strategy.name.length,
      ...rows.map((row) =>
        'heading' in row ? 0 : visibleLength(row.cell(strategy, results.wall.strategies[strategy.name])),
      ),
    ),
  );
  return labels + 4 + columns.reduce((sum, width) => sum + width + 3, 0);
}

/** Strategies in consecutive groups, each as many as fit in `width` beside the label column (at least one). */
function groupsThatFit(
  rows: readonly (Row | { readonly heading: string })[],
  results: RunResults,
  width: number,
): StrategyResults[][] {
  const groups: StrategyResults[][] = [];
  let current: StrategyResults[] = [];
  for (const strategy of results.strategies) {
    if (current.length > 0 && tableWidth(rows, [...current, strategy], results) > width) {
      groups.push(current);
      current = [];
    }
    current.push(strategy);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function renderSummary(results: RunResults, options: SummaryOptions = {}): string {
  const paint = options.color ? pc : PLAIN;
  const rows = rowsFor(results, options.wide ?? false, paint);
  const groups = groupsThatFit(rows, results, options.width ?? 100);
  const tables = groups.map((strategies) => renderTable(rows, strategies, results, paint));
  const note = options.wide
    ? ''
    : `\n${paint.dim('a compact scorecard: --wide for every metric; the report has them all, with charts')}`;
  return `${tables.join('\n')}${note}`;
}
