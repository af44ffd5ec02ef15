/**
 * The work ledger: what happened to each job. Compares what clients were told (the history)
 * with what really ran (the world's ledger).
 *
 * - submitted: jobs a client asked to run (submit invoked).
 * - accepted: submits answered ok. Unknown (timed-out) submits are counted apart.
 * - completed: jobs every task of which really finished successfully on some node (ground
 *   truth), whatever their client was told.
 * - unknown: submits whose outcome the client never learnt (no answer in time) and that did
 *   not complete; recovered: the ones that completed anyway (Jepsen's `total-queue` keeps
 *   "recovered" apart in the same way). Unknown jobs are neither accepted nor lost.
 * - refused: submits every attempt of which was refused, that did not complete.
 *
 * Every submitted job has exactly one outcome: completed, failed, lost, unknown or refused.
 * - failed: accepted jobs not completed that the strategy declared FAILED (a fatal task
 *   failure, or retries exhausted) — a terminal outcome, not a loss.
 * - lost: accepted jobs that neither completed nor were declared failed by the end of the run,
 *   split by where their work was when it was lost (ledger: see `placeOfLoss`) — running (an
 *   execution cut off), after a failure (a failed execution never run again), or before it
 *   started (a dispatch or delivery that never reached an execution). Under auto-ack a crashed
 *   consumer loses both what it was running and what it had buffered, and only this split tells
 *   the two apart.
 * - stuck: accepted jobs that had neither completed nor been declared failed when the
 *   convergence budget ended (every fault healed, the budget spent) — a liveness measure, not
 *   an inconsistency. Lost jobs are stuck too; a stuck job that is not lost finished late, in
 *   the final-reads phase.
 * - duplicate executions: successful executions of a task beyond the first — a task that ran
 *   to the end twice (a zombie finishing an attempt already re-dispatched). A failed execution
 *   that was retried is not a duplicate, nor one cut short by a crash (abandoned work).
 * - duplicate effects: site side effects beyond the first for one task — a job submitted twice
 *   to an HPC queue.
 * - re-dispatches: dispatches of an attempt after the first (control-plane recovery at work).
 */
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import type { Checker, CheckInput } from './types.js';

export interface WorkLedgerResult {
  readonly jobsSubmitted: number;
  readonly jobsAccepted: number;
  /** Submits whose outcome stayed unknown (no answer in time) and that did not complete. */
  readonly jobsUnknown: number;
  /** Submits whose outcome stayed unknown but that completed anyway (counted in completed). */
  readonly jobsRecovered: number;
  /** Submits every attempt of which was refused (never accepted, never of unknown outcome), not completed. */
  readonly jobsRefused: number;
  readonly jobsCompleted: number;
  /** Accepted, not completed, and declared FAILED by the strategy. */
  readonly jobsFailed: number;
  readonly jobsLost: number;
  /**
   * Lost jobs with an unfinished task whose last execution started and never ended (cut off by a crash, or running at
   * the end).
   */
  readonly lostWhileRunning: number;
  /**
   * Lost jobs, none running, with an unfinished task whose last execution ended in a failure that was neither retried
   * nor declared.
   */
  readonly lostAfterFailure: number;
  /**
   * Lost jobs none of whose unfinished tasks ever started: the dispatch or delivery was lost (buffered at a consumer
   * that crashed, a message or a queue lost).
   */
  readonly lostBeforeStart: number;
  /** Accepted jobs neither completed nor declared failed when the convergence budget ended (lost ones included). */
  readonly jobsStuck: number;
  /** Ids of the lost jobs (at most 50, in string order: `job-10` before `job-2`). */
  readonly lostJobIds: readonly string[];
  /** Task executions that started (every attempt on every node). */
  readonly executions: number;
  /** Successful executions beyond the first of each task. */
  readonly duplicateExecutions: number;
  /** Executions that started and never finished (cut short by a crash, or still running at the end). */
  readonly abandonedExecutions: number;
  /** Site effects beyond the first for one task. */
  readonly duplicateEffects: number;
  /** Tasks with more than one site effect (at most 50, as `job/task`). */
  readonly duplicateEffectTasks: readonly string[];
  /** Dispatches whose attempt number is above 1. */
  readonly redispatches: number;
  /** Attempts the control plane declared lost (node suspected or restarted). */
  readonly reclaims: number;
}

const LIST_LIMIT = 50;

