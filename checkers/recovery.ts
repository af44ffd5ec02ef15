/**
 * Recovery: for each fault, how long the control plane took to notice it and to move the work
 * elsewhere, and how long the backlog of accepted work took to come back down once it ended.
 *
 * - fault: a window of the history's nemesis records (see `fault-windows.ts`): [start, stop),
 *   the heal ending what has no stop.
 * - reaction: a record listed in `RECOVERY_REACTIONS` — a suspicion, a reclaimed attempt, a
 *   re-dispatch (not a retry after a task failure), a rebuilt job, or (from the ledger) a task
 *   started again while its previous execution had not failed. Each is a detection or a failover;
 *   a failover is also a detection (the failure was noticed).
 * - time to detect: from the fault's start to the first reaction at or after it and before the
 *   next fault starts (or the run ends); null if there is none. Reactions are attributed by time
 *   only: with overlapping faults, a reaction goes to the latest fault started before it.
 * - time to fail over: the same, for the first failover reaction.
 * - backlog: jobs accepted (first submit answered ok) and not yet ended — completed (every task
 *   finished ok, ledger) or declared failed (`job-failed`, or a status read answering FAILED; a
 *   terminal outcome, not pending work) — a step function of simulated time. A job that ended
 *   before its submit was answered ok never counts.
 * - pre-fault backlog: the backlog just before the fault started (changes at that very instant
 *   excluded).
 * - time to drain: from the fault's end to the first instant the backlog is at or below its
 *   pre-fault level (0 if it already is); null if that never happens before the run ends.
 * - backlog area after the fault: the integral of (backlog − pre-fault backlog, floored at 0)
 *   from the fault's end until it drained, or until the run ended — extra jobs waiting × time.
 *
 * One stable sort of the history and one of the ledger, a sort of the backlog's changes, then
 * linear passes; each fault is answered with binary searches and a sparse table of the
 * backlog's minima: O(n log n + faults × log n).
 */
import type { HistoryEntry, LedgerEntry, RecordKind } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import { medianSorted } from 'simple-statistics';
import { type FaultWindow, faultWindows } from './fault-windows.js';
import { byTime, firstIndexWhere } from './time-order.js';
import type { Checker, CheckInput } from './types.js';

/** `detect`: the control plane noticed a failure; `failover`: it moved work (also counts as a detection). */
export type ReactionRole = 'detect' | 'failover';

/** What a history reaction rule may ask about the rest of the history. */
export interface ReactionContext {
  /**
   * Whether the strategy recorded a `retry` of this attempt (the next attempt is then a retry after a task failure).
   */
  readonly retried: (job: string, task: string, attempt: number) => boolean;
}

/** The reactions the recovery checker knows, by their name in results. */
export type HistoryReactionName = 'suspect' | 'reclaim' | 'redispatch' | 'rebuild';

/** A control-plane record that counts as a reaction to a fault. */
export interface HistoryReactionRule {
  /** The reaction's name in results (`suspect`, `redispatch`…). */
  readonly reaction: HistoryReactionName;
  /** Whether it is a detection or a failover. */
  readonly role: ReactionRole;
  /** Read from the history. */
  readonly source: 'history';
  /** The history entries' `f`. */
  readonly f: RecordKind;
  /** A further condition on the entry; every entry with that `f` when absent. */
  readonly when?: (entry: HistoryEntry, context: ReactionContext) => boolean;
  /** What it is (which strategies record it: their `Strategy.reactions`). */
  readonly note: string;
}

/** A reaction read from the world's ledger rather than the history. */
export interface LedgerReactionRule {
  /** The reaction's name in results. */
  readonly reaction: 'reexecution';
  /** A re-execution moves work: a failover. */
  readonly role: 'failover';
  /** Read from the ledger: an `exec-start` of a task whose previous execution did not end in a failure before it. */
  readonly source: 'ledger';
  /** What it is. */
  readonly note: string;
}

export type ReactionRule = HistoryReactionRule | LedgerReactionRule;

