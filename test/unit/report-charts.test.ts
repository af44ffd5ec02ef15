/**
 * The report's charts as data, checked without a browser: axes fitted to the data (never past
 * the run's end, padded so edge points are whole, whole-number ticks for counts, logarithmic
 * where magnitudes differ), strategies kept apart (small multiples, shapes, "same as"), and
 * the latency distributions drawn through the quantiles results.json keeps.
 */
import { describe, expect, it } from 'vitest';
import {
  anomalyChart,
  anomalyRateAxis,
  bucketPoints,
  type ChartSpec,
  distributionPoints,
  faultRowLabel,
  latencyCdfChart,
  partitionRows,
  recoveryChart,
  recoveryRows,
  sharedCountTop,
  strategyPointStyle,
  timeSeriesChart,
  tradeOffChart,
} from '../../reports/charts.js';
import { phaseMarkers, type ReportFault, reportFaults } from '../../reports/faults.js';
import { renderReport } from '../../reports/html.js';
import { distributionChart, seedsTradeOffChart, seedsValueAxis } from '../../reports/seeds-charts.js';
import type { RunResults } from '../../results/run.js';
import { reportFixture, seedsFixture } from '../helpers/report-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

type Mutable<T> = T extends readonly (infer Item)[]
  ? Mutable<Item>[]
  : T extends object
    ? { -readonly [Key in keyof T]: Mutable<T[Key]> }
    : T;
const mutableFixture = () => reportFixture() as unknown as Mutable<ReturnType<typeof reportFixture>>;

/** The scale options of a spec's axis. */
const scale = (spec: ChartSpec, axis: string) =>
  (spec.options['scales'] as Record<string, { type?: string; min: number; max: number; stack?: string }>)[axis] as {
    type?: string;
    min: number;
    max: number;
    stack?: string;
  };
const tickValues = (spec: ChartSpec, axis: string) => (spec.ticks?.[axis] ?? []).map((tick) => tick.value);
const tickLabels = (spec: ChartSpec, axis: string) => (spec.ticks?.[axis] ?? []).map((tick) => tick.label);
const points = (spec: ChartSpec, index: number) =>
  spec.data.datasets[index]?.['data'] as { x: number; y: number; tip?: string }[];

describe('the trade-off chart’s rate axis', () => {
  it('a rate axis is linear from 0 unless the non-zero rates span ten times or more; then logarithmic, 0 a row below', () => {
    expect(anomalyRateAxis([0, 1 / 60, 2 / 60]).type).toBe('linear');
    const log = anomalyRateAxis([0, 0, 0.167, 0.467, 4.97]);
    expect(log.type).toBe('logarithmic');
    expect(log.ticks.map((tick) => tick.label)).toEqual(['0', '0.1', '1', '10']);
    expect(anomalyRateAxis([]).ticks.map((tick) => tick.value)).toEqual([0, 0.02, 0.04, 0.06, 0.08, 0.1]);
  });
});

