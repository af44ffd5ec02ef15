/**
 * The metrics a report shows and compares: one list, each with its unit, the direction that is
 * better, and the scenario target that judges it. The scorecard, the comparison of two runs and
 * the trade-off chart all read values through these definitions.
 */
import type { CheckResults } from '../checkers/index.js';
import { TARGET_METRICS } from '../checkers/targets.js';
import type { StrategyResults } from './run.js';
import { formatDurationMs } from '../simulator/base/time.js';

/** How a value is shown: `fraction` as a percentage, `duration` in simulated ms (Infinity: never). */
export type MetricUnit = 'count' | 'fraction' | 'duration' | 'rate' | 'number';

/** Which way a change is an improvement; `neither` for what is context, not quality (jobs submitted). */
export type Better = 'higher' | 'lower' | 'neither';

export interface ReportMetric {
  /** Stable identifier (`jobLatencyP99`). */
  readonly key: string;
  readonly label: string;
  /** The scorecard group it is listed under. */
  readonly group: string;
  readonly unit: MetricUnit;
  readonly better: Better;
  /** The value; null when there was nothing to measure. */
  readonly read: (strategy: StrategyResults) => number | null;
  /** The scenario target judged on this metric, if any: a violation marks the scorecard cell. */
  readonly target?: keyof typeof TARGET_METRICS;
  /**
   * What the value is made of, shown after it in the scorecards (`1 running, 3 never started`); undefined: nothing to
   * add.
   */
  readonly detail?: (strategy: StrategyResults) => string | undefined;
}

/** One kind of anomaly the checkers count; their sum per submitted job is the anomaly rate. */
export interface AnomalyKind {
  readonly key: string;
  readonly label: string;
  readonly read: (strategy: StrategyResults) => number;
}

/**
 * Every anomaly the checkers count, in the order of the checkers. Stuck jobs (liveness) are not anomalies; lost jobs
 * are.
 */
export const ANOMALY_KINDS: readonly AnomalyKind[] = [
  { key: 'lostJobs', label: 'jobs lost', read: (s) => s.checks.work.jobsLost },
  { key: 'duplicateExecutions', label: 'duplicate executions', read: (s) => s.checks.work.duplicateExecutions },
  { key: 'duplicateEffects', label: 'duplicate site effects', read: (s) => s.checks.work.duplicateEffects },
  { key: 'outOfOrderSteps', label: 'steps out of order', read: (s) => s.checks.steps.outOfOrderStarts },
  { key: 'skippedSteps', label: 'steps skipped', read: (s) => s.checks.steps.skippedSteps },
  { key: 'staleReads', label: 'stale reads', read: (s) => s.checks.status.staleReads },
  { key: 'nonMonotonicReads', label: 'non-monotonic reads', read: (s) => s.checks.status.nonMonotonicReads },
  { key: 'finalReadDisagreements', label: 'final reads wrong', read: (s) => s.checks.status.finalDisagreements },
  { key: 'divergentReplicas', label: 'store keys divergent', read: (s) => s.checks.status.divergentKeys },
  {
    key: 'concurrentExecutions',
    label: 'tasks on two nodes at once',
    read: (s) => s.checks.splitBrain.concurrentExecutionTasks,
  },
  { key: 'doubleAssignments', label: 'double assignments', read: (s) => s.checks.splitBrain.doubleAssignments },
];

/** Every anomaly of the strategy's run, all kinds added up. */
export function anomalyCount(strategy: StrategyResults): number {
  return ANOMALY_KINDS.reduce((sum, kind) => sum + kind.read(strategy), 0);
}

/** Anomalies per submitted job. */
export function anomalyRate(strategy: StrategyResults): number {
  return anomalyCount(strategy) / Math.max(1, strategy.checks.work.jobsSubmitted);
}

/** Ok fraction of the client operations invoked inside fault windows; null when none was. */
export function availabilityDuringFaults(strategy: StrategyResults): number | null {
  return TARGET_METRICS.availabilityDuringFaults.read(strategy.checks) ?? null;
}

/** The longest time to drain over the faults: Infinity if one never drained, null without faults. */
function maxDrainMs(strategy: StrategyResults): number | null {
  const drain = TARGET_METRICS.drainTime.read(strategy.checks);
  return drain === undefined ? null : (drain ?? Number.POSITIVE_INFINITY);
}

