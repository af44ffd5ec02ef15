/**
 * The report's sections about faults and what they cost — recovery per fault, cost per job,
 * the fault timeline, coverage — as HTML built from escaped parts.
 */
import type { FaultRecovery } from '../checkers/recovery.js';
import type { RunResults } from '../results/run.js';
import { formatClockMs, formatDurationMs } from '../simulator/base/time.js';
import { countOf } from '../simulator/base/words.js';
import type { ReportFault, ReportTrigger } from './faults.js';
import { type Cell, htmlTable } from './html-table.js';
import { formatMetric } from '../results/metrics.js';

const strategyHead = (results: RunResults): Cell[] => results.strategies.map((strategy) => strategy.name);

const RECOVERY_ROWS: readonly { readonly label: string; readonly value: (fault: FaultRecovery) => Cell }[] = [
  {
    label: 'time to detect',
    value: (f) =>
      f.timeToDetectMs === null
        ? { text: 'none', className: 'warn' }
        : `${formatDurationMs(f.timeToDetectMs)} (${f.detectedBy ?? '?'})`,
  },
  {
    label: 'time to fail over',
    value: (f) =>
      f.timeToFailOverMs === null
        ? { text: 'none', className: 'warn' }
        : `${formatDurationMs(f.timeToFailOverMs)} (${f.failedOverBy ?? '?'})`,
  },
  {
    label: 'time to drain',
    value: (f) =>
      f.timeToDrainMs === null ? { text: 'never', className: 'violation' } : formatDurationMs(f.timeToDrainMs),
  },
  { label: 'backlog before → at end', value: (f) => `${f.preFaultBacklog} → ${countOf(f.backlogAtFaultEnd, 'job')}` },
  { label: 'backlog area after the end', value: (f) => `${f.backlogAreaAfterHealJobMinutes} job·min` },
];

/** Per fault window: detection, failover, drain and backlog per strategy. */
export function recoveryTableHtml(results: RunResults, faults: readonly ReportFault[]): string {
  if (faults.length === 0) return '<p class="note">No fault in this run.</p>';
  const rows: Cell[][] = [];
  for (const fault of faults) {
    rows.push([`${fault.id} ${fault.description}: ${formatClockMs(fault.startMs)} → ${formatClockMs(fault.endMs)}`]);
    for (const row of RECOVERY_ROWS) {
      rows.push([
        row.label,
        ...results.strategies.map((strategy) => {
          const mine = strategy.checks.recovery.faults.find(
            (candidate) => candidate.fault === fault.id && candidate.startMs === fault.startMs,
          );
          return mine ? row.value(mine) : '-';
        }),
      ]);
    }
  }
  return htmlTable(['', ...strategyHead(results)], rows);
}

/** What each strategy spent per job; the machine-dependent measures apart. */
export function costTableHtml(results: RunResults): string {
  const rows: Cell[][] = [
    ['per submitted job (deterministic)'],
    ['messages', ...results.strategies.map((s) => formatMetric('number', s.cost.messagesPerJob))],
    ['world calls', ...results.strategies.map((s) => formatMetric('number', s.cost.worldCallsPerJob))],
    ['activity calls', ...results.strategies.map((s) => formatMetric('number', s.cost.activityCallsPerJob))],
    ['scheduler steps', ...results.strategies.map((s) => formatMetric('number', s.cost.stepsPerJob))],
    ['whole run'],
    [
      'messages sent / lost / refused',
      ...results.strategies.map((s) => `${s.messages.sent} / ${s.messages.lost} / ${s.messages.refused}`),
    ],
    ['heartbeats (computed, not sent)', ...results.strategies.map((s) => String(s.messages.heartbeats))],
    ['useful node time', ...results.strategies.map((s) => formatDurationMs(s.checks.performance.work.usefulMs))],
    [
      'wasted node time (duplicate + abandoned)',
      ...results.strategies.map((s) => formatDurationMs(s.checks.performance.work.wastedMs)),
    ],
    ['this machine (not deterministic)'],
    [
      'Temporal history events per job ≈',
      ...results.strategies.map((s) => String(results.wall.strategies[s.name]?.historyEventsPerJob ?? '-')),
    ],
    [
      'wall time',
      ...results.strategies.map((s) => {
        const wall = results.wall.strategies[s.name];
        return wall ? formatDurationMs(wall.wallMs) : '-';
      }),
    ],
    [
      'simulated ÷ wall',
      ...results.strategies.map((s) => {
        const wall = results.wall.strategies[s.name];
        return wall ? `${Math.round(wall.compression)}×` : '-';
      }),
    ],
  ];
  return htmlTable(['', ...strategyHead(results)], rows);
}

