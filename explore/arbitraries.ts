/**
 * fast-check arbitraries for scenario *documents* — the plain object a scenario file holds,
 * before the schema parses it — so that a generated scenario can be written as YAML and replayed
 * with `faultline run`. Valid by construction: every value passes the schema and its reference
 * checks (a unit property test samples thousands). Small by design (1–6 jobs, 2–4 workers in
 * 1–2 zones, 0–3 faults of 1–10 minutes starting in the first 10 minutes of a 20-minute fault
 * phase) so that one run takes seconds.
 *
 * Shrinking is fast-check's own. `scenarioArbitrary` is one `fc.record`, mapped to a document,
 * so a failing scenario shrinks as a whole; fast-check tries the first field's smaller values
 * first, and after every successful step starts again from the first field, so the field order
 * of `ScenarioDraft` is the shrink order: fewer jobs, each fault switched off, fewer workers and
 * zones, then each fault made shorter, earlier, aimed at the first worker and weaker, then a
 * simpler workload and topology.
 */
import fc from 'fast-check';
import type { ScenarioInput } from '../simulator/scenario/schema.js';
import {
  type FaultDraft,
  type GeneratedFaultKind,
  GENERATED_FAULT_KINDS,
  bindFaults,
  faultDraftArbitrary,
} from './faults.js';

/** The plain object a scenario file holds (what `faultline run` reads), before zod parses it. */
export type ScenarioDocument = ScenarioInput;
export type WorkloadDocument = ScenarioInput['workload'];
export type TopologyDocument = ScenarioInput['topology'];
export type FaultDocument = NonNullable<ScenarioInput['faults']>[number];
export type TargetsDocument = NonNullable<ScenarioInput['targets']>;

/** An inclusive range of counts. */
export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

/** Every option is optional; `resolveOptions` holds every default. */
export interface ScenarioArbitraryOptions {
  /** Jobs in the workload (default 1–6). */
  readonly jobs?: CountRange;
  /** Worker nodes (default 2–4), spread over the zones round-robin. */
  readonly workers?: CountRange;
  /** Zones (default 1–2, at most one per worker); each gets a client. */
  readonly zones?: CountRange;
  /** Scheduled faults (default 0–3). */
  readonly faults?: CountRange;
  /** Fault kinds to draw from (default: every kind in `GENERATED_FAULT_KINDS`). */
  readonly faultKinds?: readonly GeneratedFaultKind[];
  /** Length of a fault in minutes (default 1–10; cut at the heal). */
  readonly faultMinutes?: CountRange;
  /** Latest start of a fault, in minutes (default 10, while the jobs still run). */
  readonly faultLatestStartMinute?: number;
  /** Length of the fault phase in minutes (default 20); arrivals and faults fall inside it. */
  readonly faultPhaseMinutes?: number;
  /** Convergence budget after the heal, in minutes (default 60: longer than any strategy's recovery timeout). */
  readonly convergeMinutes?: number;
  /** With two or more zones: a broker in every zone (default: drawn). */
  readonly brokerPerZone?: boolean;
  /** Check targets written into the document (default none). */
  readonly targets?: TargetsDocument;
  /** The scenario's name (default `generated`). */
  readonly name?: string;
}

export interface ResolvedScenarioOptions {
  readonly jobs: Required<CountRange>;
  readonly workers: Required<CountRange>;
  readonly zones: Required<CountRange>;
  readonly faults: Required<CountRange>;
  readonly faultKinds: readonly GeneratedFaultKind[];
  readonly faultMinutes: Required<CountRange>;
  readonly faultLatestStartMinute: number;
  readonly faultPhaseMinutes: number;
  readonly convergeMinutes: number;
  readonly brokerPerZone: boolean | undefined;
  readonly targets: TargetsDocument;
  readonly name: string;
}

const range = (
  given: CountRange | undefined,
  min: number,
  max: number,
  floor: number,
  ceiling = Number.POSITIVE_INFINITY,
): Required<CountRange> => {
  const low = Math.min(ceiling, Math.max(floor, Math.floor(given?.min ?? min)));
  return { min: low, max: Math.min(ceiling, Math.max(low, Math.floor(given?.max ?? max))) };
};

/** Every default in one place. */
export function resolveOptions(options: ScenarioArbitraryOptions = {}): ResolvedScenarioOptions {
  const faultPhaseMinutes = Math.max(5, Math.floor(options.faultPhaseMinutes ?? 20));
  return {
    jobs: range(options.jobs, 1, 6, 1),
    workers: range(options.workers, 2, 4, 1),
    zones: range(options.zones, 1, 2, 1),
    faults: range(options.faults, 0, 3, 0),
    faultKinds: options.faultKinds && options.faultKinds.length > 0 ? options.faultKinds : GENERATED_FAULT_KINDS,
    faultMinutes: range(options.faultMinutes, 1, 10, 1, faultPhaseMinutes),
    faultLatestStartMinute: Math.max(
      0,
      Math.min(Math.floor(options.faultLatestStartMinute ?? 10), faultPhaseMinutes - 1),
    ),
    faultPhaseMinutes,
    convergeMinutes: Math.max(1, Math.floor(options.convergeMinutes ?? 60)),
    brokerPerZone: options.brokerPerZone,
    targets: options.targets ?? {},
    name: options.name ?? 'generated',
  };
}

