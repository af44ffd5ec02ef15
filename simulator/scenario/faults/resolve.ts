/**
 * Symbolic faults → the concrete fault timeline. Random choices (a random node, the members of
 * a minority, the swarm's draws) come from streams keyed by the fault's id, so they depend only
 * on the scenario and the seed. What each kind resolves to, and how the swarm draws it, is its
 * module's (`kinds/`); here: the window, the streams, the order, and no two faults holding one
 * target at once.
 */
import { stream } from '../../base/random.js';
import { sampleDurationMs } from '../distributions.js';
import { faultKind, heldKeys } from './kinds/index.js';
import type { FaultSpec, SwarmSpec } from './schema.js';
import type { FaultContext } from './targets.js';
import type { CrashTrigger, ResolvedFault } from './types.js';

function resolveOne(spec: FaultSpec, id: string, context: FaultContext): ResolvedFault | CrashTrigger {
  const random = stream(context.seed, 'fault-target', id);
  const startMs = spec.at ?? 0;
  const endMs =
    spec.duration === undefined ? context.faultEndMs : Math.min(context.faultEndMs, startMs + spec.duration);
  return faultKind(spec.kind).resolve(spec, { id, startMs, endMs }, context, random) as ResolvedFault | CrashTrigger;
}

/** Draws `swarm.count` faults from the seed, as explicit fault specs; each kind says how it is drawn. */
export function drawSwarm(swarm: SwarmSpec, context: FaultContext): FaultSpec[] {
  const specs: FaultSpec[] = [];
  for (let index = 0; index < swarm.count; index++) {
    const random = stream(context.seed, 'swarm', index);
    const kind = random.pick(swarm.kinds);
    const durationMs = Math.min(
      sampleDurationMs(swarm.duration, random, 1),
      Math.max(1, context.faultEndMs - swarm.from - 1),
    );
    const at = swarm.from + Math.floor(random.float() * Math.max(1, context.faultEndMs - swarm.from - durationMs));
    specs.push(faultKind(kind).swarm({ at, duration: durationMs }, random, context) as FaultSpec);
  }
  return specs;
}

export interface FaultTimelineParts {
  readonly faults: ResolvedFault[];
  readonly crashTriggers: CrashTrigger[];
}

/** Resolves the scenario's explicit faults and its swarm into the timeline. */
export function resolveFaults(
  explicit: readonly FaultSpec[],
  swarm: SwarmSpec | undefined,
  context: FaultContext,
): FaultTimelineParts {
  const specs = [
    ...explicit.map((spec, index) => ({ spec, id: `f${index + 1}` })),
    ...(swarm ? drawSwarm(swarm, context).map((spec, index) => ({ spec, id: `s${index + 1}` })) : []),
  ];
  const faults: ResolvedFault[] = [];
  const crashTriggers: CrashTrigger[] = [];
  for (const { spec, id } of specs) {
    const resolved = resolveOne(spec, id, context);
    if ('on' in resolved) crashTriggers.push(resolved);
    else if (!conflicts(resolved, faults)) faults.push(resolved);
  }
  faults.sort(
    (left, right) => left.startMs - right.startMs || left.id.localeCompare(right.id, 'en', { numeric: true }),
  );
  return { faults, crashTriggers };
}

/**
 * Two faults that cannot both hold of one target at once (e.g. two crashes of one node): both
 * hold the same thing (their kinds' `holds`) on a node or site they share, at overlapping times.
 */
function conflicts(candidate: ResolvedFault, accepted: readonly ResolvedFault[]): boolean {
  const mine = heldBy(candidate);
  if (mine.length === 0) return false;
  return accepted.some(
    (other) =>
      other.startMs < candidate.endMs &&
      candidate.startMs < other.endMs &&
      heldBy(other).some((key) => mine.includes(key)),
  );
}

/** What a resolved fault holds on the nodes or the site it acts on (`liveness:n1`). */
function heldBy(fault: ResolvedFault): string[] {
  return heldKeys(faultKind(fault.kind), 'nodes' in fault ? fault.nodes : 'site' in fault ? [fault.site] : []);
}
