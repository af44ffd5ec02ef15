/**
 * Fault windows as the history records them, shared by the `recovery` and `coverage` checkers.
 * The nemesis records are the source (crash triggers add faults at run time, so
 * `config.faults` does not hold them all); details come from `config.faults` by id.
 *
 * - window: [the nemesis `start` record, the first `stop` record of the same fault after it).
 *   A fault with no `stop` ends at the heal (the nemesis `heal` record, end of the fault phase),
 *   when every fault stops; with neither, at the end of the run (`config.phases.endMs`).
 * - description: the `description` the driver puts in the record, else one built from the
 *   resolved fault, else the kind and the nodes or site the record names.
 */
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import { describeFault, type ResolvedFault } from '../simulator/scenario/faults/types.js';
import type { FaultRecordValue, HistoryEntry } from '../simulator/scenario/history.js';
import { firstIndexWhere } from './time-order.js';

export interface FaultWindow {
  /** The fault's id (`f1`…, or a crash trigger's id). */
  readonly id: string;
  /** Its kind (`crash`, `partition`…). */
  readonly kind: string;
  /** When it started: the nemesis `start` record (simulated ms). */
  readonly startMs: number;
  /** When it stopped, exclusive: its `stop` record, else the heal, else the run's end (simulated ms). */
  readonly endMs: number;
  /** What it did to what, in one line (`crash n2`, `partition zones: z1 | z2`). */
  readonly description: string;
  /** The fault as resolved in `config.json`, when its id is there. */
  readonly resolved?: ResolvedFault;
  /** The nodes the `start` record names (a crash trigger's node; empty when it names none). */
  readonly nodes: readonly string[];
}

function describe(value: FaultRecordValue, resolved: ResolvedFault | undefined): string {
  if (value.description !== undefined) return value.description;
  if (resolved) return describeFault(resolved);
  const nodes = value.nodes?.join(', ') ?? value.site ?? '';
  return nodes === '' ? value.kind : `${value.kind} ${nodes}`;
}

/**
 * The fault windows of a run, in order of their start (ties in history order). `history` must
 * already be in time order (see `byTime`): one linear pass.
 */
export function faultWindows(config: ResolvedConfig, history: readonly HistoryEntry[]): FaultWindow[] {
  const resolvedById = new Map(config.faults.map((fault) => [fault.id, fault]));
  const windows: {
    id: string;
    kind: string;
    startMs: number;
    endMs: number | undefined;
    description: string;
    resolved: ResolvedFault | undefined;
    nodes: string[];
  }[] = [];
  /** Open windows by fault id, oldest first. */
  const open = new Map<string, number[]>();
  const close = (position: number, timeMs: number) => {
    const window = windows[position];
    if (window) window.endMs = timeMs;
  };
  for (const entry of history) {
    if (entry.process !== 'nemesis') continue;
    if (entry.f === 'heal') {
      for (const positions of open.values()) for (const position of positions) close(position, entry.timeMs);
      open.clear();
      continue;
    }
    if (entry.f === 'start') {
      const { value } = entry;
      const id = value.fault;
      const resolved = resolvedById.get(id);
      const positions = open.get(id) ?? [];
      positions.push(windows.length);
      open.set(id, positions);
      const description = describe(value, resolved);
      windows.push({
        id,
        kind: value.kind,
        startMs: entry.timeMs,
        endMs: undefined,
        description,
        resolved,
        nodes: [...(value.nodes ?? [])],
      });
    } else if (entry.f === 'stop') {
      const position = open.get(entry.value.fault)?.shift();
      if (position !== undefined) close(position, entry.timeMs);
    }
  }
  return windows.map(({ resolved, endMs, ...window }) => ({
    ...window,
    endMs: endMs ?? Math.max(window.startMs, config.phases.endMs),
    ...(resolved ? { resolved } : {}),
  }));
}

/** The union of the windows, as disjoint intervals [startMs, endMs) in time order. `windows` in order of start. */
export function mergeWindows(
  windows: readonly { readonly startMs: number; readonly endMs: number }[],
): { startMs: number; endMs: number }[] {
  const merged: { startMs: number; endMs: number }[] = [];
  for (const { startMs, endMs } of windows) {
    if (endMs <= startMs) continue;
    const last = merged[merged.length - 1];
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs);
    else merged.push({ startMs, endMs });
  }
  return merged;
}

/** Index of the first of `merged` (disjoint, in time order) that ends after `timeMs`: a binary search. */
function firstEndingAfter(merged: readonly { readonly endMs: number }[], timeMs: number): number {
  return firstIndexWhere(merged.length, (index) => (merged[index]?.endMs ?? Number.POSITIVE_INFINITY) > timeMs);
}

/** Whether [fromMs, toMs) meets one of `merged` (disjoint, in time order). */
export function meetsAny(
  merged: readonly { readonly startMs: number; readonly endMs: number }[],
  fromMs: number,
  toMs: number,
): boolean {
  const candidate = merged[firstEndingAfter(merged, fromMs)];
  return fromMs < toMs && candidate !== undefined && candidate.startMs < toMs;
}

/** Whether the instant `timeMs` lies in one of `merged` (disjoint, in time order). */
export function inAny(
  merged: readonly { readonly startMs: number; readonly endMs: number }[],
  timeMs: number,
): boolean {
  const candidate = merged[firstEndingAfter(merged, timeMs)];
  return candidate !== undefined && candidate.startMs <= timeMs;
}