/** The workload but its job count. */
export interface WorkloadShape {
  /** Gap between two arrivals, seconds (tightened when the jobs would not fit in the fault phase). */
  readonly everySeconds: number;
  readonly startMinute: number;
  /** Run time of a job at the compute site, minutes. */
  readonly runtimeMinutes: number;
  /** The Airavata chain, or a diamond (input staging in parallel with submission and monitoring). */
  readonly graph: 'chain' | 'diamond';
  /** Half the jobs URGENT. */
  readonly urgent: boolean;
}

export interface TopologyShape {
  /** Slots of every worker. */
  readonly slots: number;
  readonly brokerPerZone: boolean;
  readonly site: 'CLOUD' | 'VM';
}

function workloadShapeArbitrary(resolved: ResolvedScenarioOptions): fc.Arbitrary<WorkloadShape> {
  return fc.record({
    everySeconds: fc.constantFrom(60, 30, 120, 180),
    startMinute: fc.integer({ min: 0, max: Math.min(3, resolved.faultPhaseMinutes - 1) }),
    runtimeMinutes: fc.integer({ min: 1, max: 5 }),
    graph: fc.constantFrom('chain' as const, 'diamond' as const),
    urgent: fc.boolean(),
  });
}

function topologyShapeArbitrary(resolved: ResolvedScenarioOptions): fc.Arbitrary<TopologyShape> {
  return fc.record({
    slots: fc.constantFrom(2, 1),
    brokerPerZone: resolved.brokerPerZone === undefined ? fc.boolean() : fc.constant(resolved.brokerPerZone),
    site: fc.constantFrom('CLOUD' as const, 'VM' as const),
  });
}

const STAGE_DURATIONS = {
  ENV_SETUP: '20s',
  INPUT_DATA_STAGING: '1m',
  JOB_SUBMISSION: '10s',
  MONITORING: '30s',
  OUTPUT_DATA_STAGING: '1m',
} as const;

const DIAMOND = [
  'ENV_SETUP',
  { id: 'INPUT_DATA_STAGING', kind: 'INPUT_DATA_STAGING', after: ['ENV_SETUP'] },
  { id: 'JOB_SUBMISSION', kind: 'JOB_SUBMISSION', after: ['ENV_SETUP'] },
  { id: 'MONITORING', kind: 'MONITORING', after: ['JOB_SUBMISSION'] },
  { id: 'OUTPUT_DATA_STAGING', kind: 'OUTPUT_DATA_STAGING', after: ['INPUT_DATA_STAGING', 'MONITORING'] },
] as const;

/** Exact duration text (`formatDurationMs` rounds to two units): 90 → `1m30s`. */
export function durationText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

export function workloadDocument(jobs: number, shape: WorkloadShape, faultPhaseMinutes: number): WorkloadDocument {
  // The last arrival must come before the heal: tighten the gap when the jobs would not fit.
  const roomSeconds = (faultPhaseMinutes - shape.startMinute) * 60 - 1;
  const everySeconds =
    jobs > 1 ? Math.max(1, Math.min(shape.everySeconds, Math.floor(roomSeconds / (jobs - 1)))) : shape.everySeconds;
  const tasks =
    shape.graph === 'chain'
      ? undefined
      : DIAMOND.map((task) => (typeof task === 'string' ? task : { ...task, after: [...task.after] }));
  return {
    jobs,
    arrival: { every: durationText(everySeconds) },
    ...(shape.startMinute > 0 ? { start: `${shape.startMinute}m` } : {}),
    durations: { ...STAGE_DURATIONS },
    types: [{ name: 'PHYSICS', runtime: `${shape.runtimeMinutes}m`, ...(tasks ? { tasks } : {}) }],
    ...(shape.urgent ? { urgent: 0.5 } : {}),
  };
}

export const zoneNames = (count: number): string[] => Array.from({ length: count }, (_, index) => `z${index + 1}`);

export function topologyDocument(workers: number, zoneCount: number, shape: TopologyShape): TopologyDocument {
  const zones = zoneNames(Math.max(1, Math.min(zoneCount, workers)));
  return {
    zones,
    clients: zones.map((zone) => ({ zone })),
    nodes: Array.from({ length: workers }, (_, index) => ({
      id: `n${index + 1}`,
      zone: zones[index % zones.length] as string,
      slots: shape.slots,
    })),
    sites: [{ id: 'site1', kind: shape.site }],
    ...(shape.brokerPerZone && zones.length > 1 ? { broker: { zones } } : {}),
  };
}

