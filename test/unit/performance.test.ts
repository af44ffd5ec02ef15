import { describe, expect, it } from 'vitest';
import { type PerformanceResult, performanceChecker, QUANTILE_FRACTIONS } from '../../checkers/performance.js';
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import type { HistoryEntry, LedgerEntry } from '../../simulator/scenario/history.js';
import { clientEntry, DIAMOND, ledgerBuilders, nemesis, taskKinds, workloadYaml } from '../helpers/histories.js';
import { configFromYaml, scenarioYaml } from '../helpers/scenarios.js';

// Two jobs (job-1 arrives at 0, job-2 at 10m) of a diamond A → (B, C) → D. The run ends at
// 1h (59m of faults, no convergence, 1m of final reads): 60 buckets of a minute.
const diamond = (duration: string) =>
  configFromYaml(
    scenarioYaml({
      duration: `duration: ${duration}`,
      phases: 'phases: { converge: 0s }',
      workload: workloadYaml(2, DIAMOND),
    }),
  );
const config = diamond('59m');
const MIN = 60_000;
const { run } = ledgerBuilders(taskKinds(DIAMOND));

interface Execution {
  readonly job?: string;
  readonly task: string;
  readonly execution?: number;
  readonly node?: string;
  readonly startMs: number;
  /** Absent: never ended. */
  readonly endMs?: number;
  readonly outcome?: 'ok' | 'retryable' | 'fatal';
  /** The planned run time (defaults to end − start). */
  readonly durationMs?: number;
}
/** The ledger entries of one execution (of job-1 on n1 unless told). */
function exec({
  job = 'job-1',
  task,
  execution = 0,
  node = 'n1',
  startMs,
  endMs,
  outcome = 'ok',
  durationMs,
}: Execution): LedgerEntry[] {
  return run(job, task, {
    node,
    execution,
    startMs,
    endMs,
    outcome,
    durationMs: durationMs ?? (endMs ?? startMs) - startMs,
  });
}
/** client-1's submit invoke number `n`. */
const submit = (job: string, timeMs: number, n: number): HistoryEntry =>
  clientEntry('invoke', 'submit', `client-1:${n}`, timeMs, { job });
const crash = (node: string, timeMs: number): HistoryEntry =>
  nemesis(timeMs, 'start', { fault: 'f1', kind: 'crash', nodes: [node], description: `crash ${node}` });

/** A correct run of job-1: A, then B and C in parallel, then D once both are done; complete at 200 s. */
const cleanJob1 = [
  ...exec({ task: 'A', startMs: 10, endMs: 30_000 }), // ready 0 (submitted), wait 10, delay 30 000
  ...exec({ task: 'B', startMs: 30_010, endMs: 90_000 }), // ready 30 000, wait 10, delay 60 000
  ...exec({ task: 'C', node: 'n2', startMs: 31_000, endMs: 150_000 }), // ready 30 000, wait 1 000, delay 120 000
  ...exec({ task: 'D', startMs: 150_500, endMs: 200_000 }), // ready 150 000, wait 500, delay 50 000
];

const zeros = (length = 60) => new Array<number>(length).fill(0);
const series = (counts: Record<number, number>, length = 60) =>
  zeros(length).map((zero, bucket) => counts[bucket] ?? zero);
const noValues = { count: 0, mean: null, p50: null, p95: null, p99: null, max: null, quantiles: [] };
/**
 * The type-7 quantile of sorted values (h = (n − 1)p, linear between the neighbours), worked out here apart from the
 * checker's library.
 */