/** The fault windows in order, and the crash triggers with where they fired. */
export function faultTableHtml(
  faults: readonly ReportFault[],
  triggers: readonly ReportTrigger[],
  strategies: number,
): string {
  const windows =
    faults.length === 0
      ? '<p class="note">No fault in this run.</p>'
      : htmlTable(
          ['fault', 'kind', 'what', 'start', 'end', 'lasted', 'recorded in'],
          faults.map((fault) => [
            fault.id,
            fault.kind,
            fault.description,
            formatClockMs(fault.startMs),
            formatClockMs(fault.endMs),
            formatDurationMs(fault.endMs - fault.startMs),
            fault.strategies.length === strategies ? 'every strategy' : fault.strategies.join(', '),
          ]),
        );
  if (triggers.length === 0) return windows;
  const triggerTable = htmlTable(
    ['crash trigger', 'when', 'fired in'],
    triggers.map((trigger) => [
      trigger.id,
      trigger.description,
      trigger.firedIn.length === 0 ? { text: 'no strategy', className: 'warn' } : trigger.firedIn.join(', '),
    ]),
  );
  return `${windows}\n${triggerTable}`;
}

const PHASE_TITLES: Readonly<Record<string, string>> = {
  faults: 'fault phase',
  converge: 'convergence',
  'final-reads': 'final reads',
};

/** Fault kinds × phases (active time, per strategy where they differ), then which checks had anything to check. */
export function coverageHtml(results: RunResults): string {
  const matrices = results.strategies.map(
    (strategy) =>
      strategy.checks.coverage.faultMatrix as Readonly<
        Record<string, Readonly<Record<string, { activeMs: number; faults: number }>>>
      >,
  );
  const phases = [...new Set(matrices.flatMap((matrix) => Object.keys(matrix)))];
  const kinds = [...new Set(matrices.flatMap((matrix) => phases.flatMap((phase) => Object.keys(matrix[phase] ?? {}))))];
  const cell = (phase: string, kind: string): Cell => {
    const texts = results.strategies.map((strategy, index) => {
      const activity = matrices[index]?.[phase]?.[kind];
      return activity && activity.faults > 0 ? `${formatDurationMs(activity.activeMs)} (${activity.faults})` : '';
    });
    if (texts.every((text) => text === texts[0])) return texts[0] ? { text: texts[0], className: 'active' } : '';
    return {
      text: results.strategies.map((strategy, index) => `${strategy.name}: ${texts[index] || 'none'}`).join('; '),
      className: 'active',
    };
  };
  const matrix = htmlTable(
    ['fault kind', ...phases.map((phase) => PHASE_TITLES[phase] ?? phase)],
    kinds.map((kind) => [kind, ...phases.map((phase) => cell(phase, kind))]),
    'matrix',
  );
  const checkNames = [
    ...new Set(results.strategies.flatMap((strategy) => strategy.checks.coverage.checks.map((check) => check.check))),
  ];
  const checks = htmlTable(
    ['check', ...strategyHead(results)],
    checkNames.map((name) => [
      name,
      ...results.strategies.map((strategy): Cell => {
        const check = strategy.checks.coverage.checks.find((candidate) => candidate.check === name);
        if (!check) return '-';
        return check.exercised ? `✓ ${check.material}` : { text: 'nothing to check', className: 'warn' };
      }),
    ]),
  );
  return `${matrix}\n<h3>Checks exercised</h3>\n<p class="lead">✓ and how much material each check had (what is counted: docs/results.md); “nothing to check” means no violation could have been found.</p>\n${checks}`;
}
