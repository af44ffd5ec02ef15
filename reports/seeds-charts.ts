/**
 * The multi-seed page's charts as data: per metric, a strip of per-seed values per strategy
 * with the mean and its 95% interval beside it; and the trade-off chart with one point per
 * strategy and seed. The value axis is fitted to the seeds' values and intervals like the
 * one-run report's axes: whole-number ticks for counts, percentages only within 0–100%, round
 * durations, padding so no point sits cut on an edge.
 */
import type { MetricSummary, SeedsSummary, StrategySpread } from '../results/summary.js';
import {
  countAxis,
  durationAxis,
  type FittedAxis,
  linearAxis,
  paddedAxis,
  percentAxis,
  scaleOptions,
  type Tick,
} from './axes.js';
import {
  type AxisFormat,
  type ChartSpec,
  strategyColor,
  strategyPointStyle,
  type TradeOffPoint,
  tradeOffChart,
} from './charts.js';
import { formatMetric, type MetricUnit } from '../results/metrics.js';

const AXIS_FORMAT: Readonly<Record<MetricUnit, AxisFormat>> = {
  count: 'number',
  fraction: 'percent',
  duration: 'duration',
  rate: 'number',
  number: 'number',
};

/** Half the width of a strategy's strip: its seeds are spread over [i − 0.22, i + 0.22], in seed order. */
const STRIP_HALF_WIDTH = 0.22;

/** Where the k-th of `count` seeds sits in its strip, from the left edge to the right one. */
export function stripOffset(k: number, count: number): number {
  return count <= 1 ? 0 : -STRIP_HALF_WIDTH + (2 * STRIP_HALF_WIDTH * k) / (count - 1);
}

/** The value axis of a metric over the seeds, fitted to every value and interval end it shows. */
export function seedsValueAxis(unit: MetricUnit, shown: readonly number[]): FittedAxis {
  const finite = shown.filter((value) => Number.isFinite(value));
  const low = finite.length > 0 ? Math.min(...finite) : 0;
  const high = finite.length > 0 ? Math.max(...finite) : 0;
  switch (unit) {
    case 'count':
      // Whole numbers from 0 (an interval may reach below it; the axis does too, without ticks there).
      return paddedAxis({ ...countAxis(Math.max(1, high), 6), min: Math.min(0, low) }, 0.06);
    case 'fraction':
      return percentAxis(finite);
    case 'duration':
      return paddedAxis(durationAxis(low, high, 6), 0.05);
    case 'rate':
      return paddedAxis(
        linearAxis(Math.min(0, low), high > 0 ? high : 0.1, (value) => String(value)),
        0.05,
      );
    case 'number':
      return paddedAxis(
        linearAxis(low, high, (value) => String(value)),
        0.05,
      );
  }
}

/**
 * One metric over the seeds: strategies along x, each seed a point in its strategy's strip (in
 * seed order, left to right), and at the strip's centre the mean (a bar) with its 95% interval
 * (a vertical line). A seed where the metric had nothing to measure has no point.
 */
export function distributionChart(canvas: string, metric: MetricSummary, seeds: readonly number[]): ChartSpec {
  const write = (value: number) => formatMetric(metric.unit, value);
  const datasets = metric.strategies.flatMap((entry, index) => strategyDatasets(entry, index, seeds, write));
  const shown = metric.strategies.flatMap((entry) =>
    [...entry.values, entry.ciLow, entry.ciHigh].filter((value): value is number => value !== null),
  );
  const y = seedsValueAxis(metric.unit, shown);
  const x: Tick[] = metric.strategies.map((entry, index) => ({ value: index, label: entry.strategy }));
  return {
    canvas,
    type: 'scatter',
    data: { datasets },
    options: {
      scales: {
        x: { type: 'linear', min: -0.5, max: metric.strategies.length - 0.5, grid: { display: false } },
        y: scaleOptions(y, { title: { display: true, text: metric.label } }),
      },
      plugins: {
        title: { display: true, text: `${metric.label} (${metric.better} is better)` },
        legend: { display: false },
      },
    },
    format: { y: AXIS_FORMAT[metric.unit] },
    ticks: { x, y: y.ticks },
  };
}

