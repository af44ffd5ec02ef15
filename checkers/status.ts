/**
 * Status reads against the truth: what clients were told a job's state was, compared with what
 * the world's ledger says it was, plus whether the store's replicas agree when the run ends.
 *
 * Ground truth of a job (from the ledger): RUNNING from its first `exec-start`; COMPLETED from
 * the instant every task of its job type has finished ok (the latest of the tasks' first ok
 * `exec-end`); QUEUED before that. The order is QUEUED < RUNNING < COMPLETED. FAILED and
 * UNKNOWN are outside the order: a read returning either is never judged stale or
 * non-monotonic (whether a job failed is the strategy's decision, not a fact in the ledger; an
 * UNKNOWN answer is a non-answer), and they never raise the bar for later reads.
 *
 * - stale read: an ok read whose state is earlier in the order than the truth at the instant
 *   the read was invoked (a state reached at that very instant counts as reached). A read the
 *   history holds no invoke for is judged at its own time.
 * - non-monotonic read: an ok read whose state is earlier in the order than a state the same
 *   client was already told about the same job by a read answered before this one was invoked
 *   (history order). Two reads that overlapped in time are not ordered, so neither is judged
 *   against the other.
 * - final disagreement: an ok read marked `final` (the final-reads phase, after every fault has
 *   healed) that disagrees with the truth at the end of the run: the job completed (ledger) and
 *   the read is not COMPLETED; or it did not complete and the read is COMPLETED; or it did not
 *   complete, the strategy declared it failed (`job-failed`) and the read is not FAILED. A job
 *   that neither completed nor was declared failed may read anything but COMPLETED.
 * - divergent key: a store key whose replicas hold different versions at the end of the run
 *   (the ledger's `store-final` entries; none recorded, nothing checked).
 *
 * One stable sort of the history and one of the ledger by simulated time, then linear passes:
 * O(n log n).
 */
import type { LedgerEntry } from '../simulator/scenario/history.js';
import { type JobState, taskKey } from '../simulator/scenario/model.js';
import type { Checker, CheckInput } from './types.js';
import { byTime } from './time-order.js';

/** A read judged wrong against the truth at the instant it was invoked. */
export interface StaleRead {
  /** The client process that read. */
  readonly client: string;
  readonly job: string;
  /** The operation id pairing the read's invoke and answer. */
  readonly op: string;
  /** When the read was invoked, simulated ms. */
  readonly invokedAtMs: number;
  /** The state the read returned. */
  readonly state: string;
  /** The job's true state at `invokedAtMs` (RUNNING or COMPLETED). */
  readonly truth: string;
}

/** A read that went back in the order, for one client and one job. */
export interface NonMonotonicRead {
  readonly client: string;
  readonly job: string;
  readonly op: string;
  /** When the read was invoked, simulated ms. */
  readonly invokedAtMs: number;
  /** The state the read returned. */
  readonly state: string;
  /** The latest state in the order this client had already been told about this job. */
  readonly earlierState: string;
}

/** A final read that disagrees with the truth at the end of the run. */
export interface FinalDisagreement {
  readonly client: string;
  readonly job: string;
  readonly op: string;
  /** When the read was invoked, simulated ms. */
  readonly invokedAtMs: number;
  /** The state the read returned. */
  readonly state: string;
  /** The truth at the end of the run: COMPLETED (ledger), FAILED (declared, not completed) or NOT_COMPLETED. */
  readonly truth: string;
}

/** A store key whose replicas disagree at the end of the run. */
export interface DivergentKey {
  readonly key: string;
  /** The version each replica holds at the end of the run, by replica id (0: none). */
  readonly versions: Readonly<Record<string, number>>;
}

export interface StatusResult {
  /** Status reads answered ok (every one, final reads included). */
  readonly readsChecked: number;
  /** Ok reads whose state was earlier in QUEUED < RUNNING < COMPLETED than the truth when they were invoked. */
  readonly staleReads: number;
  /** Those reads (at most 50, in order of invoke time). */
  readonly staleReadExamples: readonly StaleRead[];
  /** Ok reads earlier in the order than what the same client had already been told about the same job. */
  readonly nonMonotonicReads: number;
  /** Those reads (at most 50, in order of invoke time). */
  readonly nonMonotonicReadExamples: readonly NonMonotonicRead[];
  /** Ok reads of the final-reads phase (`final: true`). */
  readonly finalReadsChecked: number;
  /** Final reads that disagree with the truth at the end of the run. */
  readonly finalDisagreements: number;
  /** Those reads (at most 50, in order of invoke time). */
  readonly finalDisagreementExamples: readonly FinalDisagreement[];
  /** Store keys with a `store-final` ledger entry (every key written during the run). */
  readonly keysChecked: number;
  /** Keys whose replicas hold different versions at the end of the run. */
  readonly divergentKeys: number;
  /** Those keys (at most 50, in key order). */
  readonly divergentKeyExamples: readonly DivergentKey[];
}

const LIST_LIMIT = 50;

/** Position of a state in QUEUED < RUNNING < COMPLETED; undefined for FAILED, UNKNOWN and anything else. */
const RANK: Readonly<Record<string, number>> = { QUEUED: 0, RUNNING: 1, COMPLETED: 2 };
const rankOf = (state: string): number | undefined => (Object.hasOwn(RANK, state) ? RANK[state] : undefined);
const COMPLETED: JobState = 'COMPLETED';
const FAILED: JobState = 'FAILED';

interface JobTruth {
  /** First exec-start of any of its tasks, simulated ms. */
  runningFromMs?: number;
  /** When its last task first finished ok, if every task did, simulated ms. */
  completedAtMs?: number;
}