describe('throughput and goodput: small multiples over the run', () => {
  const input = reportFixture();
  const { results } = input;
  const spec = timeSeriesChart('chart-throughput', results, reportFaults(input), phaseMarkers(input));

  it('has a panel (a stacked y axis) per strategy, the first on top, all on the same scale', () => {
    const axes = results.strategies.map((_, index) => scale(spec, `y${index}`));
    expect(axes.every((axis) => axis.stack === 'strategies')).toBe(true);
    expect(new Set(axes.map((axis) => axis.max)).size).toBe(1);
    expect(Object.keys(spec.options['scales'] as object)).toEqual(['x', 'y4', 'y3', 'y2', 'y1', 'y0']);
    expect(spec.panels?.map((panel) => panel.label)).toEqual(results.strategies.map((strategy) => strategy.name));
    for (const value of tickValues(spec, 'y0')) expect(Number.isInteger(value)).toBe(true);
  });

  it('never runs past the run’s end: the axis, the data and the ticks stop at it', () => {
    expect(scale(spec, 'x').max).toBe(results.simulatedMs);
    expect(Math.max(...tickValues(spec, 'x'))).toBeLessThanOrEqual(results.simulatedMs);
    for (const dataset of spec.data.datasets)
      for (const point of dataset['data'] as { x: number }[]) expect(point.x).toBeLessThanOrEqual(results.simulatedMs);
  });

  it('draws each bucket’s count over that bucket (a step held from its start), the last cut at the end', () => {
    expect(
      spec.data.datasets
        .filter((dataset) => dataset['stepped'] !== undefined)
        .every((dataset) => dataset['stepped'] === 'before'),
    ).toBe(true);
    expect(bucketPoints([3, 5, 1], 8 * MIN, 20 * MIN)).toEqual([
      { x: 0, y: 3, title: '0:00–0:08' },
      { x: 8 * MIN, y: 5, title: '0:08–0:16' },
      { x: 16 * MIN, y: 1, title: '0:16–0:20' },
      { x: 20 * MIN, y: 1, title: '0:16–0:20' },
    ]);
    // A bucket after the end (something ended after it) is not drawn.
    expect(bucketPoints([3, 5, 1, 2], 8 * MIN, 20 * MIN).map((point) => point.x)).toEqual([
      0,
      8 * MIN,
      16 * MIN,
      20 * MIN,
    ]);
  });

  it('shades a window only some strategies recorded in their panels alone', () => {
    const faults: ReportFault[] = [
      {
        id: 'f1',
        kind: 'crash',
        description: 'crash n2',
        startMs: 9 * MIN,
        endMs: 14 * MIN,
        strategies: results.strategies.map((strategy) => strategy.name),
      },
      {
        id: 'f9',
        kind: 'crash',
        description: 'crash control',
        startMs: 20 * MIN,
        endMs: 23 * MIN,
        strategies: ['stateless', 'canary-2017'],
      },
    ];
    const shaded = timeSeriesChart('c', results, faults, []).windows;
    expect(shaded?.[0]?.panels).toBeUndefined();
    expect(shaded?.[1]).toMatchObject({ label: 'f9 crash', panels: ['y2', 'y4'] });
  });

  it('lets no single outlier flatten every panel: the scale stops at the others’ peak, the outlier’s panel says so', () => {
    expect(sharedCountTop([13, 77, 13, 14, 14])).toBe(14);
    expect(sharedCountTop([13, 20, 13, 14, 14])).toBe(20);
    expect(sharedCountTop([5, 77])).toBe(77);
    const moved = mutableFixture();
    const throughput = moved.results.strategies[1]?.checks.performance.throughput as number[];
    throughput[3] = 500;
    const spiky = timeSeriesChart('c', moved.results as unknown as RunResults, [], []);
    expect(scale(spiky, 'y0').max).toBeLessThan(100);
    expect(spiky.panels?.[1]?.label).toBe(
      `${moved.results.strategies[1]?.name} — throughput peaks at 500, above the scale`,
    );
  });
});

describe('latency distributions', () => {
  const { results } = reportFixture();

  it('are drawn through the 24 quantiles results.json keeps, from the smallest value (0%) to the largest (100%)', () => {
    const spec = latencyCdfChart('c', 'Job latency', results, (strategy) => strategy.checks.performance.jobLatencyMs);
    const first = points(spec, 0);
    expect(first).toHaveLength(24);
    expect(first[0]?.y).toBe(0);
    expect(first[first.length - 1]).toMatchObject({
      x: results.strategies[0]?.checks.performance.jobLatencyMs.max,
      y: 1,
    });
    expect(first[11]?.tip).toMatch(/^stateful: 50\.0% at or below /);
  });

  it('fall back to p50, p95, p99 and max for a results.json written before the quantiles, and the section says so', () => {
    const old = mutableFixture();
    for (const strategy of old.results.strategies)
      for (const measure of [
        strategy.checks.performance.jobLatencyMs,
        strategy.checks.performance.queueWaitMs,
        strategy.checks.performance.taskDelayMs,
      ])
        delete (measure as { quantiles?: unknown }).quantiles;
    const input = old as unknown as ReturnType<typeof reportFixture>;
    const latency = input.results.strategies[0]?.checks.performance.jobLatencyMs;
    expect(distributionPoints(latency as NonNullable<typeof latency>).map(([fraction]) => fraction)).toEqual([
      0.5, 0.95, 0.99, 1,
    ]);
    expect(renderReport(input)).toContain('this results.json keeps only p50, p95, p99 and the maximum');
    expect(renderReport(reportFixture())).toContain('through 24 quantiles from the smallest value to the largest');
  });

  it('get a logarithmic time axis when the values span two orders of magnitude, with 0 at its left', () => {
    const wide = mutableFixture();
    const queue = wide.results.strategies[0]?.checks.performance.queueWaitMs as Mutable<
      RunResults['strategies'][number]['checks']['performance']['queueWaitMs']
    >;
    queue.quantiles = [
      [0, 0],
      [0.5, 5],
      [1, 1_271_582],
    ];
    const spec = latencyCdfChart(
      'c',
      'Queue wait',
      wide.results as unknown as RunResults,
      (strategy) => strategy.checks.performance.queueWaitMs,
    );
    expect(scale(spec, 'x').type).toBe('logarithmic');
    expect(tickLabels(spec, 'x')[0]).toBe('0');
    expect(points(spec, 0)[0]?.x).toBeGreaterThan(0);
  });

  it('name a strategy whose distribution equals an earlier one’s, and draw it wider beneath', () => {
    const twins = mutableFixture();
    const [first, second] = twins.results.strategies;
    if (!first || !second) throw new Error('two strategies expected');
    second.checks.performance.jobLatencyMs = first.checks.performance.jobLatencyMs;
    const spec = latencyCdfChart(
      'c',
      'Job latency',
      twins.results as unknown as RunResults,
      (strategy) => strategy.checks.performance.jobLatencyMs,
    );
    expect(spec.data.datasets[1]?.['label']).toBe(
      `${second.name} (n=${first.checks.performance.jobLatencyMs.count}, same as ${first.name})`,
    );
    expect(spec.data.datasets[1]?.['borderWidth']).toBeGreaterThan(spec.data.datasets[0]?.['borderWidth'] as number);
  });
});

