/**
 * Network chaos: for a window, messages (on every link, or on the link between two zones) are
 * lost, duplicated, reordered or delayed with the given probabilities and delay, on top of the
 * scenario's own. The network draws each message's fate (`world/network.ts`).
 */
import { z } from 'zod';
import { durationDistribution, identifier, probability } from '../../fields.js';
import type { ResolvedWindow } from '../types.js';
import { windowFields } from './common.js';
import type { DraftWindow, FaultDraft, FaultKindOf, NetworkChaos } from './kind.js';

const schema = z
  .strictObject({
    kind: z.literal('network'),
    ...windowFields,
    between: z
      .tuple([identifier, identifier])
      .optional()
      .describe('Only the link between these two zones (default: every link).'),
    loss: probability.default(0).describe('Probability a message is lost.'),
    duplicate: probability.default(0).describe('Probability a message arrives twice.'),
    reorder: probability.default(0).describe('Probability a message is held back and overtaken.'),
    delay: durationDistribution.optional().describe('Extra one-way delay added to every message.'),
  })
  .describe('A window of message loss, duplication, reordering and delay.');

type Input = z.input<typeof schema>;

export interface NetworkFault extends ResolvedWindow, NetworkChaos {
  readonly kind: 'network';
  /** Only the link between these zones; absent: every link. */
  readonly zones?: readonly [string, string];
}

/** Whether a window on `zones` (every link when absent) acts on a message from `fromZone` to `toZone`. */
function onLink(zones: readonly [string, string] | undefined, fromZone: string, toZone: string): boolean {
  return (
    zones === undefined ||
    (zones.includes(fromZone) && zones.includes(toZone) && (fromZone !== toZone || zones[0] === zones[1]))
  );
}

/** Only the effects drawn above 0 are written, so a shrunk window names what it needs. */
function exploreFault(draft: FaultDraft, window: DraftWindow): Input {
  const { duplicate, loss, reorder, delay } = draft.network;
  return {
    kind: 'network',
    ...window,
    ...(duplicate > 0 ? { duplicate: duplicate / 10 } : {}),
    ...(loss > 0 ? { loss: loss / 10 } : {}),
    ...(reorder > 0 ? { reorder: reorder / 10 } : {}),
    ...(delay > 0 ? { delay: `${delay * 2}s` } : {}),
  };
}

/** `duplicate 0.3, delay 4s`. */
function describeEffects(fault: Input): string {
  const effects = (['duplicate', 'loss', 'reorder'] as const)
    .filter((effect) => fault[effect] !== undefined)
    .map((effect) => `${effect} ${String(fault[effect])}`);
  if (fault.delay !== undefined) effects.push(`delay ${String(fault.delay)}`);
  return effects.join(', ') || 'no effect';
}

export const network: FaultKindOf<typeof schema, NetworkFault> = {
  kind: 'network',
  schema,
  checkReferences(spec, checks) {
    spec.between?.forEach((zone, side) => {
      if (checks.knownZone(['between', side], zone) && !checks.holdsNodes(zone, true)) {
        checks.report(
          ['between', side],
          'a zone that holds nodes or clients, whose messages the fault can act on',
          zone,
        );
      }
    });
  },
  resolve: ({ between, loss, duplicate, reorder, delay }, window) => ({
    ...window,
    kind: 'network',
    zones: between,
    loss,
    duplicate,
    reorder,
    delay,
  }),
  swarm: (window, random) => ({
    kind: 'network',
    loss: Math.round(random.float() * 30) / 100,
    duplicate: Math.round(random.float() * 10) / 100,
    reorder: Math.round(random.float() * 20) / 100,
    ...window,
  }),
  describe(fault) {
    const parts = [
      fault.loss > 0 ? `loss ${fault.loss}` : '',
      fault.duplicate > 0 ? `duplicate ${fault.duplicate}` : '',
      fault.reorder > 0 ? `reorder ${fault.reorder}` : '',
      fault.delay ? 'delay' : '',
    ].filter(Boolean);
    return `network ${fault.zones ? fault.zones.join('↔') : 'everywhere'}: ${parts.join(', ') || 'no change'}`;
  },
  effects: { networkChaos: (fault, fromZone, toZone) => (onLink(fault.zones, fromZone, toZone) ? fault : undefined) },
  explore: {
    draws: [
      {
        name: 'network',
        weight: 4,
        bind: (draft, _topology, window) => ({ fault: exploreFault(draft, window), held: [] }),
      },
    ],
    describe: (fault) => `network ${describeEffects(fault)}`,
  },
  report: { color: '86, 180, 233' },
};
