/**
 * Coverage: what a run actually exercised, so that "no violation" never hides "never tested".
 *
 * - fault matrix: for each phase (fault phase [0, faultEndMs), convergence [faultEndMs,
 *   convergeEndMs), final reads [convergeEndMs, endMs), from the configuration) and each fault
 *   kind, how long at least one fault of that kind was active in it and how many faults were.
 *   Fault windows come from the history's nemesis records (see `fault-windows.ts`). Every kind
 *   the nemesis knows (the registry, `simulator/scenario/faults/kinds/`) is listed, in its order, active or
 *   not; a kind found only in the history is added.
 * - checks: for each check family, the count of the raw material it looks at (`material`) and
 *   whether there was any (`exercised`), with a sentence saying what was counted (`note`):
 *   - lostJobs: jobs accepted (a submit answered ok);
 *   - duplicateEffects: JOB_SUBMISSION tasks dispatched or started more than once (the only way
 *     to a second site submission);
 *   - steps: jobs declared COMPLETED (a `job-complete` record or a status read answering it);
 *   - staleReads: status reads answered ok (periodic and final);
 *   - splitBrain: partitions with clients on both sides of one of their cuts;
 *   - availabilityDuringFaults: client operations (submit and status invokes) issued while a
 *     fault was active;
 *   - recovery: faults recorded by the nemesis.
 *
 * One stable sort of the history and one of the ledger, then linear passes (and a binary search
 * per job and per client operation over the merged fault windows): O(n log n).
 */
import { cutsNetwork, cutsOf, faultKindModules } from '../simulator/scenario/faults/kinds/index.js';
import type { Cut } from '../simulator/scenario/faults/types.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import { countOf } from '../simulator/base/words.js';
import { type FaultWindow, faultWindows, inAny, meetsAny, mergeWindows } from './fault-windows.js';
import { byTime } from './time-order.js';
import { findReactions, jobSpans, RECOVERY_REACTIONS } from './recovery.js';
import type { Checker, CheckInput } from './types.js';

/** The check families whose coverage is reported, in report order. */
export const COVERAGE_CHECKS = [
  'lostJobs',
  'duplicateEffects',
  'steps',
  'staleReads',
  'splitBrain',
  'availabilityDuringFaults',
  'recovery',
] as const;

export type CoverageCheckName = (typeof COVERAGE_CHECKS)[number];

/** The phases of a run, as the driver names them. */
export const PHASES = ['faults', 'converge', 'final-reads'] as const;

export type PhaseName = (typeof PHASES)[number];

export interface FaultKindActivity {
  /** Time during which at least one fault of this kind was active in the phase (simulated ms). */
  readonly activeMs: number;
  /** Faults of this kind active at some moment of the phase. */
  readonly faults: number;
}

export interface CheckCoverage {
  /** The check family. */
  readonly check: CoverageCheckName;
  /** Whether there was anything for it to check (material > 0). */
  readonly exercised: boolean;
  /** How much raw material it had (a count; what is counted is in `note`). */
  readonly material: number;
  /** What was counted, with related counts. */
  readonly note: string;
}

export interface CoverageResult {
  /**
   * Phase → fault kind → activity; every known kind, in catalogue order, then kinds found only in the history (sorted).
   */
  readonly faultMatrix: Readonly<Record<PhaseName, Readonly<Record<string, FaultKindActivity>>>>;
  /** Fault kinds active in no phase (same order as the matrix). */
  readonly kindsNeverActive: readonly string[];
  /** One entry per check family, in `COVERAGE_CHECKS` order. */
  readonly checks: readonly CheckCoverage[];
  /** The check families with nothing to check (same order). */
  readonly unexercised: readonly CoverageCheckName[];
}

function faultMatrix(
  input: CheckInput,
  windows: readonly FaultWindow[],
): Record<PhaseName, Record<string, FaultKindActivity>> {
  const { faultEndMs, convergeEndMs, endMs } = input.config.phases;
  const bounds: Record<PhaseName, readonly [number, number]> = {
    faults: [0, faultEndMs],
    converge: [faultEndMs, convergeEndMs],
    'final-reads': [convergeEndMs, endMs],
  };
  // Every kind the registry holds, in its order; then any a history names that it does not.
  const known = faultKindModules().map((module) => module.kind);
  const extra = [...new Set(windows.map((window) => window.kind).filter((kind) => !known.includes(kind)))].sort();
  const kinds = [...known, ...extra];
  const matrix = {} as Record<PhaseName, Record<string, FaultKindActivity>>;
  for (const phase of PHASES) {
    const [fromMs, toMs] = bounds[phase];
    const cells = new Map(
      kinds.map((kind) => [kind, { activeMs: 0, faults: 0, coveredToMs: Number.NEGATIVE_INFINITY }]),
    );
    // Windows come in order of start, so their clipped parts do too: a running union per kind.
    for (const window of windows) {
      const cell = cells.get(window.kind);
      if (!cell) continue;
      const startMs = Math.max(window.startMs, fromMs);
      const stopMs = Math.min(window.endMs, toMs);
      const instant = window.startMs === window.endMs && window.startMs >= fromMs && window.startMs < toMs;
      if (stopMs <= startMs && !instant) continue;
      cell.faults++;
      if (stopMs > cell.coveredToMs) {
        cell.activeMs += stopMs - Math.max(startMs, cell.coveredToMs);
        cell.coveredToMs = stopMs;
      }
    }
    matrix[phase] = Object.fromEntries([...cells].map(([kind, { activeMs, faults }]) => [kind, { activeMs, faults }]));
  }
  return matrix;
}

