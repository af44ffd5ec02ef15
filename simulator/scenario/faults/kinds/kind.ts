/**
 * What a fault kind is. Everything faultline knows about one kind lives in one module,
 * `kinds/<kind>.ts`, exporting a `FaultKindModule`; the registry (`kinds/index.ts`) lists them.
 * The scenario schema, the resolver, the reference checks, the world's fault timeline, the
 * swarm, `explore`, the checkers and the report reach a kind only through this contract and the
 * registry, never by its name — so adding a kind is one new module and one line in the registry.
 *
 * A kind decides; the world's mechanisms carry it out. The network still drops, delays and
 * duplicates messages, the scheduler still crashes and pauses components, the sites still
 * refuse submissions: a kind says, through `effects`, which nodes, links and sites it touches
 * while it is active, and how.
 */
import type { z } from 'zod';
import type { TaskKind } from '../../model.js';
import type { RandomStream } from '../../../base/random.js';
import type { FieldPath } from '../../errors.js';
import type { DurationDistribution } from '../../fields.js';
import type { FaultContext, NodeTargetSpec } from '../targets.js';
import type { CrashTrigger, Cut, ResolvedWindow } from '../types.js';

/** What every scenario fault spec has (the window fields; `at` is absent for a crash `when`). */
export interface FaultSpecBase {
  readonly kind: string;
  readonly at?: number;
  readonly duration?: number;
}

/**
 * What every resolved fault has. A fault that acts on nodes names them in `nodes`, one that acts
 * on a site names it in `site`: the nemesis records of the history carry these two fields, and
 * the resolver's overlap check reads them.
 */
export interface ResolvedFaultBase extends ResolvedWindow {
  readonly kind: string;
  readonly nodes?: readonly string[];
  readonly site?: string;
}

/** Loss, duplication, reordering (probabilities) and extra delay on a link while a fault is active. */
export interface NetworkChaos {
  readonly loss: number;
  readonly duplicate: number;
  readonly reorder: number;
  readonly delay?: DurationDistribution;
}

/**
 * What an active fault does to the world, asked by the fault timeline (`world/timeline.ts`).
 * A kind answers only the questions it affects; where several active faults answer, the first
 * added wins (as it always did).
 */
export interface FaultEffects<R> {
  /** Nodes down while it is active: their components crash (and restart at its end), messages to them are refused. */
  down?(fault: R): readonly string[];
  /** Nodes frozen while it is active: their components handle nothing until it ends. */
  paused?(fault: R): readonly string[];
  /** Factor on the run time of a task started on `node`; undefined when it does not touch `node`. */
  slowFactor?(fault: R, node: string): number | undefined;
  /** How far `node`'s clock is off; undefined when it does not touch `node`. */
  clockSkewMs?(fault: R, node: string): number | undefined;
  /** Directed cuts: a message from a node of a cut's `from` to a node of its `to` is lost. */
  cuts?(fault: R): readonly Cut[];
  /** The chaos on the link between two zones; undefined when it does not touch that link. */
  networkChaos?(fault: R, fromZone: string, toZone: string): NetworkChaos | undefined;
  /** Whether `site` refuses submissions and polls. */
  siteDown?(fault: R, site: string): boolean;
  /** Factor on the queue waits and run times of `site`; undefined when it does not touch `site`. */
  siteSlowFactor?(fault: R, site: string): number | undefined;
}

/**
 * What the reference checks (`scenario/references.ts`) offer a kind for checking the names a
 * fault uses against the scenario. Paths are relative to the fault.
 */
export interface ReferenceChecks {
  report(path: FieldPath, expected: string, found?: unknown): void;
  /** Checks a node target (`withClients`: a zone counts its clients, as for partitions). */
  nodeTarget(path: FieldPath, target: NodeTargetSpec | undefined, withClients?: boolean): void;
  /** Checks a site id (or `random`). */
  site(path: FieldPath, name: string): void;
  /** Checks a store replica id (or `random`). */
  replica(path: FieldPath, name: string): void;
  /** Whether `zone` is one of `topology.zones`. */
  isZone(zone: string): boolean;
  /** Whether `zone` is one of `topology.zones`; reports it at `path` when it is not. */
  knownZone(path: FieldPath, zone: string): boolean;
  /** Whether a zone holds nodes a fault can act on (`withClients`: clients count). */
  holdsNodes(zone: string, withClients: boolean): boolean;
  /** The task kinds the scenario's jobs run. */
  readonly taskKindsRun: ReadonlySet<TaskKind>;
  /**
   * The nodes a node target names outright (by id, `{ node }`, `{ zone }`, `coordinator`, `broker`); none when the seed
   * chooses.
   */
  concreteNodes(target: NodeTargetSpec | undefined): string[];
  /** The broker's nodes (one per broker zone, or the one broker). */
  readonly brokerNodes: readonly string[];
}

/** A swarm fault's window, drawn from the seed: its start and its length (ms). */
export interface SwarmWindow {
  readonly at: number;
  readonly duration: number;
}