/** A dispatch of an attempt after the first that is not a retry after a task failure. */
function isFailoverDispatch(entry: HistoryEntry, context: ReactionContext): boolean {
  if (entry.f !== 'dispatch') return false;
  const { job, task, attempt } = entry.value;
  return attempt > 1 && !context.retried(job, task, attempt - 1);
}

/**
 * Every record that counts as a control-plane reaction to a fault: a vocabulary of record kinds,
 * not of strategies. A strategy says which of the history's it records in `Strategy.reactions`
 * (held by test/integration/reactions.test.ts); the ledger's re-execution is the world's, seen
 * under any strategy. A strategy whose recovery is none of these records a new kind, and a rule
 * here names it.
 */
export const RECOVERY_REACTIONS: readonly ReactionRule[] = [
  {
    reaction: 'suspect',
    role: 'detect',
    source: 'history',
    f: 'suspect',
    note: 'a node declared suspect: a heartbeat timeout or a refused connection',
  },
  {
    reaction: 'reclaim',
    role: 'detect',
    source: 'history',
    f: 'reclaim',
    note: 'an attempt declared lost: its node suspected, restarted or lost, its assignment or launch unconfirmed or refused',
  },
  {
    reaction: 'redispatch',
    role: 'failover',
    source: 'history',
    f: 'dispatch',
    when: isFailoverDispatch,
    note: 'a dispatch of an attempt above 1 (a placement under a new lease is recorded as `dispatch` too), unless the attempt before it was retried after a task failure',
  },
  {
    reaction: 'rebuild',
    role: 'failover',
    source: 'history',
    f: 'rebuild',
    note: 'a restarted volatile coordinator re-admitted an unfinished job from its record',
  },
  {
    reaction: 'reexecution',
    role: 'failover',
    source: 'ledger',
    note: 'a task started again while its previous execution had not failed (a broker redelivery, a re-run after a lost execution): the only trace of recovery for a strategy that records none',
  },
];

/** One reaction found in a run. */
export interface Reaction {
  /** Simulated ms. */
  readonly timeMs: number;
  /** The rule's `reaction` name. */
  readonly reaction: string;
  /** The rule's role. */
  readonly role: ReactionRole;
}

/**
 * The reactions of a run in time order (history before ledger at one instant). `history` and
 * `ledger` must already be in time order (`byTime`).
 */
export function findReactions(
  history: readonly HistoryEntry[],
  ledger: readonly LedgerEntry[],
  rules: readonly ReactionRule[] = RECOVERY_REACTIONS,
): Reaction[] {
  const retries = new Set<string>();
  for (const entry of history) {
    if (entry.f === 'retry') retries.add(`${taskKey(entry.value.job, entry.value.task)}#${entry.value.attempt}`);
  }
  const context: ReactionContext = { retried: (job, task, attempt) => retries.has(`${taskKey(job, task)}#${attempt}`) };
  const historyRules = new Map<RecordKind, HistoryReactionRule[]>();
  for (const rule of rules)
    if (rule.source === 'history') historyRules.set(rule.f, [...(historyRules.get(rule.f) ?? []), rule]);
  const ledgerRule = rules.find((rule): rule is LedgerReactionRule => rule.source === 'ledger');

  const fromHistory: Reaction[] = [];
  for (const entry of history) {
    if (entry.type !== 'info') continue;
    const rule = historyRules.get(entry.f)?.find((candidate) => candidate.when?.(entry, context) ?? true);
    if (rule) fromHistory.push({ timeMs: entry.timeMs, reaction: rule.reaction, role: rule.role });
  }
  const fromLedger: Reaction[] = [];
  if (ledgerRule) {
    /** Executions (`job/task#execution`) that ended with a failure. */
    const failed = new Set<string>();
    for (const entry of ledger) {
      if (entry.kind === 'exec-end' && entry.outcome !== 'ok')
        failed.add(`${taskKey(entry.job, entry.task)}#${entry.execution}`);
      else if (
        entry.kind === 'exec-start' &&
        entry.execution > 0 &&
        !failed.has(`${taskKey(entry.job, entry.task)}#${entry.execution - 1}`)
      ) {
        fromLedger.push({ timeMs: entry.timeMs, reaction: ledgerRule.reaction, role: ledgerRule.role });
      }
    }
  }
  // Merge the two ordered lists.
  const merged: Reaction[] = [];
  let h = 0;
  let l = 0;
  while (h < fromHistory.length || l < fromLedger.length) {
    const next = fromHistory[h];
    const other = fromLedger[l];
    if (next !== undefined && (other === undefined || next.timeMs <= other.timeMs)) {
      merged.push(next);
      h++;
    } else if (other !== undefined) {
      merged.push(other);
      l++;
    }
  }
  return merged;
}

