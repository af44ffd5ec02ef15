/**
 * Performance: how fast jobs went through, how long tasks waited, how much node time did useful
 * work and how much was wasted. Ground truth is the world's ledger; submission instants come
 * from the history. All times are simulated milliseconds.
 *
 * - a job's submission, a task's first ok end and when a task is ready: see `readiness.ts`.
 *   A job completes at the latest first ok end of its tasks, once every task has one.
 * - makespan: earliest submission of any job → the last job completion.
 * - job latency: submission → completion, for completed jobs.
 * - queue wait: ready → the first `exec-start` of the task at or after ready (starts before it
 *   ran out of order, see the `steps` checker, and are left out).
 * - task delay: ready → the task's first ok end (tasks whose first ok end precedes their
 *   readiness are left out).
 * - warm-up (`phases.warmupMs`): job latency, queue wait and task delay count only the jobs
 *   submitted at or after it, so that a run that starts empty can measure a steady state.
 *   Everything else counts the whole run.
 * - time series, in buckets [i × bucketMs, (i + 1) × bucketMs): bucketMs is endMs / 60 rounded
 *   up to a whole minute (at least one), so a run has about 60 buckets (more only if something
 *   ended after endMs). throughput: ok `exec-end`s; goodput: first ok ends only; jobs
 *   completed: job completions.
 * - node time of an execution that ended: its end − its start (matched by job, task and
 *   execution number; an end without its start counts 0). useful work: the first ok execution
 *   of each task. wasted work: ok executions beyond the first (duplicates) and abandoned ones
 *   (started, never ended): from the start until the first crash or outage of its node at or
 *   after the start (nemesis records), the node's `leaveAtMs`, or the run's end, whichever
 *   comes first, and at most the execution's `durationMs`. Failed executions (retryable,
 *   fatal) are reported apart, not in the wasted total: the job type's failure rates draw them,
 *   whatever the strategy.
 *
 * One stable sort of the ledger and of the history, then linear passes (binary searches for
 * the crash times): O(n log n).
 */
import { quantileSorted } from 'simple-statistics';
import { takesNodesDown } from '../simulator/scenario/faults/kinds/index.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import { type ReadyTask, readyTasks, submissionOf, submissionTimes } from './readiness.js';
import type { Checker, CheckInput } from './types.js';
import { byTime, lowerBound } from './time-order.js';

export interface Percentiles {
  /** How many values were measured. */
  readonly count: number;
  /** Arithmetic mean (ms); null when count is 0. */
  readonly mean: number | null;
  /** Median (ms); null when count is 0. Quantiles interpolate linearly (R type 7, numpy's default). */
  readonly p50: number | null;
  /** 95th percentile (ms); null when count is 0. */
  readonly p95: number | null;
  /** 99th percentile (ms); null when count is 0. */
  readonly p99: number | null;
  /** Largest value (ms); null when count is 0. */
  readonly max: number | null;
  /**
   * The distribution at the fractions of `QUANTILE_FRACTIONS` (0 the smallest value, 1 the
   * largest): `[fraction, ms]` pairs in increasing order, interpolated like the percentiles
   * above; empty when count is 0. Enough points to draw the cumulative distribution.
   */
  readonly quantiles: readonly (readonly [number, number])[];
}

/** The fractions `Percentiles.quantiles` are given at: 0, 1%, 5%, 10%, 15% … 95% (every 5%), 99%, 99.9%, 1. */
export const QUANTILE_FRACTIONS: readonly number[] = [
  0,
  10,
  ...Array.from({ length: 19 }, (_, k) => 50 * (k + 1)),
  990,
  999,
  1000,
].map((permille) => permille / 1000);

