/**
 * `report.html` of a multi-seed run: a pure function of summary.json, like the one-run report
 * of results.json — no clock, no randomness, the same summary gives the same bytes. The seeds
 * and their verdicts (each linked to its own report), mean and spread per strategy and metric,
 * the distribution of every metric over the seeds, the trade-off with one point per seed, and
 * the paired differences between strategies.
 */
import { RESULTS_FORMAT_VERSION } from '../results/run.js';
import { type MetricSummary, type SeedsSummary, SUMMARY_FORMAT_VERSION } from '../results/summary.js';
import { countOf } from '../simulator/base/words.js';
import type { ChartSpec } from './charts.js';
import { escapeHtml } from './escape.js';
import { type Cell, htmlTable } from './html-table.js';
import { renderPage } from './page.js';
import { distributionChart, seedsTradeOffChart } from './seeds-charts.js';
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
} from './seeds-format.js';
import { chartBox, section } from './sections.js';

/** The seeds as a short list: `4–23` when consecutive. */
export function formatSeedList(seeds: readonly number[]): string {
  const first = seeds[0];
  const last = seeds[seeds.length - 1];
  if (first === undefined || last === undefined) return 'none';
  return seeds.length > 2 && last - first === seeds.length - 1 ? `${first}–${last}` : seeds.join(', ');
}

function headerHtml(summary: SeedsSummary): string {
  const facts: [string, string][] = [
    ['scenario', `${summary.scenario.name} (${summary.scenario.file})`],
    [
      'seeds',
      `${formatSeedList(summary.seeds)} (${summary.seeds.length}); each reproducible alone with faultline run ${summary.scenario.file} --seed N`,
    ],
    ['strategies', summary.strategies.join(', ')],
    ['seeds at a time', String(summary.wall.parallel)],
    ['run started', summary.wall.startedAt],
  ];
  const failed = summary.verdict.failedSeeds;
  const verdict = summary.verdict.passed
    ? '<p class="verdict passed">Every target of the scenario was met on every seed.</p>'
    : `<p class="verdict failed">${escapeHtml(`Targets missed on ${failed.length} of ${countOf(summary.seeds.length, 'seed')}: ${failed.join(', ')}.`)}</p>`;
  return `<header>\n<h1>faultline report: ${escapeHtml(summary.scenario.name)}, ${countOf(summary.seeds.length, 'seed')}</h1>\n<dl class="facts">${facts
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>\n${verdict}\n</header>`;
}

/** One row per seed: its verdict, the targets it missed, and a link to its own report. */
function seedsTableHtml(summary: SeedsSummary): string {
  const rows: Cell[][] = summary.runs.map((run) => {
    const link = `${run.folder}/report.html`;
    return [
      String(run.seed),
      run.passed
        ? { text: 'every target met', className: 'same' }
        : {
            text: run.violations
              .map((violation) => `${violation.target} ${violation.bound}, got ${violation.actual ?? 'never'}`)
              .join('; '),
            className: 'violation',
          },
      { html: `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>` },
    ];
  });
  return htmlTable(['seed', 'verdict', 'its report'], rows, 'seeds');
}

/** Which interval a table shows, then its caveats, one paragraph each (text, escaped). */
function notesHtml(summary: SeedsSummary, lines: readonly string[]): string {
  return [describeIntervals(summary), ...lines].map((line) => `<p class="note">${escapeHtml(line)}</p>`).join('\n');
}

/** A mean (or a difference's interval) with its caveat's marker, if any. */
function withMark(text: string, mark: string): string {
  return mark === '' ? escapeHtml(text) : `${escapeHtml(text)} <sup class="mark">${escapeHtml(mark)}</sup>`;
}

/**
 * Metrics × strategies: the mean with its 95% interval (± for t, −/+ for BCa) and any caveat's marker, then [min–max];
 * the notes below.
 */
function meansTableHtml(summary: SeedsSummary): string {
  const notes = caveatNotes();
  const rows: Cell[][] = summary.metrics.map((metric) => [
    metric.label,
    ...metric.strategies.map((entry): Cell => ({
      html: `${withMark(formatMean(metric.unit, entry), notes.mark(entry))}<br><span class="mark">${escapeHtml(formatRange(metric.unit, entry, summary.seeds.length))}</span>`,
    })),
  ]);
  return `${htmlTable(['metric (mean, 95% CI, [min–max])', ...summary.strategies], rows, 'means')}\n${notesHtml(summary, notes.lines())}`;
}

