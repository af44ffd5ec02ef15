/**
 * When each task of a run could first start, shared by the `performance` and `capacity`
 * checkers so that "queue wait" means one thing in both:
 *
 * - a job's submission: its first submit `invoke` in the history (its `arrivalMs` from the
 *   configuration when the history has none: the same instant in a real run);
 * - a task's first ok end: the earliest `exec-end` with outcome ok for it;
 * - a task is ready when it may start: a root task at its job's submission (the client's ok
 *   answer can reach the client after the strategy has already started the task, so the
 *   invoke is the instant the strategy could first act); any other task at the latest first ok
 *   end of its predecessors; never before the job's `notBeforeMs`. A task whose predecessors
 *   never all finished ok is never ready.
 */
import type { ResolvedConfig, ResolvedJob } from '../simulator/scenario/config.js';
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { type TaskKind, taskKey } from '../simulator/scenario/model.js';

/** First submit invoke per job, from a history in time order. */
export function submissionTimes(sortedHistory: readonly HistoryEntry[]): Map<string, number> {
  const submittedMs = new Map<string, number>();
  for (const entry of sortedHistory) {
    if (entry.f !== 'submit' || entry.type !== 'invoke') continue;
    if (!submittedMs.has(entry.value.job)) submittedMs.set(entry.value.job, entry.timeMs);
  }
  return submittedMs;
}

/** A job's submission: its first invoke, or its arrival when the history has none. */
export function submissionOf(
  submittedMs: ReadonlyMap<string, number>,
  job: Pick<ResolvedJob, 'id' | 'arrivalMs'>,
): number {
  return submittedMs.get(job.id) ?? job.arrivalMs;
}

/** Earliest ok end per task (by `taskKey`), from a ledger in time order. */
export function firstOkEnds(sortedLedger: readonly LedgerEntry[]): Map<string, number> {
  const firstOkEndMs = new Map<string, number>();
  for (const entry of sortedLedger) {
    if (entry.kind !== 'exec-end' || entry.outcome !== 'ok') continue;
    const task = taskKey(entry.job, entry.task);
    if (!firstOkEndMs.has(task)) firstOkEndMs.set(task, entry.timeMs);
  }
  return firstOkEndMs;
}

export interface ReadyTask {
  readonly job: string;
  readonly kind: TaskKind;
  /** When the task could first start (simulated ms). */
  readonly readyMs: number;
  /** Its job's submission (simulated ms). */
  readonly submittedMs: number;
}

/** Every task that became ready, by `taskKey`, in job order then task order. */
export function readyTasks(
  config: ResolvedConfig,
  submittedMs: ReadonlyMap<string, number>,
  firstOkEndMs: ReadonlyMap<string, number>,
): Map<string, ReadyTask> {
  const ready = new Map<string, ReadyTask>();
  for (const job of config.workload.jobs) {
    const submitted = submissionOf(submittedMs, job);
    for (const task of config.workload.jobTypes[job.type]?.tasks ?? []) {
      const ends = task.after.map((after) => firstOkEndMs.get(taskKey(job.id, after)));
      if (ends.some((end) => end === undefined)) continue;
      const readyMs = Math.max(
        job.notBeforeMs ?? Number.NEGATIVE_INFINITY,
        task.after.length === 0 ? submitted : Math.max(...(ends as number[])),
      );
      ready.set(taskKey(job.id, task.id), { job: job.id, kind: task.kind, readyMs, submittedMs: submitted });
    }
  }
  return ready;
}