/** The backlog of accepted, unfinished jobs as a step function, with what it takes to query it fast. */
interface Backlog {
  /** Instants the backlog changes, ascending, from 0. */
  readonly times: readonly number[];
  /** Jobs in the backlog from `times[i]` until `times[i + 1]`. */
  readonly values: readonly number[];
  /** The integral of the backlog from 0 to `times[i]` (job·ms). */
  readonly area: readonly number[];
  /** `minima[k][i]`: the least of `values[i .. i + 2^k)`. */
  readonly minima: readonly (readonly number[])[];
}

/** When an accepted job entered the backlog and left it. */
export interface JobSpan {
  /** Its first submit answered ok (simulated ms). */
  readonly acceptedMs: number;
  /**
   * When it completed (every task finished ok, ledger) or was first declared failed, whichever came first (simulated
   * ms); undefined: neither.
   */
  readonly endedMs: number | undefined;
}

/**
 * Every accepted job's span, by job id in order of acceptance. `history` and `ledger` must
 * already be in time order (`byTime`).
 */
export function jobSpans({ config, history, ledger }: CheckInput): Map<string, JobSpan> {
  const acceptedMs = new Map<string, number>();
  const endedMs = new Map<string, number>();
  for (const entry of history) {
    const accepted = entry.f === 'submit' && entry.type === 'ok';
    const failed =
      entry.f === 'job-failed' || (entry.f === 'status' && entry.type === 'ok' && entry.value.state === 'FAILED');
    if (accepted && !acceptedMs.has(entry.value.job)) acceptedMs.set(entry.value.job, entry.timeMs);
    if (failed && !endedMs.has(entry.value.job)) endedMs.set(entry.value.job, entry.timeMs);
  }
  const tasksPerJob = new Map(
    config.workload.jobs.map((job) => [job.id, config.workload.jobTypes[job.type]?.tasks.length ?? 0]),
  );
  const finished = new Map<string, Set<string>>();
  for (const entry of ledger) {
    if (entry.kind !== 'exec-end' || entry.outcome !== 'ok') continue;
    const tasks = finished.get(entry.job) ?? new Set<string>();
    const before = tasks.size;
    tasks.add(entry.task);
    finished.set(entry.job, tasks);
    if (before < tasks.size && tasks.size === tasksPerJob.get(entry.job))
      endedMs.set(entry.job, Math.min(endedMs.get(entry.job) ?? Number.POSITIVE_INFINITY, entry.timeMs));
  }
  return new Map([...acceptedMs].map(([job, accepted]) => [job, { acceptedMs: accepted, endedMs: endedMs.get(job) }]));
}