/** The workload section of a scenario document. */
export function workloadArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<WorkloadDocument> {
  const resolved = resolveOptions(options);
  return fc
    .record({ jobs: fc.integer(resolved.jobs), shape: workloadShapeArbitrary(resolved) })
    .map(({ jobs, shape }) => workloadDocument(jobs, shape, resolved.faultPhaseMinutes));
}

/** The topology section of a scenario document. */
export function topologyArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<TopologyDocument> {
  const resolved = resolveOptions(options);
  return fc
    .record({
      workers: fc.integer(resolved.workers),
      zones: fc.integer(resolved.zones),
      shape: topologyShapeArbitrary(resolved),
    })
    .map(({ workers, zones, shape }) => topologyDocument(workers, zones, shape));
}

/** Which of the drafted faults are on: at least `min` (the first ones switched on when too few are). */
function selectFaults(enabled: readonly boolean[], drafts: readonly FaultDraft[], min: number): FaultDraft[] {
  let missing = Math.max(0, min - enabled.filter(Boolean).length);
  return drafts.filter((_, index) => {
    if (enabled[index]) return true;
    if (missing === 0) return false;
    missing -= 1;
    return true;
  });
}

/** One switch per fault slot: a switch shrinks to off, so removing a fault is the first thing shrinking tries. */
const faultSwitches = (resolved: ResolvedScenarioOptions) =>
  fc.array(fc.boolean(), { minLength: resolved.faults.max, maxLength: resolved.faults.max });
const faultDrafts = (resolved: ResolvedScenarioOptions) =>
  fc.array(faultDraftArbitrary(resolved), { minLength: resolved.faults.max, maxLength: resolved.faults.max });

/**
 * A fault schedule for a given topology: concrete faults (node ids, zones, sites) with explicit
 * `at` and `duration` inside the fault phase, no two holding the same target at once.
 */
export function faultScheduleArbitrary(
  topology: TopologyDocument,
  options: ScenarioArbitraryOptions = {},
): fc.Arbitrary<FaultDocument[]> {
  const resolved = resolveOptions(options);
  return fc
    .record({ enabled: faultSwitches(resolved), drafts: faultDrafts(resolved) })
    .map(({ enabled, drafts }) => bindFaults(selectFaults(enabled, drafts, resolved.faults.min), topology, resolved));
}

/** What `scenarioArbitrary` draws. Its field order is the shrink order. */
export interface ScenarioDraft {
  readonly jobs: number;
  readonly faultsOn: readonly boolean[];
  readonly workers: number;
  readonly zones: number;
  readonly faults: readonly FaultDraft[];
  readonly workload: WorkloadShape;
  readonly topology: TopologyShape;
  readonly seed: number;
}

export function scenarioDraftArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<ScenarioDraft> {
  const resolved = resolveOptions(options);
  return fc.record({
    jobs: fc.integer(resolved.jobs),
    faultsOn: faultSwitches(resolved),
    workers: fc.integer(resolved.workers),
    zones: fc.integer(resolved.zones),
    faults: faultDrafts(resolved),
    workload: workloadShapeArbitrary(resolved),
    topology: topologyShapeArbitrary(resolved),
    // The scenario's seed (task run times, latencies) does not shrink: another seed is another run, not a smaller one.
    seed: fc.noShrink(fc.integer({ min: 1, max: 9_999 })),
  });
}

export function scenarioDocument(draft: ScenarioDraft, options: ScenarioArbitraryOptions = {}): ScenarioDocument {
  const resolved = resolveOptions(options);
  const topology = topologyDocument(draft.workers, draft.zones, draft.topology);
  const faults = bindFaults(selectFaults(draft.faultsOn, draft.faults, resolved.faults.min), topology, resolved);
  return {
    name: resolved.name,
    seed: draft.seed,
    duration: `${resolved.faultPhaseMinutes}m`,
    workload: workloadDocument(draft.jobs, draft.workload, resolved.faultPhaseMinutes),
    topology,
    ...(faults.length > 0 ? { faults } : {}),
    phases: { converge: `${resolved.convergeMinutes}m` },
    ...(Object.keys(resolved.targets).length > 0 ? { targets: resolved.targets } : {}),
  };
}

/** A whole scenario document: workload, topology and fault schedule, shrinking together. */
export function scenarioArbitrary(options: ScenarioArbitraryOptions = {}): fc.Arbitrary<ScenarioDocument> {
  return scenarioDraftArbitrary(options).map((draft) => scenarioDocument(draft, options));
}

export { GENERATED_FAULT_KINDS, type GeneratedFaultKind } from './faults.js';
