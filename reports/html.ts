/**
 * `report.html` of a run: a pure function of results.json (and config.json, for phases and
 * crash triggers) — no clock, no randomness, the same input gives the same bytes. Sections in
 * the order a reader asks their questions: did it pass, how much work got through and when,
 * how fast, how available, what went wrong, the trade-off, how it recovered, what it cost,
 * what faults there were, and what was never exercised.
 */
import { RESULTS_FORMAT_VERSION } from '../results/run.js';
import {
  anomalyChart,
  availabilityChart,
  availabilityRows,
  chartedAnomalyKinds,
  type ChartSpec,
  dotPlotHeight,
  faultTimelineChart,
  hasQuantiles,
  latencyCdfChart,
  partitionChart,
  partitionRows,
  placeOnTradeOff,
  recoveryChart,
  recoveryChartHeight,
  recoveryRows,
  timeSeriesChart,
  tradeOffChart,
} from './charts.js';
import { phaseMarkers, reportFaults, reportTriggers } from './faults.js';
import type { ReportInput } from './input.js';
import { availabilityDuringFaults } from '../results/metrics.js';
import {
  anomalyTableHtml,
  availabilityTableHtml,
  chartBox,
  headerHtml,
  latencyTableHtml,
  partitionTableHtml,
  scorecardHtml,
  section,
} from './sections.js';
import { costTableHtml, coverageHtml, faultTableHtml, recoveryTableHtml } from './sections-faults.js';
import { renderPage } from './page.js';