/** The backlog: +1 when a job is accepted, −1 when it ends (a job that ended before it was accepted never counts). */
function backlogOf(input: CheckInput): Backlog {
  const changes: [number, number][] = [];
  for (const { acceptedMs: fromMs, endedMs } of jobSpans(input).values()) {
    const toMs = endedMs ?? Number.POSITIVE_INFINITY;
    if (toMs <= fromMs) continue;
    changes.push([fromMs, 1]);
    if (toMs !== Number.POSITIVE_INFINITY) changes.push([toMs, -1]);
  }
  changes.sort((a, b) => a[0] - b[0]);
  const times = [0];
  const values = [0];
  let current = 0;
  for (const [timeMs, change] of changes) {
    current += change;
    if (timeMs === times[times.length - 1]) values[values.length - 1] = current;
    else {
      times.push(timeMs);
      values.push(current);
    }
  }
  const area = [0];
  for (let i = 1; i < times.length; i++)
    area.push((area[i - 1] ?? 0) + (values[i - 1] ?? 0) * ((times[i] ?? 0) - (times[i - 1] ?? 0)));
  const minima: number[][] = [values];
  for (let span = 1; span * 2 <= values.length; span *= 2) {
    const previous = minima[minima.length - 1] ?? [];
    const level: number[] = [];
    for (let i = 0; i + span * 2 <= values.length; i++) level.push(Math.min(previous[i] ?? 0, previous[i + span] ?? 0));
    minima.push(level);
  }
  return { times, values, area, minima };
}

/** Index of the last change at or before `timeMs` (`strict`: before); -1 if none. */
function indexAt(backlog: Backlog, timeMs: number, strict = false): number {
  const { times } = backlog;
  return (
    firstIndexWhere(times.length, (index) => (strict ? (times[index] ?? 0) >= timeMs : (times[index] ?? 0) > timeMs)) -
    1
  );
}

const valueAt = (backlog: Backlog, index: number): number => (index < 0 ? 0 : (backlog.values[index] ?? 0));

/** The integral of the backlog from 0 to `timeMs` (job·ms). */
function integralTo(backlog: Backlog, timeMs: number): number {
  const index = indexAt(backlog, timeMs);
  if (index < 0) return 0;
  return (backlog.area[index] ?? 0) + (backlog.values[index] ?? 0) * (timeMs - (backlog.times[index] ?? 0));
}

/** The first index at or after `from` whose backlog is at most `level`; `values.length` if none. */
function firstAtOrBelow(backlog: Backlog, from: number, level: number): number {
  let position = from;
  for (let k = backlog.minima.length - 1; k >= 0; k--) {
    const span = 2 ** k;
    if (position + span <= backlog.values.length && (backlog.minima[k]?.[position] ?? 0) > level) position += span;
  }
  return position;
}

/** Index of the first of `reactions` (in time order) at or after `timeMs`. */
function firstReactionFrom(reactions: readonly Reaction[], timeMs: number): number {
  return firstIndexWhere(reactions.length, (index) => (reactions[index]?.timeMs ?? 0) >= timeMs);
}

export interface FaultRecovery {
  /** The fault's id (`f1`…, or a crash trigger's id). */
  readonly fault: string;
  /** Its kind (`crash`, `partition`…). */
  readonly kind: string;
  /** What it did to what (`crash n2`, `partition zones: z1 | z2`). */
  readonly target: string;
  /** When it started: the nemesis `start` record (simulated ms). */
  readonly startMs: number;
  /** When it ended: its `stop` record, else the heal (simulated ms). */
  readonly endMs: number;
  /** From the start to the first reaction before the next fault starts or the run ends (simulated ms); null: none. */
  readonly timeToDetectMs: number | null;
  /** That reaction's name (`suspect`, `reclaim`, `redispatch`…); null: none. */
  readonly detectedBy: string | null;
  /** From the start to the first failover reaction in the same window (simulated ms); null: none. */
  readonly timeToFailOverMs: number | null;
  /** That reaction's name (`redispatch`, `rebuild`, `reexecution`); null: none. */
  readonly failedOverBy: string | null;
  /** Jobs accepted and not ended just before the fault started. */
  readonly preFaultBacklog: number;
  /** Jobs accepted and not ended at the fault's end. */
  readonly backlogAtFaultEnd: number;
  /**
   * From the fault's end until the backlog was back at or below its pre-fault level (simulated ms); null: not before
   * the run ended.
   */
  readonly timeToDrainMs: number | null;
  /**
   * Integral of (backlog − pre-fault backlog, floored at 0) from the fault's end until it drained or the run ended
   * (job·ms).
   */
  readonly backlogAreaAfterHeal: number;
  /** The same in job·minutes, to 3 decimals. */
  readonly backlogAreaAfterHealJobMinutes: number;
}

