/**
 * The Strategy contract. A strategy is the control plane of a workload manager: how jobs are
 * admitted, where state lives, how tasks are placed, how failures are detected and work is
 * recovered, how duplicates are avoided. It is a plain object: a name, a description, and a
 * pure `plan` that lays its components (Temporal workflows written against the kernel's
 * component contract) out on the scenario's topology. The runner never looks at its name.
 *
 * To add one: write its components, list them in its `components`, define it with
 * `defineStrategy` (so that every workflow type it places is one of its components, checked by
 * the compiler), and add the object to `strategies/index.ts`. Nothing outside `strategies/`
 * changes. See docs/writing-a-strategy.md.
 */
import type { HistoryReactionName } from '../checkers/recovery.js';
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import type { AnyComponentDefinition } from '../simulator/kernel/component.js';
import type { ComponentId } from '../simulator/kernel/protocol.js';

/**
 * Component definitions by workflow type: the name a placement or a spawn gives, under which
 * the component runs as a Temporal workflow (and by which the direct runtime finds it).
 */
export type ComponentDefinitions<WorkflowType extends string = string> = Readonly<
  Record<WorkflowType, AnyComponentDefinition>
>;

export interface ComponentPlacement<WorkflowType extends string = string> {
  readonly id: ComponentId;
  /** The component's workflow type: a key of the strategy's `components`. */
  readonly workflowType: WorkflowType;
  /** The node the component runs on: it crashes with it and is reached through the network from it. */
  readonly node: string;
  readonly input: unknown;
  /**
   * The component's state lives in Temporal, not in its host's memory: when the host crashes,
   * nothing is lost — messages wait in Temporal and the workflow resumes on another worker
   * after `failoverMs` (or when the host is back, if sooner).
   */
  readonly durable?: { readonly failoverMs: number };
}

export interface StrategyPlan<WorkflowType extends string = string> {
  readonly components: readonly ComponentPlacement<WorkflowType>[];
  /**
   * The component(s) that clients in each zone send their requests to. With several, a client
   * sends each request to one and, when it is refused or unanswered, tries the next (as a
   * client behind a load balancer or with a list of endpoints would).
   */
  readonly entryByZone: Readonly<Record<string, ComponentId | readonly ComponentId[]>>;
}

/** A strategy; `WorkflowType` names its components (the keys of `components`). */
export interface Strategy<WorkflowType extends string = string> {
  /** Registry key and CLI name, kebab-case. */
  readonly name: string;
  /** One line for `faultline list` and table headers. */
  readonly summary: string;
  /** The trade-off it is expected to make when the network partitions, in a few words. */
  readonly expectedCap: string;
  /** A teaching example: runnable by name, left out of `--strategy all`. */
  readonly example?: boolean;
  /**
   * Deliberately broken, kept to prove that the checks can fail. `faultline explore` holds it to
   * the same properties as every strategy, but explores it only when it is named.
   */
  readonly canary?: boolean;
  /**
   * Guarantees the strategy claims beyond those every strategy is held to: names of properties
   * in `explore/properties.ts` (e.g. `no-duplicate-effects`), which `faultline explore` then
   * searches for counterexamples to. See docs/exploring.md.
   */
  readonly claims?: readonly string[];
  /**
   * The control-plane reactions to a fault it records in the history, by the recovery checker's
   * names (`suspect`, `reclaim`, `redispatch`, `rebuild`; `checkers/recovery.ts`): what its
   * time to detect and to fail over are measured by. None: it records none (its recovery shows
   * only as re-executions in the ledger, or not at all). test/integration/reactions.test.ts
   * holds every strategy to exactly the reactions it declares, over the library.
   */
  readonly reactions?: readonly HistoryReactionName[];
  /**
   * Its components by workflow type (see {@link ComponentDefinitions}); every `workflowType` it places or spawns is one
   * of them.
   */
  readonly components: ComponentDefinitions<WorkflowType>;
  /** World services the strategy uses that run as components (the broker). */
  readonly needs?: { readonly broker?: boolean };
  /**
   * Lays the strategy's components out on the resolved topology. Pure. (Its workflow types are checked against
   * `components`, not inferred from it.)
   */
  plan(config: ResolvedConfig): StrategyPlan<NoInfer<WorkflowType>>;
}

/**
 * A strategy whose placements are type-checked against its own components: the workflow types
 * are inferred from the keys of `components`, so a placement naming another (a typo) fails to
 * compile instead of failing at run time.
 */
export function defineStrategy<WorkflowType extends string>(strategy: Strategy<WorkflowType>): Strategy<WorkflowType> {
  return strategy;
}

/**
 * The workflow types of a strategy defined with `defineStrategy` (for a spawn: `'x' satisfies WorkflowTypeOf<typeof
 * s>`).
 */
export type WorkflowTypeOf<S> = S extends Strategy<infer WorkflowType> ? WorkflowType : never;
