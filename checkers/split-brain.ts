/**
 * Split brain: one task owned by two nodes at the same simulated instant, seen two ways.
 *
 * - concurrent executions (ground truth, the ledger): each execution of a task occupies
 *   [exec-start, exec-end) on its node, start and end paired by (job, task, execution). An
 *   execution with no end is held until its node crashed (the first `nemesis` `start` record of
 *   kind `crash` naming its node at or after the start), left the cluster (`leaveAtMs`), or the
 *   run ended (`phases.endMs`), whichever comes first. Two executions of one task on DIFFERENT
 *   nodes whose intervals share at least one millisecond are a concurrent pair (two executions
 *   on one node are that node's business, not split brain).
 * - double assignments (what the control plane recorded, the history): a `dispatch` record
 *   (`{job, task, node, attempt}`) assigns the task to the node; the assignment holds until a
 *   `reclaim` of it (same task, and its node and attempt where the reclaim names them), a
 *   `retry` of its attempt (the control plane accepted the failure), an `exec-end` of the task on
 *   its node at or after the dispatch (any outcome: the node let go), the task's first ok
 *   `exec-end` anywhere (nothing left to own), or a `job-complete`/`job-failed` record for its
 *   job. A dispatch to a node while an assignment of the same task to another node still holds
 *   is a double assignment. A dispatch to a node that already holds the task replaces that
 *   node's assignment. Dispatches that name no node (to a queue) are not counted. At one
 *   instant, ledger ends are applied before history records.
 *
 * One stable sort of each sequence by simulated time, then linear passes; overlaps are found by
 * a sweep over each task's executions: O(n log n + pairs found).
 */
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import type { Checker, CheckInput } from './types.js';
import { byTime, lowerBound } from './time-order.js';

/** Two executions of one task on different nodes at once. */
export interface ConcurrentExecution {
  /** The task, as `job/task`. */
  readonly task: string;
  /** The nodes of the earlier- and the later-started execution. */
  readonly nodes: readonly [string, string];
  /** Their execution numbers (ledger `execution`), in the same order. */
  readonly executions: readonly [number, number];
  /** When both were running, from (the later start), simulated ms. */
  readonly fromMs: number;
  /** …to (the earlier end, exclusive), simulated ms. */
  readonly toMs: number;
}

/** A dispatch while another node still held the task. */
export interface DoubleAssignment {
  /** The task, as `job/task`. */
  readonly task: string;
  /** When the dispatch was recorded, simulated ms. */
  readonly timeMs: number;
  /** The node it was dispatched to. */
  readonly node: string;
  /** The dispatch's attempt number (absent if the record has none). */
  readonly attempt?: number;
  /** The other nodes whose assignment of the task still held (sorted). */
  readonly heldBy: readonly string[];
}

export interface SplitBrainResult {
  /** Executions in the ledger (`exec-start` entries). */
  readonly executionsChecked: number;
  /** Tasks with at least one concurrent pair of executions on different nodes. */
  readonly concurrentExecutionTasks: number;
  /** Pairs of executions of one task on different nodes whose intervals overlap. */
  readonly concurrentExecutionPairs: number;
  /** The longest overlap of such a pair, simulated ms (0 if none). */
  readonly longestConcurrentExecutionMs: number;
  /** Those pairs (at most 50, in order of `fromMs`, then task). */
  readonly concurrentExecutionExamples: readonly ConcurrentExecution[];
  /** `dispatch` records naming a job, a task and a node. */
  readonly dispatchesChecked: number;
  /** Dispatches made while another node's assignment of the same task still held. */
  readonly doubleAssignments: number;
  /** Tasks with at least one double assignment. */
  readonly doubleAssignedTasks: number;
  /** Those dispatches (at most 50, in order of time). */
  readonly doubleAssignmentExamples: readonly DoubleAssignment[];
}

const LIST_LIMIT = 50;

/**
 * The nodes a crash record names: the driver records each crash, scheduled or fired by a
 * trigger, as `{process: 'nemesis', f: 'start', value: {fault, kind: 'crash', nodes, description}}`.
 * Empty for any other record.
 */
