/**
 * Replica outage: one replica of the state store is down (its node, `store-<id>`); the store answers without it
 * (`world/store.ts`).
 */
import { z } from 'zod';
import { identifier } from '../../fields.js';
import { pickNamed } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import { targetText, windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('replica-outage'),
    target: identifier.describe('A replica id, or random.'),
    ...windowFields,
  })
  .describe('One store replica is down.');

export interface ReplicaOutageFault extends ResolvedWindow {
  readonly kind: 'replica-outage';
  readonly replica: string;
  readonly nodes: readonly string[];
}

export const replicaOutage: FaultKindOf<typeof schema, ReplicaOutageFault> = {
  kind: 'replica-outage',
  schema,
  holds: 'liveness',
  checkReferences: (spec, checks) => checks.replica(['target'], spec.target),
  heldTargets: (spec) => (spec.target === 'random' ? [] : [`store-${spec.target}`]),
  resolve(spec, window, context, random) {
    const replica = pickNamed(
      spec.target,
      context.replicas.map((candidate) => candidate.id),
      random,
    );
    const nodes = context.replicas.filter((candidate) => candidate.id === replica).map((candidate) => candidate.node);
    return { ...window, kind: 'replica-outage', replica, nodes };
  },
  swarm: (window) => ({ kind: 'replica-outage', target: 'random', ...window }),
  describe: (fault) => `store replica ${fault.replica} down`,
  effects: { down: (fault) => fault.nodes },
  explore: {
    draws: [
      {
        name: 'replica-outage',
        weight: 1,
        bind(draft, _topology, window) {
          const replica = `r${(draft.target % 3) + 1}`;
          return { fault: { kind: 'replica-outage', target: replica, ...window }, held: [`store-${replica}`] };
        },
      },
    ],
    describe: (fault) => `replica-outage ${targetText(fault.target)}`,
  },
  report: { color: '120, 90, 60' },
};