describe('the trade-off chart', () => {
  it('pads both axes so that a point at 100% or at 0 anomalies is drawn whole; marks each strategy with its own shape', () => {
    const spec = tradeOffChart(
      'c',
      [
        { strategy: 'a', run: '', availability: 1, anomalyRate: 0 },
        { strategy: 'b', run: '', availability: 1, anomalyRate: 1 / 60 },
        { strategy: 'c', run: '', availability: null, anomalyRate: 0.5 },
      ],
      ['a', 'b', 'c'],
    );
    expect(scale(spec, 'x').max).toBeGreaterThan(1);
    expect(scale(spec, 'y').min).toBeLessThan(0);
    expect(Math.max(...tickValues(spec, 'x'))).toBe(1);
    expect(points(spec, 2)).toEqual([]);
    expect(spec.data.datasets.map((dataset) => dataset['pointStyle'])).toEqual([
      strategyPointStyle(0),
      strategyPointStyle(1),
      strategyPointStyle(2),
    ]);
    expect(new Set([0, 1, 2, 3, 4].map(strategyPointStyle)).size).toBe(5);
  });

  it('puts rates that span orders of magnitude on a logarithmic axis, 0 on its own row', () => {
    const spec = tradeOffChart(
      'c',
      [
        { strategy: 'a', run: '', availability: 0, anomalyRate: 4.97 },
        { strategy: 'b', run: '', availability: 1, anomalyRate: 0 },
        { strategy: 'c', run: '', availability: 1, anomalyRate: 0.167 },
      ],
      ['a', 'b', 'c'],
    );
    const y = scale(spec, 'y');
    expect(y.type).toBe('logarithmic');
    const zero = points(spec, 1)[0]?.y as number;
    expect(zero).toBeGreaterThan(y.min);
    expect(zero).toBeLessThan(0.1);
    expect(tickLabels(spec, 'y')[0]).toBe('0');
  });
});

describe('recovery per fault', () => {
  const { results } = reportFixture();
  const base = results.strategies[0]?.checks.recovery.faults[0];
  if (!base) throw new Error('the fixture has a fault');

  it('puts a 27 s detection and a 1 h 43 m drain on one logarithmic axis, 0 and none in columns of their own', () => {
    const smoke = mutableFixture();
    for (const [index, strategy] of smoke.results.strategies.entries()) {
      strategy.checks.recovery.faults = [
        {
          ...base,
          fault: 'f1',
          startMs: 2 * HOUR,
          timeToDetectMs: [26_794, 26_794, 600_024, 11, null][index] ?? null,
          timeToFailOverMs: index === 4 ? null : 26_794,
          timeToDrainMs: index === 4 ? null : index === 3 ? 0 : 6_221_347,
        },
      ];
    }
    const faults: ReportFault[] = [
      {
        id: 'f1',
        kind: 'crash',
        description: 'crash n2',
        startMs: 2 * HOUR,
        endMs: 2 * HOUR + 10 * MIN,
        strategies: smoke.results.strategies.map((strategy) => strategy.name),
      },
    ];
    const spec = recoveryChart('c', smoke.results as unknown as RunResults, faults);
    const x = scale(spec, 'x');
    expect(x.type).toBe('logarithmic');
    expect(tickLabels(spec, 'x')).toEqual([
      '0',
      '10ms',
      '100ms',
      '1s',
      '10s',
      '1m',
      '10m',
      '1h',
      '10h',
      'none / never',
    ]);
    const detect = points(spec, 0)[0]?.x as number;
    const drain = points(spec, 2 * smoke.results.strategies.length)[0]?.x as number;
    expect([detect, drain]).toEqual([26_794, 6_221_347]);
    // Three panels (detect, fail over, drain) stacked, detect on top.
    expect(spec.panels?.map((panel) => panel.label)).toEqual([
      'time to detect (from the fault’s start)',
      'time to fail over (from the fault’s start)',
      'time to drain (from the fault’s end)',
    ]);
    expect(scale(spec, 'y0').stack).toBe('measures');
    // canary-2017's none and never at the right column, hybrid's 0 drain at the left one.
    expect(points(spec, 4)[0]?.tip).toBe('canary-2017: none');
    expect(points(spec, 2 * 5 + 3)[0]?.x).toBeLessThan(10);
  });

  it('gives a crash trigger that fired at different instants one row, each strategy measured from its own window', () => {
    const windows: ReportFault[] = [
      {
        id: 'f2',
        kind: 'crash',
        description: 'crash n3 (triggered by a crash point)',
        startMs: 29 * MIN,
        endMs: 31 * MIN,
        strategies: ['a', 'b'],
      },
      {
        id: 'f2',
        kind: 'crash',
        description: 'crash n4 (triggered by a crash point)',
        startMs: 54 * MIN,
        endMs: 56 * MIN,
        strategies: ['c'],
      },
      {
        id: 'f3',
        kind: 'site-outage',
        description: 'site hpc1 down',
        startMs: 90 * MIN,
        endMs: 100 * MIN,
        strategies: ['a', 'b', 'c'],
      },
    ];
    expect(recoveryRows(windows).map((row) => row.label)).toEqual(['f2 crash, per strategy', 'f3 1:30 site hpc1 down']);
    expect(
      faultRowLabel({
        ...(windows[0] as ReportFault),
        description:
          'crash control (triggered by crash control after the 20th crash point "after-state-update", for 3m)',
      }),
    ).toBe('f2 0:29 crash control');
  });
});

