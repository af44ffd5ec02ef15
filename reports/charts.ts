/**
 * The report's charts as plain data: each `ChartSpec` is a chart.js configuration without
 * functions (JSON, embedded in the page) plus what the page's script turns into functions and
 * drawing — each axis's ticks (fitted here, `axes.ts`), tooltip text, which fault windows to
 * shade and which phases to mark.
 *
 * How the charts keep strategies apart: the time series are small multiples (a panel per
 * strategy on one time axis and one count scale); on the other charts every strategy has its
 * colour and its marker shape, and strategies with identical values are named as such. Dot
 * plots rather than bars where a bar's length from zero says nothing (availability on a fitted
 * percentage axis, recovery times on a logarithmic one).
 */
import type { Availability, AvailabilityResult, OperationCounts } from '../checkers/availability.js';
import type { Percentiles } from '../checkers/performance.js';
import type { RunResults, StrategyResults } from '../results/run.js';
import { formatDurationMs } from '../simulator/base/time.js';
import {
  countAxis,
  durationAxis,
  type FittedAxis,
  logDurationAxis,
  logRateAxis,
  numberAxis,
  percentAxis,
  placeOn,
  scaleOptions,
  type Tick,
  timeAxis,
  wantsLog,
} from './axes.js';
import { faultColor, type PhaseMarker, type ReportFault } from './faults.js';
import { ANOMALY_KINDS, anomalyRate, availabilityDuringFaults, formatMetric } from '../results/metrics.js';

/**
 * How tooltip values are written where a point carries no text of its own: `clock` h:mm of simulated time, `duration`
 * compact, `percent` of 1.
 */
export type AxisFormat = 'clock' | 'duration' | 'percent' | 'number';

export interface ShadedWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
  readonly color: string;
  /**
   * In a chart of small multiples, the y axes of the panels to shade (the strategies that recorded the window); absent:
   * the whole chart.
   */
  readonly panels?: readonly string[];
}

/** A panel of a chart of small multiples: the y axis it is drawn on, and its name. */
export interface Panel {
  readonly axis: string;
  readonly label: string;
  readonly color: string;
}

export interface ChartSpec {
  /** The id of the chart's canvas. */
  readonly canvas: string;
  readonly type: 'line' | 'bar' | 'scatter';
  readonly data: {
    readonly labels?: readonly string[];
    readonly datasets: readonly Readonly<Record<string, unknown>>[];
  };
  readonly options: Readonly<Record<string, unknown>>;
  /** How tooltips write values of points without a `tip`. */
  readonly format?: { readonly x?: AxisFormat; readonly y?: AxisFormat };
  /** The ticks of each axis, by scale id: exactly these positions and labels. */
  readonly ticks?: Readonly<Record<string, readonly Tick[]>>;
  /** Fault windows shaded behind the data (x in simulated ms). */
  readonly windows?: readonly ShadedWindow[];
  /** Phase boundaries drawn as dashed vertical lines (x in simulated ms). */
  readonly markers?: readonly PhaseMarker[];
  /** Write each point's dataset label (and run) beside it; points at one spot get their labels stacked. */
  readonly pointLabels?: boolean;
  /** Write each bar's `valueLabels` entry at its end. */
  readonly valueLabels?: boolean;
  /** Small multiples: each panel's name, written in it. */
  readonly panels?: readonly Panel[];
}

/** A colour-blind-safe palette (Okabe–Ito), by strategy position. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#F0E442'];

/** The colour of the strategy at `index`. */
export function strategyColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

/**
 * Marker shapes by strategy position, so that strategies differ by more than colour and points at one spot stay visible
 * (drawn hollow).
 */
const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded', 'cross'];

/** The marker shape of the strategy at `index`. */
export function strategyPointStyle(index: number): string {
  return POINT_STYLES[index % POINT_STYLES.length] as string;
}

const axisTitle = (text: string) => ({ display: true, text });

const percent = (fraction: number) => formatMetric('fraction', fraction);

/**
 * The fault windows to shade. On small multiples (`panelOf`: a strategy's panel axis) a window
 * only some strategies recorded is shaded in their panels alone; on a chart of all strategies
 * its label names them.
 */
function shadedWindows(
  faults: readonly ReportFault[],
  strategies: readonly string[],
  panelOf?: (strategy: string) => string,
): ShadedWindow[] {
  return faults.map((fault) => {
    const some = fault.strategies.length < strategies.length;
    const window = { startMs: fault.startMs, endMs: fault.endMs, color: faultColor(fault.kind, 0.14) };
    if (panelOf)
      return {
        ...window,
        label: `${fault.id} ${fault.kind}`,
        ...(some ? { panels: fault.strategies.map(panelOf) } : {}),
      };
    return {
      ...window,
      label: some ? `${fault.id} ${fault.kind} (${fault.strategies.join(', ')})` : `${fault.id} ${fault.kind}`,
    };
  });
}

