/**
 * How scenarios state faults: the nemesis's vocabulary. Targets are symbolic (a node id, a zone,
 * `coordinator`, `broker`, `random`, `minority`, `majority`, a site, a replica) and are resolved
 * from the seed into the concrete fault timeline (`faults/resolve.ts`).
 */
import { z } from 'zod';
import { AIRAVATA_CHAIN } from '../model.js';
import { durationDistribution, identifier, nonNegativeDuration, positiveDuration, positiveInt, probability, signedDuration } from '../scenario/fields.js';

/** Symbolic node targets, resolved from the seed. */
export const NODE_TARGET_WORDS = ['coordinator', 'broker', 'random', 'minority', 'majority'] as const;

export const nodeTarget = z
  .union([identifier, z.strictObject({ node: identifier.describe('A node id.') }), z.strictObject({ zone: identifier.describe('Every node in this zone.') })])
  .describe(`A node id (or \`{ node: n1 }\`), \`{ zone: z1 }\`, or one of ${NODE_TARGET_WORDS.join(', ')} (a random worker, a random minority or majority of the workers).`);

const window = {
  at: nonNegativeDuration.describe('When the fault starts (from the start of the run).'),
  duration: positiveDuration.optional().describe('How long it lasts (default: until the heal at the end of the fault phase).'),
};

const crashTrigger = z
  .strictObject({
    on: z
      .enum(['site-submit', 'task-start', 'task-finish', 'point'], { error: 'expected one of site-submit, task-start, task-finish, point' })
      .describe('The event after which the node where it happens crashes.'),
    kind: z.enum(AIRAVATA_CHAIN).optional().describe('Only tasks of this kind count (task-start, task-finish).'),
    point: z.string().optional().describe('For `on: point`: the name a strategy gives a step boundary (ctx.crashPoint).'),
    nth: positiveInt.default(1).describe('Crash after the nth such event of the run.'),
  })
  .describe('Crash triggered by an event instead of at a time.');

const crash = z
  .strictObject({
    kind: z.literal('crash'),
    target: nodeTarget.optional().describe('Node(s) to crash; with `when`, default: the node where the event happened.'),
    at: window.at.optional(),
    when: crashTrigger.optional(),
    duration: window.duration.describe('How long the node stays down before it restarts with empty memory (default: until the heal).'),
  })
  .refine((fault) => (fault.at === undefined) !== (fault.when === undefined), { error: 'expected exactly one of `at` or `when`' })
  .refine((fault) => fault.when !== undefined || fault.target !== undefined, { error: 'expected a `target` for a crash at a time' })
  .describe('Node crash and restart: volatile state is lost.');

const pause = z.strictObject({ kind: z.literal('pause'), target: nodeTarget, ...window }).describe('The node freezes (like a long GC pause): it handles nothing until it resumes, then everything at once.');

const slow = z
  .strictObject({ kind: z.literal('slow'), target: nodeTarget, ...window, factor: z.number().gt(1, { error: 'expected a factor > 1' }).default(5).describe('Task run times are multiplied by this.') })
  .describe('Gray failure: the node works, slowly.');

const clockSkew = z
  .strictObject({ kind: z.literal('clock-skew'), target: nodeTarget, ...window, offset: signedDuration.describe('How far the node’s clock is off, e.g. +30s or -2m.') })
  .describe('The node’s local clock reads wrong.');

