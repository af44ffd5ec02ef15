/**
 * What a run will cost, said before it starts: its wall time and the memory it will need, from
 * the per-job figures BENCHMARKS.md measured, and a refusal when that memory is more than the
 * machine has free — a 20,000-job scenario on the test server once started, printed nothing for
 * minutes and then could not finish. Estimates are coarse (a strategy's steps per job range from
 * about 30 to 63; a busy machine doubles the time); they say the order of magnitude, not a promise.
 */
import { freemem } from 'node:os';
import type { ServerName } from '../engine/types.js';
import type { RuntimeName } from './execute.js';

/** Per job and strategy, measured on the reference day (BENCHMARKS.md; 2 vCPU). */
export const COST_PER_JOB = {
  temporal: {
    /**
     * 250–625 ms per job across the strategies at 100 to 5,000 jobs on one day, about 1 s on a slower one (smoke,
     * trade-off: BENCHMARKS.md), measured with the worker in faultline's process; the worker process's lighter
     * sandbox takes 0.64 of that on the test server (BENCHMARKS.md, *A cheaper Temporal step*).
     */
    wallMs: 400,
    /** The Java test server keeps every workflow history: 0.40–0.48 MiB per job, above its start-up heap. */
    serverMiB: 0.45,
  },
  dev: {
    /**
     * The Temporal dev server (real server, SQLite, no time skipping): about 100 ms per step, 2.7 s per job (smoke,
     * stateful, 60 jobs: 160 s on a 2-core machine under load) with the worker in faultline's process; 0.54 of that
     * with the worker process (BENCHMARKS.md, *A cheaper Temporal step*); plus the wall-clock pacing of simulated time.
     */
    wallMs: 1_500,
    /** The dev server's process, whatever the run (it keeps histories on disk, not in memory). */
    serverMiB: 300,
  },
  direct: {
    /** 3–5 ms per job (stateful 100,000 jobs). */
    wallMs: 4,
    /** The process's peak at 100,000 jobs, less its start, per job (heap capped; see runner/execute-direct.ts). */
    processMiB: 0.012,
  },
} as const;

/** The test server's resident memory before any workflow, and a faultline process's. */
const SERVER_BASE_MIB = 250;
const PROCESS_BASE_MIB = { temporal: 550, direct: 150 } as const;
/** Starting up: the process, and on Temporal a server and the workflow bundle for each strategy. */
const STARTUP_MS = { direct: 1_000, temporalPerStrategy: 2_000, devServer: 5_000 } as const;

export interface CostPlan {
  readonly jobs: number;
  readonly strategies: number;
  readonly runtime: RuntimeName;
  /** Runs at the same time (seeds with --parallel); 1 for one seed. */
  readonly parallel?: number;
  /** Runs in all (seeds × 1, or seeds + a cross-check); 1 for one seed. */
  readonly runs?: number;
  /** Which server faultline starts on the Temporal runtime (default `test`). */
  readonly server?: ServerName;
  /** A server named with --temporal-address is not ours to measure. */
  readonly ownServer?: boolean;
}

export interface CostEstimate {
  readonly wallMs: number;
  /** What the run needs at its peak: faultline's process(es) plus the embedded servers running at once. */
  readonly memoryMiB: number;
  /** Of `memoryMiB`, the embedded test servers' part (0 on the direct runtime). */
  readonly serverMiB: number;
}

export function estimateCost(plan: CostPlan): CostEstimate {
  const parallel = plan.parallel ?? 1;
  const runs = plan.runs ?? 1;
  const jobRuns = plan.jobs * plan.strategies;
  if (plan.runtime === 'direct') {
    return {
      wallMs: STARTUP_MS.direct + (jobRuns * runs * COST_PER_JOB.direct.wallMs) / parallel,
      memoryMiB: PROCESS_BASE_MIB.direct + parallel * plan.jobs * COST_PER_JOB.direct.processMiB,
      serverMiB: 0,
    };
  }
  if (plan.server === 'dev') {
    // One dev server for the run's strategies (per seed with --seeds), histories on its disk.
    const serverMiB = plan.ownServer === false ? 0 : parallel * COST_PER_JOB.dev.serverMiB;
    return {
      wallMs: (runs * STARTUP_MS.devServer + jobRuns * runs * COST_PER_JOB.dev.wallMs) / parallel,
      memoryMiB: PROCESS_BASE_MIB.temporal + serverMiB,
      serverMiB,
    };
  }
  // A fresh server per strategy (and per seed), so the peak is one strategy's jobs per server.
  const serverMiB =
    plan.ownServer === false ? 0 : parallel * (SERVER_BASE_MIB + plan.jobs * COST_PER_JOB.temporal.serverMiB);
  return {
    wallMs:
      (plan.strategies * runs * STARTUP_MS.temporalPerStrategy + jobRuns * runs * COST_PER_JOB.temporal.wallMs) /
      parallel,
    memoryMiB: PROCESS_BASE_MIB.temporal + serverMiB,
    serverMiB,
  };
}

/** The run would need more memory than the machine has free, and `--yes` was not given (exit 2). */
export class CostRefused extends Error {
  override readonly name = 'CostRefused';
}

/** Free memory in MiB as the kernel counts what can be had without swapping (MemAvailable on Linux). */
export const freeMemoryMiB = (): number => Math.round(freemem() / 2 ** 20);

const mib = (value: number) => (value >= 1024 ? `${(value / 1024).toFixed(1)} GiB` : `${Math.round(value)} MiB`);

/** Refuses a run whose estimated memory passes `freeMiB`, unless told to start anyway. */
export function admitCost(
  plan: CostPlan,
  estimate: CostEstimate,
  options: {
    readonly yes?: boolean;
    readonly freeMiB?: number;
    /** What to do instead, ending in "or" (default: by runtime). */
    readonly instead?: string;
  } = {},
): void {
  const freeMiB = options.freeMiB ?? freeMemoryMiB();
  if (options.yes || estimate.memoryMiB <= freeMiB) return;
  const where =
    estimate.serverMiB > 0
      ? `, ${mib(estimate.serverMiB)} of it for the Temporal test server, which keeps every workflow's history (${COST_PER_JOB.temporal.serverMiB} MiB per job)`
      : '';
  const instead = options.instead
    ? `${options.instead} `
    : plan.runtime === 'temporal'
      ? `run it on the direct runtime (--runtime direct: about ${mib(estimateCost({ ...plan, runtime: 'direct' }).memoryMiB)}), with fewer jobs, or `
      : 'run it with fewer jobs or seeds at a time, or ';
  throw new CostRefused(
    `this run needs about ${mib(estimate.memoryMiB)}${where}, and this machine has ${mib(freeMiB)} free: ${instead}pass --yes to start it anyway`,
  );
}

/** "about 3 min" — the wall estimate as a reader wants it. */
export function describeWall(wallMs: number): string {
  if (wallMs < 60_000) return `about ${Math.max(1, Math.round(wallMs / 1000))} s`;
  if (wallMs < 2 * 3_600_000) return `about ${Math.round(wallMs / 60_000)} min`;
  return `about ${(wallMs / 3_600_000).toFixed(1)} h`;
}

/** One line for the run's header: time and memory, and that a busy machine takes longer. */
export function describeCost(estimate: CostEstimate, server: ServerName = 'test'): string {
  const memory =
    estimate.serverMiB > 0
      ? `${server} server up to ${mib(estimate.serverMiB)}`
      : `memory up to ${mib(estimate.memoryMiB)}`;
  return `${describeWall(estimate.wallMs)} (up to twice that on a busy machine), ${memory}`;
}
