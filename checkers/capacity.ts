/**
 * Capacity: did the strategy use the slots the scenario gave it? A node's slots are the
 * capacity every strategy gets; a strategy that leaves a slot idle while a task that slot could
 * run is waiting is slower for a reason that has nothing to do with its design's trade-offs
 * (a worker that takes one delivery at a time on a two-slot node runs as half the machine).
 * Ground truth is the ledger; readiness is `readiness.ts`'s, as for queue waits.
 *
 * One sweep over the instants where something changes — an execution starts or ends (or is cut
 * off: its node went down or left, or the run ended), a task becomes ready or first starts, a
 * node goes down or comes back, joins or leaves — keeping per node its busy slots and per task
 * kind the tasks waiting. Between two instants:
 *
 * - a node has *backlog* when a task of a kind it can run is waiting, and it is up (present,
 *   not crashed): its busy slots then count towards `meanBusyUnderBacklog`;
 * - an *idle slot beside a queue* is a free slot of such a node: `idleBesideQueueMs` adds, per
 *   node, min(free slots, tasks waiting that it can run) × the time;
 * - a waiting task's *avoidable wait* grows while some up node that can run it has a free slot.
 *   Part of every task's avoidable wait is the hand-off — the messages between the task
 *   becoming ready and a node starting it (submit, dispatch or delivery: a few network
 *   latencies); more than that is capacity the strategy left unused.
 *
 * With `phases.warmupMs`, time before it and tasks of jobs submitted before it are left out.
 * Executions are counted as the `performance` checker counts them: one that never ended holds
 * its slot until its node's next crash or outage, its leave, or the run's end, and at most its
 * duration. O(n log n): one sort, then a pass whose steps cost O(nodes × kinds).
 */
import { quantileSorted } from 'simple-statistics';
import { takesNodesDown } from '../simulator/scenario/faults/kinds/index.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { type NodeSpec, taskKey } from '../simulator/scenario/model.js';
import { faultWindows } from './fault-windows.js';
import { firstOkEnds, readyTasks, submissionTimes } from './readiness.js';
import type { Checker, CheckInput } from './types.js';
import { byTime } from './time-order.js';

export interface NodeCapacity {
  readonly node: string;
  readonly slots: number;
  /** Most executions running on the node at once. */
  readonly peakBusy: number;
  /** Time with backlog: the node was up and a task it could run was waiting (ms). */
  readonly backlogMs: number;
  /**
   * Mean busy slots over the backlog time; null without backlog. Equal to `slots` when the node never idled beside a
   * queue.
   */
  readonly meanBusyUnderBacklog: number | null;
  /** Slot-time the node left free while tasks it could run were waiting: Σ min(free slots, such tasks) × time (ms). */
  readonly idleBesideQueueMs: number;
}

export interface AvoidableWait {
  /** Tasks measured: those that became ready (after the warm-up). */
  readonly count: number;
  readonly meanMs: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  /** The task with the longest avoidable wait (`job/task`); null when count is 0. */
  readonly maxTask: string | null;
}

export interface CapacityResult {
  /** Worker nodes in configuration order. */
  readonly nodes: readonly NodeCapacity[];
  /** Σ idleBesideQueueMs over the nodes (ms). */
  readonly idleBesideQueueMs: number;
  /**
   * The integral of the number of tasks waiting over the measured time (task-ms). By Little's
   * law it equals the sum of the tasks' waits: `performance.queueWaitMs.mean × count` when every
   * task started after it was ready (docs/validation.md checks it on every run).
   */
  readonly waitingTaskMs: number;
  /**
   * Per task: time between ready and its first start at or after ready during which an up node that could run it had a
   * free slot.
   */
  readonly avoidableWaitMs: AvoidableWait;
}

type Change =
  | { readonly timeMs: number; readonly order: 0; readonly type: 'busy'; readonly node: string; readonly delta: 1 | -1 }
  | { readonly timeMs: number; readonly order: 0; readonly type: 'up'; readonly node: string; readonly delta: 1 | -1 }
  | { readonly timeMs: number; readonly order: 1; readonly type: 'ready'; readonly task: string; readonly kind: string }
  | {
      readonly timeMs: number;
      readonly order: 2;
      readonly type: 'started';
      readonly task: string;
      readonly kind: string;
    };

const nodeIdOf = (node: NodeSpec) => node.id;

/** Each node's down intervals (crashes, outages) as +1/−1 changes of its up count, and its presence (join, leave). */
function availabilityChanges(
  input: CheckInput,
  sortedHistory: readonly HistoryEntry[],
  workers: readonly NodeSpec[],
): Change[] {
  const changes: Change[] = [];
  const isWorker = new Set(workers.map(nodeIdOf));
  for (const window of faultWindows(input.config, sortedHistory)) {
    if (!takesNodesDown(window.kind)) continue;
    const nodes = window.resolved && 'nodes' in window.resolved ? window.resolved.nodes : window.nodes;
    for (const node of nodes) {
      if (!isWorker.has(node)) continue;
      changes.push(
        { timeMs: window.startMs, order: 0, type: 'up', node, delta: -1 },
        { timeMs: window.endMs, order: 0, type: 'up', node, delta: 1 },
      );
    }
  }
  for (const node of workers) {
    if (node.joinAtMs !== undefined)
      changes.push(
        { timeMs: 0, order: 0, type: 'up', node: node.id, delta: -1 },
        { timeMs: node.joinAtMs, order: 0, type: 'up', node: node.id, delta: 1 },
      );
    if (node.leaveAtMs !== undefined)
      changes.push({ timeMs: node.leaveAtMs, order: 0, type: 'up', node: node.id, delta: -1 });
  }
  return changes;
}