/**
 * Where a lost job's work was when it was lost. Under auto-ack the broker forgets a delivery as
 * it pushes it, so a consumer that crashes loses what it was running and what it had buffered
 * and never started alike: the counts are the same, the cause is not, and the ledger tells them
 * apart (an exec-start without exec-end against no exec-start at all).
 */
export type PlaceOfLoss = 'running' | 'after-failure' | 'before-start';

/** What the last execution of a task came to: still open (no exec-end), or its outcome. */
type LastExecution = 'open' | 'ok' | 'retryable' | 'fatal';

/**
 * The last execution (highest `execution` number) of each task that started, by `taskKey`, and
 * what it came to. The last, not any: an execution cut off, then re-run and failed, was lost
 * after the failure; an older zombie still open is work the control plane had given up on.
 */
function lastExecutions(ledger: readonly LedgerEntry[]): Map<string, LastExecution> {
  const lastStarted = new Map<string, number>();
  const ended = new Map<string, LastExecution>();
  for (const entry of ledger) {
    if (entry.kind !== 'exec-start' && entry.kind !== 'exec-end') continue;
    const key = taskKey(entry.job, entry.task);
    if (entry.kind === 'exec-start') lastStarted.set(key, Math.max(entry.execution, lastStarted.get(key) ?? 0));
    else ended.set(`${key}#${entry.execution}`, entry.outcome);
  }
  return new Map(
    [...lastStarted].map(([key, execution]) => [key, ended.get(`${key}#${execution}`) ?? 'open'] as const),
  );
}

/**
 * Where the lost `job`'s work was, from its unfinished tasks (every one, not only the first in
 * order: a strategy that skips a step may run a later task while an earlier never starts).
 * Running beats after-failure beats before-start: the furthest any unfinished task got is where
 * the job's work was. (With parallel branches a sibling may also have been lost undelivered;
 * one place per job keeps the three counts summing to `jobsLost`.)
 */
function placeOfLoss(
  job: string,
  taskIds: readonly string[],
  finished: ReadonlyMap<string, number> | undefined,
  last: ReadonlyMap<string, LastExecution>,
): PlaceOfLoss {
  const states = taskIds.filter((task) => !finished?.has(task)).map((task) => last.get(taskKey(job, task)));
  if (states.includes('open')) return 'running';
  if (states.some((state) => state !== undefined)) return 'after-failure';
  return 'before-start';
}

/**
 * What the history says of each job: submitted, accepted, unknown, refused (its best-known answer), declared failed;
 * and the control plane's re-dispatches and reclaims.
 */
function clientOutcomes(history: readonly HistoryEntry[]) {
  const submitted = new Set<string>();
  const accepted = new Set<string>();
  const unknown = new Set<string>();
  const refused = new Set<string>();
  let redispatches = 0;
  let reclaims = 0;
  /** When each job was first declared FAILED. */
  const declaredFailed = new Map<string, number>();
  for (const entry of history) {
    if ((entry.f === 'status' && entry.type === 'ok' && entry.value.state === 'FAILED') || entry.f === 'job-failed') {
      const { job } = entry.value;
      declaredFailed.set(job, Math.min(entry.timeMs, declaredFailed.get(job) ?? Number.POSITIVE_INFINITY));
    }
    if (entry.f === 'submit') {
      const { job } = entry.value;
      if (entry.type === 'invoke') submitted.add(job);
      else if (entry.type === 'ok') accepted.add(job);
      else if (entry.type === 'info') unknown.add(job);
      else if (entry.type === 'fail') refused.add(job);
    } else if (entry.f === 'dispatch' && entry.value.attempt > 1) {
      redispatches++;
    } else if (entry.f === 'reclaim') {
      reclaims++;
    }
  }
  // A job's outcome is its best-known one: accepted beats unknown beats refused (a client that
  // was refused at one entry may have been accepted at the next).
  for (const job of accepted) {
    unknown.delete(job);
    refused.delete(job);
  }
  for (const job of unknown) refused.delete(job);
  return { submitted, accepted, unknown, refused, declaredFailed, redispatches, reclaims };
}

/**
 * What the ledger says: each job's tasks' first successful ends, ok ends and site effects per task, executions started
 * and ended.
 */
