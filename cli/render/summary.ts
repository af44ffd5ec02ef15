/**
 * The terminal comparison table: rows are metrics, columns are strategies; a metric that
 * missed one of the scenario's targets is shown in red with the bound it missed.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { TARGET_METRICS } from '../../checkers/targets.js';
import type { RunResults, StrategyResults, StrategyWall } from '../../runner/results.js';
import { formatDurationMs } from '../../simulator/time.js';

interface Row {
  readonly label: string;
  readonly value: (results: StrategyResults, wall: StrategyWall | undefined) => string;
  /** The target this row's metric is judged by, if any. */
  readonly target?: keyof typeof TARGET_METRICS;
}

const count = (value: number) => String(value);
const time = (value: number | null) => (value === null ? '-' : formatDurationMs(value));
const percent = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);

/** Metric rows in groups, each under its heading. */
const ROWS: readonly (Row | { readonly heading: string })[] = [
  { heading: 'work' },
  { label: 'jobs submitted', value: (r) => count(r.checks.work.jobsSubmitted) },
  { label: 'jobs accepted', value: (r) => count(r.checks.work.jobsAccepted) },
  { label: 'submits unknown (timeout)', value: (r) => count(r.checks.work.jobsUnknown) },
  { label: 'unknown, completed anyway', value: (r) => count(r.checks.work.jobsRecovered) },
  { label: 'submits refused', value: (r) => count(r.checks.work.jobsRefused) },
  { label: 'jobs completed', value: (r) => count(r.checks.work.jobsCompleted) },
  { label: 'jobs failed (declared)', value: (r) => count(r.checks.work.jobsFailed) },
  { label: 'jobs lost', value: (r) => count(r.checks.work.jobsLost), target: 'lostJobs' },
  { label: 'jobs stuck after the budget', value: (r) => count(r.checks.work.jobsStuck), target: 'stuckJobs' },
  { label: 'duplicate executions', value: (r) => count(r.checks.work.duplicateExecutions), target: 'duplicateExecutions' },
  { label: 'duplicate site effects', value: (r) => count(r.checks.work.duplicateEffects), target: 'duplicateEffects' },
  { label: 'steps out of order', value: (r) => count(r.checks.steps.outOfOrderStarts), target: 'outOfOrderSteps' },
  { label: 'steps skipped', value: (r) => count(r.checks.steps.skippedSteps), target: 'skippedSteps' },
  { heading: 'consistency' },
  { label: 'stale status reads', value: (r) => `${r.checks.status.staleReads} / ${r.checks.status.readsChecked}`, target: 'staleReads' },
  { label: 'non-monotonic reads', value: (r) => count(r.checks.status.nonMonotonicReads), target: 'nonMonotonicReads' },
  { label: 'final reads wrong', value: (r) => `${r.checks.status.finalDisagreements} / ${r.checks.status.finalReadsChecked}`, target: 'finalReadDisagreements' },
  { label: 'store keys divergent at end', value: (r) => count(r.checks.status.divergentKeys), target: 'divergentReplicas' },
  { label: 'tasks run on two nodes at once', value: (r) => count(r.checks.splitBrain.concurrentExecutionTasks), target: 'concurrentExecutions' },
  { label: 'double assignments', value: (r) => count(r.checks.splitBrain.doubleAssignments), target: 'doubleAssignments' },
  { heading: 'availability' },
  { label: 'ok outside faults', value: (r) => percent(TARGET_METRICS.availabilityOutsideFaults.read(r.checks)), target: 'availabilityOutsideFaults' },
  { label: 'ok during faults', value: (r) => percent(TARGET_METRICS.availabilityDuringFaults.read(r.checks)), target: 'availabilityDuringFaults' },
  { label: 'submits ok (all)', value: (r) => percent(r.checks.availability.overall.submit.okFraction) },
  { heading: 'latency and recovery' },
  { label: 'makespan', value: (r) => time(r.checks.performance.makespanMs) },
  { label: 'job latency p50 / p99', value: (r) => `${time(r.checks.performance.jobLatencyMs.p50)} / ${time(r.checks.performance.jobLatencyMs.p99)}` },
  { label: 'queue wait p95', value: (r) => time(r.checks.performance.queueWaitMs.p95) },
  { label: 'wasted node time', value: (r) => formatDurationMs(r.checks.performance.work.wastedMs) },
  { label: 'faults detected / failed over', value: (r) => `${r.checks.recovery.summary.detected} / ${r.checks.recovery.summary.failedOver} of ${r.checks.recovery.summary.faults}` },
  { label: 'time to detect (median)', value: (r) => time(r.checks.recovery.summary.medianTimeToDetectMs) },
  { label: 'time to drain (max)', value: (r) => { const drain = TARGET_METRICS.drainTime.read(r.checks); return drain === undefined ? '-' : drain === null ? 'never' : formatDurationMs(drain); }, target: 'drainTime' },
  { label: 're-dispatches', value: (r) => count(r.checks.work.redispatches) },
  { heading: 'cost' },
  { label: 'messages per job', value: (r) => String(r.cost.messagesPerJob) },
  { label: 'activity calls per job', value: (r) => String(r.cost.activityCallsPerJob) },
  { label: 'Temporal events per job ≈', value: (_r, wall) => (wall ? String(wall.historyEventsPerJob) : '-') },
  { label: 'wall time', value: (_r, wall) => (wall ? formatDurationMs(wall.wallMs) : '-') },
  { label: 'simulated ÷ wall', value: (_r, wall) => (wall ? `${Math.round(wall.compression)}×` : '-') },
  { heading: 'coverage' },
  { label: 'checks with nothing to check', value: (r) => (r.checks.coverage.unexercised.length === 0 ? '-' : r.checks.coverage.unexercised.join(', ')) },
];

export function renderSummary(results: RunResults, color = true): string {
  const paint = color ? pc : { red: (text: string) => text, bold: (text: string) => text, green: (text: string) => text };
  const table = new Table({
    head: ['', ...results.strategies.map((strategy) => paint.bold(strategy.name))],
    style: { head: [], border: [] },
    // No rule between rows: the headings separate the groups.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of ROWS) {
    if ('heading' in row) {
      table.push([paint.bold(row.heading), ...results.strategies.map(() => '')]);
      continue;
    }
    table.push([
      row.label,
      ...results.strategies.map((strategy) => {
        const text = row.value(strategy, results.wall.strategies[strategy.name]);
        const missed = row.target ? strategy.verdict.violations.find((violation) => violation.target === row.target) : undefined;
        return missed ? paint.red(`${text} ✗ (target ${missed.bound})`) : text;
      }),
    ]);
  }
  return table.toString();
}
