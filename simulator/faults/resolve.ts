/**
 * Symbolic faults → the concrete fault timeline. Random choices (a random node, the members of
 * a minority, the swarm's draws) come from streams keyed by the fault's id, so they depend only
 * on the scenario and the seed.
 */
import type { NodeSpec } from '../model.js';
import { type RandomStream, stream } from '../random.js';
import { sampleDurationMs } from '../world/distributions.js';
import type { FaultSpec, NodeTargetSpec, SwarmSpec } from './schema.js';
import type { CrashTrigger, Cut, ResolvedFault } from './types.js';

export interface FaultContext {
  readonly seed: number;
  readonly faultEndMs: number;
  readonly nodes: readonly NodeSpec[];
  readonly sites: readonly string[];
  readonly replicas: readonly { readonly id: string; readonly node: string }[];
  readonly zones: readonly string[];
}

/** Nodes that make up the system under test (clients are the measurement harness). */
function serverNodes(context: FaultContext): NodeSpec[] {
  return context.nodes.filter((node) => node.role !== 'client');
}

function workers(context: FaultContext): string[] {
  return context.nodes.filter((node) => node.role === 'worker').map((node) => node.id);
}

/** Nodes meant by a symbolic target. `withClients`: a zone also takes its clients along (partitions). */
export function resolveNodeTarget(target: NodeTargetSpec, context: FaultContext, random: RandomStream, withClients = false): string[] {
  if (typeof target === 'object' && 'node' in target) return [target.node];
  if (typeof target === 'object') {
    return context.nodes.filter((node) => node.zone === target.zone && (withClients || node.role !== 'client')).map((node) => node.id);
  }
  const pool = workers(context);
  switch (target) {
    case 'coordinator':
      return context.nodes.filter((node) => node.role === 'control').map((node) => node.id);
    case 'broker':
      return context.nodes.filter((node) => node.role === 'broker').map((node) => node.id);
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

function pickNamed(target: string, names: readonly string[], random: RandomStream): string {
  return target === 'random' ? random.pick(names) : target;
}

const both = (a: readonly string[], b: readonly string[]): Cut[] => [
  { from: a, to: b },
  { from: b, to: a },
];

function resolvePartition(spec: Extract<FaultSpec, { kind: 'partition' }>, context: FaultContext, random: RandomStream): { cuts: Cut[]; summary: string } {
  const everyone = context.nodes.map((node) => node.id);
  switch (spec.shape) {
    case 'isolate': {
      const alone = resolveNodeTarget(spec.target, context, random, true);
      const rest = everyone.filter((node) => !alone.includes(node));
      return { cuts: both(alone, rest), summary: `${alone.join(', ')} cut off from everyone else` };
    }
    case 'zones': {
      const groups = spec.groups.map((zones) => context.nodes.filter((node) => zones.includes(node.zone)).map((node) => node.id));
      const cuts = groups.flatMap((group, index) => groups.slice(index + 1).flatMap((other) => both(group, other)));
      return { cuts, summary: spec.groups.map((zones) => zones.join('+')).join(' | ') };
    }
    case 'majority-minority': {
      const servers = random.shuffle(serverNodes(context).map((node) => node.id));
      const minority = servers.slice(0, Math.max(1, Math.floor((servers.length - 1) / 2))).sort();
      const majority = servers.filter((node) => !minority.includes(node)).sort();
      return { cuts: both(minority, majority), summary: `minority ${minority.join(', ')} | majority ${majority.join(', ')}` };
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

function resolveOne(spec: FaultSpec, id: string, context: FaultContext): ResolvedFault | CrashTrigger {
  const random = stream(context.seed, 'fault-target', id);
  const startMs = spec.at ?? 0;
  const endMs = spec.duration === undefined ? context.faultEndMs : Math.min(context.faultEndMs, startMs + spec.duration);
  const window = { id, startMs, endMs };
  switch (spec.kind) {
    case 'crash':
      if (spec.when) {
        return {
          id,
          on: spec.when.on,
          taskKind: spec.when.kind,
          point: spec.when.point,
          nth: spec.when.nth,
          durationMs: spec.duration ?? context.faultEndMs,
          nodes: spec.target ? resolveNodeTarget(spec.target, context, random) : [],
        };
      }
      return { ...window, kind: 'crash', nodes: resolveNodeTarget(spec.target ?? 'random', context, random) };
    case 'pause':
      return { ...window, kind: 'pause', nodes: resolveNodeTarget(spec.target, context, random) };
    case 'slow':
      return { ...window, kind: 'slow', nodes: resolveNodeTarget(spec.target, context, random), factor: spec.factor };
    case 'clock-skew':
      return { ...window, kind: 'clock-skew', nodes: resolveNodeTarget(spec.target, context, random), offsetMs: spec.offset };
    case 'partition':
      return { ...window, kind: 'partition', shape: spec.shape, ...resolvePartition(spec, context, random) };
    case 'network':
      return { ...window, kind: 'network', zones: spec.between, loss: spec.loss, duplicate: spec.duplicate, reorder: spec.reorder, delay: spec.delay };
    case 'broker-outage':
      return { ...window, kind: 'broker-outage', nodes: context.nodes.filter((node) => node.role === 'broker').map((node) => node.id) };
    case 'replica-outage': {
      const replica = pickNamed(spec.target, context.replicas.map((candidate) => candidate.id), random);
      return { ...window, kind: 'replica-outage', replica, nodes: context.replicas.filter((candidate) => candidate.id === replica).map((candidate) => candidate.node) };
    }
    case 'site-outage':
      return { ...window, kind: 'site-outage', site: pickNamed(spec.target, context.sites, random) };
    case 'slow-site':
      return { ...window, kind: 'slow-site', site: pickNamed(spec.target, context.sites, random), factor: spec.factor };
  }
}

/** Draws `swarm.count` faults from the seed, as explicit fault specs. */
export function drawSwarm(swarm: SwarmSpec, context: FaultContext): FaultSpec[] {
  const specs: FaultSpec[] = [];
  for (let index = 0; index < swarm.count; index++) {
    const random = stream(context.seed, 'swarm', index);
    const kind = random.pick(swarm.kinds);
    const durationMs = Math.min(sampleDurationMs(swarm.duration, random, 1), Math.max(1, context.faultEndMs - swarm.from - 1));
    const at = swarm.from + Math.floor(random.float() * Math.max(1, context.faultEndMs - swarm.from - durationMs));
    const window = { at, duration: durationMs };
    switch (kind) {
      case 'crash':
        specs.push({ kind, target: 'random', ...window });
        break;
      case 'pause':
        specs.push({ kind, target: 'random', ...window });
        break;
      case 'slow':
        specs.push({ kind, target: 'random', factor: 2 + random.int(0, 8), ...window });
        break;
      case 'clock-skew':
        specs.push({ kind, target: 'random', offset: (random.chance(0.5) ? 1 : -1) * random.int(1, 120) * 1_000, ...window });
        break;
      case 'partition': {
        const shape = random.pick(context.zones.length > 1 ? (['isolate', 'majority-minority', 'bridge', 'zones'] as const) : (['isolate', 'majority-minority', 'bridge'] as const));
        if (shape === 'zones') {
          const shuffled = random.shuffle(context.zones);
          const cut = random.int(1, shuffled.length - 1);
          specs.push({ kind, shape, groups: [shuffled.slice(0, cut), shuffled.slice(cut)], ...window });
        } else if (shape === 'isolate') {
          specs.push({ kind, shape, target: random.chance(0.3) ? 'coordinator' : 'random', ...window });
        } else {
          specs.push({ kind, shape, ...window });
        }
        break;
      }
      case 'network':
        specs.push({ kind, loss: Math.round(random.float() * 30) / 100, duplicate: Math.round(random.float() * 10) / 100, reorder: Math.round(random.float() * 20) / 100, ...window });
        break;
      case 'broker-outage':
        specs.push({ kind, ...window });
        break;
      case 'replica-outage':
      case 'site-outage':
      case 'slow-site':
        specs.push(kind === 'slow-site' ? { kind, target: 'random', factor: 2 + random.int(0, 3), ...window } : { kind, target: 'random', ...window });
        break;
    }
  }
  return specs;
}

export interface FaultTimelineParts {
  readonly faults: ResolvedFault[];
  readonly crashTriggers: CrashTrigger[];
}

/** Resolves the scenario's explicit faults and its swarm into the timeline. */
export function resolveFaults(explicit: readonly FaultSpec[], swarm: SwarmSpec | undefined, context: FaultContext): FaultTimelineParts {
  const specs = [...explicit.map((spec, index) => ({ spec, id: `f${index + 1}` })), ...(swarm ? drawSwarm(swarm, context).map((spec, index) => ({ spec, id: `s${index + 1}` })) : [])];
  const faults: ResolvedFault[] = [];
  const crashTriggers: CrashTrigger[] = [];
  for (const { spec, id } of specs) {
    const resolved = resolveOne(spec, id, context);
    if ('on' in resolved) crashTriggers.push(resolved);
    else if (!conflicts(resolved, faults)) faults.push(resolved);
  }
  faults.sort((left, right) => left.startMs - right.startMs || left.id.localeCompare(right.id, 'en', { numeric: true }));
  return { faults, crashTriggers };
}

/** Two faults that cannot both hold of one target at once (e.g. two crashes of one node). */
function conflicts(candidate: ResolvedFault, accepted: readonly ResolvedFault[]): boolean {
  const targetsOf = (fault: ResolvedFault): string[] => {
    if ('nodes' in fault) return fault.nodes.map((node) => `node:${node}`);
    if ('site' in fault) return [`site:${fault.site}`];
    return [];
  };
  const exclusive = (fault: ResolvedFault) => fault.kind !== 'partition' && fault.kind !== 'network';
  if (!exclusive(candidate)) return false;
  const mine = targetsOf(candidate);
  return accepted.some(
    (other) =>
      exclusive(other) &&
      other.startMs < candidate.endMs &&
      candidate.startMs < other.endMs &&
      sameFamily(other, candidate) &&
      targetsOf(other).some((target) => mine.includes(target)),
  );
}

/** Faults that contradict each other on one target: being down vs paused, two skews, two slowdowns. */
function sameFamily(left: ResolvedFault, right: ResolvedFault): boolean {
  const family = (fault: ResolvedFault) =>
    fault.kind === 'crash' || fault.kind === 'pause' || fault.kind === 'broker-outage' || fault.kind === 'replica-outage' ? 'liveness' : fault.kind;
  return family(left) === family(right);
}
