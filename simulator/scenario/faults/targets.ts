/**
 * Symbolic fault targets, shared by the fault kinds: how a scenario names nodes (a node id, a
 * zone, `coordinator`, `broker`, `random`, `minority`, `majority`), sites and replicas, and how
 * the seed turns such a name into concrete nodes (`faults/resolve.ts` gives each fault its own
 * stream, so a choice depends only on the scenario and the seed).
 */
import { z } from 'zod';
import type { NodeSpec } from '../model.js';
import type { RandomStream } from '../../base/random.js';
import { identifier } from '../fields.js';

/** Symbolic node targets, resolved from the seed. */
export const NODE_TARGET_WORDS = ['coordinator', 'broker', 'random', 'minority', 'majority'] as const;

export const nodeTarget = z
  .union([
    identifier,
    z.strictObject({ node: identifier.describe('A node id.') }),
    z.strictObject({ zone: identifier.describe('Every node in this zone.') }),
  ])
  .describe(
    `A node id (or \`{ node: n1 }\`), \`{ zone: z1 }\`, or one of ${NODE_TARGET_WORDS.join(', ')} (a random worker, a random minority or majority of the workers).`,
  );

export type NodeTargetSpec = z.output<typeof nodeTarget>;

/** What resolving a fault may know of the run: the seed, the end of the fault phase, and what there is to aim at. */
export interface FaultContext {
  readonly seed: number;
  readonly faultEndMs: number;
  readonly nodes: readonly NodeSpec[];
  readonly sites: readonly string[];
  readonly replicas: readonly { readonly id: string; readonly node: string }[];
  readonly zones: readonly string[];
}

/** Nodes that make up the system under test (clients are the measurement harness). */
export function serverNodes(context: FaultContext): NodeSpec[] {
  return context.nodes.filter((node) => node.role !== 'client');
}

function workers(context: FaultContext): string[] {
  return context.nodes.filter((node) => node.role === 'worker').map((node) => node.id);
}

/** The ids of the nodes with `role`. */
export function nodesWithRole(context: FaultContext, role: NodeSpec['role']): string[] {
  return context.nodes.filter((node) => node.role === role).map((node) => node.id);
}

/** Nodes meant by a symbolic target. `withClients`: a zone also takes its clients along (partitions). */
export function resolveNodeTarget(
  target: NodeTargetSpec,
  context: FaultContext,
  random: RandomStream,
  withClients = false,
): string[] {
  if (typeof target === 'object' && 'node' in target) return [target.node];
  if (typeof target === 'object') {
    return context.nodes
      .filter((node) => node.zone === target.zone && (withClients || node.role !== 'client'))
      .map((node) => node.id);
  }
  const pool = workers(context);
  switch (target) {
    case 'coordinator':
      return nodesWithRole(context, 'control');
    case 'broker':
      return nodesWithRole(context, 'broker');
    case 'random':
      return [random.pick(pool)];
    case 'minority':
      return random.shuffle(pool).slice(0, Math.max(1, Math.floor((pool.length - 1) / 2)));
    case 'majority':
      return random.shuffle(pool).slice(0, Math.floor(pool.length / 2) + 1);
    default:
      return [target];
  }
}

/** A named target (a site, a replica), or one of `names` drawn from the seed for `random`. */
export function pickNamed(target: string, names: readonly string[], random: RandomStream): string {
  return target === 'random' ? random.pick(names) : target;
}