function crashedNodes(entry: HistoryEntry): readonly string[] {
  if (entry.process !== 'nemesis' || entry.f !== 'start' || entry.value.kind !== 'crash') return [];
  return entry.value.nodes ?? [];
}

/** The first element of ascending `times` at or after `atMs`, by binary search. */
function firstAtOrAfter(times: readonly number[], atMs: number): number | undefined {
  return times[lowerBound(times, atMs)];
}

interface Interval {
  readonly node: string;
  readonly execution: number;
  readonly startMs: number;
  endMs: number;
}

function concurrentExecutions(
  config: CheckInput['config'],
  history: readonly HistoryEntry[],
  ledger: readonly LedgerEntry[],
) {
  // Crash instants per node, ascending (the history is in time order).
  const crashes = new Map<string, number[]>();
  for (const entry of history) {
    for (const node of crashedNodes(entry)) {
      const times = crashes.get(node) ?? [];
      times.push(entry.timeMs);
      crashes.set(node, times);
    }
  }
  const leaveAtMs = new Map(
    config.nodes.flatMap((node) => (node.leaveAtMs === undefined ? [] : [[node.id, node.leaveAtMs] as const])),
  );

  // Every execution's interval, grouped by task in order of start.
  const byTask = new Map<string, Interval[]>();
  const open = new Map<string, Interval>();
  let executions = 0;
  for (const entry of ledger) {
    if (entry.kind === 'exec-start') {
      executions++;
      const interval: Interval = {
        node: entry.node,
        execution: entry.execution,
        startMs: entry.timeMs,
        endMs: Number.NaN,
      };
      const key = taskKey(entry.job, entry.task);
      const intervals = byTask.get(key) ?? [];
      intervals.push(interval);
      byTask.set(key, intervals);
      open.set(`${key}/${entry.execution}`, interval);
    } else if (entry.kind === 'exec-end') {
      const id = `${taskKey(entry.job, entry.task)}/${entry.execution}`;
      const interval = open.get(id);
      if (interval === undefined) continue;
      interval.endMs = entry.timeMs;
      open.delete(id);
    }
  }
  for (const interval of open.values()) {
    const crashMs = firstAtOrAfter(crashes.get(interval.node) ?? [], interval.startMs);
    const leaveMs = leaveAtMs.get(interval.node);
    interval.endMs = Math.min(
      config.phases.endMs,
      crashMs ?? Number.POSITIVE_INFINITY,
      leaveMs !== undefined && leaveMs >= interval.startMs ? leaveMs : Number.POSITIVE_INFINITY,
    );
  }

  const pairs: ConcurrentExecution[] = [];
  const tasks = new Set<string>();
  let longestMs = 0;
  for (const [task, intervals] of byTask) {
    let active: Interval[] = [];
    for (const interval of intervals) {
      active = active.filter((other) => other.endMs > interval.startMs);
      for (const other of active) {
        if (other.node === interval.node) continue;
        const toMs = Math.min(other.endMs, interval.endMs);
        if (toMs <= interval.startMs) continue;
        pairs.push({
          task,
          nodes: [other.node, interval.node],
          executions: [other.execution, interval.execution],
          fromMs: interval.startMs,
          toMs,
        });
        tasks.add(task);
        longestMs = Math.max(longestMs, toMs - interval.startMs);
      }
      active.push(interval);
    }
  }
  pairs.sort((a, b) => a.fromMs - b.fromMs || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0));
  return { executions, pairs, tasks: tasks.size, longestMs };
}

interface Assignment {
  readonly attempt: number;
}

