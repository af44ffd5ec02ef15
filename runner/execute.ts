/**
 * Runs one strategy on one resolved configuration, on one of two runtimes that carry the same
 * components, scheduler and world (ARCHITECTURE.md, *Runtimes*):
 *
 * - `temporal` (`execute-temporal.ts`): every component a Temporal workflow on an engine; what
 *   `faultline run` shows by default, because the strategies are Temporal workflows.
 * - `direct` (`execute-direct.ts`): every component's handlers called in one process loop in the
 *   scheduler's order, about a hundred times faster, for exploration, many seeds and sweeps.
 *
 * Both lay the run out the same way (`layOut`), run each step through `simulator/kernel/step.ts`
 * and hand back what the world recorded; their histories, ledgers and results are byte-identical.
 */
import type { ProcessKillsWall, RuntimeName } from '../results/run.js';
import type { Engine } from '../engine/types.js';
import type { ResolvedConfig, ResolvedProcessKill } from '../simulator/scenario/config.js';
import type { ClientInput } from '../simulator/components/client.js';
import { DRIVER_COMPONENT_ID, type DriverComponentInput, HARNESS_NODE } from '../simulator/components/driver.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import type { ComponentId } from '../simulator/kernel/protocol.js';
import type { Scheduler } from '../simulator/scheduler/scheduler.js';
import type { MessageStats, World, WorldProgress } from '../simulator/world/world.js';
import type { Strategy } from '../strategies/types.js';
import { executeDirect } from './execute-direct.js';

/** The runtimes a strategy can run on. */
export const RUNTIMES = ['temporal', 'direct'] as const satisfies readonly RuntimeName[];
export type { RuntimeName };

export interface ExecuteOptions {
  readonly config: ResolvedConfig;
  readonly strategy: Strategy;
  /** Default `temporal`. */
  readonly runtime?: RuntimeName;
  /** The Temporal server (required on the `temporal` runtime, unused on `direct`). */
  readonly engine?: Engine;
  /** Unique among runs on the same server (workflow ids and task queue derive from it). */
  readonly runId: string;
  readonly timeScale?: number;
  /**
   * Temporal runtime: where the workflows run. `process` (the default): a worker process of their own, apart from
   * this process's world and scheduler, with a lighter workflow sandbox (runner/worker-main.ts); the scenario's
   * process kills need it. `in-process`: a worker in this process with the SDK's own sandbox (the path before issue
   * 20, kept for comparison).
   */
  readonly worker?: WorkerPlacement;
  /** Components continue-as-new past this many history events (default 4,000); tests set it low. */
  readonly continueAsNewAfterEvents?: number;
  readonly onProgress?: (progress: WorldProgress) => void;
  /** Told as each of the scenario's process kills begins (Temporal runtime). */
  readonly onProcessKill?: (kill: ResolvedProcessKill & { readonly firedAtMs: number }) => void;
  readonly signal?: AbortSignal;
  /** Where a stalled run's diagnosis goes (the run folder); default the system's temporary folder. */
  readonly diagnosticsDir?: string;
}

export interface StrategyExecution {
  readonly strategy: string;
  readonly runtime: RuntimeName;
  readonly history: readonly HistoryEntry[];
  readonly ledger: readonly LedgerEntry[];
  readonly messages: MessageStats;
  readonly steps: number;
  /** World calls the strategy's and clients' components made (`ctx.world`). */
  readonly worldCalls: number;
  readonly components: number;
  /**
   * Temporal history events of every workflow of the run (driver, clients, broker, the strategy's components), as they
   * reported them; null on the direct runtime.
   */
  readonly historyEvents: number | null;
  /**
   * The component that carried the most state to a continued run (Temporal), or the largest state seen at a check
   * (direct), and how much (JSON characters); null when none was measured.
   */
  readonly largestCarry: { readonly component: string; readonly bytes: number } | null;
  /** Every workflow of the run (driver, clients, components), by component id. */
  readonly workflowIds: Readonly<Record<string, string>>;
  readonly wallMs: number;
  readonly simulatedMs: number;
  readonly profile: ExecutionProfile;
  /** The process kills performed (Temporal runtime with a worker process), null when none were asked for. */
  readonly processKills?: ProcessKillsWall | null;
}

