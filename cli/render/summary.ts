/**
 * The terminal comparison table: rows are metrics, columns are strategies; a metric that
 * missed one of the scenario's targets is shown in red with the bound it missed.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { TARGET_METRICS } from '../../checkers/targets.js';
import type { RunResults, StrategyResults, StrategyWall } from '../../runner/results.js';
import { formatDurationMs } from '../../simulator/time.js';

interface Row {
  readonly label: string;
  readonly value: (results: StrategyResults, wall: StrategyWall | undefined) => string;
  /** The target this row's metric is judged by, if any. */
  readonly target?: keyof typeof TARGET_METRICS;
}

const ROWS: readonly Row[] = [
  { label: 'jobs submitted', value: (r) => String(r.checks.work.jobsSubmitted) },
  { label: 'jobs accepted', value: (r) => String(r.checks.work.jobsAccepted) },
  { label: 'submits unknown (timeout)', value: (r) => String(r.checks.work.jobsUnknown) },
  { label: 'unknown, completed anyway', value: (r) => String(r.checks.work.jobsRecovered) },
  { label: 'submits refused', value: (r) => String(r.checks.work.jobsRefused) },
  { label: 'jobs completed', value: (r) => String(r.checks.work.jobsCompleted) },
  { label: 'jobs failed (declared)', value: (r) => String(r.checks.work.jobsFailed) },
  { label: 'jobs lost', value: (r) => String(r.checks.work.jobsLost), target: 'lostJobs' },
  { label: 'task executions', value: (r) => String(r.checks.work.executions) },
  { label: 'duplicate executions', value: (r) => String(r.checks.work.duplicateExecutions) },
  { label: 'abandoned executions', value: (r) => String(r.checks.work.abandonedExecutions) },
  { label: 'duplicate site effects', value: (r) => String(r.checks.work.duplicateEffects), target: 'duplicateEffects' },
  { label: 'steps out of order', value: (r) => String(r.checks.steps.outOfOrderStarts), target: 'outOfOrderSteps' },
  { label: 'steps skipped', value: (r) => String(r.checks.steps.skippedSteps), target: 'skippedSteps' },
  { label: 're-dispatches', value: (r) => String(r.checks.work.redispatches) },
  { label: 'messages', value: (r) => String(r.messages.sent) },
  { label: 'heartbeats (simulated)', value: (r) => String(r.messages.heartbeats) },
  { label: 'scheduler steps', value: (r) => String(r.steps) },
  { label: 'Temporal events per job ≈', value: (_r, wall) => (wall ? String(wall.historyEventsPerJob) : '-') },
  { label: 'wall time', value: (_r, wall) => (wall ? formatDurationMs(wall.wallMs) : '-') },
  { label: 'simulated ÷ wall', value: (_r, wall) => (wall ? `${Math.round(wall.compression)}×` : '-') },
];

export function renderSummary(results: RunResults, color = true): string {
  const paint = color ? pc : { red: (text: string) => text, bold: (text: string) => text, green: (text: string) => text };
  const table = new Table({
    head: ['', ...results.strategies.map((strategy) => paint.bold(strategy.name))],
    style: { head: [], border: [] },
  });
  for (const row of ROWS) {
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