/**
 * Where the lost jobs' work was when it was lost (`1 running, 3 never started`), from the work
 * checker's split: under auto-ack a crashed consumer loses the tasks it was running and the
 * deliveries it never started alike, and the bare count cannot tell them apart. Undefined when
 * nothing was lost, and for a results file written before the split (its parts, absent, do not
 * add up to the count).
 */
export function lostJobsDetail(strategy: StrategyResults): string | undefined {
  const work: Partial<StrategyResults['checks']['work']> = strategy.checks.work;
  const parts: readonly [number | undefined, string][] = [
    [work.lostWhileRunning, 'running'],
    [work.lostAfterFailure, 'after a failure'],
    [work.lostBeforeStart, 'never started'],
  ];
  const counted = parts.reduce((sum, [count]) => sum + (count ?? 0), 0);
  if (!work.jobsLost || counted !== work.jobsLost) return undefined;
  return parts
    .filter(([count]) => (count ?? 0) > 0)
    .map(([count, place]) => `${count} ${place}`)
    .join(', ');
}

const targetValue = (name: keyof typeof TARGET_METRICS) => (strategy: StrategyResults) =>
  TARGET_METRICS[name].read(strategy.checks) ?? null;

/** The scorecard's rows, in groups, and the metrics two runs are compared on. */
export const REPORT_METRICS: readonly ReportMetric[] = [
  {
    key: 'jobsSubmitted',
    label: 'jobs submitted',
    group: 'work',
    unit: 'count',
    better: 'neither',
    read: (s) => s.checks.work.jobsSubmitted,
  },
  {
    key: 'jobsCompleted',
    label: 'jobs completed',
    group: 'work',
    unit: 'count',
    better: 'higher',
    read: (s) => s.checks.work.jobsCompleted,
  },
  {
    key: 'jobsLost',
    label: 'jobs lost',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.jobsLost,
    target: 'lostJobs',
    detail: lostJobsDetail,
  },
  {
    key: 'jobsStuck',
    label: 'jobs stuck after the budget',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.jobsStuck,
    target: 'stuckJobs',
  },
  {
    key: 'jobsUnknown',
    label: 'submits unknown (timeout)',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.jobsUnknown,
  },
  {
    key: 'jobsRefused',
    label: 'submits refused',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.jobsRefused,
  },
  {
    key: 'duplicateExecutions',
    label: 'duplicate executions',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.duplicateExecutions,
    target: 'duplicateExecutions',
  },
  {
    key: 'duplicateEffects',
    label: 'duplicate site effects',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.work.duplicateEffects,
    target: 'duplicateEffects',
  },
  {
    key: 'outOfOrderSteps',
    label: 'steps out of order',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.steps.outOfOrderStarts,
    target: 'outOfOrderSteps',
  },
  {
    key: 'skippedSteps',
    label: 'steps skipped',
    group: 'work',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.steps.skippedSteps,
    target: 'skippedSteps',
  },
  {
    key: 'redispatches',
    label: 're-dispatches',
    group: 'work',
    unit: 'count',
    better: 'neither',
    read: (s) => s.checks.work.redispatches,
  },
  {
    key: 'staleReads',
    label: 'stale status reads',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.status.staleReads,
    target: 'staleReads',
  },
  {
    key: 'nonMonotonicReads',
    label: 'non-monotonic reads',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.status.nonMonotonicReads,
    target: 'nonMonotonicReads',
  },
  {
    key: 'finalReadDisagreements',
    label: 'final reads wrong',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.status.finalDisagreements,
    target: 'finalReadDisagreements',
  },
  {
    key: 'divergentReplicas',
    label: 'store keys divergent at end',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.status.divergentKeys,
    target: 'divergentReplicas',
  },
  {
    key: 'concurrentExecutions',
    label: 'tasks run on two nodes at once',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.splitBrain.concurrentExecutionTasks,
    target: 'concurrentExecutions',
  },
  {
    key: 'doubleAssignments',
    label: 'double assignments',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: (s) => s.checks.splitBrain.doubleAssignments,
    target: 'doubleAssignments',
  },
  {
    key: 'anomalies',
    label: 'anomalies (all kinds)',
    group: 'consistency',
    unit: 'count',
    better: 'lower',
    read: anomalyCount,
  },
  {
    key: 'anomalyRate',
    label: 'anomalies per submitted job',
    group: 'consistency',
    unit: 'rate',
    better: 'lower',
    read: anomalyRate,
  },
  {
    key: 'availabilityOutsideFaults',
    label: 'ok outside faults',
    group: 'availability',
    unit: 'fraction',
    better: 'higher',
    read: targetValue('availabilityOutsideFaults'),
    target: 'availabilityOutsideFaults',
  },
  {
    key: 'availabilityDuringFaults',
    label: 'ok during faults',
    group: 'availability',
    unit: 'fraction',
    better: 'higher',
    read: availabilityDuringFaults,
    target: 'availabilityDuringFaults',
  },
  {
    key: 'submitsOk',
    label: 'submits ok (all)',
    group: 'availability',
    unit: 'fraction',
    better: 'higher',
    read: (s) => s.checks.availability.overall.submit.okFraction,
  },
  {
    key: 'makespan',
    label: 'makespan',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.makespanMs,
  },
  {
    key: 'jobLatencyP50',
    label: 'job latency p50',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.jobLatencyMs.p50,
  },
  {
    key: 'jobLatencyP95',
    label: 'job latency p95',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.jobLatencyMs.p95,
  },
  {
    key: 'jobLatencyP99',
    label: 'job latency p99',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.jobLatencyMs.p99,
  },
  {
    key: 'jobLatencyMax',
    label: 'job latency max',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.jobLatencyMs.max,
  },
  {
    key: 'queueWaitMean',
    label: 'queue wait mean',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.queueWaitMs.mean ?? null,
  },
  {
    key: 'queueWaitP95',
    label: 'queue wait p95',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.queueWaitMs.p95,
  },
  // Files written before the capacity checker have no `capacity`: nothing to show.
  {
    key: 'idleBesideQueue',
    label: 'slot time idle beside a queue',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => (s.checks.capacity as CheckResults['capacity'] | undefined)?.idleBesideQueueMs ?? null,
  },
  {
    key: 'wastedNodeTime',
    label: 'wasted node time',
    group: 'latency',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.performance.work.wastedMs,
  },
  {
    key: 'faultsDetected',
    label: 'faults detected',
    group: 'recovery',
    unit: 'count',
    better: 'higher',
    read: (s) => s.checks.recovery.summary.detected,
  },
  {
    key: 'faultsFailedOver',
    label: 'faults failed over',
    group: 'recovery',
    unit: 'count',
    better: 'higher',
    read: (s) => s.checks.recovery.summary.failedOver,
  },
  {
    key: 'timeToDetectMedian',
    label: 'time to detect (median)',
    group: 'recovery',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.recovery.summary.medianTimeToDetectMs,
  },
  {
    key: 'timeToFailOverMedian',
    label: 'time to fail over (median)',
    group: 'recovery',
    unit: 'duration',
    better: 'lower',
    read: (s) => s.checks.recovery.summary.medianTimeToFailOverMs,
  },
  {
    key: 'timeToDrainMax',
    label: 'time to drain (max)',
    group: 'recovery',
    unit: 'duration',
    better: 'lower',
    read: maxDrainMs,
    target: 'drainTime',
  },
  {
    key: 'messagesPerJob',
    label: 'messages per job',
    group: 'cost',
    unit: 'number',
    better: 'lower',
    read: (s) => s.cost.messagesPerJob,
  },
  {
    key: 'worldCallsPerJob',
    label: 'world calls per job',
    group: 'cost',
    unit: 'number',
    better: 'lower',
    read: (s) => s.cost.worldCallsPerJob,
  },
  {
    key: 'activityCallsPerJob',
    label: 'activity calls per job',
    group: 'cost',
    unit: 'number',
    better: 'lower',
    read: (s) => s.cost.activityCallsPerJob,
  },
  {
    key: 'stepsPerJob',
    label: 'scheduler steps per job',
    group: 'cost',
    unit: 'number',
    better: 'lower',
    read: (s) => s.cost.stepsPerJob,
  },
];

/** A value shown with what it is made of, in brackets: `4 (1 running, 3 never started)`. */
export function withDetail(text: string, detail: string | undefined): string {
  return detail ? `${text} (${detail})` : text;
}

/** A value as the report shows it: `-` for nothing measured, `never` for an infinite duration. */
export function formatMetric(unit: MetricUnit, value: number | null): string {
  if (value === null || Number.isNaN(value)) return '-';
  switch (unit) {
    case 'count':
      return String(value);
    case 'fraction':
      return `${(value * 100).toFixed(1)}%`;
    case 'duration':
      return Number.isFinite(value) ? formatDurationMs(value) : 'never';
    case 'rate':
      return String(Number(value.toFixed(3)));
    case 'number':
      return String(Number(value.toFixed(1)));
  }
}