export interface RecoverySummary {
  /** Faults in the history. */
  readonly faults: number;
  /** Faults with a time to detect. */
  readonly detected: number;
  /** Faults with a time to fail over. */
  readonly failedOver: number;
  /** Faults after which the backlog drained before the run ended. */
  readonly drained: number;
  /** Longest time to detect (simulated ms); null: none detected. */
  readonly maxTimeToDetectMs: number | null;
  /** Median time to detect over the detected faults (simulated ms); null: none detected. */
  readonly medianTimeToDetectMs: number | null;
  /** Longest time to fail over (simulated ms); null: none failed over. */
  readonly maxTimeToFailOverMs: number | null;
  /** Median time to fail over over the faults failed over (simulated ms); null: none. */
  readonly medianTimeToFailOverMs: number | null;
  /** Longest time to drain (simulated ms); null: none drained. */
  readonly maxTimeToDrainMs: number | null;
  /** Median time to drain over the drained faults (simulated ms); null: none. */
  readonly medianTimeToDrainMs: number | null;
  /**
   * Sum of the faults' backlog areas after their end (job·ms; overlapping faults count their common part more than
   * once).
   */
  readonly totalBacklogAreaAfterHeal: number;
}

export interface RecoveryResult {
  /** Counts and the longest and median times over every fault. */
  readonly summary: RecoverySummary;
  /** One entry per fault, in order of start. */
  readonly faults: readonly FaultRecovery[];
  /** Reactions found in the whole run, by name (every rule of `RECOVERY_REACTIONS`, in its order; 0 when none). */
  readonly reactions: Readonly<Record<string, number>>;
}

const MS_PER_MINUTE = 60_000;

function maxAndMedian(values: readonly (number | null)[]): { max: number | null; median: number | null } {
  const sorted = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return { max: null, median: null };
  return { max: sorted[sorted.length - 1] ?? null, median: medianSorted(sorted) };
}

/**
 * Where each fault's attribution window ends: where the next fault started strictly later starts
 * (infinity for the last). `windows` in order of start.
 */
function attributionEnds(windows: readonly FaultWindow[]): number[] {
  const nextStartMs: number[] = new Array<number>(windows.length);
  for (let i = windows.length - 1; i >= 0; i--) {
    const start = windows[i]?.startMs ?? 0;
    const next = windows[i + 1];
    nextStartMs[i] =
      next === undefined
        ? Number.POSITIVE_INFINITY
        : next.startMs > start
          ? next.startMs
          : (nextStartMs[i + 1] ?? Number.POSITIVE_INFINITY);
  }
  return nextStartMs;
}

/** The first of `list` (in time order) in [fromMs, toMs) and not after the run's end. */
function firstIn(list: readonly Reaction[], fromMs: number, toMs: number, runEndMs: number): Reaction | undefined {
  const found = list[firstReactionFrom(list, fromMs)];
  return found !== undefined && found.timeMs < toMs && found.timeMs <= runEndMs ? found : undefined;
}

/** What a fault's recovery is measured against: the run's reactions, its backlog and its end. */
interface RecoveryMaterial {
  readonly reactions: readonly Reaction[];
  /** The failover reactions among them. */
  readonly failovers: readonly Reaction[];
  readonly backlog: Backlog;
  readonly runEndMs: number;
}

