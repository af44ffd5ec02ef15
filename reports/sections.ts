/**
 * The report's sections about results — scorecard, latency, availability, anomalies — as HTML
 * built from escaped parts. Each returns its markup; charts are canvases the page's script fills
 * from the chart specs (`charts.ts`) by id.
 */
import type { Availability } from '../checkers/availability.js';
import type { Percentiles } from '../checkers/performance.js';
import { TARGET_METRICS } from '../checkers/targets.js';
import type { RunResults, StrategyResults } from '../results/run.js';
import { formatClockMs, formatDurationMs } from '../simulator/base/time.js';
import { AVAILABILITY_PERIODS, insideFaultWindows } from './charts.js';
import { escapeHtml } from './escape.js';
import { type Cell, htmlTable } from './html-table.js';
import type { ReportInput } from './input.js';
import {
  ANOMALY_KINDS,
  anomalyCount,
  anomalyRate,
  formatMetric,
  REPORT_METRICS,
  withDetail,
} from '../results/metrics.js';

/** A section: an anchor, a heading, a sentence on how to read it, then its content. */
export function section(id: string, title: string, lead: string, content: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n<p class="lead">${escapeHtml(lead)}</p>\n${content}\n</section>`;
}

/** A canvas for the chart spec with this id, in a box of the given height. */
export function chartBox(id: string, heightPx: number, label: string): string {
  return `<div class="chart" style="height:${heightPx}px"><canvas id="${escapeHtml(id)}" role="img" aria-label="${escapeHtml(label)}"></canvas></div>`;
}

const strategyHead = (results: RunResults): Cell[] => results.strategies.map((strategy) => strategy.name);

/** A violation's value in its metric's unit; the run's list names targets `strategy: metric`. */
function formatViolationActual(target: string, actual: number | null): string {
  const metric = TARGET_METRICS[target.slice(target.lastIndexOf(': ') + 2) as keyof typeof TARGET_METRICS];
  if (actual === null) return 'never';
  return metric ? formatMetric(metric.unit, actual) : String(actual);
}

/** The run's identity and verdict. */
export function headerHtml({ results, config }: ReportInput): string {
  const facts: [string, string][] = [
    ['scenario', `${results.scenario.name} (${results.scenario.file})`],
    ...(config?.scenario.description ? ([['description', config.scenario.description]] as [string, string][]) : []),
    ['seed', String(results.seed)],
    ['simulated time', formatDurationMs(results.simulatedMs)],
    ['strategies', results.strategies.map((strategy) => strategy.name).join(', ')],
    [
      'runtime',
      results.wall.engine === null
        ? `${results.wall.runtime} (in one process, no Temporal server)`
        : `${results.wall.runtime}: ${results.wall.engine}`,
    ],
    ['run started', results.wall.startedAt],
  ];
  const verdict = results.verdict.passed
    ? '<p class="verdict passed">Every target of the scenario was met.</p>'
    : `<p class="verdict failed">Targets missed:</p>\n<ul class="violations">${results.verdict.violations
        .map(
          (violation) =>
            `<li>${escapeHtml(`${violation.target} ${violation.bound}, got ${formatViolationActual(violation.target, violation.actual)}`)}</li>`,
        )
        .join('')}</ul>`;
  return `<header>\n<h1>faultline report: ${escapeHtml(results.scenario.name)}</h1>\n<dl class="facts">${facts
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>\n${verdict}\n</header>`;
}

function scorecardCell(strategy: StrategyResults, metric: (typeof REPORT_METRICS)[number]): Cell {
  const text = withDetail(formatMetric(metric.unit, metric.read(strategy)), metric.detail?.(strategy));
  const missed = metric.target
    ? strategy.verdict.violations.find((violation) => violation.target === metric.target)
    : undefined;
  return missed
    ? {
        html: `${escapeHtml(text)} <span class="mark">✗ target ${escapeHtml(missed.bound)}</span>`,
        className: 'violation',
      }
    : text;
}

/** Metrics × strategies, in groups; a metric that missed a target is marked. */
export function scorecardHtml(results: RunResults): string {
  const rows: Cell[][] = [];
  let group = '';
  for (const metric of REPORT_METRICS) {
    if (metric.group !== group) {
      group = metric.group;
      rows.push([group]);
    }
    rows.push([metric.label, ...results.strategies.map((strategy) => scorecardCell(strategy, metric))]);
  }
  return htmlTable(['metric', ...strategyHead(results)], rows, 'scorecard');
}

const LATENCIES: readonly { readonly label: string; readonly read: (strategy: StrategyResults) => Percentiles }[] = [
  { label: 'job latency (submission → completion)', read: (s) => s.checks.performance.jobLatencyMs },
  { label: 'queue wait (task ready → started)', read: (s) => s.checks.performance.queueWaitMs },
  { label: 'task delay (task ready → finished ok)', read: (s) => s.checks.performance.taskDelayMs },
];

/** The quantiles of each latency measure per strategy. */
export function latencyTableHtml(results: RunResults): string {
  const rows: Cell[][] = [];
  for (const latency of LATENCIES) {
    rows.push([latency.label]);
    rows.push(['measured', ...results.strategies.map((strategy) => String(latency.read(strategy).count))]);
    for (const key of ['p50', 'p95', 'p99', 'max'] as const)
      rows.push([key, ...results.strategies.map((strategy) => formatMetric('duration', latency.read(strategy)[key]))]);
  }
  return htmlTable(['', ...strategyHead(results)], rows);
}

function availabilityCell(...parts: readonly Availability[]): string {
  const counts = parts.flatMap((part) => [part.submit, part.status]);
  const operations = counts.reduce((sum, count) => sum + count.operations, 0);
  const ok = counts.reduce((sum, count) => sum + count.ok, 0);
  return operations === 0 ? '-' : `${formatMetric('fraction', ok / operations)} (${ok}/${operations})`;
}

/** Ok fraction (ok/operations) per phase and inside each fault window, per strategy. */
export function availabilityTableHtml(results: RunResults): string {
  const rows: Cell[][] = AVAILABILITY_PERIODS.map((period) => [
    period.label,
    ...results.strategies.map((strategy) => availabilityCell(period.part(strategy.checks.availability))),
  ]);
  rows.push([
    'inside fault windows',
    ...results.strategies.map((strategy) => availabilityCell(insideFaultWindows(strategy.checks.availability))),
  ]);
  const windows = [
    ...new Set(
      results.strategies.flatMap((strategy) =>
        strategy.checks.availability.faults.map((fault) => `${fault.fault}\u0000${fault.kind}`),
      ),
    ),
  ];
  for (const window of windows) {
    const [id, kind] = window.split('\u0000') as [string, string];
    rows.push([
      `inside ${id} (${kind})`,
      ...results.strategies.map((strategy) => {
        const fault = strategy.checks.availability.faults.find((candidate) => candidate.fault === id);
        return fault ? availabilityCell(fault) : '-';
      }),
    ]);
  }
  return htmlTable(['client operations ok', ...strategyHead(results)], rows);
}

/** Ok fraction on each side of each partition (nodes and clients named), per strategy. */
export function partitionTableHtml(results: RunResults): string {
  const partitions = results.strategies[0]?.checks.availability.partitions ?? [];
  if (partitions.length === 0) return '<p class="note">No partition in this run.</p>';
  const rows: Cell[][] = [];
  for (const partition of partitions) {
    rows.push([`${partition.fault}: ${formatClockMs(partition.startMs)} → ${formatClockMs(partition.endMs)}`]);
    for (const side of partition.sides) {
      const who = side.side === 'other' ? 'nodes on no list' : side.nodes.join(', ');
      rows.push([
        `${side.side}: ${who}${side.clients.length > 0 ? ` (clients ${side.clients.join(', ')})` : ''}`,
        ...results.strategies.map((strategy) => {
          const mine = strategy.checks.availability.partitions
            .find((candidate) => candidate.fault === partition.fault)
            ?.sides.find((candidate) => candidate.side === side.side);
          return mine ? availabilityCell(mine) : '-';
        }),
      ]);
    }
  }
  return htmlTable(['side', ...strategyHead(results)], rows);
}

/** Anomaly counts by kind, their total and rate, per strategy; non-zero counts marked. */
export function anomalyTableHtml(results: RunResults): string {
  const marked = (value: number): Cell => (value > 0 ? { text: String(value), className: 'violation' } : String(value));
  const rows: Cell[][] = ANOMALY_KINDS.map((kind) => [
    kind.label,
    ...results.strategies.map((strategy) => marked(kind.read(strategy))),
  ]);
  rows.push(['all kinds', ...results.strategies.map((strategy) => marked(anomalyCount(strategy)))]);
  rows.push([
    'per submitted job',
    ...results.strategies.map((strategy) => formatMetric('rate', anomalyRate(strategy))),
  ]);
  return htmlTable(['anomaly', ...strategyHead(results)], rows);
}
