/**
 * The resolved configuration of a run: the scenario with every default applied and every random
 * choice that does not depend on the strategy already drawn from the seed (arrival times, fault
 * timeline). Every strategy of a comparison runs this same object; it is written to
 * `config.json`. Times are simulated milliseconds from the start of the run.
 */
import type { Priority, NodeSpec, SiteSpec, TaskKind, TaskSpec } from './model.js';
import type { DurationDistribution } from './scenario/fields.js';
import type { Targets } from './scenario/schema.js';

export const CONFIG_FORMAT_VERSION = 1;

export interface ResolvedJob {
  readonly id: string;
  readonly type: string;
  readonly priority: Priority;
  readonly site: string;
  readonly client: string;
  readonly arrivalMs: number;
}

export interface ResolvedClient {
  readonly id: string;
  readonly node: string;
  readonly zone: string;
}

export interface ResolvedFault {
  readonly id: string;
  readonly kind: 'crash';
  readonly node: string;
  readonly startMs: number;
  /** When it stops: the node restarts (empty memory). */
  readonly endMs: number;
}

export interface Phases {
  /** The fault phase is [0, faultEndMs); every fault is healed at faultEndMs. */
  readonly faultEndMs: number;
  /** Convergence budget: [faultEndMs, convergeEndMs). */
  readonly convergeEndMs: number;
  /** Final reads: [convergeEndMs, endMs); the run ends at endMs. */
  readonly endMs: number;
}

export interface ResolvedConfig {
  readonly formatVersion: typeof CONFIG_FORMAT_VERSION;
  readonly scenario: { readonly name: string; readonly description?: string; readonly file: string };
  readonly seed: number;
  readonly phases: Phases;
  readonly zones: readonly string[];
  /** Worker nodes, the control node and the client nodes. */
  readonly nodes: readonly NodeSpec[];
  readonly sites: readonly SiteSpec[];
  readonly clients: readonly ResolvedClient[];
  readonly workload: {
    readonly jobTypes: Readonly<Record<string, readonly TaskSpec[]>>;
    readonly durations: Readonly<Record<TaskKind, DurationDistribution>>;
    readonly jobs: readonly ResolvedJob[];
    readonly requestTimeoutMs: number;
  };
  readonly network: {
    readonly sameZoneLatency: DurationDistribution;
    readonly crossZoneLatency: DurationDistribution;
  };
  readonly faults: readonly ResolvedFault[];
  readonly targets: Targets;
}