/** Renders the HTML report of one run. */
export function renderReport(input: ReportInput): string {
  const { results } = input;
  const faults = reportFaults(input);
  const markers = phaseMarkers(input);
  const charts: ChartSpec[] = [];
  /** Registers a chart and returns its canvas. */
  const chart = (spec: ChartSpec, heightPx: number, label: string): string => {
    charts.push(spec);
    return chartBox(spec.canvas, heightPx, label);
  };
  const phaseNote = input.config ? '' : ' (config.json was not found: phases are not marked)';
  const strategies = results.strategies.length;
  const partitions = results.strategies[0]?.checks.availability.partitions.length ?? 0;

  const sections: [string, string, string, string][] = [
    [
      'scorecard',
      'Scorecard',
      'Every metric for every strategy. A value that missed one of the scenario’s targets is red, with the target it missed.',
      scorecardHtml(results),
    ],
    [
      'throughput',
      'Throughput and goodput over time',
      `A panel per strategy, all on the same time axis and the same scale: task executions ended ok per time bucket (throughput, the line, duplicates included) over tasks finished ok for the first time (goodput, filled: useful work). Where the line rises above the fill, work was repeated. Shaded: fault windows; dashed: phase boundaries${phaseNote}.`,
      chart(
        timeSeriesChart('chart-throughput', results, faults, markers),
        120 + 78 * strategies,
        'throughput and goodput over simulated time, a panel per strategy',
      ),
    ],
    [
      'latency',
      'Latency distributions',
      `Cumulative distribution per strategy: the fraction of values at or below each latency${hasQuantiles(results) ? ', through 24 quantiles from the smallest value to the largest' : ' — this results.json keeps only p50, p95, p99 and the maximum, so the curves are those four points joined and start at 50%'}. Further left is faster; a curve that runs flat to the right is a slow minority. The time axis is logarithmic when the values span two orders of magnitude or more. Strategies with identical distributions are named in the legend (“same as”).`,
      `<div class="pair">${chart(
        latencyCdfChart(
          'chart-job-latency',
          'Job latency (submission → completion)',
          results,
          (s) => s.checks.performance.jobLatencyMs,
        ),
        300,
        'job latency distribution',
      )}${chart(
        latencyCdfChart(
          'chart-queue-wait',
          'Queue wait (task ready → started)',
          results,
          (s) => s.checks.performance.queueWaitMs,
        ),
        300,
        'queue wait distribution',
      )}</div>\n${latencyTableHtml(results)}`,
    ],
    [
      'availability',
      'Availability',
      'Fraction of client operations (submits and status reads) answered ok, by phase, inside fault windows and inside each one; then on each side of each partition (the chart leaves out sides where no strategy had an operation; the table lists them all). One marker per strategy (hover for the counts); the axis starts where the values do, not at 0. A period in which no strategy had an operation says so. A timeout counts as not ok (its outcome is unknown).',
      [
        chart(
          availabilityChart('chart-availability', results),
          dotPlotHeight(availabilityRows(results).labels.length, strategies),
          'availability per phase',
        ),
        availabilityTableHtml(results),
        '<h3>Per partition side</h3>',
        partitionRows(results).length > 0
          ? chart(
              partitionChart('chart-partitions', results),
              dotPlotHeight(partitionRows(results).length, strategies),
              'availability per partition side',
            )
          : partitions > 0
            ? '<p class="note">No client operation was invoked inside a partition’s window: there is nothing to chart.</p>'
            : '',
        partitionTableHtml(results),
      ].join('\n'),
    ],
    [
      'anomalies',
      'Anomalies by kind',
      'What the checkers found wrong, by kind (the chart shows the kinds found, each count written at its bar; the table all of them). Any non-zero count is a correctness problem (red).',
      `${chart(anomalyChart('chart-anomalies', results), 70 + chartedAnomalyKinds(results).length * (14 + 11 * strategies), 'anomaly counts by kind')}\n${anomalyTableHtml(results)}`,
    ],
    [
      'trade-off',
      'Trade-off: availability against anomalies',
      'Each strategy placed by the fraction of client operations answered ok inside fault windows (x, right is better) and its anomalies per submitted job (y, lower is better): the bottom right is available and correct. A strategy with no operation inside a fault window has no point.',
      results.strategies.some((result) => availabilityDuringFaults(result) !== null)
        ? chart(
            tradeOffChart(
              'chart-trade-off',
              results.strategies.map((result) => placeOnTradeOff(result.name, '', result)),
              results.strategies.map((result) => result.name),
            ),
            360,
            'availability during faults against anomaly rate',
          )
        : '<p class="note">No client operation fell inside a fault window: there is nothing to place.</p>',
    ],
    [
      'recovery',
      'Recovery per fault',
      'From each fault’s start: the first control-plane reaction (detect), the first re-dispatch or re-execution (fail over); from its end: until the backlog of accepted, unfinished jobs was back at its level before the fault (drain). A panel per measure, a row per fault and a marker per strategy, on one logarithmic time axis (seconds and hours both readable); 0 has its column at the left, and no reaction (none) or a backlog that never drained (never) its column at the right.',
      `${faults.length > 0 ? chart(recoveryChart('chart-recovery', results, faults), recoveryChartHeight(recoveryRows(faults).length, strategies), 'recovery times per fault') : ''}\n${recoveryTableHtml(results, faults)}`,
    ],
    [
      'cost',
      'Cost per job',
      'What each strategy’s control plane spent per submitted job; the last group depends on the machine the run was on.',
      costTableHtml(results),
    ],
    [
      'faults',
      'Fault timeline',
      `Every fault window as the history recorded it (crash triggers fire at run time, and may differ between strategies)${phaseNote}.`,
      `${faults.length > 0 ? chart(faultTimelineChart('chart-faults', results, faults, markers), 70 + 30 * faults.length, 'fault timeline') : ''}\n${faultTableHtml(faults, reportTriggers(input), strategies)}`,
    ],
    [
      'coverage',
      'Coverage',
      'How long each fault kind was active in each phase (and how many faults), per strategy where they differ: “no violation” means little for a check that had nothing to check.',
      coverageHtml(results),
    ],
  ];

  return renderPage({
    title: `faultline report: ${results.scenario.name}`,
    header: headerHtml(input),
    contents: sections.map(([id, title]) => [id, title]),
    sections: sections.map(([id, title, lead, content]) => section(id, title, lead, content)),
    footer: `Generated by faultline from results.json (format ${RESULTS_FORMAT_VERSION})${input.config ? ' and config.json' : ''}; regenerate with: faultline report <run folder>.`,
    charts,
  });
}
