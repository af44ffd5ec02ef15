/** Clock skew: a node's own clock reads wrong (what it times with it, leases, goes wrong too). */
import { z } from 'zod';
import { signedDuration } from '../../fields.js';
import { formatDurationMs } from '../../../base/time.js';
import { nodeTarget } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import { draftWorker, nodeList, onNodeTarget, targetNodes, targetText, windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('clock-skew'),
    target: nodeTarget,
    ...windowFields,
    offset: signedDuration.describe('How far the node’s clock is off, e.g. +30s or -2m.'),
  })
  .describe('The node’s local clock reads wrong.');

export interface ClockSkewFault extends ResolvedWindow {
  readonly kind: 'clock-skew';
  readonly nodes: readonly string[];
  readonly offsetMs: number;
}

export const clockSkew: FaultKindOf<typeof schema, ClockSkewFault> = {
  kind: 'clock-skew',
  schema,
  holds: 'clock',
  ...onNodeTarget,
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'clock-skew',
    nodes: targetNodes(spec, context, random),
    offsetMs: spec.offset,
  }),
  swarm: (window, random) => ({
    kind: 'clock-skew',
    target: 'random',
    offset: (random.chance(0.5) ? 1 : -1) * random.int(1, 120) * 1_000,
    ...window,
  }),
  describe: (fault) =>
    `clock skew ${nodeList(fault)} ${fault.offsetMs >= 0 ? '+' : '-'}${formatDurationMs(Math.abs(fault.offsetMs))}`,
  effects: { clockSkewMs: (fault, node) => (fault.nodes.includes(node) ? fault.offsetMs : undefined) },
  explore: {
    draws: [
      {
        name: 'clock-skew',
        weight: 1,
        bind(draft, topology, window) {
          const worker = draftWorker(draft, topology);
          return {
            fault: {
              kind: 'clock-skew',
              target: worker,
              ...window,
              offset: `${draft.reverse ? '-' : '+'}${draft.level * 30}s`,
            },
            held: [worker],
          };
        },
      },
    ],
    describe: (fault) => `clock-skew ${targetText(fault.target)} ${String(fault.offset)}`,
  },
  report: { color: '0, 158, 115' },
};