/** Where the wall time of an execution went (see BENCHMARKS.md, *Where the time goes*). */
export interface ExecutionProfile {
  /** Wall milliseconds inside the scheduler and the world (on Temporal, the bodies of the simulation's activities). */
  readonly worldMs: number;
  /**
   * CPU milliseconds of this Node process meanwhile: the world, and on Temporal the worker and its workflow threads
   * (process-wide, so parallel seeds share it).
   */
  readonly nodeCpuMs: number;
  /**
   * CPU milliseconds of the embedded server's JVM meanwhile; null when faultline did not start the server or cannot
   * read it.
   */
  readonly serverCpuMs: number | null;
  /** Peak resident memory of the embedded server's JVM in MiB, or null (as above). */
  readonly serverPeakRssMiB: number | null;
}

/** Where the Temporal runtime runs the workflows (see ExecuteOptions.worker). */
export type WorkerPlacement = 'process' | 'in-process';
export const WORKER_PLACEMENTS = ['process', 'in-process'] as const satisfies readonly WorkerPlacement[];

export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted');
    this.name = 'RunInterrupted';
  }
}

/** One component of a run as the runner lays it out, before it starts. */
export interface ComponentLayout {
  readonly componentId: ComponentId;
  readonly workflowType: string;
  readonly node: string;
  readonly input: unknown;
  readonly durable?: { readonly failoverMs: number };
}

/**
 * Every component a run starts with, in registration order (which breaks ties between events at
 * one instant): the driver, the clients, the broker if the strategy needs it, then the
 * strategy's own components as its plan places them.
 */
export function layOut(config: ResolvedConfig, strategy: Strategy): ComponentLayout[] {
  const plan = strategy.plan(config);
  const driver: DriverComponentInput = { phases: config.phases, faults: config.faults };
  const layout: ComponentLayout[] = [
    { componentId: DRIVER_COMPONENT_ID, workflowType: 'faultlineDriver', node: HARNESS_NODE, input: driver },
  ];
  for (const client of config.clients) {
    const entry = plan.entryByZone[client.zone];
    const entries = entry === undefined ? [] : typeof entry === 'string' ? [entry] : [...entry];
    if (entries.length === 0)
      throw new Error(`strategy ${strategy.name} names no entry component for zone ${client.zone}`);
    const input: ClientInput = {
      client: client.id,
      entries,
      requestTimeoutMs: config.workload.requestTimeoutMs,
      finalReadsAtMs: config.phases.convergeEndMs,
      statusReadEveryMs: config.workload.statusReadEveryMs,
    };
    layout.push({ componentId: client.id, workflowType: 'faultlineClientWorkflow', node: client.node, input });
  }
  if (strategy.needs?.broker) {
    for (const instance of config.broker.instances)
      layout.push({
        componentId: instance.node,
        workflowType: 'faultlineBrokerWorkflow',
        node: instance.node,
        input: config.broker,
      });
  }
  for (const component of plan.components) {
    if (!(component.workflowType in strategy.components))
      throw new Error(
        `strategy ${strategy.name} places ${component.id} as ${component.workflowType}, which is not one of its components`,
      );
    layout.push({
      componentId: component.id,
      workflowType: component.workflowType,
      node: component.node,
      input: component.input,
      ...(component.durable ? { durable: component.durable } : {}),
    });
  }
  return layout;
}

/**
 * What the world and the scheduler recorded of a finished run: the part of an execution that both runtimes report
 * alike.
 */
export function recordedBy(
  world: World,
  scheduler: Scheduler,
): Pick<StrategyExecution, 'history' | 'ledger' | 'messages' | 'steps' | 'worldCalls' | 'components' | 'workflowIds'> {
  return {
    history: world.history,
    ledger: world.ledger,
    messages: { ...world.messages, heartbeats: world.heartbeats },
    steps: scheduler.steps,
    worldCalls: scheduler.worldCalls,
    components: scheduler.workflowIds.length,
    workflowIds: scheduler.workflowIdsByComponent(),
  };
}

/** Runs the strategy on the runtime the options name (default `temporal`). */
export async function executeStrategy(options: ExecuteOptions): Promise<StrategyExecution> {
  if ((options.runtime ?? 'temporal') === 'direct') return executeDirect(options);
  if (!options.engine) throw new Error('the temporal runtime needs an engine');
  // Loaded on demand: the Temporal SDK's worker and client take a second to load, which a direct run never needs.
  const { executeOnTemporal } = await import('./execute-temporal.js');
  return executeOnTemporal({ ...options, engine: options.engine });
}
