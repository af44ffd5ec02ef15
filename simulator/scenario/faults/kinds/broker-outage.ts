/**
 * Broker outage: the broker's nodes are down; its queues survive if they are durable
 * (`simulator/components/broker.ts`).
 */
import { z } from 'zod';
import { nodesWithRole } from '../targets.js';
import type { ResolvedWindow } from '../types.js';
import { windowFields } from './common.js';
import type { FaultKindOf } from './kind.js';

const schema = z
  .strictObject({ kind: z.literal('broker-outage'), ...windowFields })
  .describe('The broker node is down; queues survive if durable.');

export interface BrokerOutageFault extends ResolvedWindow {
  readonly kind: 'broker-outage';
  readonly nodes: readonly string[];
}

export const brokerOutage: FaultKindOf<typeof schema, BrokerOutageFault> = {
  kind: 'broker-outage',
  schema,
  holds: 'liveness',
  checkReferences: () => undefined,
  heldTargets: (_spec, checks) => [...new Set(['broker', ...checks.brokerNodes])],
  resolve: (_spec, window, context) => ({ ...window, kind: 'broker-outage', nodes: nodesWithRole(context, 'broker') }),
  swarm: (window) => ({ kind: 'broker-outage', ...window }),
  describe: () => 'broker outage',
  effects: { down: (fault) => fault.nodes },
  explore: {
    draws: [
      {
        name: 'broker-outage',
        weight: 1,
        bind: (_draft, _topology, window) => ({ fault: { kind: 'broker-outage', ...window }, held: ['broker'] }),
      },
    ],
    describe: () => 'broker-outage',
  },
  report: { color: '200, 40, 40' },
};
