/**
 * Fault schedules for generated scenarios. A `FaultDraft` names its target by position (the k-th
 * worker, the k-th zone…) so that it can be drawn before the topology is known and still shrink
 * towards the first worker, the start of the run and the shortest window; `bindFaults` turns
 * drafts into concrete scenario faults for one topology, always valid: inside the fault phase,
 * and never two faults holding one target (a node's liveness, speed or clock, a site) at once —
 * a draft that would clash with an earlier fault is dropped.
 */
import fc from 'fast-check';
import { faultKindModules, heldKeys } from '../simulator/scenario/faults/kinds/index.js';
import type { DraftWindow, ExploreDraw, FaultDraft, FaultKindModule } from '../simulator/scenario/faults/kinds/kind.js';
import type { FaultDocument, ResolvedScenarioOptions, TopologyDocument } from './arbitraries.js';

export type { FaultDraft } from '../simulator/scenario/faults/kinds/kind.js';

/** A way to draw a fault, with the kind it draws. */
interface Draw {
  readonly kind: FaultKindModule;
  readonly draw: ExploreDraw<unknown>;
}

/** Every draw of every kind, by name, in registry order (a partition has one per shape). */
const DRAWS: ReadonlyMap<string, Draw> = new Map(
  faultKindModules().flatMap((kind) => kind.explore.draws.map((draw): [string, Draw] => [draw.name, { kind, draw }])),
);

/** Fault kinds the generator draws; partitions by shape. */
export const GENERATED_FAULT_KINDS: readonly string[] = [...DRAWS.keys()];

/** The name of a draw (`crash`, `isolate`, `zone-split`…): one of `GENERATED_FAULT_KINDS`. */
export type GeneratedFaultKind = string;

function drawNamed(name: string): Draw {
  const draw = DRAWS.get(name);
  if (!draw) throw new Error(`explore: no fault kind draws ${name} (known: ${GENERATED_FAULT_KINDS.join(', ')})`);
  return draw;
}

export function faultDraftArbitrary(options: ResolvedScenarioOptions): fc.Arbitrary<FaultDraft> {
  const level = fc.integer({ min: 0, max: 5 });
  return fc.record({
    kind: fc.oneof(
      ...options.faultKinds.map((kind) => ({ arbitrary: fc.constant(kind), weight: drawNamed(kind).draw.weight })),
    ),
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
export function bindFaults(
  drafts: readonly FaultDraft[],
  topology: TopologyDocument,
  options: ResolvedScenarioOptions,
): FaultDocument[] {
  const bound: Bound[] = [];
  for (const draft of drafts) {
    const atMinute = Math.min(draft.atMinute, options.faultPhaseMinutes - 1);
    const minutes = Math.max(1, Math.min(draft.minutes, options.faultPhaseMinutes - atMinute));
    const window = { at: `${atMinute}m`, duration: `${minutes}m` };
    const candidate = bindOne(draft, topology, window);
    const clash = bound.some(
      (other) =>
        atMinute < other.toMinute &&
        other.fromMinute < atMinute + minutes &&
        other.keys.some((key) => candidate.keys.includes(key)),
    );
    if (!clash) bound.push({ ...candidate, fromMinute: atMinute, toMinute: atMinute + minutes });
  }
  return bound.map((entry) => entry.fault);
}

/** A draft bound by its kind's draw; the targets it holds, as `holds:target` (`liveness:n1`). */
function bindOne(
  draft: FaultDraft,
  topology: TopologyDocument,
  window: DraftWindow,
): Omit<Bound, 'fromMinute' | 'toMinute'> {
  const { kind, draw } = drawNamed(draft.kind);
  const { fault, held } = draw.bind(
    draft,
    { workers: topology.nodes.map((node) => node.id), zones: topology.zones },
    window,
  );
  return { fault: fault as FaultDocument, keys: heldKeys(kind, held) };
}
