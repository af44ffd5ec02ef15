/**
 * The report's charts as plain data: each `ChartSpec` is a chart.js configuration without
 * functions (JSON, embedded in the page) plus hints the page's script turns into functions —
 * how to format each axis, which fault windows to shade and which phases to mark.
 */
import type { AvailabilityResult, Availability } from '../checkers/availability.js';
import type { Percentiles } from '../checkers/performance.js';
import type { RunResults, StrategyResults } from '../runner/results.js';
import { formatDurationMs } from '../simulator/time.js';
import { faultColor, type PhaseMarker, type ReportFault } from './faults.js';
import { ANOMALY_KINDS, anomalyRate, availabilityDuringFaults } from './metrics.js';

/**
 * How an axis's values are written: `clock` h:mm of simulated time, `duration` compact, `percent`
 * of 1; `category` names integer positions from the spec's `categories` (a strategy axis).
 */
export type AxisFormat = 'clock' | 'duration' | 'percent' | 'number' | 'category';

export interface ShadedWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
  readonly color: string;
}

export interface ChartSpec {
  /** The id of the chart's canvas. */
  readonly canvas: string;
  readonly type: 'line' | 'bar' | 'scatter';
  readonly data: { readonly labels?: readonly string[]; readonly datasets: readonly Readonly<Record<string, unknown>>[] };
  readonly options: Readonly<Record<string, unknown>>;
  readonly format?: { readonly x?: AxisFormat; readonly y?: AxisFormat };
  /** Fault windows shaded behind the data (x in simulated ms). */
  readonly windows?: readonly ShadedWindow[];
  /** Phase boundaries drawn as dashed vertical lines (x in simulated ms). */
  readonly markers?: readonly PhaseMarker[];
  /** Write each point's dataset label (and run) beside it; points at one spot get their labels stacked. */
  readonly pointLabels?: boolean;
  /** The names of positions 0, 1, 2… on an axis formatted as `category`. */
  readonly categories?: readonly string[];
}

/** A colour-blind-safe palette (Okabe–Ito), by strategy position. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#F0E442'];

/** The colour of the strategy at `index`. */
export function strategyColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

const axisTitle = (text: string) => ({ display: true, text });

const NICE_STEPS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000];

/** A time-axis step that is a round duration and gives at most about ten ticks over `rangeMs`. */
export function niceStepMs(rangeMs: number): number {
  return NICE_STEPS_MS.find((step) => rangeMs / step <= 10) ?? Math.ceil(rangeMs / 10 / 86_400_000) * 86_400_000;
}

/** A simulated-time axis from 0 to the end of the run, ticks at round times (the end rounded up to one). */
function timeAxis(endMs: number): Readonly<Record<string, unknown>> {
  const stepMs = niceStepMs(endMs);
  return { type: 'linear', min: 0, max: Math.ceil(endMs / stepMs) * stepMs, ticks: { stepSize: stepMs }, title: axisTitle('simulated time') };
}

function shadedWindows(faults: readonly ReportFault[], strategies: number): ShadedWindow[] {
  return faults.map((fault) => ({
    startMs: fault.startMs,
    endMs: fault.endMs,
    label: fault.strategies.length < strategies ? `${fault.id} ${fault.kind} (${fault.strategies.join(', ')})` : `${fault.id} ${fault.kind}`,
    color: faultColor(fault.kind, 0.14),
  }));
}

/** Throughput or goodput per time bucket, one stepped line per strategy, fault windows shaded, phases marked. */
export function timeSeriesChart(canvas: string, results: RunResults, series: 'throughput' | 'goodput', faults: readonly ReportFault[], markers: readonly PhaseMarker[]): ChartSpec {
  const datasets = results.strategies.map((strategy, index) => {
    const { bucketMs } = strategy.checks.performance;
    const counts = strategy.checks.performance[series];
    // Each count held over its bucket: chart.js's 'before' draws from a point at its own value to the next (its 'after' would draw each bucket at the next bucket's count, one bucket early). A closing point at the end of the last bucket, so the step covers it.
    const points = [...counts.map((count, bucket) => ({ x: bucket * bucketMs, y: count })), { x: counts.length * bucketMs, y: counts[counts.length - 1] ?? 0 }];
    return { label: strategy.name, data: points, borderColor: strategyColor(index), backgroundColor: strategyColor(index), stepped: 'before', pointRadius: 0, borderWidth: 2 };
  });
  const bucketMs = results.strategies[0]?.checks.performance.bucketMs ?? 0;
  const what = series === 'throughput' ? 'task executions ended ok' : 'tasks finished ok for the first time';
  return {
    canvas,
    type: 'line',
    data: { datasets },
    options: {
      scales: {
        x: timeAxis(results.simulatedMs),
        y: { beginAtZero: true, title: axisTitle(`${what} per bucket`) },
      },
      plugins: { title: { display: true, text: series === 'throughput' ? 'Throughput' : 'Goodput' }, subtitle: { display: bucketMs > 0, text: `bucket: ${formatDurationMs(bucketMs)}` } },
    },
    format: { x: 'clock', y: 'number' },
    windows: shadedWindows(faults, results.strategies.length),
    markers,
  };
}