/** A point of a distribution chart: `run` names it beside the point, `tip` in its tooltip. */
interface SeedsPoint {
  readonly x: number;
  readonly y: number;
  readonly run: string;
  readonly tip: string;
}

/** The strategy at `index`: its seeds' strip of points, then its mean ± 95% interval drawn as one line. */
function strategyDatasets(
  entry: StrategySpread,
  index: number,
  seeds: readonly number[],
  write: (value: number) => string,
): Record<string, unknown>[] {
  const color = strategyColor(index);
  const interval = meanInterval(entry, index, write);
  return [
    {
      label: entry.strategy,
      data: seedPoints(entry, index, seeds, write),
      borderColor: color,
      backgroundColor: `${color}55`,
      pointStyle: strategyPointStyle(index),
      pointRadius: 4,
      pointHoverRadius: 6,
      borderWidth: 1.5,
      showLine: false,
    },
    {
      label: `${entry.strategy} mean ± 95% CI`,
      data: interval,
      borderColor: '#222',
      backgroundColor: '#222',
      showLine: true,
      borderWidth: 2,
      pointStyle: 'line',
      pointRadius: interval.map((point) => (point.run.startsWith('mean') ? 16 : 7)),
      pointBorderWidth: interval.map((point) => (point.run.startsWith('mean') ? 3 : 2)),
    },
  ];
}

/** A point per seed that measured something, spread over the strategy's strip in seed order. */
function seedPoints(
  entry: StrategySpread,
  index: number,
  seeds: readonly number[],
  write: (value: number) => string,
): SeedsPoint[] {
  return entry.values.flatMap((value, k) =>
    value === null
      ? []
      : [
          {
            x: index + stripOffset(k, seeds.length),
            y: value,
            run: `seed ${seeds[k]}`,
            tip: `${entry.strategy}, seed ${seeds[k]}: ${write(value)}`,
          },
        ],
  );
}

/**
 * At the strip's centre, bottom to top: the interval's low end, the mean, its high end (an end that is null left out;
 * nothing without a mean).
 */
function meanInterval(entry: StrategySpread, index: number, write: (value: number) => string): SeedsPoint[] {
  if (entry.mean === null) return [];
  return [
    ...(entry.ciLow === null
      ? []
      : [
          {
            x: index,
            y: entry.ciLow,
            run: '95% CI low',
            tip: `${entry.strategy}: 95% interval from ${write(entry.ciLow)}`,
          },
        ]),
    {
      x: index,
      y: entry.mean,
      run: `mean of ${entry.n}`,
      tip: `${entry.strategy}: mean of ${entry.n} seeds ${write(entry.mean)}`,
    },
    ...(entry.ciHigh === null
      ? []
      : [
          {
            x: index,
            y: entry.ciHigh,
            run: '95% CI high',
            tip: `${entry.strategy}: 95% interval to ${write(entry.ciHigh)}`,
          },
        ]),
  ];
}

/** The trade-off chart with one point per strategy and seed, from the summary's per-seed values. */
export function seedsTradeOffChart(canvas: string, summary: SeedsSummary): ChartSpec {
  const values = (key: string) => summary.metrics.find((metric) => metric.key === key);
  const availability = values('availabilityDuringFaults');
  const anomalies = values('anomalyRate');
  const points: TradeOffPoint[] = summary.strategies.flatMap((strategy, index) =>
    summary.seeds.flatMap((seed, k) => {
      const anomalyRate = anomalies?.strategies[index]?.values[k];
      // A seed with no anomaly rate (no job submitted) has no place on y: no point, not one at 0, the best place.
      if (anomalyRate === null || anomalyRate === undefined) return [];
      const seedAvailability = availability?.strategies[index]?.values[k] ?? null;
      return [{ strategy, run: `seed ${seed}`, availability: seedAvailability, anomalyRate }];
    }),
  );
  return tradeOffChart(canvas, points, summary.strategies, 'cloud');
}
