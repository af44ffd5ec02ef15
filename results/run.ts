/**
 * results.json: what a run concluded. Deterministic content (the same scenario and seed give
 * the same bytes) is kept apart from wall-clock measurements, which live under `wall` only, so
 * determinism checks can drop that one key. Format documented in docs/results.md.
 */
import type { ProcessKillKind } from '../simulator/scenario/config.js';
import type { CheckResults } from '../checkers/index.js';
import type { Verdict, Violation } from '../checkers/targets.js';
import type { MessageStats } from '../simulator/world/world.js';

export const RESULTS_FORMAT_VERSION = 3;

/** What carried a run's strategies (runner/execute.ts): Temporal workflows, or one in-process loop. */
export type RuntimeName = 'temporal' | 'direct';

export interface StrategyResults {
  readonly name: string;
  readonly verdict: Verdict;
  readonly checks: CheckResults;
  readonly messages: MessageStats;
  /** Scheduler steps (component wake-ups that handled events). */
  readonly steps: number;
  readonly components: number;
  readonly cost: CostPerJob;
}

/**
 * What a run spent per job of the workload (the strategy's components, clients, broker and
 * driver together).
 * Deterministic; Temporal history events per job, which are not, are under `wall`.
 */
export interface CostPerJob {
  /** Messages sent through the simulated network (heartbeats are computed, not sent, and not counted). */
  readonly messagesPerJob: number;
  /** Data-plane calls (`ctx.world`): task starts and finishes, store reads and writes, leases. */
  readonly worldCallsPerJob: number;
  /**
   * Temporal activity calls: two per step (`simDue`, `simCommit`) plus one per world call (`simCall`); retries not
   * counted.
   */
  readonly activityCallsPerJob: number;
  /** Scheduler steps (component wake-ups that handled events). */
  readonly stepsPerJob: number;
}

export interface StrategyWall {
  readonly wallMs: number;
  /** Simulated time ÷ wall time. */
  readonly compression: number;
  /**
   * Temporal history events of every workflow of the run (driver, clients, broker, the
   * strategy's components), in total and per job of the workload.
   * Not deterministic: how many signals the server folds into one workflow task depends on
   * real timing, so the count varies by a fraction of a percent between identical runs. Null on
   * the direct runtime, which has no Temporal history.
   */
  readonly historyEvents: number | null;
  readonly historyEventsPerJob: number | null;
  /**
   * The component that carried the most state and timers to a continued run (continue-as-new),
   * with the size in JSON characters; null when no component continued. A component fails past
   * 2 MiB (Temporal's payload limit). Not deterministic: when a component continues depends on
   * its history length (see historyEvents). On the direct runtime, the largest state and timers
   * measured at its periodic checks of the same limit.
   */
  readonly largestCarry: { readonly component: string; readonly bytes: number } | null;
  /** Where the wall time went: the world, the checkers, this process's and the server's CPU. */
  readonly profile: WallProfile;
  /**
   * The scenario's process kills (`processKills`) as performed: each one's recovery time and the requests the replay
   * repeated. Absent when the scenario has none (or on the direct runtime, which has no processes to kill).
   */
  readonly processKills?: ProcessKillsWall;
}

export interface WallProfile {
  /**
   * Wall milliseconds inside the scheduler and the world (on Temporal, the bodies of the simulation's activities; on
   * the direct runtime, the whole loop, handlers included).
   */
  readonly worldMs: number;
  /** Wall milliseconds the checkers took over this strategy's history. */
  readonly checkersMs: number;
  /**
   * CPU milliseconds of faultline's Node process during the execution (world, Temporal worker, workflow threads;
   * process-wide).
   */
  readonly nodeCpuMs: number;
  /** CPU milliseconds of the embedded server's JVM during the execution; null with --temporal-address or off Linux. */
  readonly serverCpuMs: number | null;
  /** Peak resident memory of the embedded server's JVM in MiB; null as above. */
  readonly serverPeakRssMiB: number | null;
  /** Peak resident memory of faultline's Node process so far, in MiB. */
  readonly nodePeakRssMiB: number;
}

/** One kill as `wall` reports it. */
export interface ProcessKillReport {
  readonly kind: ProcessKillKind;
  /** The simulated time it was scheduled at, and the time of the step whose commit it fired in. */
  readonly atMs: number;
  readonly firedAtMs: number;
  /** Wall milliseconds to kill and start the process again. */
  readonly restartMs: number;
  /** Wall milliseconds from the kill until the scheduler granted a new step (the run went on). */
  readonly recoveryMs: number | null;
  /** Requests the scheduler answered again from what it had answered before (the replay's repeated questions). */
  readonly repeatedRequests: number;
  /**
   * Worker kills: the history events of every running workflow's current run at the kill, as last reported — what the
   * new worker, whose cache is empty, replays to resume them. Null for a server kill (the worker keeps its cache).
   */
  readonly historyEventsToReplay: number | null;
}

export interface ProcessKillsWall {
  readonly kills: readonly ProcessKillReport[];
  readonly totalRecoveryMs: number;
  readonly repeatedRequests: number;
  readonly historyEventsToReplay: number;
}

/** The run's verdict: every strategy's, with targets named `<strategy>: <target>`. */
export interface RunVerdict {
  /** No strategy missed a target it is held to: the run exits 0. */
  readonly passed: boolean;
  readonly violations: readonly Violation[];
  /** Missed targets that failed nothing (not claimed, or the canary caught). */
  readonly expected: readonly Violation[];
}

export interface RunResults {
  readonly formatVersion: typeof RESULTS_FORMAT_VERSION;
  readonly scenario: { readonly name: string; readonly file: string };
  readonly seed: number;
  readonly simulatedMs: number;
  readonly verdict: RunVerdict;
  readonly strategies: readonly StrategyResults[];
  /** Wall-clock facts: not deterministic, excluded from determinism comparisons. */
  readonly wall: {
    readonly startedAt: string;
    readonly finishedAt: string;
    /**
     * Which runtime carried the strategies: `temporal` (each component a Temporal workflow) or `direct` (one process
     * loop).
     */
    readonly runtime: RuntimeName;
    /** The Temporal server, as described when it started; null on the direct runtime. */
    readonly engine: string | null;
    readonly engineStartupMs: number | null;
    readonly timeSkipping: boolean | null;
    readonly strategies: Readonly<Record<string, StrategyWall>>;
  };
}
