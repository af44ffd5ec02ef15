/**
 * The registry of fault kinds: the one list of what the nemesis can do. Everything that depends
 * on a fault's kind — the scenario schema, the resolver and the swarm, the reference checks, the
 * world's fault timeline, `faultline list`, `explore`, the checkers, the report — looks the kind
 * up here and asks its module (`kind.ts` says what a module holds).
 *
 * Adding a kind: write `kinds/<kind>.ts` exporting a `FaultKindModule`, and add it to
 * `BUILT_IN_KINDS` below. Its place in the list is its place in `faultline list`, the scenario
 * reference, the coverage matrix and the error that lists the kinds.
 */
import { moduleRegistry } from '../../../base/registry.js';
import { brokerOutage } from './broker-outage.js';
import { clockSkew } from './clock-skew.js';
import { crash } from './crash.js';
import type { FaultKindModule, ResolvedFaultBase } from './kind.js';
import { network } from './network.js';
import { partition } from './partition.js';
import { pause } from './pause.js';
import { replicaOutage } from './replica-outage.js';
import { siteOutage } from './site-outage.js';
import { slowSite } from './slow-site.js';
import { slow } from './slow.js';
import type { Cut } from '../types.js';

const BUILT_IN_KINDS = [
  crash,
  pause,
  slow,
  clockSkew,
  partition,
  network,
  brokerOutage,
  replicaOutage,
  siteOutage,
  slowSite,
] as const;

/** The module type of each built-in kind (`types.ts` derives `ResolvedFault` from it). */
export type BuiltInFaultKind = (typeof BUILT_IN_KINDS)[number];

/**
 * Read first when the scenario schema, the swarm's enum and `explore`'s draws are built from it
 * (their modules load), so a kind must be registered before.
 */
const registry = moduleRegistry<FaultKindModule>(
  'fault kind',
  (module) => module.kind,
  BUILT_IN_KINDS,
  'the scenario schema',
);

/**
 * Registers a kind that is not built in — a test's throwaway kind, or an extension — the same
 * way the built-in ones are: before anything reads the registry, i.e. before the scenario
 * schema (`faults/schema.ts`) is imported.
 */
export function registerFaultKind(module: FaultKindModule): void {
  registry.register(module);
}

/** Every fault kind, in registry order. */
export function faultKindModules(): readonly FaultKindModule[] {
  return registry.all();
}

/** The kind's module; undefined for a kind the registry does not hold (a record written by another version). */
export function findFaultKind(kind: string): FaultKindModule | undefined {
  return registry.find(kind);
}

/** The kind's module; throws for a kind the registry does not hold. */
export function faultKind(kind: string): FaultKindModule {
  const module = findFaultKind(kind);
  if (!module)
    throw new Error(
      `unknown fault kind ${kind} (known: ${faultKindModules()
        .map((known) => known.kind)
        .join(', ')})`,
    );
  return module;
}

/**
 * What a fault of `kind` holds on `targets`, as keys that two faults which may not overlap share
 * (`liveness:n1`: a crash and a pause of n1); none for a kind that holds nothing.
 */
export function heldKeys(kind: FaultKindModule, targets: readonly string[]): string[] {
  return kind.holds === undefined ? [] : targets.map((target) => `${kind.holds}:${target}`);
}

/** Whether faults of `kind` take nodes down (crash, outages): what the checkers count as a node lost. */
export function takesNodesDown(kind: string): boolean {
  return findFaultKind(kind)?.effects.down !== undefined;
}

/** Whether faults of `kind` cut the network into sides (partitions). */
export function cutsNetwork(kind: string): boolean {
  return findFaultKind(kind)?.effects.cuts !== undefined;
}

/** The directed cuts of a fault; none for a kind that cuts nothing. */
export function cutsOf(fault: ResolvedFaultBase): readonly Cut[] {
  return findFaultKind(fault.kind)?.effects.cuts?.(fault) ?? [];
}
