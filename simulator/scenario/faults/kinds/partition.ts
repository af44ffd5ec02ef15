/**
 * Partition: the network is cut, in one of five shapes (a node or zone isolated, zones split, a
 * majority from a minority, one direction of a link, two halves and a bridge), resolved into
 * directed cuts between node sets. The network drops what crosses a cut (`world/network.ts`).
 */
import { z } from 'zod';
import { identifier } from '../../fields.js';
import type { RandomStream } from '../../../base/random.js';
import { type FaultContext, nodeTarget, resolveNodeTarget, serverNodes } from '../targets.js';
import type { Cut, ResolvedWindow } from '../types.js';
import { draftWorker, targetText, windowFields } from './common.js';
import type {
  DraftTopology,
  DraftWindow,
  ExploreDraw,
  FaultDraft,
  FaultKindOf,
  ReferenceChecks,
  SwarmWindow,
} from './kind.js';

const schema = z
  .discriminatedUnion(
    'shape',
    [
      z
        .strictObject({
          kind: z.literal('partition'),
          shape: z.literal('isolate'),
          target: nodeTarget.describe('What is cut off from everything else.'),
          ...windowFields,
        })
        .describe('One node, or one zone (clients included), cut off from everyone else.'),
      z
        .strictObject({
          kind: z.literal('partition'),
          shape: z.literal('zones'),
          groups: z
            .array(z.array(identifier).min(1))
            .min(2, { error: 'expected at least two groups of zones' })
            .describe('Groups of zones that cannot reach each other, e.g. `[[z1], [z2, z3]]`.'),
          ...windowFields,
        })
        .describe('A zone split: groups of zones (with their clients) that cannot reach each other.'),
      z
        .strictObject({ kind: z.literal('partition'), shape: z.literal('majority-minority'), ...windowFields })
        .describe(
          'The servers (workers, control, broker, store replicas), shuffled by the seed, split into a minority and a majority; clients reach both.',
        ),
      z
        .strictObject({
          kind: z.literal('partition'),
          shape: z.literal('one-way'),
          from: nodeTarget.describe('Senders whose messages are dropped…'),
          to: nodeTarget.describe('…on their way to these; the other direction works.'),
          ...windowFields,
        })
        .describe('An asymmetric cut: one direction drops, the other works.'),
      z
        .strictObject({ kind: z.literal('partition'), shape: z.literal('bridge'), ...windowFields })
        .describe(
          'The servers split in two halves that cannot reach each other, and one bridge node that reaches both (Jepsen’s bridge).',
        ),
    ],
    { error: 'expected a partition shape: isolate, zones, majority-minority, one-way or bridge' },
  )
  .describe('Network partition of one of five shapes.');

type Spec = z.output<typeof schema>;
type Input = z.input<typeof schema>;

export interface PartitionFault extends ResolvedWindow {
  readonly kind: 'partition';
  readonly shape: string;
  readonly cuts: readonly Cut[];
  readonly summary: string;
}

const both = (a: readonly string[], b: readonly string[]): Cut[] => [
  { from: a, to: b },
  { from: b, to: a },
];

/** The directed cuts of a partition's shape, between concrete nodes, and a summary for the timeline. */
function resolveCuts(spec: Spec, context: FaultContext, random: RandomStream): { cuts: Cut[]; summary: string } {
  const everyone = context.nodes.map((node) => node.id);
  switch (spec.shape) {
    case 'isolate': {
      const alone = resolveNodeTarget(spec.target, context, random, true);
      const rest = everyone.filter((node) => !alone.includes(node));
      return { cuts: both(alone, rest), summary: `${alone.join(', ')} cut off from everyone else` };
    }
    case 'zones': {
      const groups = spec.groups.map((zones) =>
        context.nodes.filter((node) => zones.includes(node.zone)).map((node) => node.id),
      );
      const cuts = groups.flatMap((group, index) => groups.slice(index + 1).flatMap((other) => both(group, other)));
      return { cuts, summary: spec.groups.map((zones) => zones.join('+')).join(' | ') };
    }
    case 'majority-minority': {
      const servers = random.shuffle(serverNodes(context).map((node) => node.id));
      const minority = servers.slice(0, Math.max(1, Math.floor((servers.length - 1) / 2))).sort();
      const majority = servers.filter((node) => !minority.includes(node)).sort();
      return {
        cuts: both(minority, majority),
        summary: `minority ${minority.join(', ')} | majority ${majority.join(', ')}`,
      };
    }
    case 'one-way': {
      const from = resolveNodeTarget(spec.from, context, random, true);
      const to = resolveNodeTarget(spec.to, context, random, true);
      return { cuts: [{ from, to }], summary: `${from.join(', ')} → ${to.join(', ')} dropped (the other way works)` };
    }
    case 'bridge': {
      const servers = random.shuffle(serverNodes(context).map((node) => node.id));
      const bridge = servers[0] as string;
      const half = Math.ceil((servers.length - 1) / 2);
      const left = servers.slice(1, 1 + half).sort();
      const right = servers.slice(1 + half).sort();
      return { cuts: both(left, right), summary: `${left.join(', ')} | ${right.join(', ')}, bridged by ${bridge}` };
    }
  }
}