function ledgerFacts(ledger: readonly LedgerEntry[]) {
  /** Per job, each task's first successful end. */
  const finishedTasks = new Map<string, Map<string, number>>();
  const endsPerTask = new Map<string, number>();
  const effectsPerTask = new Map<string, number>();
  let executions = 0;
  let executionsEnded = 0;
  for (const entry of ledger) {
    if (entry.kind === 'exec-start') {
      executions++;
    } else if (entry.kind === 'exec-end') {
      executionsEnded++;
      if (entry.outcome !== 'ok') continue;
      const key = taskKey(entry.job, entry.task);
      endsPerTask.set(key, (endsPerTask.get(key) ?? 0) + 1);
      const tasks = finishedTasks.get(entry.job) ?? new Map<string, number>();
      tasks.set(entry.task, Math.min(entry.timeMs, tasks.get(entry.task) ?? Number.POSITIVE_INFINITY));
      finishedTasks.set(entry.job, tasks);
    } else if (entry.kind === 'site-effect') {
      const key = taskKey(entry.job, entry.task);
      effectsPerTask.set(key, (effectsPerTask.get(key) ?? 0) + 1);
    }
  }
  return { finishedTasks, endsPerTask, effectsPerTask, executions, executionsEnded };
}

const extraCount = (counts: ReadonlyMap<string, number>) =>
  [...counts.values()].reduce((sum, count) => sum + count - 1, 0);

export function checkWorkLedger({ config, history, ledger }: CheckInput): WorkLedgerResult {
  const { submitted, accepted, unknown, refused, declaredFailed, redispatches, reclaims } = clientOutcomes(history);
  const taskIdsPerJob = new Map(
    config.workload.jobs.map((job) => [
      job.id,
      (config.workload.jobTypes[job.type]?.tasks ?? []).map((task) => task.id),
    ]),
  );
  const facts = ledgerFacts(ledger);
  /** Completed jobs and when: the last of their tasks' first successful ends. */
  const completedAt = new Map(
    [...facts.finishedTasks]
      .filter(([job, tasks]) => tasks.size === (taskIdsPerJob.get(job)?.length ?? Number.NaN))
      .map(([job, tasks]) => [job, Math.max(...tasks.values())] as const),
  );
  const completed = new Set(completedAt.keys());
  const recovered = [...unknown].filter((job) => completed.has(job));
  for (const job of completed) {
    unknown.delete(job);
    refused.delete(job);
  }
  const failed = [...accepted].filter((job) => !completed.has(job) && declaredFailed.has(job));
  const lost = [...accepted].filter((job) => !completed.has(job) && !declaredFailed.has(job)).sort();
  const last = lastExecutions(ledger);
  const places = lost.map((job) => placeOfLoss(job, taskIdsPerJob.get(job) ?? [], facts.finishedTasks.get(job), last));
  const lostAt = (place: PlaceOfLoss) => places.filter((candidate) => candidate === place).length;
  const budgetEndMs = config.phases.convergeEndMs;
  const stuck = [...accepted].filter(
    (job) =>
      Math.min(completedAt.get(job) ?? Number.POSITIVE_INFINITY, declaredFailed.get(job) ?? Number.POSITIVE_INFINITY) >
      budgetEndMs,
  );
  const duplicateEffectTasks = [...facts.effectsPerTask]
    .filter(([, count]) => count > 1)
    .map(([key]) => key)
    .sort();
  return {
    jobsSubmitted: submitted.size,
    jobsAccepted: accepted.size,
    jobsUnknown: unknown.size,
    jobsRecovered: recovered.length,
    jobsRefused: refused.size,
    jobsCompleted: completed.size,
    jobsFailed: failed.length,
    jobsLost: lost.length,
    lostWhileRunning: lostAt('running'),
    lostAfterFailure: lostAt('after-failure'),
    lostBeforeStart: lostAt('before-start'),
    lostJobIds: lost.slice(0, LIST_LIMIT),
    jobsStuck: stuck.length,
    executions: facts.executions,
    duplicateExecutions: extraCount(facts.endsPerTask),
    abandonedExecutions: facts.executions - facts.executionsEnded,
    duplicateEffects: extraCount(facts.effectsPerTask),
    duplicateEffectTasks: duplicateEffectTasks.slice(0, LIST_LIMIT),
    redispatches,
    reclaims,
  };
}

export const workLedgerChecker: Checker<WorkLedgerResult> = {
  name: 'work',
  description:
    'jobs submitted, accepted, completed and lost; duplicate executions and duplicate site effects; re-dispatches',
  check: checkWorkLedger,
};