/**
 * A fault window as a row of a chart names it: id, start, and what it did, without a trigger's explanation (the tables
 * have it), shortened.
 */
export function faultRowLabel(fault: ReportFault): string {
  const what = fault.description.split(' (')[0] ?? fault.description;
  return shorten(`${fault.id} ${clockText(fault.startMs)} ${what}`);
}

/**
 * The top of the shared count scale of the time series: the largest count, unless one strategy
 * peaks at more than twice any other's peak — then the others' largest, so that one outlier
 * (a burst of duplicates) does not flatten every panel; its panel says where it peaked.
 */
export function sharedCountTop(peaks: readonly number[]): number {
  const sorted = [...peaks].sort((a, b) => b - a);
  const [first = 0, second = 0] = sorted;
  return sorted.length > 2 && first > 2 * second && second > 0 ? second : first;
}

/**
 * One bucket count per step, cut at the run's end: points from the buckets that start before it, and a closing point at
 * the end of the last (or at the run's end).
 */
export function bucketPoints(
  counts: readonly number[],
  bucketMs: number,
  endMs: number,
): { x: number; y: number; title: string }[] {
  const shown = counts.slice(0, Math.max(1, Math.ceil(endMs / bucketMs)));
  const points = shown.map((count, bucket) => ({
    x: bucket * bucketMs,
    y: count,
    title: `${clockText(bucket * bucketMs)}–${clockText(Math.min(endMs, (bucket + 1) * bucketMs))}`,
  }));
  const last = points[points.length - 1];
  return last ? [...points, { x: Math.min(endMs, shown.length * bucketMs), y: last.y, title: last.title }] : points;
}