/** The shape of a fault `explore` draws before it meets a topology. Its field order is its shrink order. */
export interface FaultDraft {
  /** The name of the draw (`ExploreDraw.name`). */
  readonly kind: string;
  /** Which target, by position: the workers, then the coordinator, then the broker (wrapping around). */
  readonly target: number;
  /** Length in minutes (cut at the heal). */
  readonly minutes: number;
  /** Minute of the fault phase at which it starts. */
  readonly atMinute: number;
  /** Strength, 1–5: a slow factor of 2–6, a clock offset of 30 s steps. */
  readonly level: number;
  /** The other direction: of a one-way cut (a worker to the coordinator), of a clock offset. */
  readonly reverse: boolean;
  /**
   * Network chaos, each 0–5 (0: none; a probability of 0.1–0.5; a delay of 2–10 s): shrinking drops the effects that do
   * not matter.
   */
  readonly network: {
    readonly duplicate: number;
    readonly loss: number;
    readonly reorder: number;
    readonly delay: number;
  };
}

/** What a draft is bound to: the generated topology's workers and zones. */
export interface DraftTopology {
  readonly workers: readonly string[];
  readonly zones: readonly string[];
}

/** A fault's window as a scenario document writes it. */
export interface DraftWindow {
  readonly at: string;
  readonly duration: string;
}

/** One way `explore` draws a kind (a partition has one per shape). */
export interface ExploreDraw<Input> {
  /** What `explore` options and counterexamples call it (`isolate`, `zone-split`…). */
  readonly name: string;
  /** How often it is drawn against the others' weights: the draws that most often expose a bug weigh more. */
  readonly weight: number;
  /**
   * The scenario fault a draft stands for on a topology, and the concrete targets it holds (see
   * `FaultKindModule.holds`).
   */
  bind(
    draft: FaultDraft,
    topology: DraftTopology,
    window: DraftWindow,
  ): { readonly fault: Input; readonly held: readonly string[] };
}

/**
 * One fault kind. `Spec` is a scenario fault of the kind as parsed, `R` the resolved fault,
 * `Input` the fault as a document writes it. The hooks are methods, not function-valued
 * properties, so that a module of any kind is also a `FaultKindModule` (the registry's type).
 *
 * `explore` draws every kind from one fast-check record, the `FaultDraft` (`explore/faults.ts`:
 * its field order is the shrink order of every kind); a kind gives its draws a name and a weight
 * and binds a draft to a fault.
 */
export interface FaultKindModule<
  Spec extends FaultSpecBase = FaultSpecBase,
  R extends ResolvedFaultBase = ResolvedFaultBase,
  Input = unknown,
> {
  /** What scenarios write in `kind:`; the key of the registry. */
  readonly kind: R['kind'];
  /**
   * The scenario schema: a strict object (or a discriminated union of forms) with
   * `kind: z.literal(kind)`, described with the line `faultline list` prints.
   */
  readonly schema: z.ZodType<Spec, Input>;
  /**
   * What a fault of this kind holds exclusively on its targets (`liveness`, `speed`…): two faults
   * holding the same thing on one target at once contradict each other, and the later one is
   * refused (scenario), dropped (swarm) or not drawn (explore). Absent: it can overlap anything.
   */
  readonly holds?: string;
  /** Checks the names the fault uses (targets, zones) against the scenario. */
  checkReferences(spec: Spec, checks: ReferenceChecks): void;
  /** Whether the fault fires on an event instead of at a time (it then has no window to check). */
  triggered?(spec: Spec): boolean;
  /** The node target naming the worker the fault acts on, if it names one (which must be in the cluster then). */
  namedNode?(spec: Spec): NodeTargetSpec | undefined;
  /** The concrete targets it holds (with `holds`), as far as the scenario names them; none when the seed chooses. */
  heldTargets?(spec: Spec, checks: ReferenceChecks): readonly string[];
  /** The concrete fault, its symbolic targets resolved with `random` (the fault's own stream), or a crash trigger. */
  resolve(spec: Spec, window: ResolvedWindow, context: FaultContext, random: RandomStream): R | CrashTrigger;
  /** A fault of this kind as the swarm draws it: its window given, any other choice drawn from `random`. */
  swarm(window: SwarmWindow, random: RandomStream, context: FaultContext): Spec;
  /** One line for the terminal timeline and the nemesis records (`crash n2`, `partition zones: z1 | z2`). */
  describe(fault: R): string;
  readonly effects: FaultEffects<R>;
  readonly explore: {
    readonly draws: readonly ExploreDraw<Input>[];
    /** A scenario fault in a few words, without its window (`crash n1`, `network loss 0.2`). */
    describe(fault: Input): string;
  };
  /** How the report draws its windows: an `r, g, b` colour. */
  readonly report: { readonly color: string };
}

/** The module type of a kind whose scenario schema is `S` and whose resolved faults are `R`. */
export type FaultKindOf<S extends z.ZodType<FaultSpecBase>, R extends ResolvedFaultBase> = FaultKindModule<
  z.output<S>,
  R,
  z.input<S>
>;

/** The resolved faults of a module type (crash triggers aside). */
export type ResolvedFaultOf<M> = M extends { describe(fault: infer R): string } ? R : never;
