/**
 * The multi-seed page's charts as data: per metric, a strip of per-seed values per strategy
 * with the mean and its 95% interval beside it; and the trade-off chart with one point per
 * strategy and seed.
 */
import type { MetricSummary, SeedsSummary } from '../runner/summary.js';
import { type AxisFormat, type ChartSpec, strategyColor, type TradeOffPoint, tradeOffChart } from './charts.js';
import type { MetricUnit } from './metrics.js';

const AXIS_FORMAT: Readonly<Record<MetricUnit, AxisFormat>> = { count: 'number', fraction: 'percent', duration: 'duration', rate: 'number', number: 'number' };

/** Half the width of a strategy's strip: its seeds are spread over [i − 0.22, i + 0.22], in seed order. */
const STRIP_HALF_WIDTH = 0.22;

/** Where the k-th of `count` seeds sits in its strip, from the left edge to the right one. */
export function stripOffset(k: number, count: number): number {
  return count <= 1 ? 0 : -STRIP_HALF_WIDTH + (2 * STRIP_HALF_WIDTH * k) / (count - 1);
}

/**
 * One metric over the seeds: strategies along x, each seed a point in its strategy's strip (in
 * seed order, left to right), and at the strip's centre the mean (a bar) with its 95% interval
 * (a vertical line). A seed where the metric had nothing to measure has no point.
 */
export function distributionChart(canvas: string, metric: MetricSummary, seeds: readonly number[]): ChartSpec {
  const datasets = metric.strategies.flatMap((entry, index) => {
    const color = strategyColor(index);
    const points = entry.values.flatMap((value, k) => (value === null ? [] : [{ x: index + stripOffset(k, seeds.length), y: value, run: `seed ${seeds[k]}` }]));
    const interval =
      entry.mean === null
        ? []
        : [
            ...(entry.ciLow === null ? [] : [{ x: index, y: entry.ciLow, run: '95% CI low' }]),
            { x: index, y: entry.mean, run: `mean of ${entry.n}` },
            ...(entry.ciHigh === null ? [] : [{ x: index, y: entry.ciHigh, run: '95% CI high' }]),
          ];
    return [
      { label: entry.strategy, data: points, borderColor: color, backgroundColor: `${color}99`, pointRadius: 4, pointHoverRadius: 6, showLine: false },
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
  });
  const valueAxis: Record<string, unknown> = { grace: '5%', title: { display: true, text: metric.label } };
  if (metric.unit === 'count' || metric.unit === 'rate') valueAxis['beginAtZero'] = true;
  if (metric.unit === 'count') valueAxis['ticks'] = { precision: 0 };
  if (metric.unit === 'fraction') valueAxis['suggestedMax'] = 1;
  return {
    canvas,
    type: 'scatter',
    data: { datasets },
    options: {
      scales: {
        x: { type: 'linear', min: -0.5, max: metric.strategies.length - 0.5, grid: { display: false } },
        y: valueAxis,
      },
      plugins: {
        title: { display: true, text: `${metric.label} (${metric.better} is better)` },
        legend: { display: false },
      },
    },
    format: { x: 'category', y: AXIS_FORMAT[metric.unit] },
    categories: metric.strategies.map((entry) => entry.strategy),
  };
}

/** The trade-off chart with one point per strategy and seed, from the summary's per-seed values. */
export function seedsTradeOffChart(canvas: string, summary: SeedsSummary): ChartSpec {
  const values = (key: string) => summary.metrics.find((metric) => metric.key === key);
  const availability = values('availabilityDuringFaults');
  const anomalies = values('anomalyRate');
  const points: TradeOffPoint[] = summary.strategies.flatMap((strategy, index) =>
    summary.seeds.map((seed, k) => ({
      strategy,
      run: `seed ${seed}`,
      availability: availability?.strategies[index]?.values[k] ?? null,
      anomalyRate: anomalies?.strategies[index]?.values[k] ?? 0,
    })),
  );
  return tradeOffChart(canvas, points, summary.strategies, 'cloud');
}