function type7(sorted: readonly number[], fraction: number): number {
  const h = (sorted.length - 1) * fraction;
  const below = sorted[Math.floor(h)] as number;
  const above = sorted[Math.ceil(h)] as number;
  return below + (h - Math.floor(h)) * (above - below);
}
/** The `quantiles` expected of these values: every fraction of QUANTILE_FRACTIONS, to 6 digits. */
const quantilesOf = (...values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return QUANTILE_FRACTIONS.map(
    (fraction) => [fraction, expect.closeTo(type7(sorted, fraction), 6)] as [number, number],
  );
};
const noWork = {
  usefulMs: 0,
  usefulExecutions: 0,
  duplicateMs: 0,
  duplicateExecutions: 0,
  abandonedMs: 0,
  abandonedExecutions: 0,
  wastedMs: 0,
  failedRetryableMs: 0,
  failedRetryableExecutions: 0,
  failedFatalMs: 0,
  failedFatalExecutions: 0,
};
const nothing: PerformanceResult = {
  makespanMs: null,
  jobLatencyMs: noValues,
  queueWaitMs: noValues,
  taskDelayMs: noValues,
  bucketMs: MIN,
  throughput: zeros(),
  goodput: zeros(),
  jobsCompleted: zeros(),
  work: noWork,
};
/** The result of the clean run of job-1 (job-2 never ran). */
const clean: PerformanceResult = {
  makespanMs: 200_000,
  jobLatencyMs: {
    count: 1,
    mean: 200_000,
    p50: 200_000,
    p95: 200_000,
    p99: 200_000,
    max: 200_000,
    quantiles: quantilesOf(200_000),
  },
  // waits [10, 10, 500, 1000]; delays [30 000, 50 000, 60 000, 120 000]; type-7 interpolation
  queueWaitMs: {
    count: 4,
    mean: 380,
    p50: 255,
    p95: expect.closeTo(925, 6),
    p99: expect.closeTo(985, 6),
    max: 1000,
    quantiles: quantilesOf(10, 10, 500, 1000),
  },
  taskDelayMs: {
    count: 4,
    mean: 65_000,
    p50: 55_000,
    p95: expect.closeTo(111_000, 6),
    p99: expect.closeTo(118_200, 6),
    max: 120_000,
    quantiles: quantilesOf(30_000, 50_000, 60_000, 120_000),
  },
  bucketMs: MIN,
  throughput: series({ 0: 1, 1: 1, 2: 1, 3: 1 }),
  goodput: series({ 0: 1, 1: 1, 2: 1, 3: 1 }),
  jobsCompleted: series({ 3: 1 }),
  work: { ...noWork, usefulMs: 29_990 + 59_990 + 119_000 + 49_500, usefulExecutions: 4 },
};

const check = (history: HistoryEntry[], ledger: LedgerEntry[], cfg: ResolvedConfig = config) =>
  performanceChecker.check({ config: cfg, history, ledger });

