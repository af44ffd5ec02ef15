/**
 * The fault timeline, queried at simulated instants: which nodes are down, paused, slow or
 * skewed; which links are cut or lossy; which sites are out or slow. Intervals are half-open:
 * a node that crashes at 2h and restarts at 2h10m is down at 2h and up again at 2h10m.
 * Crashes triggered during the run (crash points) are added as they happen.
 *
 * Queries at an instant look only at the faults active then: the timeline keeps its faults cut
 * into segments between consecutive start and end instants, each with the faults active in it
 * (in the order they were added, so that "the first such fault" means what it always meant),
 * and finds an instant's segment by binary search. A run's cost per query then stays flat as
 * its fault count grows with its length (a 200-day run has about 1,800 faults).
 *
 * Which nodes, links and sites a fault touches, and how, is its kind's decision (the `effects`
 * of its module, `scenario/faults/kinds/`); the timeline asks the active faults in the order they were
 * added, and the network, the scheduler and the sites carry out the answers.
 */
import { findFaultKind } from '../scenario/faults/kinds/index.js';
import type { FaultEffects, NetworkChaos } from '../scenario/faults/kinds/kind.js';
import type { ResolvedFault } from '../scenario/faults/types.js';
import type { NodeSpec } from '../scenario/model.js';

export interface DownInterval {
  readonly fromMs: number;
  readonly toMs: number;
  readonly faultId: string;
}

/** What `fault` does to the world, as its kind says (nothing for a kind the registry does not hold). */
function effectsOf(fault: ResolvedFault): FaultEffects<ResolvedFault> {
  return findFaultKind(fault.kind)?.effects ?? {};
}

/** Whether `fault` takes `node` down. */
const takesDown = (fault: ResolvedFault, node: string): boolean =>
  effectsOf(fault).down?.(fault).includes(node) ?? false;