/** Per job, its tasks' kinds and how many predecessors each has. */
function jobShapes(config: CheckInput['config']) {
  const taskKinds = new Map<string, ReadonlyMap<string, string>>();
  const predecessors = new Map<string, ReadonlyMap<string, number>>();
  for (const job of config.workload.jobs) {
    const tasks = config.workload.jobTypes[job.type]?.tasks ?? [];
    taskKinds.set(job.id, new Map(tasks.map((task) => [task.id, task.kind])));
    predecessors.set(job.id, new Map(tasks.map((task) => [task.id, task.after.length])));
  }
  return { taskKinds, predecessors };
}

/**
 * The history's material: client operations (and which fell while a fault was active), declared completions,
 * dispatches.
 */
function historyMaterial(
  history: readonly HistoryEntry[],
  active: readonly { readonly startMs: number; readonly endMs: number }[],
  taskKinds: ReadonlyMap<string, ReadonlyMap<string, string>>,
) {
  const submitted = new Set<string>();
  const declaredComplete = new Set<string>();
  const dispatches = new Map<string, number>();
  /** JOB_SUBMISSION tasks (as `job/task`) dispatched or started. */
  const submissionTasks = new Set<string>();
  const counts = {
    statusInvoked: 0,
    statusAnswered: 0,
    finalReads: 0,
    readsDuringFaults: 0,
    submitsDuringFaults: 0,
    statusDuringFaults: 0,
  };
  for (const entry of history) {
    if (entry.f === 'submit' && entry.type === 'invoke') {
      submitted.add(entry.value.job);
      if (inAny(active, entry.timeMs)) counts.submitsDuringFaults++;
    } else if (entry.f === 'status' && entry.type === 'invoke') {
      counts.statusInvoked++;
      if (inAny(active, entry.timeMs)) counts.statusDuringFaults++;
    } else if (entry.f === 'status' && entry.type === 'ok') {
      counts.statusAnswered++;
      if (entry.value.final === true) counts.finalReads++;
      if (inAny(active, entry.timeMs)) counts.readsDuringFaults++;
      if (entry.value.state === 'COMPLETED') declaredComplete.add(entry.value.job);
    } else if (entry.f === 'job-complete') {
      declaredComplete.add(entry.value.job);
    } else if (entry.f === 'dispatch') {
      const { job, task } = entry.value;
      const key = taskKey(job, task);
      dispatches.set(key, (dispatches.get(key) ?? 0) + 1);
      if (taskKinds.get(job)?.get(task) === 'JOB_SUBMISSION') submissionTasks.add(key);
    }
  }
  return { submitted, declaredComplete, dispatches, submissionTasks, ...counts };
}

/**
 * The ledger's material: starts per task, JOB_SUBMISSION executions (added to `submissionTasks`), ordered starts, site
 * effects.
 */
function ledgerMaterial(
  ledger: readonly LedgerEntry[],
  predecessors: ReadonlyMap<string, ReadonlyMap<string, number>>,
  submissionTasks: Set<string>,
) {
  const starts = new Map<string, number>();
  let submissionExecutions = 0;
  let orderedStarts = 0;
  let siteEffects = 0;
  for (const entry of ledger) {
    if (entry.kind === 'exec-start') {
      const key = taskKey(entry.job, entry.task);
      starts.set(key, (starts.get(key) ?? 0) + 1);
      if (entry.taskKind === 'JOB_SUBMISSION') {
        submissionExecutions++;
        submissionTasks.add(key);
      }
      if ((predecessors.get(entry.job)?.get(entry.task) ?? 0) > 0) orderedStarts++;
    } else if (entry.kind === 'site-effect') {
      siteEffects++;
    }
  }
  return { starts, submissionExecutions, orderedStarts, siteEffects };
}

export function checkCoverage(input: CheckInput): CoverageResult {
  const { config } = input;
  const history = byTime(input.history);
  const ledger = byTime(input.ledger);
  const windows = faultWindows(config, history);
  const active = mergeWindows(windows);
  const matrix = faultMatrix(input, windows);
  const material = checkMaterial({ config, history, ledger }, windows, active);
  const checks = COVERAGE_CHECKS.map((check): CheckCoverage => {
    const [count, note] = material[check];
    return { check, exercised: count > 0, material: count, note };
  });
  const kinds = Object.keys(matrix.faults);
  return {
    faultMatrix: matrix,
    kindsNeverActive: kinds.filter((kind) => PHASES.every((phase) => (matrix[phase][kind]?.faults ?? 0) === 0)),
    checks,
    unexercised: checks.filter((check) => !check.exercised).map((check) => check.check),
  };
}