describe('the performance checker', () => {
  it('is named performance', () => {
    expect(performanceChecker.name).toBe('performance');
  });

  it('measures nothing when nothing ran', () => {
    expect(check([submit('job-1', 0, 0)], [])).toEqual(nothing);
  });

  it('measures makespan, latency, queue waits, task delays, the time series and useful work of a clean run', () => {
    expect(check([submit('job-1', 0, 0), submit('job-2', 10 * MIN, 1)], cleanJob1)).toEqual(clean);
  });

  it('reads the ledger and the history in time order, whatever order the entries came in', () => {
    expect(check([submit('job-2', 10 * MIN, 1), submit('job-1', 0, 0)], [...cleanJob1].reverse())).toEqual(clean);
  });

  it('counts latency from the first submit invoke (not a retry), or the arrival when the history has none', () => {
    const job2 = [
      ...exec({ job: 'job-2', task: 'A', startMs: 11 * MIN, endMs: 12 * MIN }),
      ...exec({ job: 'job-2', task: 'B', startMs: 12 * MIN, endMs: 13 * MIN }),
      ...exec({ job: 'job-2', task: 'C', startMs: 12 * MIN, endMs: 13 * MIN }),
      ...exec({ job: 'job-2', task: 'D', startMs: 13 * MIN, endMs: 15 * MIN }),
    ];
    // job-1 has no invoke: it counts from its arrival (0); job-2 from its first invoke at 10m30s.
    const result = check([submit('job-2', 10.5 * MIN, 0), submit('job-2', 11 * MIN, 1)], [...cleanJob1, ...job2]);
    expect(result.makespanMs).toBe(15 * MIN);
    expect(result.jobLatencyMs).toEqual({
      count: 2,
      mean: (200_000 + 4.5 * MIN) / 2,
      p50: (200_000 + 4.5 * MIN) / 2,
      p95: expect.closeTo(200_000 + 0.95 * (4.5 * MIN - 200_000), 6),
      p99: expect.closeTo(200_000 + 0.99 * (4.5 * MIN - 200_000), 6),
      max: 4.5 * MIN,
      quantiles: quantilesOf(200_000, 4.5 * MIN),
    });
    expect(result.jobsCompleted).toEqual(series({ 3: 1, 15: 1 }));
  });

  it('does not count a job as complete, nor a task as ready, while a task it depends on has not finished ok', () => {
    const ledger = [
      ...exec({ task: 'A', startMs: 10, endMs: 30_000 }),
      ...exec({ task: 'B', startMs: 30_010, endMs: 90_000, outcome: 'retryable' }),
    ];
    expect(check([submit('job-1', 0, 0)], ledger)).toEqual({
      ...nothing,
      // A, and B's failed run
      queueWaitMs: { count: 2, mean: 10, p50: 10, p95: 10, p99: 10, max: 10, quantiles: quantilesOf(10, 10) },
      taskDelayMs: {
        count: 1,
        mean: 30_000,
        p50: 30_000,
        p95: 30_000,
        p99: 30_000,
        max: 30_000,
        quantiles: quantilesOf(30_000),
      },
      throughput: series({ 0: 1 }),
      goodput: series({ 0: 1 }),
      work: {
        ...noWork,
        usefulMs: 29_990,
        usefulExecutions: 1,
        failedRetryableMs: 59_990,
        failedRetryableExecutions: 1,
      },
    });
  });

  it('leaves out of queue waits and delays a start before the task was ready (out of order), and waits for the first start after', () => {
    const ledger = [
      ...exec({ task: 'A', startMs: 10, endMs: 30_000 }),
      ...exec({ task: 'B', startMs: 20_000, endMs: 25_000 }), // before A ended: out of order, first ok end before ready
      ...exec({ task: 'C', startMs: 20_000, endMs: 25_000, outcome: 'retryable' }), // out of order, failed
      ...exec({ task: 'C', execution: 1, startMs: 32_000, endMs: 40_000 }), // ready 30 000: wait 2 000, delay 10 000
    ];
    const result = check([submit('job-1', 0, 0)], ledger);
    expect(result.queueWaitMs).toEqual({
      count: 2,
      mean: 1_005,
      p50: 1_005,
      p95: expect.closeTo(1_900.5, 6),
      p99: expect.closeTo(1_980.1, 6),
      max: 2_000,
      quantiles: quantilesOf(10, 2_000),
    });
    expect(result.taskDelayMs).toEqual({
      count: 2,
      mean: 20_000,
      p50: 20_000,
      p95: expect.closeTo(29_000, 6),
      p99: expect.closeTo(29_800, 6),
      max: 30_000,
      quantiles: quantilesOf(10_000, 30_000),
    });
  });

  it('makes a root task ready no earlier than its job’s scheduled start', () => {
    const scheduled: ResolvedConfig = {
      ...config,
      workload: {
        ...config.workload,
        jobs: config.workload.jobs.map((job) => (job.id === 'job-1' ? { ...job, notBeforeMs: 5_000 } : job)),
      },
    };
    const result = check([submit('job-1', 0, 0)], exec({ task: 'A', startMs: 5_100, endMs: 30_000 }), scheduled);
    expect(result.queueWaitMs).toEqual({
      count: 1,
      mean: 100,
      p50: 100,
      p95: 100,
      p99: 100,
      max: 100,
      quantiles: quantilesOf(100),
    });
  });

  it('reports duplicate and abandoned executions as wasted work, and failed ones apart', () => {
    const ledger = [
      ...exec({ task: 'A', startMs: 10, endMs: 30_000 }),
      ...exec({ task: 'B', startMs: 30_010, endMs: 90_000 }),
      ...exec({ task: 'B', execution: 1, node: 'n2', startMs: 40_000, endMs: 100_000 }), // duplicate: 60 000
      ...exec({ task: 'C', startMs: 31_000, durationMs: 200_000 }), // abandoned: n1 crashes at 60 000 → 29 000
      ...exec({ task: 'C', execution: 1, node: 'n2', startMs: 61_000, endMs: 150_000 }),
      ...exec({ task: 'D', node: 'n2', startMs: 150_500, endMs: 160_500, outcome: 'retryable' }), // 10 000
      ...exec({ task: 'D', execution: 1, node: 'n2', startMs: 161_000, endMs: 200_000 }),
      ...exec({ job: 'job-2', task: 'A', node: 'n2', startMs: 10 * MIN, endMs: 10 * MIN + 7_000, outcome: 'fatal' }), // 7 000
      ...exec({ job: 'job-2', task: 'B', node: 'n2', startMs: 59 * MIN, durationMs: 100_000 }), // abandoned at the run's end → 60 000
      ...exec({ job: 'job-2', task: 'C', node: 'n2', startMs: 59 * MIN, durationMs: 5_000 }), // abandoned, its own duration → 5 000
    ];
    const result = check(
      [submit('job-1', 0, 0), submit('job-2', 10 * MIN, 1), crash('n1', 60_000), crash('n1', 120_000)],
      ledger,
    );
    expect(result.work).toEqual({
      usefulMs: 29_990 + 59_990 + 89_000 + 39_000,
      usefulExecutions: 4,
      duplicateMs: 60_000,
      duplicateExecutions: 1,
      abandonedMs: 29_000 + 60_000 + 5_000,
      abandonedExecutions: 3,
      wastedMs: 60_000 + 94_000,
      failedRetryableMs: 10_000,
      failedRetryableExecutions: 1,
      failedFatalMs: 7_000,
      failedFatalExecutions: 1,
    });
    // Throughput counts every ok end (the duplicate's too); goodput only each task's first.
    expect(result.throughput).toEqual(series({ 0: 1, 1: 2, 2: 1, 3: 1 }));
    expect(result.goodput).toEqual(series({ 0: 1, 1: 1, 2: 1, 3: 1 }));
    expect(result.jobsCompleted).toEqual(series({ 3: 1 }));
    // C's first start at or after ready is the abandoned one (wait 1 000); D waits 500 for its failed
    // first run; job-2's A waits 0; its B and C never became ready (A failed) and are left out.
    expect(result.queueWaitMs).toMatchObject({ count: 5, max: 1_000 });
  });

  it('cuts an abandoned execution short where its node leaves the cluster', () => {
    const leaving: ResolvedConfig = {
      ...config,
      nodes: config.nodes.map((node) => (node.id === 'n1' ? { ...node, leaveAtMs: 40_000 } : node)),
    };
    const result = check([], exec({ task: 'A', startMs: 10_000, durationMs: 100_000 }), leaving);
    expect(result.work).toEqual({ ...noWork, abandonedMs: 30_000, abandonedExecutions: 1, wastedMs: 30_000 });
  });

  it('gives the distribution at fixed fractions, from the smallest value (0) to the largest (1), agreeing with the percentiles', () => {
    expect(QUANTILE_FRACTIONS).toEqual([
      0, 0.01, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95,
      0.99, 0.999, 1,
    ]);
    const { queueWaitMs } = check([submit('job-1', 0, 0), submit('job-2', 10 * MIN, 1)], cleanJob1);
    const at = (fraction: number) => queueWaitMs.quantiles.find(([candidate]) => candidate === fraction)?.[1];
    expect([at(0), at(0.5), at(0.95), at(0.99), at(1)]).toEqual([
      10,
      queueWaitMs.p50,
      queueWaitMs.p95,
      queueWaitMs.p99,
      queueWaitMs.max,
    ]);
    const values = queueWaitMs.quantiles.map(([, ms]) => ms);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('sizes buckets to about 60 over the run, in whole minutes, and adds buckets for anything after the end', () => {
    // A 10h fault phase + 1m of final reads: 601 minutes / 60 → 11 minutes, 55 buckets.
    const long = diamond('10h');
    expect(long.phases.endMs).toBe(601 * MIN);
    const result = check(
      [],
      [
        ...exec({ task: 'A', startMs: 0, endMs: 30 * MIN }),
        ...exec({ task: 'B', startMs: 30 * MIN, endMs: 605 * MIN }),
      ],
      long,
    );
    expect(result.bucketMs).toBe(11 * MIN);
    expect(result.throughput).toEqual(series({ 2: 1, 55: 1 }, 56));
    expect(result.jobsCompleted).toEqual(zeros(55));
  });
});