/**
 * Executions as busy intervals: [start, end), or until the node's next down instant, leave or the run's end when it
 * never ended.
 */
function executionChanges(
  input: CheckInput,
  sortedLedger: readonly LedgerEntry[],
  availability: readonly Change[],
): Change[] {
  const downAt = new Map<string, number[]>();
  for (const change of availability)
    if (change.type === 'up' && change.delta === -1)
      (downAt.get(change.node) ?? downAt.set(change.node, []).get(change.node))?.push(change.timeMs);
  for (const times of downAt.values()) times.sort((a, b) => a - b);
  const changes: Change[] = [];
  const open = new Map<string, Extract<LedgerEntry, { kind: 'exec-start' }>>();
  for (const entry of sortedLedger) {
    const key =
      entry.kind === 'exec-start' || entry.kind === 'exec-end'
        ? `${taskKey(entry.job, entry.task)}#${entry.execution}`
        : '';
    if (entry.kind === 'exec-start') {
      open.set(key, entry);
      changes.push({ timeMs: entry.timeMs, order: 0, type: 'busy', node: entry.node, delta: 1 });
    } else if (entry.kind === 'exec-end' && open.delete(key)) {
      changes.push({ timeMs: entry.timeMs, order: 0, type: 'busy', node: entry.node, delta: -1 });
    }
  }
  for (const start of open.values()) {
    const nextDown =
      (downAt.get(start.node) ?? []).find((timeMs) => timeMs >= start.timeMs) ?? Number.POSITIVE_INFINITY;
    const cutoffMs = Math.min(nextDown, start.timeMs + start.durationMs, input.config.phases.endMs);
    changes.push({ timeMs: Math.max(start.timeMs, cutoffMs), order: 0, type: 'busy', node: start.node, delta: -1 });
  }
  return changes;
}

/** Tasks as waiting intervals: ready → the first start at or after ready (or for ever). */
function waitingChanges(
  input: CheckInput,
  sortedHistory: readonly HistoryEntry[],
  sortedLedger: readonly LedgerEntry[],
  warmupMs: number,
): Change[] {
  const ready = readyTasks(input.config, submissionTimes(sortedHistory), firstOkEnds(sortedLedger));
  const changes: Change[] = [];
  const started = new Set<string>();
  for (const entry of sortedLedger) {
    if (entry.kind !== 'exec-start') continue;
    const task = taskKey(entry.job, entry.task);
    const readiness = ready.get(task);
    if (!readiness || started.has(task) || entry.timeMs < readiness.readyMs || readiness.submittedMs < warmupMs)
      continue;
    started.add(task);
    changes.push({ timeMs: entry.timeMs, order: 2, type: 'started', task, kind: readiness.kind });
  }
  for (const [task, readiness] of ready)
    if (readiness.submittedMs >= warmupMs)
      changes.push({ timeMs: readiness.readyMs, order: 1, type: 'ready', task, kind: readiness.kind });
  return changes;
}

/** Interpolated like the `performance` checker's percentiles (R type 7). */
const quantile = (sorted: number[], fraction: number): number | null =>
  sorted.length === 0 ? null : quantileSorted(sorted, fraction);

/** Per node, what the sweep adds up. */
interface NodeTally {
  busy: number;
  /** Open down windows (crashes, outages, absence before a join or after a leave). */
  down: number;
  peak: number;
  backlogMs: number;
  busyUnderBacklogMs: number;
  idleMs: number;
}

/** The sweep's state between two instants, and what it adds up over the measured time. */
class Sweep {
  readonly nodes: Map<string, NodeTally>;
  /** Tasks waiting, per kind. */
  readonly waiting = new Map<string, number>();
  /** Per kind: the time so far during which some up node that can run it had a free slot. */
  readonly freeClock = new Map<string, number>();
  readonly readyAtClock = new Map<string, { readonly kind: string; readonly clockMs: number }>();
  readonly avoidable: { task: string; ms: number }[] = [];
  waitingTaskMs = 0;

  constructor(
    private readonly workers: readonly NodeSpec[],
    private readonly warmupMs: number,
    private readonly endMs: number,
  ) {
    this.nodes = new Map(
      workers.map((node) => [node.id, { busy: 0, down: 0, peak: 0, backlogMs: 0, busyUnderBacklogMs: 0, idleMs: 0 }]),
    );
  }

  private tally(node: string): NodeTally {
    return this.nodes.get(node) as NodeTally;
  }