/** One fault's recovery: its first reactions before `untilMs` (its attribution window's end), the backlog around it. */
function faultRecovery(window: FaultWindow, untilMs: number, material: RecoveryMaterial): FaultRecovery {
  const { reactions, failovers, backlog, runEndMs } = material;
  const detection = firstIn(reactions, window.startMs, untilMs, runEndMs);
  const failover = firstIn(failovers, window.startMs, untilMs, runEndMs);
  const pre = valueAt(backlog, indexAt(backlog, window.startMs, true));
  const endIndex = indexAt(backlog, window.endMs);
  const atEnd = valueAt(backlog, endIndex);
  let drainedMs: number | undefined;
  if (window.endMs <= runEndMs) {
    if (atEnd <= pre) drainedMs = window.endMs;
    else {
      const index = firstAtOrBelow(backlog, endIndex + 1, pre);
      const at = backlog.times[index];
      if (at !== undefined && at <= runEndMs) drainedMs = at;
    }
  }
  // Until the drain the backlog stays above its pre-fault level: no flooring needed.
  const toMs = drainedMs ?? Math.max(window.endMs, runEndMs);
  const area = integralTo(backlog, toMs) - integralTo(backlog, window.endMs) - pre * (toMs - window.endMs);
  return {
    fault: window.id,
    kind: window.kind,
    target: window.description,
    startMs: window.startMs,
    endMs: window.endMs,
    timeToDetectMs: detection ? detection.timeMs - window.startMs : null,
    detectedBy: detection?.reaction ?? null,
    timeToFailOverMs: failover ? failover.timeMs - window.startMs : null,
    failedOverBy: failover?.reaction ?? null,
    preFaultBacklog: pre,
    backlogAtFaultEnd: atEnd,
    timeToDrainMs: drainedMs === undefined ? null : drainedMs - window.endMs,
    backlogAreaAfterHeal: area,
    backlogAreaAfterHealJobMinutes: Math.round((area / MS_PER_MINUTE) * 1000) / 1000,
  };
}

/** Counts and the longest and median times over every fault. */
function summarize(faults: readonly FaultRecovery[]): RecoverySummary {
  const detect = maxAndMedian(faults.map((fault) => fault.timeToDetectMs));
  const failOver = maxAndMedian(faults.map((fault) => fault.timeToFailOverMs));
  const drain = maxAndMedian(faults.map((fault) => fault.timeToDrainMs));
  return {
    faults: faults.length,
    detected: faults.filter((fault) => fault.timeToDetectMs !== null).length,
    failedOver: faults.filter((fault) => fault.timeToFailOverMs !== null).length,
    drained: faults.filter((fault) => fault.timeToDrainMs !== null).length,
    maxTimeToDetectMs: detect.max,
    medianTimeToDetectMs: detect.median,
    maxTimeToFailOverMs: failOver.max,
    medianTimeToFailOverMs: failOver.median,
    maxTimeToDrainMs: drain.max,
    medianTimeToDrainMs: drain.median,
    totalBacklogAreaAfterHeal: faults.reduce((sum, fault) => sum + fault.backlogAreaAfterHeal, 0),
  };
}

/** Reactions by name: every rule of `RECOVERY_REACTIONS` in its order (0 when none). */
function countReactions(reactions: readonly Reaction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rule of RECOVERY_REACTIONS) counts[rule.reaction] = 0;
  for (const reaction of reactions) counts[reaction.reaction] = (counts[reaction.reaction] ?? 0) + 1;
  return counts;
}

export function checkRecovery(input: CheckInput): RecoveryResult {
  const { config } = input;
  const history = byTime(input.history);
  const ledger = byTime(input.ledger);
  const windows = faultWindows(config, history);
  const reactions = findReactions(history, ledger);
  const material: RecoveryMaterial = {
    reactions,
    failovers: reactions.filter((reaction) => reaction.role === 'failover'),
    backlog: backlogOf({ config, history, ledger }),
    runEndMs: config.phases.endMs,
  };
  // Each fault's attribution window ends where the next fault (started strictly later) starts.
  const untilMs = attributionEnds(windows);
  const faults = windows.map((window, i) => faultRecovery(window, untilMs[i] ?? Number.POSITIVE_INFINITY, material));
  return { summary: summarize(faults), faults, reactions: countReactions(reactions) };
}

export const recoveryChecker: Checker<RecoveryResult> = {
  name: 'recovery',
  description:
    'per fault: time to detect and to fail over (first control-plane reaction), backlog of accepted work before and after, time to drain and the backlog area after the fault',
  check: checkRecovery,
};
