/** Slow: a gray failure — nodes work, but their tasks take `factor` times as long. */
import { z } from 'zod';
import { nodeTarget } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import { draftWorker, factorField, nodeList, onNodeTarget, targetNodes, targetText, windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('slow'),
    target: nodeTarget,
    ...windowFields,
    factor: factorField(5, 'Task run times are multiplied by this.'),
  })
  .describe('Gray failure: the node works, slowly.');

export interface SlowFault extends ResolvedWindow {
  readonly kind: 'slow';
  readonly nodes: readonly string[];
  readonly factor: number;
}

export const slow: FaultKindOf<typeof schema, SlowFault> = {
  kind: 'slow',
  schema,
  holds: 'speed',
  ...onNodeTarget,
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'slow',
    nodes: targetNodes(spec, context, random),
    factor: spec.factor,
  }),
  swarm: (window, random) => ({ kind: 'slow', target: 'random', factor: 2 + random.int(0, 8), ...window }),
  describe: (fault) => `slow ${nodeList(fault)} ×${fault.factor}`,
  effects: { slowFactor: (fault, node) => (fault.nodes.includes(node) ? fault.factor : undefined) },
  explore: {
    draws: [
      {
        name: 'slow',
        weight: 1,
        bind(draft, topology, window) {
          const worker = draftWorker(draft, topology);
          return { fault: { kind: 'slow', target: worker, ...window, factor: draft.level + 1 }, held: [worker] };
        },
      },
    ],
    describe: (fault) => `slow ${targetText(fault.target)} ×${String(fault.factor ?? '')}`,
  },
  report: { color: '240, 200, 60' },
};