const clockText = (ms: number) => {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}${seconds ? `:${String(seconds).padStart(2, '0')}` : ''}`;
};

/**
 * Throughput and goodput over time as small multiples: a panel per strategy, one above the
 * other on the same time axis (0 to the run's end) and the same whole-number count scale, with
 * goodput filled and throughput as a line over it — the gap between them is repeated work.
 * Fault windows shaded across every panel, phases marked.
 */
export function timeSeriesChart(
  canvas: string,
  results: RunResults,
  faults: readonly ReportFault[],
  markers: readonly PhaseMarker[],
): ChartSpec {
  const endMs = results.simulatedMs;
  const series = results.strategies.map((strategy) => strategySeries(strategy, endMs));
  const peaks = series.map((entry) => Math.max(0, ...entry.throughput.map((point) => point.y)));
  const counts = countAxis(Math.max(1, sharedCountTop(peaks)), 3, 0.3);
  const top = counts.ticks[counts.ticks.length - 1]?.value ?? counts.max;
  const time = timeAxis(endMs);
  const names = results.strategies.map((strategy) => strategy.name);
  const panels = panelScales(names.length, counts);
  return {
    canvas,
    type: 'line',
    data: { datasets: timeSeriesDatasets(names, series) },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { x: scaleOptions(time, { title: axisTitle('simulated time') }), ...panels.scales },
      plugins: timeSeriesPlugins(results.strategies[0]?.checks.performance.bucketMs ?? 0),
    },
    format: { x: 'clock', y: 'number' },
    ticks: { x: time.ticks, ...panels.ticks },
    windows: shadedWindows(faults, names, (name) => panelAxisId(names.indexOf(name))),
    markers,
    panels: panelNames(names, peaks, top),
  };
}

/** The y axis of the time series' panel `index`. */
const panelAxisId = (index: number) => `y${index}`;

/** A strategy's throughput and goodput, a point per bucket. */
interface StrategySeries {
  readonly throughput: ReturnType<typeof bucketPoints>;
  readonly goodput: ReturnType<typeof bucketPoints>;
}

/** A strategy's bucket counts as points, cut at the run's end. */
function strategySeries(strategy: StrategyResults, endMs: number): StrategySeries {
  const { bucketMs, throughput, goodput } = strategy.checks.performance;
  return { throughput: bucketPoints(throughput, bucketMs, endMs), goodput: bucketPoints(goodput, bucketMs, endMs) };
}

/** The two legend entries (throughput, goodput, in grey), then each strategy's two series in its panel. */
function timeSeriesDatasets(names: readonly string[], series: readonly StrategySeries[]): Record<string, unknown>[] {
  return [
    {
      label: 'throughput: task executions ended ok (duplicates too)',
      group: 'throughput',
      data: [],
      borderColor: '#444',
      backgroundColor: '#444',
      pointStyle: 'line',
      yAxisID: panelAxisId(0),
    },
    {
      label: 'goodput: tasks finished ok the first time',
      group: 'goodput',
      data: [],
      borderColor: 'rgba(68, 68, 68, 0.35)',
      backgroundColor: 'rgba(68, 68, 68, 0.35)',
      pointStyle: 'rect',
      yAxisID: panelAxisId(0),
    },
    ...names.flatMap((name, index) => panelDatasets(name, index, series[index] as StrategySeries)),
  ];
}

/** A strategy's panel: throughput as a stepped line over goodput filled, both left out of the legend. */
function panelDatasets(name: string, index: number, series: StrategySeries): Record<string, unknown>[] {
  const color = strategyColor(index);
  const common = {
    stepped: 'before',
    pointRadius: 0,
    pointHoverRadius: 3,
    yAxisID: panelAxisId(index),
    hideInLegend: true,
  };
  return [
    {
      ...common,
      label: `${name} throughput`,
      group: 'throughput',
      data: series.throughput,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1.5,
      fill: false,
    },
    {
      ...common,
      label: `${name} goodput`,
      group: 'goodput',
      data: series.goodput.map(({ x, y }) => ({ x, y })),
      borderColor: `${color}00`,
      backgroundColor: `${color}55`,
      borderWidth: 0,
      fill: 'origin',
    },
  ];
}

/** Each panel's y axis, stacked in one column on the shared count scale, and its ticks. */
function panelScales(
  panels: number,
  counts: FittedAxis,
): { scales: Record<string, unknown>; ticks: Record<string, readonly Tick[]> } {
  const scales: Record<string, unknown> = {};
  const ticks: Record<string, readonly Tick[]> = {};
  // chart.js stacks the first axis of a stack at the bottom: the last strategy first, so the first is on top.
  for (let index = panels - 1; index >= 0; index--) {
    scales[panelAxisId(index)] = scaleOptions(counts, {
      position: 'left',
      stack: 'strategies',
      stackWeight: 1,
      border: { display: true },
      grid: { color: '#eee' },
      ticks: { font: { size: 10 } },
    });
    ticks[panelAxisId(index)] = counts.ticks;
  }
  return { scales, ticks };
}

/** The time series' title, the bucket it counts per, and its legend. */
function timeSeriesPlugins(bucketMs: number): Record<string, unknown> {
  return {
    title: { display: true, text: 'Throughput and goodput, per strategy' },
    subtitle: {
      display: bucketMs > 0,
      text: `count per ${formatDurationMs(bucketMs)} bucket, the same scale in every panel`,
    },
    legend: { labels: { usePointStyle: false, boxWidth: 24, boxHeight: 10 } },
  };
}

/** Each panel's name, saying where a strategy peaks above the shared scale (`top`). */
function panelNames(names: readonly string[], peaks: readonly number[], top: number): Panel[] {
  return names.map((name, index) => ({
    axis: panelAxisId(index),
    label: (peaks[index] ?? 0) > top ? `${name} — throughput peaks at ${peaks[index]}, above the scale` : name,
    color: strategyColor(index),
  }));
}

/** Old results.json files (before `quantiles`) keep only these. */
const STORED_QUANTILES: readonly (readonly ['p50' | 'p95' | 'p99' | 'max', number])[] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
  ['max', 1],
];

/**
 * `[fraction, ms]` points of a latency distribution: its `quantiles`, or p50, p95, p99 and max from a results.json
 * written before they were kept.
 */
export function distributionPoints(percentiles: Percentiles): readonly (readonly [number, number])[] {
  const { quantiles } = percentiles as { readonly quantiles?: Percentiles['quantiles'] };
  if (quantiles) return quantiles;
  return STORED_QUANTILES.flatMap(([key, fraction]) => {
    const value = percentiles[key];
    return value === null ? [] : [[fraction, value] as const];
  });
}

/** Whether every strategy's distributions carry their `quantiles` (results.json written after they were added). */
export function hasQuantiles(results: RunResults): boolean {
  return results.strategies.every((strategy) => 'quantiles' in strategy.checks.performance.jobLatencyMs);
}

/**
 * For each strategy, the earlier strategy whose values are identical to its own (undefined if
 * none): named in the legend, and the later one drawn wider beneath, so that lines that coincide
 * exactly still show both colours.
 */
function sameAs<T>(names: readonly string[], values: readonly T[]): (string | undefined)[] {
  const keys = values.map((value) => JSON.stringify(value));
  return keys.map((key, index) => {
    const first = keys.indexOf(key);
    return first < index ? names[first] : undefined;
  });
}

/** How many earlier strategies share this one's values: 0 for the first of its kind. */
function depthAmongSame<T>(values: readonly T[]): number[] {
  const keys = values.map((value) => JSON.stringify(value));
  return keys.map((key, index) => keys.slice(0, index).filter((other) => other === key).length);
}

const FRACTION_AXIS: FittedAxis = {
  type: 'linear',
  min: -0.03,
  max: 1.03,
  ticks: [0, 0.2, 0.4, 0.6, 0.8, 1].map((value) => ({ value, label: `${value * 100}%` })),
};

/**
 * A latency distribution per strategy: the cumulative fraction (y) of values at or below each
 * latency (x), through the quantiles results.json keeps (24 per measure; four in older files).
 * x is logarithmic when the values span two orders of magnitude or more (queue waits of
 * milliseconds beside a tail of minutes), with 0 as a labelled column at its left.
 */
export function latencyCdfChart(
  canvas: string,
  title: string,
  results: RunResults,
  read: (strategy: StrategyResults) => Percentiles,
): ChartSpec {
  const names = results.strategies.map((strategy) => strategy.name);
  const distributions = results.strategies.map((strategy) => distributionPoints(read(strategy)));
  const values = distributions.flatMap((points) => points.map(([, ms]) => ms));
  const positive = values.filter((value) => value > 0);
  const largest = Math.max(0, ...values);
  const smallestPositive = positive.length > 0 ? Math.min(...positive) : 0;
  const logarithmic = wantsLog(smallestPositive, largest);
  const x = logarithmic
    ? logDurationAxis(smallestPositive, largest, { zero: values.some((value) => value <= 0) })
    : durationAxis(values.length > 0 ? Math.min(...values) : 0, Math.max(1, largest));
  const twins = sameAs(
    names,
    distributions.map((points, index) => [points, read(results.strategies[index] as StrategyResults).count]),
  );
  const depth = depthAmongSame(
    distributions.map((points, index) => [points, read(results.strategies[index] as StrategyResults).count]),
  );
  const datasets = results.strategies.map((strategy, index) => {
    const { count } = read(strategy);
    const data = (distributions[index] ?? []).map(([fraction, ms]) => ({
      x: placeOn(x, ms),
      y: fraction,
      tip: `${strategy.name}: ${percent(fraction)} at or below ${formatDurationMs(ms)}`,
    }));
    const twin = twins[index];
    return {
      label: `${strategy.name} (n=${count}${twin ? `, same as ${twin}` : ''})`,
      data,
      borderColor: strategyColor(index),
      backgroundColor: strategyColor(index),
      pointStyle: 'line',
      pointRadius: 0,
      pointHoverRadius: 4,
      borderWidth: 2 + 3 * (depth[index] ?? 0),
    };
  });
  return {
    canvas,
    type: 'line',
    data: { datasets },
    options: {
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: scaleOptions(x, {
          title: axisTitle(
            logarithmic
              ? `latency (simulated; log scale${x.zeroAt === undefined ? '' : ', 0 at the left'})`
              : 'latency (simulated)',
          ),
        }),
        y: scaleOptions(FRACTION_AXIS, { title: axisTitle('fraction at or below') }),
      },
      plugins: { title: { display: true, text: title } },
    },
    format: { x: 'duration', y: 'percent' },
    ticks: { x: x.ticks, y: FRACTION_AXIS.ticks },
  };
}

/** Ok fraction of submits and status reads together; null when there were none. */
export function okFraction(...parts: readonly Availability[]): number | null {
  const { ok, operations } = okCounts(...parts);
  return operations === 0 ? null : ok / operations;
}

/** Submits and status reads together: how many, and how many ok. */
export function okCounts(...parts: readonly Availability[]): { ok: number; operations: number } {
  const counts = parts.flatMap((part) => [part.submit, part.status]);
  return {
    ok: counts.reduce((sum, count) => sum + count.ok, 0),
    operations: counts.reduce((sum, count) => sum + count.operations, 0),
  };
}

/** Operations inside fault windows: those of the fault phase minus those outside every window. */
export function insideFaultWindows(availability: AvailabilityResult): Availability {
  const minus = (whole: OperationCounts, part: OperationCounts): OperationCounts => {
    const operations = whole.operations - part.operations;
    const ok = whole.ok - part.ok;
    return {
      operations,
      ok,
      fail: whole.fail - part.fail,
      info: whole.info - part.info,
      okFraction: operations === 0 ? null : ok / operations,
    };
  };
  const { phases, outsideFaults } = availability;
  return {
    submit: minus(phases.faults.submit, outsideFaults.submit),
    status: minus(phases.faults.status, outsideFaults.status),
  };
}

/** The periods availability is shown for, each with where its counts are in the results. */
export const AVAILABILITY_PERIODS: readonly {
  readonly label: string;
  readonly part: (availability: AvailabilityResult) => Availability;
}[] = [
  { label: 'whole run', part: (a) => a.overall },
  { label: 'fault phase', part: (a) => a.phases.faults },
  { label: 'outside fault windows', part: (a) => a.outsideFaults },
  { label: 'convergence', part: (a) => a.phases.converge },
  { label: 'final reads', part: (a) => a.phases.finalReads },
];

/** Where the k-th of `count` strategies sits in a row of a dot plot, around the row's centre. */
export function rowOffset(k: number, count: number): number {
  return count <= 1 ? 0 : (k - (count - 1) / 2) * Math.min(0.16, 0.64 / (count - 1));
}

/**
 * The y axis of a dot plot: one row per label, the first on top; `headroom` (in rows) above the first for a panel's
 * name.
 */
function rowAxis(labels: readonly string[], headroom = 0): { scale: Record<string, unknown>; ticks: Tick[] } {
  return {
    scale: {
      type: 'linear',
      min: -0.5 - headroom,
      max: Math.max(0.5, labels.length - 0.5),
      reverse: true,
      grid: { color: '#eee' },
      border: { display: false },
    },
    ticks: labels.map((label, value) => ({ value, label })),
  };
}

/** The height of one row of a dot plot with `strategies` markers in it, in pixels. */
const rowHeightPx = (strategies: number) => 14 + 7 * strategies;

/** The height a dot plot of `rows` rows and `strategies` strategies needs, in pixels. */
export function dotPlotHeight(rows: number, strategies: number, extra = 90): number {
  return extra + Math.max(1, rows) * rowHeightPx(strategies);
}

/** Room above a panel's first row for the panel's name, in pixels. */
const PANEL_NAME_PX = 22;

/** The height the recovery chart needs: three panels of a row per fault, their names, the axis and the legend. */
export function recoveryChartHeight(faults: number, strategies: number): number {
  return 80 + 3 * (Math.max(1, faults) * rowHeightPx(strategies) + PANEL_NAME_PX);
}

/** One strategy's dots of an ok-fraction dot plot: a point per row where it had operations. */
function availabilityDots(
  name: string,
  index: number,
  count: number,
  rows: readonly (Availability | undefined)[],
  labels: readonly string[],
): Record<string, unknown> {
  const color = strategyColor(index);
  const data = rows.flatMap((part, row) => {
    if (!part) return [];
    const { ok, operations } = okCounts(part);
    return operations === 0
      ? []
      : [
          {
            x: ok / operations,
            y: row + rowOffset(index, count),
            title: labels[row],
            tip: `${name}: ${percent(ok / operations)} ok (${ok}/${operations})`,
          },
        ];
  });
  return {
    label: name,
    data,
    borderColor: color,
    backgroundColor: `${color}40`,
    pointStyle: strategyPointStyle(index),
    pointRadius: 5,
    pointHoverRadius: 7,
    borderWidth: 1.5,
  };
}

/**
 * A dot plot of ok fractions: rows (a period, a partition side) × strategies, on a percentage axis fitted to the
 * values.
 */
function okFractionDotPlot(
  canvas: string,
  results: RunResults,
  rowLabels: readonly string[],
  parts: (strategy: StrategyResults) => readonly (Availability | undefined)[],
): ChartSpec {
  const rowsByStrategy = results.strategies.map(parts);
  const empty = rowLabels.map((_, row) =>
    rowsByStrategy.every((rows) => okCounts(...(rows[row] ? [rows[row] as Availability] : [])).operations === 0),
  );
  const labels = rowLabels.map((label, row) => (empty[row] ? `${label} (no operations)` : label));
  const count = results.strategies.length;
  const datasets = results.strategies.map((strategy, index) =>
    availabilityDots(strategy.name, index, count, rowsByStrategy[index] ?? [], labels),
  );
  const fractions = datasets.flatMap((dataset) => (dataset['data'] as { x: number }[]).map((point) => point.x));
  const x = percentAxis(fractions);
  const y = rowAxis(labels);
  return {
    canvas,
    type: 'scatter',
    data: { datasets },
    options: { scales: { x: scaleOptions(x, { title: axisTitle('client operations answered ok') }), y: y.scale } },
    format: { x: 'percent' },
    ticks: { x: x.ticks, y: y.ticks },
  };
}

/** The rows of the availability chart: the periods, inside fault windows, and inside each window. */
export function availabilityRows(results: RunResults): {
  readonly labels: string[];
  readonly parts: (strategy: StrategyResults) => (Availability | undefined)[];
} {
  const windows = [
    ...new Map(
      results.strategies.flatMap((strategy) =>
        strategy.checks.availability.faults.map((fault) => [fault.fault, fault.kind] as const),
      ),
    ).entries(),
  ];
  return {
    labels: [
      ...AVAILABILITY_PERIODS.map((period) => period.label),
      'inside fault windows',
      ...windows.map(([id, kind]) => `inside ${id} (${kind})`),
    ],
    parts: (strategy) => [
      ...AVAILABILITY_PERIODS.map((period) => period.part(strategy.checks.availability)),
      insideFaultWindows(strategy.checks.availability),
      ...windows.map(([id]) => strategy.checks.availability.faults.find((fault) => fault.fault === id)),
    ],
  };
}

/** Ok fraction per phase, inside fault windows and inside each, per strategy: a dot plot. */
export function availabilityChart(canvas: string, results: RunResults): ChartSpec {
  const rows = availabilityRows(results);
  return okFractionDotPlot(canvas, results, rows.labels, rows.parts);
}

/**
 * The partition sides charted, `f3 side-1`…, in order: those where some strategy had a client operation (the table
 * lists every side).
 */
export function partitionRows(results: RunResults): string[] {
  const partitions = results.strategies[0]?.checks.availability.partitions ?? [];
  const used = (fault: string, side: string) =>
    results.strategies.some((strategy) => {
      const found = strategy.checks.availability.partitions
        .find((partition) => partition.fault === fault)
        ?.sides.find((candidate) => candidate.side === side);
      return found !== undefined && okCounts(found).operations > 0;
    });
  return partitions.flatMap((partition) =>
    partition.sides.filter((side) => used(partition.fault, side.side)).map((side) => `${partition.fault} ${side.side}`),
  );
}

/** Ok fraction on each side of each partition, per strategy: a dot plot. */
export function partitionChart(canvas: string, results: RunResults): ChartSpec {
  const labels = partitionRows(results);
  return okFractionDotPlot(canvas, results, labels, (strategy) =>
    labels.map(
      (label) =>
        strategy.checks.availability.partitions
          .flatMap((partition) => partition.sides.map((side) => ({ label: `${partition.fault} ${side.side}`, side })))
          .find((candidate) => candidate.label === label)?.side,
    ),
  );
}

/**
 * The anomaly kinds the chart shows: those some strategy had, or every kind when none had any (an empty chart would say
 * nothing).
 */
export function chartedAnomalyKinds(results: RunResults): typeof ANOMALY_KINDS {
  const seen = ANOMALY_KINDS.filter((kind) => results.strategies.some((strategy) => kind.read(strategy) > 0));
  return seen.length > 0 ? seen : ANOMALY_KINDS;
}

/**
 * Anomaly counts by kind: horizontal bars, one per strategy, on a whole-number axis, each non-zero count written at its
 * bar's end.
 */
export function anomalyChart(canvas: string, results: RunResults): ChartSpec {
  const kinds = chartedAnomalyKinds(results);
  const datasets = results.strategies.map((strategy, index) => {
    const values = kinds.map((kind) => kind.read(strategy));
    return {
      label: strategy.name,
      data: values,
      valueLabels: values.map((value) => (value > 0 ? String(value) : '')),
      backgroundColor: strategyColor(index),
      pointStyle: 'rect',
    };
  });
  const x = countAxis(Math.max(0, ...datasets.flatMap((dataset) => dataset.data)), 8, 0.06);
  return {
    canvas,
    type: 'bar',
    data: { labels: kinds.map((kind) => kind.label), datasets },
    options: {
      indexAxis: 'y',
      scales: { x: scaleOptions(x, { title: axisTitle('count') }), y: { grid: { display: false } } },
    },
    format: { x: 'number' },
    ticks: { x: x.ticks },
    valueLabels: true,
  };
}

/** The three recovery measures: what, where its value is, what its absence is called. */
const RECOVERY_MEASURES = [
  {
    title: 'time to detect (from the fault’s start)',
    name: 'detect',
    value: (fault: FaultRecovery) => fault.timeToDetectMs,
    by: (fault: FaultRecovery) => fault.detectedBy,
    none: 'none',
  },
  {
    title: 'time to fail over (from the fault’s start)',
    name: 'fail over',
    value: (fault: FaultRecovery) => fault.timeToFailOverMs,
    by: (fault: FaultRecovery) => fault.failedOverBy,
    none: 'none',
  },
  {
    title: 'time to drain (from the fault’s end)',
    name: 'drain',
    value: (fault: FaultRecovery) => fault.timeToDrainMs,
    by: () => null,
    none: 'never',
  },
] as const;

type FaultRecovery = StrategyResults['checks']['recovery']['faults'][number];

/** A strategy's recovery from one fault window, if its run recorded that window. */
function recoveryOf(strategy: StrategyResults, fault: ReportFault): FaultRecovery | undefined {
  return strategy.checks.recovery.faults.find(
    (candidate) => candidate.fault === fault.id && candidate.startMs === fault.startMs,
  );
}

/**
 * Time to detect, to fail over and to drain, per fault window and strategy: three panels one
 * above the other, each a dot plot (a row per fault, a marker per strategy), on one shared
 * logarithmic time axis — a detection in seconds and a drain in hours are both readable, and
 * comparable — with a column for 0 at its left and one at its right for no reaction (`none`)
 * or a backlog that never drained (`never`).
 */
export function recoveryChart(canvas: string, results: RunResults, faults: readonly ReportFault[]): ChartSpec {
  const rows = recoveryRows(faults);
  const entries = results.strategies.map((strategy) =>
    rows
      .map((row) => row.windows.find((fault) => fault.strategies.includes(strategy.name)))
      .map((fault) => (fault ? recoveryOf(strategy, fault) : undefined)),
  );
  const values = entries.flatMap((row) =>
    row.flatMap((entry) => (entry ? RECOVERY_MEASURES.map((measure) => measure.value(entry)) : [])),
  );
  const positive = values.filter((value): value is number => value !== null && value > 0);
  const [smallest, largest] = positive.length > 0 ? [Math.min(...positive), Math.max(...positive)] : [1_000, 3_600_000];
  const x = logDurationAxis(smallest, largest, {
    zero: values.some((value) => value === 0),
    none: values.some((value) => value === null) ? 'none / never' : undefined,
  });
  const labels = rows.map((row) => row.label);
  const count = results.strategies.length;
  const axisId = (m: number) => `y${m}`;
  const datasets = RECOVERY_MEASURES.flatMap((measure, m) =>
    results.strategies.map((strategy, index) => {
      const color = strategyColor(index);
      const data = rows.flatMap((row, r) => {
        const entry = entries[index]?.[r];
        if (!entry) return [];
        const value = measure.value(entry);
        const by = measure.by(entry);
        const text = value === null ? measure.none : `${formatDurationMs(value)}${by ? ` (${by})` : ''}`;
        const window = `${entry.fault} ${entry.target}, ${clockText(entry.startMs)}–${clockText(entry.endMs)}`;
        return [
          {
            x: placeOn(x, value),
            y: r + rowOffset(index, count),
            title: `${window}: ${measure.name}`,
            tip: `${strategy.name}: ${text}`,
          },
        ];
      });
      return {
        label: strategy.name,
        group: strategy.name,
        hideInLegend: m > 0,
        yAxisID: axisId(m),
        data,
        borderColor: color,
        backgroundColor: `${color}40`,
        pointStyle: strategyPointStyle(index),
        pointRadius: 5,
        pointHoverRadius: 7,
        borderWidth: 1.5,
      };
    }),
  );
  const rowScale = rowAxis(labels, PANEL_NAME_PX / rowHeightPx(count));
  const scales: Record<string, unknown> = { x: scaleOptions(x, { title: axisTitle('simulated time (log scale)') }) };
  const ticks: Record<string, readonly Tick[]> = { x: x.ticks };
  // chart.js stacks the first axis of a stack at the bottom: drain first, so that detect is on top.
  for (let m = RECOVERY_MEASURES.length - 1; m >= 0; m--) {
    scales[axisId(m)] = { ...rowScale.scale, stack: 'measures', stackWeight: Math.max(1, rows.length) };
    ticks[axisId(m)] = rowScale.ticks;
  }
  return {
    canvas,
    type: 'scatter',
    data: { datasets },
    options: { scales },
    ticks,
    panels: RECOVERY_MEASURES.map((measure, m) => ({ axis: axisId(m), label: measure.title, color: '#333' })),
  };
}

/**
 * The rows of the recovery chart: one per fault id. A crash trigger fires at run time, at a
 * different instant (and on another node) under each strategy: its windows share a row, each
 * strategy's marker measured from its own window, and the row is labelled without a time.
 */
export function recoveryRows(
  faults: readonly ReportFault[],
): { readonly label: string; readonly windows: readonly ReportFault[] }[] {
  const ids = [...new Set(faults.map((fault) => fault.id))];
  return ids.map((id) => {
    const windows = faults.filter((fault) => fault.id === id);
    const [first] = windows as [ReportFault, ...ReportFault[]];
    if (windows.length === 1) return { label: faultRowLabel(first), windows };
    const whats = [...new Set(windows.map((fault) => fault.description.split(' (')[0] ?? fault.description))];
    return { label: shorten(`${id} ${whats.length === 1 ? whats[0] : first.kind}, per strategy`), windows };
  });
}

/** At most 26 characters: a stacked axis's labels get a sixth of the chart's width in chart.js. */
const shorten = (label: string) => (label.length > 26 ? `${label.slice(0, 25)}…` : label);

/** The fault timeline: one floating bar per fault window, phases marked, over the run from 0 to its end. */
export function faultTimelineChart(
  canvas: string,
  results: RunResults,
  faults: readonly ReportFault[],
  markers: readonly PhaseMarker[],
): ChartSpec {
  const time = timeAxis(results.simulatedMs);
  return {
    canvas,
    type: 'bar',
    data: {
      labels: faults.map(
        (fault) =>
          faultRowLabel(fault) +
          (fault.strategies.length < results.strategies.length ? ` (${fault.strategies.join(', ')})` : ''),
      ),
      datasets: [
        {
          label: 'fault window',
          data: faults.map((fault) => [fault.startMs, fault.endMs]),
          backgroundColor: faults.map((fault) => faultColor(fault.kind, 0.75)),
          borderSkipped: false,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      scales: { x: scaleOptions(time, { title: axisTitle('simulated time') }), y: { grid: { display: false } } },
      plugins: { legend: { display: false } },
    },
    format: { x: 'clock' },
    ticks: { x: time.ticks },
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
 * The trade-off chart's y axis: linear from 0, or logarithmic (0 as a row below) when the non-zero rates span a factor
 * of ten or more.
 */
export function anomalyRateAxis(rates: readonly number[]): FittedAxis {
  const positive = rates.filter((rate) => rate > 0);
  if (positive.length === 0) return numberAxis(0.1, 0.06);
  const [smallest, largest] = [Math.min(...positive), Math.max(...positive)];
  return wantsLog(smallest, largest, 10)
    ? logRateAxis(
        smallest,
        largest,
        rates.some((rate) => rate <= 0),
      )
    : numberAxis(largest, 0.06);
}

/**
 * Each strategy by its availability during faults (x) against its anomaly rate (y): one dataset
 * per strategy, one point per run (seed). Better is right and low. Both axes fitted to the
 * points and padded so a point at 100% or at 0 is drawn whole. A strategy with no client
 * operation inside a fault window has no point there. `labelled`: every point named beside it
 * and a strategy's points joined (a few runs); `cloud`: many points per strategy, named only in
 * the legend and tooltips (one per seed).
 */
export function tradeOffChart(
  canvas: string,
  points: readonly TradeOffPoint[],
  strategyOrder: readonly string[],
  style: 'labelled' | 'cloud' = 'labelled',
): ChartSpec {
  const placed = points.filter((point) => point.availability !== null);
  const x = percentAxis(placed.map((point) => point.availability as number));
  const y = anomalyRateAxis(placed.map((point) => point.anomalyRate));
  const datasets = strategyOrder.map((name, index) => {
    const data = placed.flatMap((point) =>
      point.strategy !== name
        ? []
        : [
            {
              x: point.availability,
              y: placeOn(y, point.anomalyRate),
              run: point.run,
              tip: `${name}${point.run ? ` (${point.run})` : ''}: ${percent(point.availability as number)} ok during faults, ${formatMetric('rate', point.anomalyRate)} anomalies per job`,
            },
          ],
    );
    const color = strategyColor(index);
    const shape = { pointStyle: strategyPointStyle(index), borderColor: color };
    return style === 'labelled'
      ? {
          ...shape,
          label: name,
          data,
          backgroundColor: `${color}40`,
          pointRadius: 7,
          pointHoverRadius: 9,
          showLine: data.length > 1,
          borderWidth: 2,
        }
      : {
          ...shape,
          label: name,
          data,
          backgroundColor: `${color}40`,
          pointRadius: 5,
          pointHoverRadius: 7,
          showLine: false,
          borderWidth: 1.5,
        };
  });
  const logY = y.type === 'logarithmic';
  return {
    canvas,
    type: 'scatter',
    pointLabels: style === 'labelled',
    data: { datasets },
    options: {
      scales: {
        x: scaleOptions(x, {
          title: axisTitle('availability during faults (ok fraction of client operations) → better'),
        }),
        y: scaleOptions(y, { title: axisTitle(`anomalies per submitted job${logY ? ' (log scale)' : ''} ↓ better`) }),
      },
    },
    format: { x: 'percent', y: 'number' },
    ticks: { x: x.ticks, y: y.ticks },
  };
}