  /** Adds [fromMs, toMs), clipped to the measured time, to every sum. */
  integrate(fromMs: number, toMs: number): void {
    const dt = Math.min(toMs, this.endMs) - Math.max(fromMs, this.warmupMs);
    if (!(dt > 0)) return;
    const kindHasFreeSlot = new Set<string>();
    for (const node of this.workers) {
      const tally = this.tally(node.id);
      if (tally.down > 0) continue;
      const free = Math.max(0, node.slots - tally.busy);
      if (free > 0) for (const kind of node.capabilities) kindHasFreeSlot.add(kind);
      const waitingHere = node.capabilities.reduce((sum, kind) => sum + (this.waiting.get(kind) ?? 0), 0);
      if (waitingHere === 0) continue;
      tally.backlogMs += dt;
      tally.busyUnderBacklogMs += Math.min(tally.busy, node.slots) * dt;
      tally.idleMs += Math.min(free, waitingHere) * dt;
    }
    for (const kind of kindHasFreeSlot) this.freeClock.set(kind, (this.freeClock.get(kind) ?? 0) + dt);
    for (const count of this.waiting.values()) this.waitingTaskMs += count * dt;
  }

  apply(change: Change): void {
    if (change.type === 'busy') {
      const tally = this.tally(change.node);
      if (!tally) return;
      tally.busy += change.delta;
      if (change.timeMs >= this.warmupMs || change.delta < 0) tally.peak = Math.max(tally.peak, tally.busy);
    } else if (change.type === 'up') {
      this.tally(change.node).down -= change.delta;
    } else if (change.type === 'ready') {
      this.waiting.set(change.kind, (this.waiting.get(change.kind) ?? 0) + 1);
      this.readyAtClock.set(change.task, { kind: change.kind, clockMs: this.freeClock.get(change.kind) ?? 0 });
    } else {
      this.waiting.set(change.kind, (this.waiting.get(change.kind) ?? 0) - 1);
      this.avoidable.push({
        task: change.task,
        ms: (this.freeClock.get(change.kind) ?? 0) - (this.readyAtClock.get(change.task)?.clockMs ?? 0),
      });
      this.readyAtClock.delete(change.task);
    }
  }

  /** Tasks that never started waited until the end. */
  closeWaits(): void {
    for (const [task, { kind, clockMs }] of this.readyAtClock)
      this.avoidable.push({ task, ms: (this.freeClock.get(kind) ?? 0) - clockMs });
    this.readyAtClock.clear();
  }
}

function avoidableWait(avoidable: readonly { readonly task: string; readonly ms: number }[]): AvoidableWait {
  const sorted = avoidable.map((entry) => entry.ms).sort((a, b) => a - b);
  const longest = avoidable.reduce<{ task: string; ms: number } | null>(
    (best, entry) => (best === null || entry.ms > best.ms ? entry : best),
    null,
  );
  return {
    count: sorted.length,
    meanMs: sorted.length === 0 ? null : sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length,
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length === 0 ? null : (sorted[sorted.length - 1] as number),
    maxTask: longest?.task ?? null,
  };
}

export function checkCapacity(input: CheckInput): CapacityResult {
  const { config } = input;
  const warmupMs = config.phases.warmupMs ?? 0;
  const workers = config.nodes.filter((node) => node.role === 'worker' && node.slots > 0);
  const sortedHistory = byTime<HistoryEntry>(input.history);
  const sortedLedger = byTime<LedgerEntry>(input.ledger);
  const availability = availabilityChanges(input, sortedHistory, workers);
  const changes = [
    ...availability,
    ...executionChanges(input, sortedLedger, availability),
    ...waitingChanges(input, sortedHistory, sortedLedger, warmupMs),
  ];
  // At one instant: node changes, then tasks becoming ready, then tasks starting (a task ready and started at once
  // waited 0).
  changes.sort((a, b) => a.timeMs - b.timeMs || a.order - b.order);

  const sweep = new Sweep(workers, warmupMs, config.phases.endMs);
  let lastMs = 0;
  for (const change of changes) {
    sweep.integrate(lastMs, change.timeMs);
    lastMs = Math.max(lastMs, change.timeMs);
    sweep.apply(change);
  }
  sweep.integrate(lastMs, config.phases.endMs);
  sweep.closeWaits();

  const nodes = workers.map((node): NodeCapacity => {
    const tally = sweep.nodes.get(node.id) as NodeTally;
    return {
      node: node.id,
      slots: node.slots,
      peakBusy: tally.peak,
      backlogMs: tally.backlogMs,
      meanBusyUnderBacklog: tally.backlogMs > 0 ? tally.busyUnderBacklogMs / tally.backlogMs : null,
      idleBesideQueueMs: tally.idleMs,
    };
  });
  return {
    nodes,
    idleBesideQueueMs: nodes.reduce((sum, node) => sum + node.idleBesideQueueMs, 0),
    waitingTaskMs: sweep.waitingTaskMs,
    avoidableWaitMs: avoidableWait(sweep.avoidable),
  };
}

export const capacityChecker: Checker<CapacityResult> = {
  name: 'capacity',
  description:
    "slot use per node under backlog: peak and mean busy slots, slot-time left idle beside a queue, and each task's avoidable wait",
  check: checkCapacity,
};