function doubleAssignments(history: readonly HistoryEntry[], ledger: readonly LedgerEntry[]) {
  // One stream in time order (both inputs are): at one instant, ledger ends before history records.
  type Event = { readonly timeMs: number; readonly ledger?: LedgerEntry; readonly history?: HistoryEntry };
  const events = byTime<Event>([
    ...ledger.filter((entry) => entry.kind === 'exec-end').map((entry) => ({ timeMs: entry.timeMs, ledger: entry })),
    ...history.map((entry) => ({ timeMs: entry.timeMs, history: entry })),
  ]);

  /** Per task, the nodes whose assignment still holds. */
  const held = new Map<string, Map<string, Assignment>>();
  /** Per job, its tasks with an assignment that may still hold. */
  const heldTasksOfJob = new Map<string, Set<string>>();
  const release = (task: string, keep: (node: string, assignment: Assignment) => boolean) => {
    const nodes = held.get(task);
    if (!nodes) return;
    for (const [node, assignment] of nodes) if (!keep(node, assignment)) nodes.delete(node);
  };

  const doubles: DoubleAssignment[] = [];
  const tasks = new Set<string>();
  let dispatches = 0;
  for (const event of events) {
    if (event.ledger?.kind === 'exec-end') {
      const end = event.ledger;
      const task = taskKey(end.job, end.task);
      if (end.outcome === 'ok') held.delete(task);
      else release(task, (node) => node !== end.node); // events are in time order: only dispatches up to now
      continue;
    }
    const entry = event.history;
    if (entry === undefined) continue;
    if (entry.f === 'job-complete' || entry.f === 'job-failed') {
      const { job } = entry.value;
      for (const task of heldTasksOfJob.get(job) ?? []) held.delete(task);
      heldTasksOfJob.delete(job);
      continue;
    }
    if (entry.f !== 'reclaim' && entry.f !== 'retry' && entry.f !== 'dispatch') continue;
    const { job, attempt } = entry.value;
    const task = taskKey(job, entry.value.task);
    if (entry.f === 'reclaim') {
      // A reclaim naming no node (its strategy no longer knew it) releases by attempt alone.
      const node = entry.value.node ?? undefined;
      release(task, (holder, assignment) => (node !== undefined && holder !== node) || assignment.attempt !== attempt);
    } else if (entry.f === 'retry') {
      release(task, (_holder, assignment) => assignment.attempt !== attempt);
    } else if (entry.f === 'dispatch' && entry.value.node !== undefined) {
      const { node } = entry.value;
      dispatches++;
      const nodes = held.get(task) ?? new Map<string, Assignment>();
      const others = [...nodes.keys()].filter((holder) => holder !== node).sort();
      if (others.length > 0) {
        doubles.push({ task, timeMs: entry.timeMs, node, attempt, heldBy: others });
        tasks.add(task);
      }
      nodes.set(node, { attempt });
      held.set(task, nodes);
      const ofJob = heldTasksOfJob.get(job) ?? new Set<string>();
      ofJob.add(task);
      heldTasksOfJob.set(job, ofJob);
    }
  }
  return { dispatches, doubles, tasks: tasks.size };
}

export function checkSplitBrain({ config, history, ledger }: CheckInput): SplitBrainResult {
  const sortedHistory = byTime(history);
  const sortedLedger = byTime<LedgerEntry>(ledger);
  const executions = concurrentExecutions(config, sortedHistory, sortedLedger);
  const assignments = doubleAssignments(sortedHistory, sortedLedger);
  return {
    executionsChecked: executions.executions,
    concurrentExecutionTasks: executions.tasks,
    concurrentExecutionPairs: executions.pairs.length,
    longestConcurrentExecutionMs: executions.longestMs,
    concurrentExecutionExamples: executions.pairs.slice(0, LIST_LIMIT),
    dispatchesChecked: assignments.dispatches,
    doubleAssignments: assignments.doubles.length,
    doubleAssignedTasks: assignments.tasks,
    doubleAssignmentExamples: assignments.doubles.slice(0, LIST_LIMIT),
  };
}

export const splitBrainChecker: Checker<SplitBrainResult> = {
  name: 'splitBrain',
  description:
    'tasks running on two nodes at once (ledger), and tasks assigned to a second node while another still held them (history)',
  check: checkSplitBrain,
};
