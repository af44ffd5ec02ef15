/**
 * The fault timeline, queried at simulated instants: which nodes are down, paused, slow or
 * skewed; which links are cut or lossy; which sites are out or slow. Intervals are half-open:
 * a node that crashes at 2h and restarts at 2h10m is down at 2h and up again at 2h10m.
 * Crashes triggered during the run (crash points) are added as they happen.
 */
import { type Cut, DOWN_KINDS, type ResolvedFault } from '../faults/types.js';
import type { NodeSpec } from '../model.js';

export interface DownInterval {
  readonly fromMs: number;
  readonly toMs: number;
  readonly faultId: string;
}

type NetworkFault = Extract<ResolvedFault, { kind: 'network' }>;

const active = (fault: ResolvedFault, atMs: number) => fault.startMs <= atMs && atMs < fault.endMs;

export class FaultTimeline {
  private readonly faults: ResolvedFault[];
  private readonly nodes: ReadonlyMap<string, NodeSpec>;
  private readonly listeners: ((fault: ResolvedFault) => void)[] = [];

  constructor(faults: readonly ResolvedFault[], nodes: readonly NodeSpec[], private readonly endMs: number) {
    this.faults = [...faults];
    this.nodes = new Map(nodes.map((node) => [node.id, node]));
  }

  get all(): readonly ResolvedFault[] {
    return this.faults;
  }

  /** Adds a fault that a trigger fired during the run; listeners (the scheduler, the detector) react. */
  add(fault: ResolvedFault): void {
    this.faults.push(fault);
    for (const listener of this.listeners) listener(fault);
  }

  onAdd(listener: (fault: ResolvedFault) => void): void {
    this.listeners.push(listener);
  }

  /** Intervals during which `node` is down (crashed, out, or absent after leaving), in time order. */
  downIntervals(node: string): DownInterval[] {
    const intervals: DownInterval[] = this.faults
      .filter((fault) => DOWN_KINDS.has(fault.kind) && 'nodes' in fault && fault.nodes.includes(node))
      .map((fault) => ({ fromMs: fault.startMs, toMs: fault.endMs, faultId: fault.id }));
    const leaveAtMs = this.nodes.get(node)?.leaveAtMs;
    if (leaveAtMs !== undefined) intervals.push({ fromMs: leaveAtMs, toMs: Number.POSITIVE_INFINITY, faultId: 'leave' });
    return intervals.sort((left, right) => left.fromMs - right.fromMs);
  }

  /** Down: crashed, out, not joined yet, or gone. */
  isDown(node: string, atMs: number): boolean {
    const spec = this.nodes.get(node);
    if (spec?.joinAtMs !== undefined && atMs < spec.joinAtMs) return true;
    if (spec?.leaveAtMs !== undefined && atMs >= spec.leaveAtMs) return true;
    return this.faults.some((fault) => DOWN_KINDS.has(fault.kind) && 'nodes' in fault && fault.nodes.includes(node) && active(fault, atMs));
  }

  /** When `node` resumes if it is paused at `atMs`, else undefined. */
  pausedUntil(node: string, atMs: number): number | undefined {
    const pause = this.faults.find((fault) => fault.kind === 'pause' && fault.nodes.includes(node) && active(fault, atMs));
    return pause?.endMs;
  }

  /** Able to act: neither down nor paused. */
  isUp(node: string, atMs: number): boolean {
    return !this.isDown(node, atMs) && this.pausedUntil(node, atMs) === undefined;
  }

  slowFactor(node: string, atMs: number): number {
    const slow = this.faults.find((fault) => fault.kind === 'slow' && fault.nodes.includes(node) && active(fault, atMs));
    return slow?.kind === 'slow' ? slow.factor : 1;
  }

  clockSkewMs(node: string, atMs: number): number {
    const skew = this.faults.find((fault) => fault.kind === 'clock-skew' && fault.nodes.includes(node) && active(fault, atMs));
    return skew?.kind === 'clock-skew' ? skew.offsetMs : 0;
  }

  /** Whether a message from `from` to `to` sent at `atMs` crosses no active partition cut. */
  reachable(from: string, to: string, atMs: number): boolean {
    return !this.faults.some(
      (fault) => fault.kind === 'partition' && active(fault, atMs) && fault.cuts.some((cut: Cut) => cut.from.includes(from) && cut.to.includes(to)),
    );
  }

  /** Network chaos windows active at `atMs` on the link between two zones. */
  networkWindows(fromZone: string, toZone: string, atMs: number): NetworkFault[] {
    return this.faults.filter(
      (fault): fault is NetworkFault =>
        fault.kind === 'network' &&
        active(fault, atMs) &&
        (fault.zones === undefined || (fault.zones.includes(fromZone) && fault.zones.includes(toZone) && (fromZone !== toZone || fault.zones[0] === fault.zones[1]))),
    );
  }

  siteDown(site: string, atMs: number): boolean {
    return this.faults.some((fault) => fault.kind === 'site-outage' && fault.site === site && active(fault, atMs));
  }

  siteSlowFactor(site: string, atMs: number): number {
    const slow = this.faults.find((fault) => fault.kind === 'slow-site' && fault.site === site && active(fault, atMs));
    return slow?.kind === 'slow-site' ? slow.factor : 1;
  }

  /** Faults active at `atMs`. */
  activeAt(atMs: number): ResolvedFault[] {
    return this.faults.filter((fault) => active(fault, atMs));
  }

  /** Instants after `atMs` (and before the run ends) at which some fault starts or stops. */
  changesAfter(atMs: number): number[] {
    const times = new Set<number>();
    for (const fault of this.faults) {
      if (fault.startMs > atMs) times.add(fault.startMs);
      if (fault.endMs > atMs) times.add(fault.endMs);
    }
    for (const node of this.nodes.values()) {
      if (node.joinAtMs !== undefined && node.joinAtMs > atMs) times.add(node.joinAtMs);
      if (node.leaveAtMs !== undefined && node.leaveAtMs > atMs) times.add(node.leaveAtMs);
    }
    return [...times].filter((time) => time <= this.endMs).sort((a, b) => a - b);
  }

  /** The first instant ≥ `fromMs` at which `holds` is true, checked at `fromMs` and at every change; undefined if never. */
  firstWhen(fromMs: number, holds: (atMs: number) => boolean): number | undefined {
    if (holds(fromMs)) return fromMs;
    return this.changesAfter(fromMs).find((atMs) => holds(atMs));
  }
}