/**
 * Per check family, how much material it had (a count) and what was counted, from the history and ledger in time
 * order, the fault windows and their union (`active`).
 */
function checkMaterial(
  { config, history, ledger }: CheckInput,
  windows: readonly FaultWindow[],
  active: readonly { readonly startMs: number; readonly endMs: number }[],
): Record<CoverageCheckName, readonly [number, string]> {
  const { taskKinds, predecessors } = jobShapes(config);
  const fromHistory = historyMaterial(history, active, taskKinds);
  const fromLedger = ledgerMaterial(ledger, predecessors, fromHistory.submissionTasks);
  const { submissionsTwice, startedTwice } = repeatedTasks(
    fromHistory.submissionTasks,
    fromHistory.dispatches,
    fromLedger.starts,
  );
  const spans = jobSpans({ config, history, ledger });
  const inFlight = [...spans.values()].filter(({ acceptedMs, endedMs }) =>
    meetsAny(active, acceptedMs, endedMs ?? Number.POSITIVE_INFINITY),
  ).length;
  const partitions = windows.filter((window) => cutsNetwork(window.kind));
  const bothSides = partitionsWithClientsAcross(config, partitions);
  const reactionList = reactionsFound(history, ledger);
  const { submitted, declaredComplete, statusAnswered, statusInvoked, finalReads } = fromHistory;
  const { readsDuringFaults, submitsDuringFaults, statusDuringFaults } = fromHistory;
  const { submissionExecutions, orderedStarts, siteEffects } = fromLedger;
  return {
    lostJobs: [
      spans.size,
      `jobs accepted (submit answered ok) of ${submitted.size} submitted; ${inFlight} of them accepted and unfinished while a fault was active`,
    ],
    duplicateEffects: [
      submissionsTwice,
      `JOB_SUBMISSION tasks dispatched or started more than once (a second site submission was possible); ${countOf(submissionExecutions, 'JOB_SUBMISSION execution')}, ${countOf(siteEffects, 'site effect')}; ${countOf(startedTwice, 'task')} of any kind started more than once`,
    ],
    steps: [
      declaredComplete.size,
      `jobs declared COMPLETED (job-complete record or status read); ${countOf(orderedStarts, 'execution')} of tasks with predecessors checked for order`,
    ],
    staleReads: [
      statusAnswered,
      `status reads answered ok of ${statusInvoked} invoked; ${countOf(finalReads, 'final read')}, ${readsDuringFaults} answered while a fault was active`,
    ],
    splitBrain: [
      bothSides,
      `partitions with clients on both sides of a cut, of ${countOf(partitions.length, 'partition')}`,
    ],
    availabilityDuringFaults: [
      submitsDuringFaults + statusDuringFaults,
      `client operations invoked while a fault was active: ${countOf(submitsDuringFaults, 'submit')}, ${countOf(statusDuringFaults, 'status read')}`,
    ],
    recovery: [
      windows.length,
      `faults recorded by the nemesis; reactions: ${reactionList.length > 0 ? reactionList.join(', ') : 'none the checker knows'}`,
    ],
  };
}

/**
 * JOB_SUBMISSION tasks (as `job/task`) dispatched or started more than once, and tasks of any kind started more than
 * once.
 */
function repeatedTasks(
  submissionTasks: ReadonlySet<string>,
  dispatches: ReadonlyMap<string, number>,
  starts: ReadonlyMap<string, number>,
): { submissionsTwice: number; startedTwice: number } {
  const submissionsTwice = [...submissionTasks].filter(
    (key) => (dispatches.get(key) ?? 0) > 1 || (starts.get(key) ?? 0) > 1,
  ).length;
  const startedTwice = [...starts.values()].filter((count) => count > 1).length;
  return { submissionsTwice, startedTwice };
}

/** How many of the partitions had clients on both sides of one of their cuts. */
function partitionsWithClientsAcross(config: CheckInput['config'], partitions: readonly FaultWindow[]): number {
  const clientNodes = new Set(config.clients.map((client) => client.node));
  const clientsAcross = (cut: Cut) =>
    cut.from.some((node) => clientNodes.has(node)) && cut.to.some((node) => clientNodes.has(node));
  return partitions.filter(({ resolved }) => resolved !== undefined && cutsOf(resolved).some(clientsAcross)).length;
}

/** Each recovery reaction found at least once, as `name count`, in the order of `RECOVERY_REACTIONS`. */
function reactionsFound(history: readonly HistoryEntry[], ledger: readonly LedgerEntry[]): string[] {
  const counts = new Map<string, number>(RECOVERY_REACTIONS.map((rule) => [rule.reaction, 0]));
  for (const reaction of findReactions(history, ledger))
    counts.set(reaction.reaction, (counts.get(reaction.reaction) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 0).map(([name, count]) => `${name} ${count}`);
}

export const coverageChecker: Checker<CoverageResult> = {
  name: 'coverage',
  description:
    'which fault kinds were active in which phase, and which checks had anything to check (so "no violation" never hides "never exercised")',
  check: checkCoverage,
};