/** The first of `faults` for which `answer` is defined, and its answer. */
function firstAnswer<T>(
  faults: readonly ResolvedFault[],
  answer: (fault: ResolvedFault) => T | undefined,
): T | undefined {
  for (const fault of faults) {
    const value = answer(fault);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The faults cut at every start and end: `active[i]` holds in [`startsMs[i]`, `startsMs[i + 1]`); nothing before
 * `startsMs[0]`.
 */
interface Segments {
  readonly startsMs: readonly number[];
  readonly active: readonly (readonly ResolvedFault[])[];
}

const NONE: readonly ResolvedFault[] = [];

function cutIntoSegments(faults: readonly ResolvedFault[]): Segments {
  const startsMs = [...new Set(faults.flatMap((fault) => [fault.startMs, fault.endMs]).filter(Number.isFinite))].sort(
    (a, b) => a - b,
  );
  const active: ResolvedFault[][] = startsMs.map(() => []);
  // Faults in the order they were added; each goes into every segment it covers.
  for (const fault of faults) {
    if (!Number.isFinite(fault.startMs)) throw new Error(`timeline: fault ${fault.id} starts at ${fault.startMs}`);
    for (
      let index = lastAtOrBefore(startsMs, fault.startMs);
      index >= 0 && index < startsMs.length && (startsMs[index] as number) < fault.endMs;
      index++
    ) {
      if ((startsMs[index] as number) >= fault.startMs) active[index]?.push(fault);
    }
  }
  return { startsMs, active };
}

/** The index of the last element ≤ `atMs` in an ascending array, or −1. */
function lastAtOrBefore(sorted: readonly number[], atMs: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= atMs) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

export class FaultTimeline {
  private readonly faults: ResolvedFault[];
  private readonly nodes: ReadonlyMap<string, NodeSpec>;
  private readonly listeners: ((fault: ResolvedFault) => void)[] = [];
  /** Built on first use, and again after a fault is added. */
  private segments: Segments | null = null;
  /** Every instant at which a fault starts or stops or a node joins or leaves, ascending (built with the segments). */
  private changesMs: readonly number[] | null = null;

  constructor(
    faults: readonly ResolvedFault[],
    nodes: readonly NodeSpec[],
    private readonly endMs: number,
  ) {
    this.faults = [...faults];
    this.nodes = new Map(nodes.map((node) => [node.id, node]));
  }

  /** The faults active at `atMs`, in the order they were added. */
  private activeFaults(atMs: number): readonly ResolvedFault[] {
    this.segments ??= cutIntoSegments(this.faults);
    const index = lastAtOrBefore(this.segments.startsMs, atMs);
    return index < 0 ? NONE : (this.segments.active[index] ?? NONE);
  }

  get all(): readonly ResolvedFault[] {
    return this.faults;
  }

  /** Adds a fault that a trigger fired during the run; listeners (the scheduler, the detector) react. */
  add(fault: ResolvedFault): void {
    this.faults.push(fault);
    this.segments = null;
    this.changesMs = null;
    for (const listener of this.listeners) listener(fault);
  }

  onAdd(listener: (fault: ResolvedFault) => void): void {
    this.listeners.push(listener);
  }

  /** Intervals during which `node` is down (crashed, out, or absent after leaving), in time order. */
  downIntervals(node: string): DownInterval[] {
    const intervals: DownInterval[] = this.faults
      .filter((fault) => takesDown(fault, node))
      .map((fault) => ({ fromMs: fault.startMs, toMs: fault.endMs, faultId: fault.id }));
    const leaveAtMs = this.nodes.get(node)?.leaveAtMs;
    if (leaveAtMs !== undefined)
      intervals.push({ fromMs: leaveAtMs, toMs: Number.POSITIVE_INFINITY, faultId: 'leave' });
    return intervals.sort((left, right) => left.fromMs - right.fromMs);
  }

  /** Down: crashed, out, not joined yet, or gone. */
  isDown(node: string, atMs: number): boolean {
    const spec = this.nodes.get(node);
    if (spec?.joinAtMs !== undefined && atMs < spec.joinAtMs) return true;
    if (spec?.leaveAtMs !== undefined && atMs >= spec.leaveAtMs) return true;
    return this.activeFaults(atMs).some((fault) => takesDown(fault, node));
  }

  /** When `node` resumes if it is paused at `atMs`, else undefined. */
  pausedUntil(node: string, atMs: number): number | undefined {
    const pause = this.activeFaults(atMs).find((fault) => effectsOf(fault).paused?.(fault).includes(node));
    return pause?.endMs;
  }

  /** Able to act: neither down nor paused. */
  isUp(node: string, atMs: number): boolean {
    return !this.isDown(node, atMs) && this.pausedUntil(node, atMs) === undefined;
  }

  slowFactor(node: string, atMs: number): number {
    return firstAnswer(this.activeFaults(atMs), (fault) => effectsOf(fault).slowFactor?.(fault, node)) ?? 1;
  }

  clockSkewMs(node: string, atMs: number): number {
    return firstAnswer(this.activeFaults(atMs), (fault) => effectsOf(fault).clockSkewMs?.(fault, node)) ?? 0;
  }

  /** Whether a message from `from` to `to` sent at `atMs` crosses no active partition cut. */
  reachable(from: string, to: string, atMs: number): boolean {
    return !this.activeFaults(atMs).some((fault) =>
      effectsOf(fault)
        .cuts?.(fault)
        .some((cut) => cut.from.includes(from) && cut.to.includes(to)),
    );
  }

  /** Network chaos windows active at `atMs` on the link between two zones. */
  networkWindows(fromZone: string, toZone: string, atMs: number): NetworkChaos[] {
    return this.activeFaults(atMs).flatMap((fault) => effectsOf(fault).networkChaos?.(fault, fromZone, toZone) ?? []);
  }

  siteDown(site: string, atMs: number): boolean {
    return this.activeFaults(atMs).some((fault) => effectsOf(fault).siteDown?.(fault, site) ?? false);
  }

  siteSlowFactor(site: string, atMs: number): number {
    return firstAnswer(this.activeFaults(atMs), (fault) => effectsOf(fault).siteSlowFactor?.(fault, site)) ?? 1;
  }

  /** Faults active at `atMs`. */
  activeAt(atMs: number): ResolvedFault[] {
    return [...this.activeFaults(atMs)];
  }

  /** Instants after `atMs` (and before the run ends) at which some fault starts or stops. */
  changesAfter(atMs: number): number[] {
    this.changesMs ??= this.allChanges();
    return this.changesMs.slice(lastAtOrBefore(this.changesMs, atMs) + 1);
  }

  private allChanges(): number[] {
    const times = new Set<number>();
    for (const fault of this.faults) times.add(fault.startMs).add(fault.endMs);
    for (const node of this.nodes.values()) {
      if (node.joinAtMs !== undefined) times.add(node.joinAtMs);
      if (node.leaveAtMs !== undefined) times.add(node.leaveAtMs);
    }
    return [...times].filter((time) => time <= this.endMs).sort((a, b) => a - b);
  }

  /**
   * The first instant ≥ `fromMs` at which `holds` is true, checked at `fromMs` and at every change; undefined if never.
   */
  firstWhen(fromMs: number, holds: (atMs: number) => boolean): number | undefined {
    if (holds(fromMs)) return fromMs;
    return this.changesAfter(fromMs).find((atMs) => holds(atMs));
  }
}
