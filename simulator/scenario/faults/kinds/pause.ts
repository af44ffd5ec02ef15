/** Pause: nodes freeze (like a long GC pause) and handle everything at once when they resume. */
import { z } from 'zod';
import { nodeTarget } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import {
  draftAnyNode,
  livenessTarget,
  nodeList,
  onNodeTarget,
  targetNodes,
  targetText,
  windowFields,
} from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({ kind: z.literal('pause'), target: nodeTarget, ...windowFields })
  .describe('The node freezes (like a long GC pause): it handles nothing until it resumes, then everything at once.');

export interface PauseFault extends ResolvedWindow {
  readonly kind: 'pause';
  readonly nodes: readonly string[];
}

export const pause: FaultKindOf<typeof schema, PauseFault> = {
  kind: 'pause',
  schema,
  holds: 'liveness',
  ...onNodeTarget,
  resolve: (spec, window, context, random) => ({ ...window, kind: 'pause', nodes: targetNodes(spec, context, random) }),
  swarm: (window) => ({ kind: 'pause', target: 'random', ...window }),
  describe: (fault) => `pause ${nodeList(fault)}`,
  effects: { paused: (fault) => fault.nodes },
  explore: {
    draws: [
      {
        name: 'pause',
        weight: 1,
        bind(draft, topology, window) {
          const node = draftAnyNode(draft, topology);
          return { fault: { kind: 'pause', target: node, ...window }, held: [livenessTarget(node)] };
        },
      },
    ],
    describe: (fault) => `pause ${targetText(fault.target)}`,
  },
  report: { color: '230, 159, 0' },
};
