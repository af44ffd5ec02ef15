/**
 * Two runs compared: for every strategy in both and every report metric, the value before (run
 * A) and after (run B), the change, its direction and whether that direction is better. Pure,
 * like the report; the comparison page and the terminal table are both drawn from it.
 */
import type { RunResults } from '../results/run.js';
import { formatDurationMs } from '../simulator/base/time.js';
import { countOf } from '../simulator/base/words.js';
import { type ChartSpec, placeOnTradeOff, tradeOffChart } from './charts.js';
import { escapeHtml } from './escape.js';
import { type Cell, htmlTable } from './html-table.js';
import type { ReportInput } from './input.js';
import { type Better, formatMetric, type MetricUnit, REPORT_METRICS } from '../results/metrics.js';
import { renderPage } from './page.js';
import { chartBox, section } from './sections.js';

/** Which way a value moved. `n/a`: measured in one run only. */
export type Direction = 'up' | 'down' | 'same' | 'n/a';

/** What the move means, by the metric's better direction. */
export type Judgement = 'better' | 'worse' | 'same' | 'neutral' | 'n/a';

export interface MetricChange {
  readonly key: string;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly better: Better;
  readonly before: number | null;
  readonly after: number | null;
  readonly direction: Direction;
  readonly judgement: Judgement;
}

export interface StrategyComparison {
  readonly strategy: string;
  readonly changes: readonly MetricChange[];
}

export interface RunComparison {
  /** Strategies in both runs, in run B's order. */
  readonly strategies: readonly StrategyComparison[];
  readonly onlyBefore: readonly string[];
  readonly onlyAfter: readonly string[];
  /** Whether both runs are of the same scenario file with the same seed (then only the code or its settings differ). */
  readonly sameScenarioAndSeed: boolean;
}

function direction(before: number | null, after: number | null): Direction {
  if (before === null || after === null) return before === after ? 'same' : 'n/a';
  return after > before ? 'up' : after < before ? 'down' : 'same';
}

function judge(better: Better, moved: Direction): Judgement {
  if (moved === 'same' || moved === 'n/a') return moved;
  if (better === 'neither') return 'neutral';
  return (moved === 'up') === (better === 'higher') ? 'better' : 'worse';
}

/** Compares run A (before) with run B (after), strategy by strategy, on every report metric. */
export function compareRuns(before: RunResults, after: RunResults): RunComparison {
  const beforeNames = before.strategies.map((strategy) => strategy.name);
  const afterNames = after.strategies.map((strategy) => strategy.name);
  const strategies = after.strategies.flatMap((afterStrategy) => {
    const beforeStrategy = before.strategies.find((candidate) => candidate.name === afterStrategy.name);
    if (!beforeStrategy) return [];
    const changes = REPORT_METRICS.map((metric): MetricChange => {
      const [a, b] = [metric.read(beforeStrategy), metric.read(afterStrategy)];
      const moved = direction(a, b);
      return {
        key: metric.key,
        label: metric.label,
        unit: metric.unit,
        better: metric.better,
        before: a,
        after: b,
        direction: moved,
        judgement: judge(metric.better, moved),
      };
    });
    return [{ strategy: afterStrategy.name, changes }];
  });
  return {
    strategies,
    onlyBefore: beforeNames.filter((name) => !afterNames.includes(name)),
    onlyAfter: afterNames.filter((name) => !beforeNames.includes(name)),
    sameScenarioAndSeed:
      before.scenario.file === after.scenario.file &&
      before.scenario.name === after.scenario.name &&
      before.seed === after.seed,
  };
}

const signed = (value: number, text: string) => (value > 0 ? `+${text}` : value < 0 ? `-${text}` : text);

/**
 * The size of a change as the report writes it (`+3 (+50%)`, `-28.4s (-10%)`, `+2.5 pp`, `+30s (×750)`), or `-` when it
 * has none.
 */
export function formatDelta(change: MetricChange): string {
  const { before, after, unit } = change;
  if (before === null || after === null || change.direction === 'same') return '-';
  if (!Number.isFinite(before) || !Number.isFinite(after)) return Number.isFinite(after) ? 'from never' : 'to never';
  const delta = after - before;
  const magnitude = Math.abs(delta);
  const ratio = before !== 0 && unit !== 'fraction' ? after / before : undefined;
  // Past ten times, a factor reads better than a percentage (40ms → 30s is ×750, not +74,900%).
  const relative =
    ratio === undefined
      ? ''
      : ratio >= 10
        ? ` (×${Math.round(ratio)})`
        : ` (${signed(delta, `${Number(((magnitude / Math.abs(before)) * 100).toFixed(1))}%`)})`;
  switch (unit) {
    case 'fraction':
      return `${signed(delta, `${Number((magnitude * 100).toFixed(1))} pp`)}`;
    case 'duration':
      return `${signed(delta, formatDurationMs(magnitude))}${relative}`;
    default:
      return `${signed(delta, formatMetric(unit, magnitude))}${relative}`;
  }
}