export interface WorkTime {
  /** Node time of the first ok execution of each task (ms). */
  readonly usefulMs: number;
  /** Tasks with an ok execution (the executions counted in usefulMs). */
  readonly usefulExecutions: number;
  /** Node time of ok executions beyond the first of each task (ms). */
  readonly duplicateMs: number;
  /** Ok executions beyond the first of each task. */
  readonly duplicateExecutions: number;
  /**
   * Node time of executions started and never ended, until their node went down, left, or the run ended, at most their
   * durationMs (ms).
   */
  readonly abandonedMs: number;
  /** Executions started and never ended. */
  readonly abandonedExecutions: number;
  /** duplicateMs + abandonedMs: node time the control plane wasted (ms). */
  readonly wastedMs: number;
  /** Node time of executions that ended with a retryable failure (ms). */
  readonly failedRetryableMs: number;
  /** Executions that ended with a retryable failure. */
  readonly failedRetryableExecutions: number;
  /** Node time of executions that ended with a fatal failure (ms). */
  readonly failedFatalMs: number;
  /** Executions that ended with a fatal failure. */
  readonly failedFatalExecutions: number;
}

export interface PerformanceResult {
  /** Earliest job submission → the last job completion (ms); null when no job completed. */
  readonly makespanMs: number | null;
  /** Submission → completion of each completed job (ms). */
  readonly jobLatencyMs: Percentiles;
  /** Task ready → its first execution start at or after ready (ms), per task that started. */
  readonly queueWaitMs: Percentiles;
  /** Task ready → its first ok end (ms), per task that finished ok. */
  readonly taskDelayMs: Percentiles;
  /** Width of each time-series bucket (ms): endMs / 60 rounded up to a whole minute. */
  readonly bucketMs: number;
  /** Ok execution ends per bucket, duplicates included (bucket i covers [i × bucketMs, (i + 1) × bucketMs)). */
  readonly throughput: readonly number[];
  /** First ok ends of tasks per bucket: useful work finished. */
  readonly goodput: readonly number[];
  /** Jobs completed per bucket. */
  readonly jobsCompleted: readonly number[];
  /** Node time, useful and not. */
  readonly work: WorkTime;
}

const MINUTE_MS = 60_000;
const BUCKETS = 60;

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, mean: null, p50: null, p95: null, p99: null, max: null, quantiles: [] };
  const sorted = values.sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
    quantiles: QUANTILE_FRACTIONS.map((fraction) => [fraction, quantileSorted(sorted, fraction)] as const),
  };
}

/** Counts per bucket of the given instants; at least enough buckets to cover [0, endMs). */
function series(timesMs: readonly number[], bucketMs: number, endMs: number): number[] {
  const last = timesMs.reduce((latest, timeMs) => Math.max(latest, Math.floor(timeMs / bucketMs)), -1);
  const counts = new Array<number>(Math.max(1, Math.ceil(endMs / bucketMs), last + 1)).fill(0);
  for (const timeMs of timesMs) counts[Math.max(0, Math.floor(timeMs / bucketMs))]!++;
  return counts;
}

const executionKey = (job: string, task: string, execution: number): string => `${taskKey(job, task)}#${execution}`;

/**
 * The instants each node went down (a crash, an outage), from the history's nemesis records, per node in time order.
 */
function nodeDownTimes(config: CheckInput['config'], sortedHistory: readonly HistoryEntry[]): Map<string, number[]> {
  const downMs = new Map<string, number[]>();
  const faultNodes = new Map(config.faults.map((fault) => [fault.id, 'nodes' in fault ? fault.nodes : []]));
  for (const entry of sortedHistory) {
    if (entry.process !== 'nemesis' || entry.f !== 'start' || !takesNodesDown(entry.value.kind)) continue;
    const nodes = entry.value.nodes ?? faultNodes.get(entry.value.fault) ?? [];
    for (const node of nodes) {
      const times = downMs.get(node) ?? [];
      times.push(entry.timeMs);
      downMs.set(node, times);
    }
  }
  return downMs;
}

/**
 * What the executions came to: starts by key, the first ok end of each task, ok ends, node time by outcome (abandoned
 * work apart).
 */
interface Executions {
  readonly starts: Map<string, Extract<LedgerEntry, { kind: 'exec-start' }>>;
  readonly ended: Set<string>;
  readonly firstOkEndMs: Map<string, number>;
  readonly okEndsMs: number[];
  readonly firstOkEndsMs: number[];
  readonly work: Omit<WorkTime, 'abandonedMs' | 'abandonedExecutions' | 'wastedMs'>;
}