/** Each job's ground truth from the ledger. */
function jobTruths({ config, ledger }: Pick<CheckInput, 'config' | 'ledger'>): Map<string, JobTruth> {
  const firstOkEndMs = new Map<string, number>();
  const truths = new Map<string, JobTruth>();
  for (const entry of byTime<LedgerEntry>(ledger)) {
    if (entry.kind === 'exec-start') {
      const truth = truths.get(entry.job) ?? {};
      truth.runningFromMs ??= entry.timeMs;
      truths.set(entry.job, truth);
    } else if (entry.kind === 'exec-end' && entry.outcome === 'ok') {
      const key = taskKey(entry.job, entry.task);
      if (!firstOkEndMs.has(key)) firstOkEndMs.set(key, entry.timeMs);
    }
  }
  for (const job of config.workload.jobs) {
    const tasks = config.workload.jobTypes[job.type]?.tasks ?? [];
    const ends = tasks.map((task) => firstOkEndMs.get(taskKey(job.id, task.id)));
    if (tasks.length === 0 || ends.some((end) => end === undefined)) continue;
    const truth = truths.get(job.id) ?? {};
    truth.completedAtMs = Math.max(...(ends as number[]));
    truths.set(job.id, truth);
  }
  return truths;
}

/** The job's state in the order at `atMs`, if it had started by then. */
function truthAt(truth: JobTruth | undefined, atMs: number): string | undefined {
  if (truth?.completedAtMs !== undefined && truth.completedAtMs <= atMs) return COMPLETED;
  if (truth?.runningFromMs !== undefined && truth.runningFromMs <= atMs) return 'RUNNING';
  return undefined;
}

export function checkStatus({ config, history, ledger }: CheckInput): StatusResult {
  const truths = jobTruths({ config, ledger });
  const declaredFailed = new Set<string>();
  for (const entry of history) if (entry.f === 'job-failed') declaredFailed.add(entry.value.job);

  // Per (client, job): the highest state in the order told so far, and at each invoke, what
  // had been told before it.
  const told = new Map<string, string>();
  const invokes = new Map<string, { atMs: number; toldBefore: string | undefined }>();
  const stale: StaleRead[] = [];
  const nonMonotonic: NonMonotonicRead[] = [];
  const finalWrong: FinalDisagreement[] = [];
  let readsChecked = 0;
  let finalReadsChecked = 0;
  for (const entry of byTime(history)) {
    if (entry.f !== 'status') continue;
    const { job } = entry.value;
    const session = `${entry.process}\u0000${job}`;
    const opKey = `${entry.process}\u0000${entry.op}`;
    if (entry.type === 'invoke') {
      invokes.set(opKey, { atMs: entry.timeMs, toldBefore: told.get(session) });
      continue;
    }
    if (entry.type !== 'ok') continue;
    readsChecked++;
    const { state } = entry.value;
    const invoke = invokes.get(opKey) ?? { atMs: entry.timeMs, toldBefore: told.get(session) };
    const read = { client: entry.process, job, op: entry.op, invokedAtMs: invoke.atMs, state };
    const rank = rankOf(state);
    const truth = truthAt(truths.get(job), invoke.atMs);
    if (rank !== undefined && truth !== undefined && rank < (rankOf(truth) ?? 0)) stale.push({ ...read, truth });
    if (rank !== undefined && invoke.toldBefore !== undefined && rank < (rankOf(invoke.toldBefore) ?? 0))
      nonMonotonic.push({ ...read, earlierState: invoke.toldBefore });
    const before = told.get(session);
    if (rank !== undefined && (before === undefined || rank > (rankOf(before) ?? 0))) told.set(session, state);

    if (entry.value.final === true) {
      finalReadsChecked++;
      const completed = truths.get(job)?.completedAtMs !== undefined;
      const endTruth = completed ? COMPLETED : declaredFailed.has(job) ? FAILED : 'NOT_COMPLETED';
      const agrees = endTruth === 'NOT_COMPLETED' ? state !== COMPLETED : state === endTruth;
      if (!agrees) finalWrong.push({ ...read, truth: endTruth });
    }
  }

  // Reads were collected in order of their answers; examples go in order of invoke time
  // (Array.prototype.sort is stable: the order of answers breaks ties).
  const byInvoke = <T extends { readonly invokedAtMs: number }>(reads: readonly T[]): T[] =>
    [...reads].sort((a, b) => a.invokedAtMs - b.invokedAtMs);

  const divergent: DivergentKey[] = [];
  const keys = new Set<string>();
  for (const entry of ledger) {
    if (entry.kind !== 'store-final' || keys.has(entry.key)) continue;
    keys.add(entry.key);
    if (new Set(Object.values(entry.versions)).size > 1)
      divergent.push({ key: entry.key, versions: { ...entry.versions } });
  }
  divergent.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  return {
    readsChecked,
    staleReads: stale.length,
    staleReadExamples: byInvoke(stale).slice(0, LIST_LIMIT),
    nonMonotonicReads: nonMonotonic.length,
    nonMonotonicReadExamples: byInvoke(nonMonotonic).slice(0, LIST_LIMIT),
    finalReadsChecked,
    finalDisagreements: finalWrong.length,
    finalDisagreementExamples: byInvoke(finalWrong).slice(0, LIST_LIMIT),
    keysChecked: keys.size,
    divergentKeys: divergent.length,
    divergentKeyExamples: divergent.slice(0, LIST_LIMIT),
  };
}

export const statusChecker: Checker<StatusResult> = {
  name: 'status',
  description:
    'stale and non-monotonic status reads, final reads that disagree with the ledger, store replicas that disagree at the end',
  check: checkStatus,
};