/** Each zone of a split in one group, once; every group holding something to cut off. */
function checkZoneGroups(groups: readonly (readonly string[])[], checks: ReferenceChecks): void {
  const groupOf = new Map<string, number>();
  groups.forEach((group, groupIndex) =>
    group.forEach((zone, zoneIndex) => {
      const earlier = groupOf.get(zone);
      const path = ['groups', groupIndex, zoneIndex];
      if (checks.knownZone(path, zone)) {
        if (earlier === groupIndex) checks.report(path, 'a zone used once in its group', zone);
        else if (earlier !== undefined)
          checks.report(path, `each zone in one group only (${zone} is already in groups[${earlier}])`, zone);
      }
      if (earlier === undefined) groupOf.set(zone, groupIndex);
    }),
  );
  groups.forEach((group, groupIndex) => {
    if (group.every((zone) => checks.isZone(zone) && !checks.holdsNodes(zone, true))) {
      checks.report(
        ['groups', groupIndex],
        'a group of zones that hold nodes or clients for the split to cut off',
        group,
      );
    }
  });
}

/** The targets of an isolation and of a one-way cut (clients count), the zones of a split. */
function checkReferences(spec: Spec, checks: ReferenceChecks): void {
  if (spec.shape === 'isolate') checks.nodeTarget(['target'], spec.target, true);
  if (spec.shape === 'one-way') {
    checks.nodeTarget(['from'], spec.from, true);
    checks.nodeTarget(['to'], spec.to, true);
  }
  if (spec.shape === 'zones') checkZoneGroups(spec.groups, checks);
}

/** The shapes the swarm draws (a zone split only with two zones or more). */
function drawSwarm(window: SwarmWindow, random: RandomStream, context: FaultContext): Spec {
  const kind = 'partition';
  const shapes =
    context.zones.length > 1
      ? (['isolate', 'majority-minority', 'bridge', 'zones'] as const)
      : (['isolate', 'majority-minority', 'bridge'] as const);
  const shape = random.pick(shapes);
  if (shape === 'zones') {
    const shuffled = random.shuffle(context.zones);
    const cut = random.int(1, shuffled.length - 1);
    return { kind, shape, groups: [shuffled.slice(0, cut), shuffled.slice(cut)], ...window };
  }
  if (shape === 'isolate') return { kind, shape, target: random.chance(0.3) ? 'coordinator' : 'random', ...window };
  return { kind, shape, ...window };
}

/** An `explore` draw of one shape; partitions hold nothing exclusively. */
function shapeDraw(
  name: string,
  weight: number,
  fault: (draft: FaultDraft, topology: DraftTopology, window: DraftWindow) => Input,
): ExploreDraw<Input> {
  return { name, weight, bind: (draft, topology, window) => ({ fault: fault(draft, topology, window), held: [] }) };
}

const exploreDraws: readonly ExploreDraw<Input>[] = [
  // A worker, the coordinator, or (with zones) a whole zone.
  shapeDraw('isolate', 2, (draft, { workers, zones }, window) => {
    const choices: (string | { zone: string })[] = [
      ...workers,
      'coordinator',
      ...(zones.length > 1 ? zones.map((zone) => ({ zone })) : []),
    ];
    return {
      kind: 'partition',
      shape: 'isolate',
      target: choices[draft.target % choices.length] as string | { zone: string },
      ...window,
    };
  }),
  shapeDraw('zone-split', 1, (draft, topology, window) => {
    const { zones } = topology;
    if (zones.length < 2)
      return { kind: 'partition', shape: 'isolate', target: draftWorker(draft, topology), ...window };
    return { kind: 'partition', shape: 'zones', groups: [[zones[0] as string], zones.slice(1)], ...window };
  }),
  shapeDraw('majority-minority', 1, (_draft, _topology, window) => ({
    kind: 'partition',
    shape: 'majority-minority',
    ...window,
  })),
  shapeDraw('one-way', 1, (draft, topology, window) => {
    const worker = draftWorker(draft, topology);
    const [from, to] = draft.reverse ? [worker, 'coordinator'] : ['coordinator', worker];
    return { kind: 'partition', shape: 'one-way', from, to, ...window };
  }),
  shapeDraw('bridge', 1, (_draft, _topology, window) => ({ kind: 'partition', shape: 'bridge', ...window })),
];

/** `isolate n1`, `zones z1 | z2`, `one-way coordinator → n2`, `bridge`. */
function describeShape(fault: Input): string {
  switch (fault.shape) {
    case 'isolate':
      return `isolate ${targetText(fault.target)}`;
    case 'zones':
      return `zones ${fault.groups.map((group) => group.join('+')).join(' | ')}`;
    case 'one-way':
      return `one-way ${targetText(fault.from)} → ${targetText(fault.to)}`;
    default:
      return fault.shape;
  }
}

export const partition: FaultKindOf<typeof schema, PartitionFault> = {
  kind: 'partition',
  schema,
  checkReferences,
  namedNode: (spec) => (spec.shape === 'isolate' ? spec.target : undefined),
  resolve: (spec, window, context, random) => ({
    ...window,
    kind: 'partition',
    shape: spec.shape,
    ...resolveCuts(spec, context, random),
  }),
  swarm: drawSwarm,
  describe: (fault) => `partition ${fault.shape}: ${fault.summary}`,
  effects: { cuts: (fault) => fault.cuts },
  explore: { draws: exploreDraws, describe: (fault) => `partition ${describeShape(fault)}` },
  report: { color: '170, 80, 160' },
};