const partition = z
  .discriminatedUnion('shape', [
    z
      .strictObject({ kind: z.literal('partition'), shape: z.literal('isolate'), target: nodeTarget.describe('What is cut off from everything else.'), ...window })
      .describe('One node, or one zone (clients included), cut off from everyone else.'),
    z
      .strictObject({
        kind: z.literal('partition'),
        shape: z.literal('zones'),
        groups: z.array(z.array(identifier).min(1)).min(2, { error: 'expected at least two groups of zones' }).describe('Groups of zones that cannot reach each other, e.g. `[[z1], [z2, z3]]`.'),
        ...window,
      })
      .describe('A zone split: groups of zones (with their clients) that cannot reach each other.'),
    z
      .strictObject({ kind: z.literal('partition'), shape: z.literal('majority-minority'), ...window })
      .describe('The servers (workers, control, broker, store replicas), shuffled by the seed, split into a minority and a majority; clients reach both.'),
    z
      .strictObject({
        kind: z.literal('partition'),
        shape: z.literal('one-way'),
        from: nodeTarget.describe('Senders whose messages are dropped…'),
        to: nodeTarget.describe('…on their way to these; the other direction works.'),
        ...window,
      })
      .describe('An asymmetric cut: one direction drops, the other works.'),
    z
      .strictObject({ kind: z.literal('partition'), shape: z.literal('bridge'), ...window })
      .describe('The servers split in two halves that cannot reach each other, and one bridge node that reaches both (Jepsen’s bridge).'),
  ], { error: 'expected a partition shape: isolate, zones, majority-minority, one-way or bridge' })
  .describe('Network partition of one of five shapes.');

const networkChaos = z
  .strictObject({
    kind: z.literal('network'),
    ...window,
    between: z.tuple([identifier, identifier]).optional().describe('Only the link between these two zones (default: every link).'),
    loss: probability.default(0).describe('Probability a message is lost.'),
    duplicate: probability.default(0).describe('Probability a message arrives twice.'),
    reorder: probability.default(0).describe('Probability a message is held back and overtaken.'),
    delay: durationDistribution.optional().describe('Extra one-way delay added to every message.'),
  })
  .describe('A window of message loss, duplication, reordering and delay.');

const brokerOutage = z.strictObject({ kind: z.literal('broker-outage'), ...window }).describe('The broker node is down; queues survive if durable.');
const replicaOutage = z.strictObject({ kind: z.literal('replica-outage'), target: identifier.describe('A replica id, or random.'), ...window }).describe('One store replica is down.');
const siteOutage = z.strictObject({ kind: z.literal('site-outage'), target: identifier.describe('A site id, or random.'), ...window }).describe('The site refuses submissions and cannot be polled; jobs already there keep running.');
const slowSite = z
  .strictObject({ kind: z.literal('slow-site'), target: identifier.describe('A site id, or random.'), ...window, factor: z.number().gt(1, { error: 'expected a factor > 1' }).default(3).describe('Queue waits and run times are multiplied by this.') })
  .describe('The site is overloaded.');

export const faultSchema = z
  .discriminatedUnion('kind', [crash, pause, slow, clockSkew, partition, networkChaos, brokerOutage, replicaOutage, siteOutage, slowSite], {
    error: 'expected a fault kind: crash, pause, slow, clock-skew, partition, network, broker-outage, replica-outage, site-outage, slow-site',
  })
  .describe('One scheduled fault.');

export const SWARM_KINDS = ['crash', 'pause', 'slow', 'clock-skew', 'partition', 'network', 'broker-outage', 'replica-outage', 'site-outage', 'slow-site'] as const;

export const swarmSchema = z
  .strictObject({
  count: positiveInt.describe('How many faults to draw.'),
  kinds: z.array(z.enum(SWARM_KINDS)).min(1).default(['crash', 'pause', 'partition', 'network']).describe('Kinds to draw from, uniformly.'),
  duration: durationDistribution.prefault({ uniform: ['1m', '10m'] }).describe('Length of each fault.'),
    from: nonNegativeDuration.default(0).describe('Earliest start; the window from here to the end of the fault phase must be longer than the faults drawn.'),
  })
  .describe('Faults drawn from the seed: kinds, targets, times and lengths.');

export type FaultSpec = z.output<typeof faultSchema>;
export type NodeTargetSpec = z.output<typeof nodeTarget>;
export type SwarmSpec = z.output<typeof swarmSchema>;
