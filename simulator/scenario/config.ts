/**
 * The resolved configuration of a run: the scenario with every default applied and every random
 * choice that does not depend on the strategy already drawn from the seed (arrival times, job
 * types, the fault timeline). Every strategy of a comparison runs this same object; it is
 * written to `config.json`. Times are simulated milliseconds from the start of the run.
 */
import type { CrashTrigger, ResolvedFault } from './faults/types.js';
import type { NodeSpec, Priority, SiteSpec, TaskKind, TaskSpec } from './model.js';
import type { DurationDistribution } from './fields.js';
import type { FailureRates, Targets } from './schema.js';

export const CONFIG_FORMAT_VERSION = 2;

export interface ResolvedJob {
  readonly id: string;
  readonly type: string;
  readonly priority: Priority;
  readonly site: string;
  readonly client: string;
  readonly arrivalMs: number;
  /** Scheduled start: the job may not start before this time. */
  readonly notBeforeMs?: number;
}

export interface ResolvedJobType {
  readonly tasks: readonly TaskSpec[];
  /** Run time of the job at the compute site. */
  readonly runtime: DurationDistribution;
  readonly failures: Readonly<Partial<Record<TaskKind, FailureRates>>>;
}

export interface ResolvedClient {
  readonly id: string;
  readonly node: string;
  readonly zone: string;
}

export interface Phases {
  /** The fault phase is [0, faultEndMs); every fault is healed at faultEndMs. */
  readonly faultEndMs: number;
  /** Convergence budget: [faultEndMs, convergeEndMs). */
  readonly convergeEndMs: number;
  /** Final reads: [convergeEndMs, endMs); the run ends at endMs. */
  readonly endMs: number;
  /** Steady-state metrics leave out jobs submitted before this (absent: none left out). */
  readonly warmupMs?: number;
}

/**
 * A broker delivery profile's name: one of the registry's (`broker/profiles/index.ts`; built in: `at-most-once`,
 * `at-least-once`, `log`).
 */
export type BrokerProfile = string;

export interface ResolvedBroker {
  /** The broker nodes: one (`broker`), or one per zone (`broker-<zone>`). A broker's component id is its node id. */
  readonly instances: readonly { readonly node: string; readonly zone: string }[];
  readonly profile: BrokerProfile;
  readonly ackTimeoutMs: number;
  readonly prefetch: number;
  readonly partitions: number;
  readonly durable: boolean;
}

/** The broker a component in `zone` uses: the one in its zone, else the first. */
export function brokerFor(broker: ResolvedBroker, zone: string): string {
  return (broker.instances.find((instance) => instance.zone === zone) ?? broker.instances[0])?.node ?? 'broker';
}

export interface ResolvedStore {
  readonly replicas: readonly { readonly id: string; readonly zone: string; readonly node: string }[];
  readonly replicationLag: DurationDistribution;
}

export interface ResolvedNetwork {
  readonly sameZoneLatency: DurationDistribution;
  readonly crossZoneLatency: DurationDistribution;
  readonly links: readonly { readonly zones: readonly [string, string]; readonly latency: DurationDistribution }[];
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
}

/**
 * A kill of one of faultline's own processes (`processKills` in the scenario): the Temporal worker process that
 * runs the workflows, or the Temporal dev server. Not a fault of the world: the history records none.
 */
export type ProcessKillKind = 'worker-process-kill' | 'server-kill';

export interface ResolvedProcessKill {
  readonly kind: ProcessKillKind;
  /** The simulated time of the kill, in [0, phases.endMs). */
  readonly atMs: number;
}

export interface ResolvedConfig {
  readonly formatVersion: typeof CONFIG_FORMAT_VERSION;
  readonly scenario: { readonly name: string; readonly description?: string; readonly file: string };
  readonly seed: number;
  readonly phases: Phases;
  readonly zones: readonly string[];
  /** Worker nodes, the control node, the broker node, the store replica nodes and the client nodes. */
  readonly nodes: readonly NodeSpec[];
  readonly sites: readonly SiteSpec[];
  readonly clients: readonly ResolvedClient[];
  readonly broker: ResolvedBroker;
  readonly store: ResolvedStore;
  readonly workload: {
    readonly jobTypes: Readonly<Record<string, ResolvedJobType>>;
    readonly durations: Readonly<Record<TaskKind, DurationDistribution>>;
    readonly jobs: readonly ResolvedJob[];
    readonly requestTimeoutMs: number;
    /** Clients re-read each of their jobs at this interval until it ends (null: only final reads). */
    readonly statusReadEveryMs: number | null;
  };
  readonly network: ResolvedNetwork;
  readonly faults: readonly ResolvedFault[];
  readonly crashTriggers: readonly CrashTrigger[];
  readonly targets: Targets;
  /**
   * Kills of faultline's own processes, sorted by time; only the Temporal runtime performs them. Absent (not
   * empty) when the scenario has none, so that a config without them is written as before.
   */
  readonly processKills?: readonly ResolvedProcessKill[];
}