function executionsOf(sortedLedger: readonly LedgerEntry[]): Executions {
  const starts = new Map<string, Extract<LedgerEntry, { kind: 'exec-start' }>>();
  const ended = new Set<string>();
  const firstOkEndMs = new Map<string, number>();
  const okEndsMs: number[] = [];
  const firstOkEndsMs: number[] = [];
  const work = {
    usefulMs: 0,
    usefulExecutions: 0,
    duplicateMs: 0,
    duplicateExecutions: 0,
    failedRetryableMs: 0,
    failedRetryableExecutions: 0,
    failedFatalMs: 0,
    failedFatalExecutions: 0,
  };
  for (const entry of sortedLedger) {
    if (entry.kind === 'exec-start') {
      starts.set(executionKey(entry.job, entry.task, entry.execution), entry);
      continue;
    }
    if (entry.kind !== 'exec-end') continue;
    const key = executionKey(entry.job, entry.task, entry.execution);
    ended.add(key);
    const start = starts.get(key);
    const nodeMs = start ? entry.timeMs - start.timeMs : 0;
    if (entry.outcome === 'ok') {
      okEndsMs.push(entry.timeMs);
      const task = taskKey(entry.job, entry.task);
      if (firstOkEndMs.has(task)) {
        work.duplicateMs += nodeMs;
        work.duplicateExecutions++;
      } else {
        firstOkEndMs.set(task, entry.timeMs);
        firstOkEndsMs.push(entry.timeMs);
        work.usefulMs += nodeMs;
      }
    } else if (entry.outcome === 'retryable') {
      work.failedRetryableMs += nodeMs;
      work.failedRetryableExecutions++;
    } else {
      work.failedFatalMs += nodeMs;
      work.failedFatalExecutions++;
    }
  }
  work.usefulExecutions = firstOkEndMs.size;
  return { starts, ended, firstOkEndMs, okEndsMs, firstOkEndsMs, work };
}

/**
 * Executions started and never ended: node time until their node went down or left, or the run ended, at most their
 * duration.
 */
function abandonedWork(
  config: CheckInput['config'],
  executions: Executions,
  downMs: ReadonlyMap<string, number[]>,
): { abandonedMs: number; abandonedExecutions: number } {
  const leaveAtMs = new Map(config.nodes.map((node) => [node.id, node.leaveAtMs]));
  let abandonedMs = 0;
  let abandonedExecutions = 0;
  for (const [key, start] of executions.starts) {
    if (executions.ended.has(key)) continue;
    abandonedExecutions++;
    const down = downMs.get(start.node) ?? [];
    const nextDown = down[lowerBound(down, start.timeMs)] ?? Number.POSITIVE_INFINITY;
    const leave = leaveAtMs.get(start.node);
    const cutoffMs = Math.min(
      nextDown,
      leave !== undefined && leave >= start.timeMs ? leave : Number.POSITIVE_INFINITY,
      config.phases.endMs,
    );
    abandonedMs += Math.max(0, Math.min(start.durationMs, cutoffMs - start.timeMs));
  }
  return { abandonedMs, abandonedExecutions };
}

/** Job latencies (after the warm-up), job completions and the earliest submission. */
function jobTimes(
  config: CheckInput['config'],
  submittedMs: ReadonlyMap<string, number>,
  firstOkEndMs: ReadonlyMap<string, number>,
  warmupMs: number,
) {
  const latencies: number[] = [];
  const completionsMs: number[] = [];
  let earliestSubmissionMs = Number.POSITIVE_INFINITY;
  for (const job of config.workload.jobs) {
    const tasks = config.workload.jobTypes[job.type]?.tasks ?? [];
    const submitted = submissionOf(submittedMs, job);
    earliestSubmissionMs = Math.min(earliestSubmissionMs, submitted);
    const ends = tasks.map((task) => firstOkEndMs.get(taskKey(job.id, task.id)));
    if (tasks.length === 0 || ends.some((end) => end === undefined)) continue;
    const completedMs = Math.max(...(ends as number[]));
    completionsMs.push(completedMs);
    if (submitted >= warmupMs) latencies.push(completedMs - submitted);
  }
  return { latencies, completionsMs, earliestSubmissionMs };
}