/** An arrow for the direction and the word for what it means (`↑ worse`, `↓ better`, `↑`). */
export function formatMove(change: MetricChange): string {
  const arrow = change.direction === 'up' ? '↑' : change.direction === 'down' ? '↓' : '';
  if (change.judgement === 'better' || change.judgement === 'worse') return `${arrow} ${change.judgement}`;
  return change.direction === 'n/a' ? 'measured in one run only' : arrow;
}

/** Names and labels of the two runs on the page (the CLI passes the run folders). */
export interface ComparisonLabels {
  readonly before: string;
  readonly after: string;
}

function runFacts(label: string, results: RunResults): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(`${results.scenario.name} (${results.scenario.file}), seed ${results.seed}, ${formatDurationMs(results.simulatedMs)} simulated; ${results.verdict.passed ? 'every target met' : `${countOf(results.verdict.violations.length, 'target')} missed`}`)}</dd>`;
}

/** Metrics × strategies, each cell `before → after (Δ)` with its direction; better green, worse red. */
function changesTable(comparison: RunComparison): string {
  const rows: Cell[][] = REPORT_METRICS.map((metric, index) => [
    metric.label,
    ...comparison.strategies.map((strategy): Cell => {
      const change = strategy.changes[index] as MetricChange;
      const text = `${formatMetric(change.unit, change.before)} → ${formatMetric(change.unit, change.after)}`;
      if (change.direction === 'same') return { text, className: 'same' };
      return {
        html: `${escapeHtml(text)}<br><span class="mark">${escapeHtml(`${formatDelta(change)} ${formatMove(change)}`)}</span>`,
        className: change.judgement === 'better' || change.judgement === 'worse' ? change.judgement : '',
      };
    }),
  ]);
  return htmlTable(['metric (A → B)', ...comparison.strategies.map((strategy) => strategy.strategy)], rows, 'changes');
}

/**
 * The comparison page of run A (before) and run B (after): what changed per strategy and metric,
 * and both runs on the trade-off chart (one point per run and strategy).
 */
export function renderComparisonReport(before: ReportInput, after: ReportInput, labels: ComparisonLabels): string {
  const comparison = compareRuns(before.results, after.results);
  const names = [
    ...comparison.strategies.map((strategy) => strategy.strategy),
    ...comparison.onlyBefore,
    ...comparison.onlyAfter,
  ];
  const runs = [
    { tag: 'A', results: before.results },
    { tag: 'B', results: after.results },
  ];
  const points = runs.flatMap(({ tag, results }) =>
    results.strategies.map((result) => placeOnTradeOff(result.name, `${tag} · seed ${results.seed}`, result)),
  );
  const tradeOff: ChartSpec = tradeOffChart('chart-trade-off', points, names);
  const counts = comparison.strategies.map((strategy) => {
    const of = (judgement: Judgement) => strategy.changes.filter((change) => change.judgement === judgement).length;
    return `<li>${escapeHtml(`${strategy.strategy}: ${of('better')} better, ${of('worse')} worse, ${of('neutral')} changed (neither better nor worse), ${of('same')} unchanged`)}</li>`;
  });
  const unmatched = [
    ...comparison.onlyBefore.map((name) => `<li>${escapeHtml(`${name}: only in A`)}</li>`),
    ...comparison.onlyAfter.map((name) => `<li>${escapeHtml(`${name}: only in B`)}</li>`),
  ];
  const warning = comparison.sameScenarioAndSeed
    ? ''
    : '<p class="verdict failed">The runs differ in scenario or seed: changes mix what the strategies did with what they were given.</p>';
  const header = `<header>\n<h1>faultline comparison: ${escapeHtml(labels.before)} → ${escapeHtml(labels.after)}</h1>\n<dl class="facts">${runFacts(`A: ${labels.before}`, before.results)}${runFacts(`B: ${labels.after}`, after.results)}</dl>\n${warning}\n<ul>${[...counts, ...unmatched].join('')}</ul>\n</header>`;
  const sections: [string, string, string, string][] = [
    [
      'changes',
      'What changed',
      'Each metric of each strategy in both runs: A → B, the change (relative to A in brackets), its direction and whether that is better (green) or worse (red). Grey: unchanged.',
      changesTable(comparison),
    ],
    [
      'trade-off',
      'Trade-off: availability against anomalies',
      'Both runs, one point per strategy and run, joined per strategy: right is more available during faults, low is fewer anomalies per submitted job.',
      chartBox(tradeOff.canvas, 380, 'availability during faults against anomaly rate, both runs'),
    ],
  ];
  return renderPage({
    title: `faultline comparison: ${labels.before} → ${labels.after}`,
    header,
    contents: sections.map(([id, title]) => [id, title]),
    sections: sections.map(([id, title, lead, content]) => section(id, title, lead, content)),
    footer:
      'Generated by faultline from the two runs’ results.json; regenerate with: faultline report <run A> <run B>.',
    charts: [tradeOff],
  });
}