describe('availability and anomalies', () => {
  it('charts only the partition sides where some strategy had a client operation', () => {
    const input = mutableFixture();
    const all = partitionRows(input.results as unknown as RunResults);
    for (const strategy of input.results.strategies) {
      const side = strategy.checks.availability.partitions[0]?.sides[0];
      if (side) for (const counts of [side.submit, side.status]) counts.operations = 0;
    }
    expect(partitionRows(input.results as unknown as RunResults)).toEqual(all.slice(1));
  });

  it('counts anomalies on a whole-number axis and writes each non-zero count at its bar', () => {
    const { results } = reportFixture();
    const spec = anomalyChart('c', results);
    for (const value of tickValues(spec, 'x')) expect(Number.isInteger(value)).toBe(true);
    const canary = spec.data.datasets.find((dataset) => dataset['label'] === 'canary-2017');
    expect((canary?.['valueLabels'] as string[]).filter((text) => text !== '')).not.toEqual([]);
  });
});

describe('the multi-seed page’s axes', () => {
  const summary = seedsFixture();

  it('place no trade-off point for a seed with no anomaly rate (rather than one at 0 anomalies, the best place)', () => {
    const pointsOf = (spec: ReturnType<typeof seedsTradeOffChart>) =>
      spec.data.datasets.flatMap((dataset) => (dataset['data'] as { run: string }[]).map((point) => point.run));
    const all = pointsOf(seedsTradeOffChart('t', summary));
    const withGap = {
      ...summary,
      metrics: summary.metrics.map((metric) =>
        metric.key !== 'anomalyRate'
          ? metric
          : {
              ...metric,
              strategies: metric.strategies.map((strategy, index) =>
                index === 0
                  ? { ...strategy, values: strategy.values.map((value, k) => (k === 0 ? null : value)) }
                  : strategy,
              ),
            },
      ),
    };
    const fewer = pointsOf(seedsTradeOffChart('t', withGap));
    expect(all.length).toBeGreaterThan(0);
    expect(fewer.length).toBe(all.length - 1);
  });

  it('name the strategies along x, keep percentages within 0–100%, counts whole, durations round', () => {
    const metric = (key: string) => summary.metrics.find((candidate) => candidate.key === key);
    const lost = distributionChart('c', metric('jobsLost') as NonNullable<ReturnType<typeof metric>>, summary.seeds);
    expect(tickLabels(lost, 'x')).toEqual(summary.strategies);
    for (const value of tickValues(lost, 'y')) expect(Number.isInteger(value)).toBe(true);
    expect(scale(lost, 'y').min).toBeLessThan(0);
    const ok = distributionChart(
      'c',
      metric('availabilityDuringFaults') as NonNullable<ReturnType<typeof metric>>,
      summary.seeds,
    );
    for (const value of tickValues(ok, 'y')) expect(value >= 0 && value <= 1).toBe(true);
    expect(seedsValueAxis('duration', [36 * MIN, 56 * MIN]).ticks.map((tick) => tick.label)).toEqual([
      '35m',
      '40m',
      '45m',
      '50m',
      '55m',
      '1h',
    ]);
  });
});
