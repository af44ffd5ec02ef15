/**
 * Steps against the job's DAG: did each task run only after the tasks it depends on, and was a
 * job declared complete only once every one of its tasks had run? Ground truth comes from the
 * world's ledger (`exec-start`, `exec-end`); what the strategy declared comes from the history
 * (`job-complete` records, status reads answering COMPLETED).
 *
 * - out-of-order starts: executions that started before every task they depend on had
 *   finished successfully — the step ran on inputs that did not exist yet.
 * - skipped steps: for each job declared COMPLETED, the tasks that had not finished
 *   successfully at the moment of the first declaration — the step was skipped (the 2017
 *   proof-of-concept's "an OK advances the next unexecuted task" does exactly this when an OK
 *   arrives twice).
 *
 * One pass over each sequence after a stable sort by simulated time: O(n log n).
 */
import type { HistoryEntry, LedgerEntry } from '../simulator/scenario/history.js';
import { taskKey } from '../simulator/scenario/model.js';
import type { Checker, CheckInput } from './types.js';
import { byTime } from './time-order.js';

export interface StepsResult {
  /** Executions started before all their predecessors had finished successfully. */
  readonly outOfOrderStarts: number;
  /** The tasks of those executions (at most 50, as `job/task`, in order of time). */
  readonly outOfOrderTasks: readonly string[];
  /** Jobs declared COMPLETED while some of their tasks had not finished successfully. */
  readonly prematureCompletions: number;
  /** Tasks not finished successfully when their job was declared COMPLETED. */
  readonly skippedSteps: number;
  /** Those tasks (at most 50, as `job/task`, in order of time). */
  readonly skippedStepTasks: readonly string[];
  /** Jobs declared COMPLETED at least once (what the skipped-step check had to look at). */
  readonly completionsChecked: number;
}

const LIST_LIMIT = 50;

/** The job a history entry declares COMPLETED, if it is such a declaration. */
function declaredComplete(entry: HistoryEntry): string | undefined {
  if (entry.f === 'job-complete') return entry.value.job;
  if (entry.f === 'status' && entry.type === 'ok' && entry.value.state === 'COMPLETED') return entry.value.job;
  return undefined;
}

export function checkSteps({ config, history, ledger }: CheckInput): StepsResult {
  const predecessors = new Map<string, ReadonlyMap<string, readonly string[]>>();
  for (const job of config.workload.jobs) {
    const tasks = config.workload.jobTypes[job.type]?.tasks ?? [];
    predecessors.set(job.id, new Map(tasks.map((task) => [task.id, task.after])));
  }

  // First successful end of each task, and the out-of-order starts.
  const firstOkEndMs = new Map<string, number>();
  const outOfOrder: string[] = [];
  for (const entry of byTime<LedgerEntry>(ledger)) {
    if (entry.kind === 'exec-end' && entry.outcome === 'ok') {
      const key = taskKey(entry.job, entry.task);
      if (!firstOkEndMs.has(key)) firstOkEndMs.set(key, entry.timeMs);
    } else if (entry.kind === 'exec-start') {
      const after = predecessors.get(entry.job)?.get(entry.task) ?? [];
      if (after.some((task) => !firstOkEndMs.has(taskKey(entry.job, task))))
        outOfOrder.push(taskKey(entry.job, entry.task));
    }
  }

  // The first declaration of each job's completion, against what had really finished by then.
  const checked = new Set<string>();
  const skipped: string[] = [];
  let premature = 0;
  for (const entry of byTime(history)) {
    const job = declaredComplete(entry);
    if (job === undefined || checked.has(job)) continue;
    checked.add(job);
    const missing = [...(predecessors.get(job)?.keys() ?? [])].filter(
      (task) => (firstOkEndMs.get(taskKey(job, task)) ?? Number.POSITIVE_INFINITY) > entry.timeMs,
    );
    if (missing.length > 0) premature++;
    for (const task of missing) skipped.push(taskKey(job, task));
  }

  return {
    outOfOrderStarts: outOfOrder.length,
    outOfOrderTasks: outOfOrder.slice(0, LIST_LIMIT),
    prematureCompletions: premature,
    skippedSteps: skipped.length,
    skippedStepTasks: skipped.slice(0, LIST_LIMIT),
    completionsChecked: checked.size,
  };
}

export const stepsChecker: Checker<StepsResult> = {
  name: 'steps',
  description: 'tasks started before the tasks they depend on finished; jobs declared complete with steps not run',
  check: checkSteps,
};