const QUANTILES: readonly (readonly [keyof Percentiles, number])[] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
  ['max', 1],
];

/** A latency distribution per strategy, drawn through the quantiles results.json keeps (p50, p95, p99, max). */
export function latencyCdfChart(canvas: string, title: string, results: RunResults, read: (strategy: StrategyResults) => Percentiles): ChartSpec {
  const datasets = results.strategies.map((strategy, index) => {
    const percentiles = read(strategy);
    const data = QUANTILES.flatMap(([key, fraction]) => {
      const value = percentiles[key];
      return typeof value === 'number' && key !== 'count' ? [{ x: value, y: fraction }] : [];
    });
    return { label: `${strategy.name} (n=${percentiles.count})`, data, borderColor: strategyColor(index), backgroundColor: strategyColor(index), pointRadius: 4, borderWidth: 2 };
  });
  const maxMs = Math.max(1, ...datasets.flatMap((dataset) => dataset.data.map((point) => point.x)));
  return {
    canvas,
    type: 'line',
    data: { datasets },
    options: {
      scales: {
        x: { type: 'linear', beginAtZero: true, ticks: { stepSize: niceStepMs(maxMs) }, title: axisTitle('latency (simulated)') },
        y: { min: 0, max: 1, title: axisTitle('fraction at or below') },
      },
      plugins: { title: { display: true, text: title } },
    },
    format: { x: 'duration', y: 'percent' },
  };
}

/** Ok fraction of submits and status reads together; null when there were none. */
export function okFraction(...parts: readonly Availability[]): number | null {
  const counts = parts.flatMap((part) => [part.submit, part.status]);
  const operations = counts.reduce((sum, count) => sum + count.operations, 0);
  return operations === 0 ? null : counts.reduce((sum, count) => sum + count.ok, 0) / operations;
}

/** The periods availability is shown for, each with where its counts are in the results. */
export const AVAILABILITY_PERIODS: readonly { readonly label: string; readonly part: (availability: AvailabilityResult) => Availability }[] = [
  { label: 'whole run', part: (a) => a.overall },
  { label: 'fault phase', part: (a) => a.phases.faults },
  { label: 'outside fault windows', part: (a) => a.outsideFaults },
  { label: 'convergence', part: (a) => a.phases.converge },
  { label: 'final reads', part: (a) => a.phases.finalReads },
];

function groupedBars(canvas: string, results: RunResults, labels: readonly string[], values: (strategy: StrategyResults) => readonly (number | null)[], yFormat: AxisFormat, yTitle: string, horizontal = false): ChartSpec {
  const datasets = results.strategies.map((strategy, index) => ({ label: strategy.name, data: values(strategy), backgroundColor: strategyColor(index) }));
  const largest = Math.max(0, ...datasets.flatMap((dataset) => dataset.data.filter((value): value is number => value !== null && Number.isFinite(value))));
  const scaleLimits = yFormat === 'percent' ? { max: 1 } : yFormat === 'duration' ? { ticks: { stepSize: niceStepMs(Math.max(1, largest)) } } : {};
  const valueAxis = { beginAtZero: true, title: axisTitle(yTitle), ...scaleLimits };
  return {
    canvas,
    type: 'bar',
    data: { labels, datasets },
    options: horizontal ? { indexAxis: 'y', scales: { x: valueAxis } } : { scales: { y: valueAxis } },
    format: horizontal ? { x: yFormat } : { y: yFormat },
  };
}

/** Ok fraction per phase, and inside fault windows, per strategy. */
export function availabilityChart(canvas: string, results: RunResults): ChartSpec {
  return groupedBars(
    canvas,
    results,
    [...AVAILABILITY_PERIODS.map((period) => period.label), 'inside fault windows'],
    (strategy) => [...AVAILABILITY_PERIODS.map((period) => okFraction(period.part(strategy.checks.availability))), availabilityDuringFaults(strategy)],
    'percent',
    'client operations answered ok',
  );
}

/** Ok fraction on each side of each partition, per strategy. */
export function partitionChart(canvas: string, results: RunResults): ChartSpec {
  const partitions = results.strategies[0]?.checks.availability.partitions ?? [];
  const labels = partitions.flatMap((partition) => partition.sides.map((side) => `${partition.fault} ${side.side}`));
  return groupedBars(
    canvas,
    results,
    labels,
    (strategy) =>
      labels.map((label) => {
        const side = strategy.checks.availability.partitions.flatMap((partition) => partition.sides.map((entry) => ({ label: `${partition.fault} ${entry.side}`, entry }))).find((candidate) => candidate.label === label);
        return side ? okFraction(side.entry) : null;
      }),
    'percent',
    'client operations answered ok',
  );
}

