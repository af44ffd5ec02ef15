/**
 * What several fault kinds share: the window fields of the schema, a slowdown factor, a site
 * target; the hooks of a fault aimed at a node target or at a site; the words of `explore`'s
 * descriptions; where a draft's target lands on a generated topology. Each kind module picks
 * what it needs; nothing here names a kind.
 */
import { z } from 'zod';
import { identifier, nonNegativeDuration, positiveDuration } from '../../fields.js';
import { type FaultContext, type NodeTargetSpec, pickNamed, resolveNodeTarget } from '../targets.js';
import type { RandomStream } from '../../../base/random.js';
import type { DraftTopology, FaultDraft, ReferenceChecks } from './kind.js';

/** When a fault starts and how long it lasts: the fields of every timed fault. */
export const windowFields = {
  at: nonNegativeDuration.describe('When the fault starts (from the start of the run).'),
  duration: positiveDuration
    .optional()
    .describe('How long it lasts (default: until the heal at the end of the fault phase).'),
};

/** A slowdown factor (> 1) with its default. */
export function factorField(defaultFactor: number, description: string) {
  return z.number().gt(1, { error: 'expected a factor > 1' }).default(defaultFactor).describe(description);
}

/** A site named by id, or `random`. */
export const siteTarget = identifier.describe('A site id, or random.');

/** The hooks of a fault aimed at a node target (`target`): its target checked, named, held; its nodes resolved. */
export const onNodeTarget = {
  checkReferences(spec: { readonly target?: NodeTargetSpec }, checks: ReferenceChecks): void {
    checks.nodeTarget(['target'], spec.target);
  },
  namedNode(spec: { readonly target?: NodeTargetSpec }): NodeTargetSpec | undefined {
    return spec.target;
  },
  heldTargets(spec: { readonly target?: NodeTargetSpec }, checks: ReferenceChecks): readonly string[] {
    return checks.concreteNodes(spec.target);
  },
};

/** The nodes of a node-target fault, drawn from its stream. */
export function targetNodes(
  spec: { readonly target: NodeTargetSpec },
  context: FaultContext,
  random: RandomStream,
): string[] {
  return resolveNodeTarget(spec.target, context, random);
}

/** The hooks of a fault aimed at a site (`target`: a site id or `random`). */
export const onSite = {
  checkReferences(spec: { readonly target: string }, checks: ReferenceChecks): void {
    checks.site(['target'], spec.target);
  },
  heldTargets(spec: { readonly target: string }): readonly string[] {
    return spec.target === 'random' ? [] : [spec.target];
  },
  /** The site it acts on, drawn from its stream for `random`. */
  site(spec: { readonly target: string }, context: FaultContext, random: RandomStream): string {
    return pickNamed(spec.target, context.sites, random);
  },
};

/** A node list in a timeline line. */
export const nodeList = (fault: { readonly nodes: readonly string[] }): string => fault.nodes.join(', ');

/** A target as a counterexample line writes it: `n1`, `zone z2`. */
export function targetText(target: unknown): string {
  return typeof target === 'object' && target !== null
    ? Object.entries(target)
        .map(([key, value]) => `${key} ${String(value)}`)
        .join(' ')
    : String(target);
}

/** The worker a draft aims at. */
export function draftWorker(draft: FaultDraft, topology: DraftTopology): string {
  return topology.workers[draft.target % topology.workers.length] as string;
}

/** The node a draft aims at when the coordinator and the broker may be hit too, after the workers. */
export function draftAnyNode(draft: FaultDraft, topology: DraftTopology): string {
  return [...topology.workers, 'coordinator', 'broker'][draft.target % (topology.workers.length + 2)] as string;
}

/** The node id a liveness target stands for (`coordinator` is the control node). */
export const livenessTarget = (node: string): string => (node === 'coordinator' ? 'control' : node);
