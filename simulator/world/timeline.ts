/**
 * The resolved fault timeline, queried at simulated instants: which nodes are down, which
 * faults are active. Intervals are half-open: a node that crashes at 2h and restarts at 2h10m
 * is down at 2h and up again at 2h10m.
 */
import type { ResolvedFault } from '../config.js';

export interface DownInterval {
  readonly fromMs: number;
  readonly toMs: number;
  readonly faultId: string;
}

export class FaultTimeline {
  private readonly downByNode = new Map<string, DownInterval[]>();

  constructor(readonly faults: readonly ResolvedFault[]) {
    for (const fault of faults) {
      if (fault.kind !== 'crash') continue;
      const intervals = this.downByNode.get(fault.node) ?? [];
      intervals.push({ fromMs: fault.startMs, toMs: fault.endMs, faultId: fault.id });
      intervals.sort((left, right) => left.fromMs - right.fromMs);
      this.downByNode.set(fault.node, intervals);
    }
  }

  /** Intervals during which `node` is down, in time order. */
  downIntervals(node: string): readonly DownInterval[] {
    return this.downByNode.get(node) ?? [];
  }

  isDown(node: string, atMs: number): boolean {
    return this.downIntervals(node).some((interval) => interval.fromMs <= atMs && atMs < interval.toMs);
  }

  /** Faults active at `atMs`. */
  activeAt(atMs: number): ResolvedFault[] {
    return this.faults.filter((fault) => fault.startMs <= atMs && atMs < fault.endMs);
  }
}