/**
 * Per task measured (its job submitted after the warm-up): ready → first start at or after ready, and ready → first ok
 * end.
 */
function taskTimes(
  ready: ReadonlyMap<string, ReadyTask>,
  sortedLedger: readonly LedgerEntry[],
  firstOkEndMs: ReadonlyMap<string, number>,
  warmupMs: number,
) {
  const delays: number[] = [];
  for (const [task, { readyMs, submittedMs }] of ready) {
    const end = firstOkEndMs.get(task);
    if (submittedMs >= warmupMs && end !== undefined && end >= readyMs) delays.push(end - readyMs);
  }
  const firstStartAfter = new Map<string, number>();
  for (const entry of sortedLedger) {
    if (entry.kind !== 'exec-start') continue;
    const task = taskKey(entry.job, entry.task);
    const readiness = ready.get(task);
    if (
      readiness !== undefined &&
      readiness.submittedMs >= warmupMs &&
      entry.timeMs >= readiness.readyMs &&
      !firstStartAfter.has(task)
    )
      firstStartAfter.set(task, entry.timeMs - readiness.readyMs);
  }
  return { waits: [...firstStartAfter.values()], delays };
}

export function checkPerformance({ config, history, ledger }: CheckInput): PerformanceResult {
  const { endMs } = config.phases;
  const warmupMs = config.phases.warmupMs ?? 0;
  const sortedHistory = byTime<HistoryEntry>(history);
  const sortedLedger = byTime<LedgerEntry>(ledger);
  const submittedMs = submissionTimes(sortedHistory);
  const executions = executionsOf(sortedLedger);
  const abandoned = abandonedWork(config, executions, nodeDownTimes(config, sortedHistory));
  const jobs = jobTimes(config, submittedMs, executions.firstOkEndMs, warmupMs);
  const tasks = taskTimes(
    readyTasks(config, submittedMs, executions.firstOkEndMs),
    sortedLedger,
    executions.firstOkEndMs,
    warmupMs,
  );
  const bucketMs = Math.max(1, Math.ceil(endMs / BUCKETS / MINUTE_MS)) * MINUTE_MS;
  return {
    makespanMs:
      jobs.completionsMs.length === 0
        ? null
        : jobs.completionsMs.reduce((latest, timeMs) => Math.max(latest, timeMs)) - jobs.earliestSubmissionMs,
    jobLatencyMs: percentiles(jobs.latencies),
    queueWaitMs: percentiles(tasks.waits),
    taskDelayMs: percentiles(tasks.delays),
    bucketMs,
    throughput: series(executions.okEndsMs, bucketMs, endMs),
    goodput: series(executions.firstOkEndsMs, bucketMs, endMs),
    jobsCompleted: series(jobs.completionsMs, bucketMs, endMs),
    work: {
      usefulMs: executions.work.usefulMs,
      usefulExecutions: executions.work.usefulExecutions,
      duplicateMs: executions.work.duplicateMs,
      duplicateExecutions: executions.work.duplicateExecutions,
      ...abandoned,
      wastedMs: executions.work.duplicateMs + abandoned.abandonedMs,
      failedRetryableMs: executions.work.failedRetryableMs,
      failedRetryableExecutions: executions.work.failedRetryableExecutions,
      failedFatalMs: executions.work.failedFatalMs,
      failedFatalExecutions: executions.work.failedFatalExecutions,
    },
  };
}

export const performanceChecker: Checker<PerformanceResult> = {
  name: 'performance',
  description:
    'makespan, job latency, queue wait and task delay percentiles, throughput and goodput over time, useful and wasted node time',
  check: checkPerformance,
};
