/**
 * Fault schedules for generated scenarios. A `FaultDraft` names its target by position (the k-th
 * worker, the k-th zone…) so that it can be drawn before the topology is known and still shrink
 * towards the first worker, the start of the run and the shortest window; `bindFaults` turns
 * drafts into concrete scenario faults for one topology, always valid: inside the fault phase,
 * and never two faults holding one target (a node's liveness, speed or clock, a site) at once —
 * a draft that would clash with an earlier fault is dropped.
 */
import fc from 'fast-check';
import type { FaultDocument, ResolvedScenarioOptions, TopologyDocument } from './arbitraries.js';

/** Fault kinds the generator draws; partitions by shape. */
export const GENERATED_FAULT_KINDS = [
  'crash',
  'pause',
  'slow',
  'clock-skew',
  'isolate',
  'zone-split',
  'majority-minority',
  'one-way',
  'bridge',
  'network',
  'broker-outage',
  'replica-outage',
  'site-outage',
  'slow-site',
] as const;

export type GeneratedFaultKind = (typeof GENERATED_FAULT_KINDS)[number];

/** How often each kind is drawn: the kinds that most often expose a bug weigh more. */
const KIND_WEIGHTS: Partial<Record<GeneratedFaultKind, number>> = { crash: 3, network: 4, isolate: 2 };

/** A fault before it meets a topology. Its field order is its shrink order. */
export interface FaultDraft {
  readonly kind: GeneratedFaultKind;
  /** Which target, by position: the workers, then the coordinator, then the broker (wrapping around). */
  readonly target: number;
  /** Length in minutes (cut at the heal). */
  readonly minutes: number;
  /** Minute of the fault phase at which it starts. */
  readonly atMinute: number;
  /** Strength, 1–5: a slow factor of 2–6, a clock offset of 30 s steps. */
  readonly level: number;
  /** The other direction: of a one-way cut (a worker to the coordinator), of a clock offset. */
  readonly reverse: boolean;
  /** Network chaos, each 0–5 (0: none; a probability of 0.1–0.5; a delay of 2–10 s): shrinking drops the effects that do not matter. */
  readonly network: { readonly duplicate: number; readonly loss: number; readonly reorder: number; readonly delay: number };
}

export function faultDraftArbitrary(options: ResolvedScenarioOptions): fc.Arbitrary<FaultDraft> {
  const level = fc.integer({ min: 0, max: 5 });
  return fc.record({
    kind: fc.oneof(...options.faultKinds.map((kind) => ({ arbitrary: fc.constant(kind), weight: KIND_WEIGHTS[kind] ?? 1 }))),
    target: fc.nat({ max: 7 }),
    minutes: fc.integer(options.faultMinutes),
    atMinute: fc.integer({ min: 0, max: Math.max(0, options.faultLatestStartMinute) }),
    level: fc.integer({ min: 1, max: 5 }),
    reverse: fc.boolean(),
    network: fc.record({ duplicate: level, loss: level, reorder: level, delay: level }),
  });
}

interface Bound {
  readonly fault: FaultDocument;
  /** What it holds exclusively, e.g. `liveness:n1`. */
  readonly keys: readonly string[];
  readonly fromMinute: number;
  readonly toMinute: number;
}

/** The concrete faults of `drafts` on `topology`, in draft order, minus any that would clash. */
export function bindFaults(drafts: readonly FaultDraft[], topology: TopologyDocument, options: ResolvedScenarioOptions): FaultDocument[] {
  const bound: Bound[] = [];
  for (const draft of drafts) {
    const atMinute = Math.min(draft.atMinute, options.faultPhaseMinutes - 1);
    const minutes = Math.max(1, Math.min(draft.minutes, options.faultPhaseMinutes - atMinute));
    const window = { at: `${atMinute}m`, duration: `${minutes}m` };
    const candidate = bindOne(draft, topology, window);
    const clash = bound.some((other) => atMinute < other.toMinute && other.fromMinute < atMinute + minutes && other.keys.some((key) => candidate.keys.includes(key)));
    if (!clash) bound.push({ ...candidate, fromMinute: atMinute, toMinute: atMinute + minutes });
  }
  return bound.map((entry) => entry.fault);
}

type Window = { readonly at: string; readonly duration: string };

function bindOne(draft: FaultDraft, topology: TopologyDocument, window: Window): Omit<Bound, 'fromMinute' | 'toMinute'> {
  const workers = topology.nodes.map((node) => node.id);
  const zones = topology.zones;
  const worker = workers[draft.target % workers.length] as string;
  // Crash and pause may also hit the control node and the broker, after the workers.
  const anyNode = [...workers, 'coordinator', 'broker'][draft.target % (workers.length + 2)] as string;
  const liveness = (node: string) => [`liveness:${node === 'coordinator' ? 'control' : node}`];
  switch (draft.kind) {
    case 'crash':
      return { fault: { kind: 'crash', target: anyNode, ...window }, keys: liveness(anyNode) };
    case 'pause':
      return { fault: { kind: 'pause', target: anyNode, ...window }, keys: liveness(anyNode) };
    case 'slow':
      return { fault: { kind: 'slow', target: worker, ...window, factor: draft.level + 1 }, keys: [`speed:${worker}`] };
    case 'clock-skew':
      return { fault: { kind: 'clock-skew', target: worker, ...window, offset: `${draft.reverse ? '-' : '+'}${draft.level * 30}s` }, keys: [`clock:${worker}`] };
    case 'isolate': {
      // A worker, the coordinator, or (with zones) a whole zone.
      const choices: (string | { zone: string })[] = [...workers, 'coordinator', ...(zones.length > 1 ? zones.map((zone) => ({ zone })) : [])];
      return { fault: { kind: 'partition', shape: 'isolate', target: choices[draft.target % choices.length] as string | { zone: string }, ...window }, keys: [] };
    }
    case 'zone-split':
      if (zones.length < 2) return { fault: { kind: 'partition', shape: 'isolate', target: worker, ...window }, keys: [] };
      return { fault: { kind: 'partition', shape: 'zones', groups: [[zones[0] as string], zones.slice(1)], ...window }, keys: [] };
    case 'majority-minority':
      return { fault: { kind: 'partition', shape: 'majority-minority', ...window }, keys: [] };
    case 'bridge':
      return { fault: { kind: 'partition', shape: 'bridge', ...window }, keys: [] };
    case 'one-way': {
      const [from, to] = draft.reverse ? [worker, 'coordinator'] : ['coordinator', worker];
      return { fault: { kind: 'partition', shape: 'one-way', from, to, ...window }, keys: [] };
    }
    case 'network':
      return { fault: networkFault(draft, window), keys: [] };
    case 'broker-outage':
      return { fault: { kind: 'broker-outage', ...window }, keys: ['liveness:broker'] };
    case 'replica-outage': {
      const replica = `r${(draft.target % 3) + 1}`;
      return { fault: { kind: 'replica-outage', target: replica, ...window }, keys: [`liveness:store-${replica}`] };
    }
    case 'site-outage':
      return { fault: { kind: 'site-outage', target: 'site1', ...window }, keys: ['site-outage:site1'] };
    case 'slow-site':
      return { fault: { kind: 'slow-site', target: 'site1', ...window, factor: draft.level + 1 }, keys: ['slow-site:site1'] };
  }
}

/** Only the effects drawn above 0 are written, so a shrunk window names what it needs. */
function networkFault(draft: FaultDraft, window: Window): FaultDocument {
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