function differenceRows(metric: MetricSummary, notes: ReturnType<typeof caveatNotes>): Cell[][] {
  return metric.differences.map((difference) => {
    const reading = readDifference(metric, difference);
    const readingCell: Cell =
      reading.kind === 'better'
        ? { text: describeReading(reading), className: 'better' }
        : { text: describeReading(reading), className: 'same' };
    const mark = notes.mark(difference);
    return [
      `${difference.a} − ${difference.b}`,
      difference.mean === null ? '-' : formatSigned(metric.unit, difference.mean),
      mark === ''
        ? `${formatInterval(metric.unit, difference)}${intervalTag(difference)}`
        : { html: withMark(`${formatInterval(metric.unit, difference)}${intervalTag(difference)}`, mark) },
      String(difference.aBetter),
      String(difference.bBetter),
      String(difference.ties),
      readingCell,
    ];
  });
}

/**
 * Every pair of strategies on every metric: the mean of a − b over the seeds, its interval, and who won how often; the
 * notes below.
 */
function differencesTableHtml(summary: SeedsSummary): string {
  const notes = caveatNotes();
  const rows = summary.metrics.flatMap((metric): Cell[][] => [
    [`${metric.label} (${metric.better} is better)`],
    ...differenceRows(metric, notes),
  ]);
  return `${htmlTable(['a − b', 'mean', '95% CI', 'seeds a better', 'seeds b better', 'ties', 'the interval says'], rows, 'differences')}\n${notesHtml(summary, notes.lines())}`;
}

/** Renders the HTML report of a multi-seed run from its summary. */
export function renderSeedsReport(summary: SeedsSummary): string {
  const charts: ChartSpec[] = [];
  const chart = (spec: ChartSpec, heightPx: number, label: string): string => {
    charts.push(spec);
    return chartBox(spec.canvas, heightPx, label);
  };
  const distributions = summary.metrics.map((metric) =>
    chart(
      distributionChart(`chart-seeds-${metric.key}`, metric, summary.seeds),
      260,
      `${metric.label} per seed and strategy`,
    ),
  );
  const seeds = summary.seeds.length;
  const sections: [string, string, string, string][] = [
    [
      'seeds',
      'Seeds',
      'Each seed is an ordinary run of every strategy on the same resolved configuration (arrivals, fault timeline), with its own folder and report.',
      seedsTableHtml(summary),
    ],
    [
      'means',
      'Mean and spread',
      `Per strategy and metric over the ${countOf(seeds, 'seed')}: the mean with its 95% confidence interval (which interval, and what a marked cell’s caveat says, is written below the table), then the smallest and largest value. n is given where some seeds had nothing to measure.`,
      meansTableHtml(summary),
    ],
    [
      'distributions',
      'Distributions over the seeds',
      'One point per seed in each strategy’s strip (seeds in order, left to right); at the strip’s centre the mean (bar) and its 95% confidence interval (line).',
      `<div class="pair">${distributions.join('')}</div>`,
    ],
    [
      'trade-off',
      'Trade-off: availability against anomalies, per seed',
      'One point per strategy and seed: the fraction of client operations answered ok inside fault windows (x, right is better) against anomalies per submitted job (y, lower is better). A seed with no operation inside a fault window has no point.',
      chart(
        seedsTradeOffChart('chart-trade-off', summary),
        380,
        'availability during faults against anomaly rate, one point per seed',
      ),
    ],
    [
      'differences',
      'Paired differences',
      'Each pair of strategies compared seed by seed (the same seed gives both the same arrivals and faults): the mean of a − b, its 95% confidence interval, and on how many seeds each was better. Where the interval excludes 0 the difference is unlikely to be chance (at 95%).',
      differencesTableHtml(summary),
    ],
  ];
  return renderPage({
    title: `faultline report: ${summary.scenario.name}, ${countOf(seeds, 'seed')}`,
    header: headerHtml(summary),
    contents: sections.map(([id, title]) => [id, title]),
    sections: sections.map(([id, title, lead, content]) => section(id, title, lead, content)),
    footer: `Generated by faultline from summary.json (format ${SUMMARY_FORMAT_VERSION}; each seed's results.json is format ${RESULTS_FORMAT_VERSION}); regenerate with: faultline report <multi-seed folder>.`,
    charts,
  });
}
