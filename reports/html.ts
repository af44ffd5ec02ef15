/**
 * `report.html` of a run: a pure function of results.json (and config.json, for phases and
 * crash triggers) — no clock, no randomness, the same input gives the same bytes. Sections in
 * the order a reader asks their questions: did it pass, how much work got through and when,
 * how fast, how available, what went wrong, the trade-off, how it recovered, what it cost,
 * what faults there were, and what was never exercised.
 */
import { RESULTS_FORMAT_VERSION } from '../runner/results.js';
import {
  anomalyChart,
  availabilityChart,
  chartedAnomalyKinds,
  type ChartSpec,
  faultTimelineChart,
  latencyCdfChart,
  partitionChart,
  placeOnTradeOff,
  recoveryChart,
  timeSeriesChart,
  tradeOffChart,
} from './charts.js';
import { phaseMarkers, reportFaults, reportTriggers } from './faults.js';
import type { ReportInput } from './input.js';
import { availabilityDuringFaults } from './metrics.js';
import { anomalyTableHtml, availabilityTableHtml, chartBox, headerHtml, latencyTableHtml, partitionTableHtml, scorecardHtml, section } from './sections.js';
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
    ['scorecard', 'Scorecard', 'Every metric for every strategy. A value that missed one of the scenario’s targets is red, with the target it missed.', scorecardHtml(results)],
    [
      'throughput',
      'Throughput and goodput over time',
      `Task executions ended ok per time bucket (throughput, duplicates included) and tasks finished ok for the first time (goodput, useful work). Shaded: fault windows; dashed: phase boundaries${phaseNote}.`,
      [
        chart(timeSeriesChart('chart-throughput', results, 'throughput', faults, markers), 300, 'throughput over simulated time'),
        chart(timeSeriesChart('chart-goodput', results, 'goodput', faults, markers), 300, 'goodput over simulated time'),
      ].join('\n'),
    ],
    [
      'latency',
      'Latency distributions',
      'Cumulative distribution per strategy through the quantiles results.json keeps (p50, p95, p99, max; straight lines between them): further left is faster, a long flat tail is a slow minority.',
      `<div class="pair">${chart(latencyCdfChart('chart-job-latency', 'Job latency (submission → completion)', results, (s) => s.checks.performance.jobLatencyMs), 280, 'job latency distribution')}${chart(latencyCdfChart('chart-queue-wait', 'Queue wait (task ready → started)', results, (s) => s.checks.performance.queueWaitMs), 280, 'queue wait distribution')}</div>\n${latencyTableHtml(results)}`,
    ],
    [
      'availability',
      'Availability',
      'Fraction of client operations (submits and status reads) answered ok, by phase and inside fault windows; then on each side of each partition. A timeout counts as not ok (its outcome is unknown).',
      [
        chart(availabilityChart('chart-availability', results), 280, 'availability per phase'),
        availabilityTableHtml(results),
        '<h3>Per partition side</h3>',
        partitions > 0 ? chart(partitionChart('chart-partitions', results), 260, 'availability per partition side') : '',
        partitionTableHtml(results),
      ].join('\n'),
    ],
    [
      'anomalies',
      'Anomalies by kind',
      'What the checkers found wrong, by kind (the chart shows the kinds found; the table all of them). Any non-zero count is a correctness problem (red).',
      `${chart(anomalyChart('chart-anomalies', results), 70 + chartedAnomalyKinds(results).length * (12 + 7 * strategies), 'anomaly counts by kind')}\n${anomalyTableHtml(results)}`,
    ],
    [
      'trade-off',
      'Trade-off: availability against anomalies',
      'Each strategy placed by the fraction of client operations answered ok inside fault windows (x, right is better) and its anomalies per submitted job (y, lower is better): the bottom right is available and correct. A strategy with no operation inside a fault window has no point.',
      [
        chart(tradeOffChart('chart-trade-off', results.strategies.map((result) => placeOnTradeOff(result.name, '', result)), results.strategies.map((result) => result.name)), 360, 'availability during faults against anomaly rate'),
        results.strategies.some((result) => availabilityDuringFaults(result) !== null) ? '' : '<p class="note">No client operation fell inside a fault window: there is nothing to place.</p>',
      ].join('\n'),
    ],
    [
      'recovery',
      'Recovery per fault',
      'From each fault’s start: the first control-plane reaction (detect), the first re-dispatch or re-execution (fail over); from its end: until the backlog of accepted, unfinished jobs was back at its level before the fault (drain). No bar: none came.',
      `${faults.length > 0 ? chart(recoveryChart('chart-recovery', results, faults), 280, 'recovery times per fault') : ''}\n${recoveryTableHtml(results, faults)}`,
    ],
    ['cost', 'Cost per job', 'What each strategy’s control plane spent per submitted job; the last group depends on the machine the run was on.', costTableHtml(results)],
    [
      'faults',
      'Fault timeline',
      `Every fault window as the history recorded it (crash triggers fire at run time, and may differ between strategies)${phaseNote}.`,
      `${faults.length > 0 ? chart(faultTimelineChart('chart-faults', results, faults, markers), 70 + 30 * faults.length, 'fault timeline') : ''}\n${faultTableHtml(faults, reportTriggers(input), strategies)}`,
    ],
    ['coverage', 'Coverage', 'How long each fault kind was active in each phase (and how many faults), per strategy where they differ: “no violation” means little for a check that had nothing to check.', coverageHtml(results)],
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
