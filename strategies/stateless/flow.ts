/**
 * The pure part of the `stateless` design: which tasks of a job become ready when one finishes,
 * given what the message carried and what the store says, and how the job's status follows.
 */
import type { JobSpec, JobState, TaskSpec } from '../../simulator/scenario/model.js';

/** A task message: the job's whole context travels with it (no central state). */
export interface TaskMessage {
  readonly job: JobSpec;
  readonly task: string;
  /** Tasks of the job known to be done when this message was published. */
  readonly done: readonly string[];
  /** Execution attempt of this task (1 for the first). */
  readonly attempt: number;
}

export const stageQueue = (kind: string) => `stage.${kind}`;
export const statusKey = (job: string) => `status/${job}`;
export const doneKey = (job: string, task: string) => `done/${job}/${task}`;
export const publishId = (job: string, task: string, attempt: number) => `${job}/${task}#${attempt}`;

/** Tasks with no predecessor: where a job starts. */
export function rootTasks(job: JobSpec): TaskSpec[] {
  return job.tasks.filter((task) => task.after.length === 0);
}

/** Successors of `finished` whose every predecessor is in `done` (which includes `finished`). */
export function readySuccessors(job: JobSpec, finished: string, done: ReadonlySet<string>): TaskSpec[] {
  return job.tasks.filter((task) => task.after.includes(finished) && task.after.every((before) => done.has(before)));
}

/** Predecessors of `finished`'s successors that the message does not say are done (they must be looked up). */
export function unknownJoinInputs(job: JobSpec, finished: string, known: ReadonlySet<string>): string[] {
  const unknown = new Set<string>();
  for (const task of job.tasks) {
    if (!task.after.includes(finished)) continue;
    for (const before of task.after) if (!known.has(before)) unknown.add(before);
  }
  return [...unknown].sort();
}

export function statusAfter(job: JobSpec, done: ReadonlySet<string>): JobState {
  return job.tasks.every((task) => done.has(task.id)) ? 'COMPLETED' : 'RUNNING';
}