/** The anomaly kinds the chart shows: those some strategy had, or every kind when none had any (an empty chart would say nothing). */
export function chartedAnomalyKinds(results: RunResults): typeof ANOMALY_KINDS {
  const seen = ANOMALY_KINDS.filter((kind) => results.strategies.some((strategy) => kind.read(strategy) > 0));
  return seen.length > 0 ? seen : ANOMALY_KINDS;
}

/** Anomaly counts by kind (horizontal bars, one per strategy). */
export function anomalyChart(canvas: string, results: RunResults): ChartSpec {
  const kinds = chartedAnomalyKinds(results);
  return groupedBars(canvas, results, kinds.map((kind) => kind.label), (strategy) => kinds.map((kind) => kind.read(strategy)), 'number', 'count', true);
}

/** Time to detect, to fail over and to drain, per fault and strategy; no bar where none came. */
export function recoveryChart(canvas: string, results: RunResults, faults: readonly ReportFault[]): ChartSpec {
  const ids = [...new Set(faults.map((fault) => fault.id))];
  const measures = [
    ['detect', 'timeToDetectMs'],
    ['fail over', 'timeToFailOverMs'],
    ['drain', 'timeToDrainMs'],
  ] as const;
  const labels = ids.flatMap((id) => measures.map(([name]) => `${id} ${name}`));
  return groupedBars(
    canvas,
    results,
    labels,
    (strategy) =>
      ids.flatMap((id) => {
        const fault = strategy.checks.recovery.faults.find((candidate) => candidate.fault === id);
        return measures.map(([, key]) => fault?.[key] ?? null);
      }),
    'duration',
    'simulated time',
  );
}

/** The fault timeline: one floating bar per fault window, phases marked. */
export function faultTimelineChart(canvas: string, results: RunResults, faults: readonly ReportFault[], markers: readonly PhaseMarker[]): ChartSpec {
  return {
    canvas,
    type: 'bar',
    data: {
      labels: faults.map((fault) => `${fault.id} ${fault.description}`),
      datasets: [{ label: 'fault window', data: faults.map((fault) => [fault.startMs, fault.endMs]), backgroundColor: faults.map((fault) => faultColor(fault.kind, 0.75)), borderSkipped: false }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: timeAxis(results.simulatedMs) },
      plugins: { legend: { display: false } },
    },
    format: { x: 'clock' },
    markers,
  };
}

/** One point of the trade-off chart. */
export interface TradeOffPoint {
  /** The strategy's name. */
  readonly strategy: string;
  /** What the point stands for besides the strategy (`A · seed 5`); empty in a one-run report. */
  readonly run: string;
  /** x: the ok fraction of client operations inside fault windows; null (no point) when none was. */
  readonly availability: number | null;
  /** y: anomalies per submitted job. */
  readonly anomalyRate: number;
}

/** Where a strategy's run goes on the trade-off chart. */
export function placeOnTradeOff(strategy: string, run: string, result: StrategyResults): TradeOffPoint {
  return { strategy, run, availability: availabilityDuringFaults(result), anomalyRate: anomalyRate(result) };
}

/**
 * Each strategy by its availability during faults (x) against its anomaly rate (y): one dataset
 * per strategy, one point per run (seed). Better is right and low. A strategy with no client
 * operation inside a fault window has no point there. `labelled`: every point named beside it
 * and a strategy's points joined (a few runs); `cloud`: many points per strategy, named only in
 * the legend and tooltips (one per seed).
 */
export function tradeOffChart(canvas: string, points: readonly TradeOffPoint[], strategyOrder: readonly string[], style: 'labelled' | 'cloud' = 'labelled'): ChartSpec {
  const datasets = strategyOrder.map((name, index) => {
    const data = points.flatMap((point) => (point.strategy !== name || point.availability === null ? [] : [{ x: point.availability, y: point.anomalyRate, run: point.run }]));
    const color = strategyColor(index);
    return style === 'labelled'
      ? { label: name, data, borderColor: color, backgroundColor: color, pointRadius: 7, pointHoverRadius: 9, showLine: data.length > 1, borderWidth: 1.5 }
      : { label: name, data, borderColor: color, backgroundColor: `${color}99`, pointRadius: 5, pointHoverRadius: 7, showLine: false, borderWidth: 1, clip: 8 };
  });
  return {
    canvas,
    type: 'scatter',
    pointLabels: style === 'labelled',
    data: { datasets },
    options: {
      scales: {
        x: { type: 'linear', suggestedMin: 0.5, max: 1, title: axisTitle('availability during faults (ok fraction of client operations) → better') },
        y: { beginAtZero: true, suggestedMax: 0.1, grace: '10%', title: axisTitle('anomalies per submitted job (lower is better)') },
      },
    },
    format: { x: 'percent', y: 'number' },
  };
}
