/**
 * The pure decision core of the `stateful` coordinator: admission, readiness, placement,
 * completion, retries and recovery, over plain serialisable state. No Temporal, no I/O —
 * unit-tested directly; the coordinator component sequences these around messages and timers.
 */
import type { JobSpec, JobState, TaskKind } from '../../simulator/scenario/model.js';

export type TaskStatus = 'waiting' | 'queued' | 'dispatched' | 'done' | 'failed';

export interface TaskRecord {
  readonly id: string;
  readonly kind: TaskKind;
  readonly after: readonly string[];
  status: TaskStatus;
  /** Dispatch count; the current (latest) attempt while dispatched. */
  attempt: number;
  /** Failed executions so far (retryable outcomes). */
  failures: number;
  node: string | null;
  /** When the current attempt was dispatched. */
  dispatchedAtMs?: number;
  /** After a retryable failure: not placed again before this time (exponential back-off). */
  retryAtMs?: number;
}

/** How retryable failures are retried. */
export interface RetryPolicy {
  /** A task fails its job at this many failed executions. */
  readonly maxAttempts: number;
  /** Wait before the first retry; doubled for each further one. */
  readonly backoffMs: number;
}

export interface JobRecord {
  readonly spec: JobSpec;
  readonly tasks: Record<string, TaskRecord>;
  state: JobState;
}

export interface NodeRecord {
  readonly id: string;
  readonly slots: number;
  readonly capabilities: readonly TaskKind[];
  /** The failure detector's verdict. Untrusted nodes get no new work. */
  trusted: boolean;
  /** Attempts believed to run there, as `job/task#attempt`. */
  running: string[];
}

export interface CoordinatorState {
  /** Jobs not yet completed (failed ones stay here too: their attempts may still be out). */
  readonly jobs: Record<string, JobRecord>;
  /**
   * Completed jobs, by id: all that is left of them once retired (`retireJob`). The state is
   * carried from run to run of the coordinator's workflow, and Temporal bounds what it may
   * carry (2 MiB): kept whole, 5,000 jobs would not fit.
   */
  readonly completed: Record<string, true>;
  readonly nodes: Record<string, NodeRecord>;
  /** Node ids in topology order: the placement tie-break. */
  readonly nodeOrder: readonly string[];
  /** Tasks waiting for a slot, as `job/task`, in admission order (re-dispatches go first). */
  queue: string[];
}

export interface Assignment {
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly node: string;
}

export interface NodeInfo {
  readonly id: string;
  readonly slots: number;
  readonly capabilities: readonly TaskKind[];
  /** Present from the start (false: joins later and says hello). */
  readonly present: boolean;
}

export function initialState(nodes: readonly NodeInfo[]): CoordinatorState {
  return {
    jobs: {},
    completed: {},
    nodes: Object.fromEntries(
      nodes.map((node) => [
        node.id,
        { id: node.id, slots: node.slots, capabilities: node.capabilities, trusted: node.present, running: [] },
      ]),
    ),
    nodeOrder: nodes.map((node) => node.id),
    queue: [],
  };
}

export const taskKeyOf = (job: string, task: string) => `${job}/${task}`;
export const attemptKeyOf = (job: string, task: string, attempt: number) => `${job}/${task}#${attempt}`;

export function splitTaskKey(taskKey: string): { job: string; task: string } {
  const slash = taskKey.lastIndexOf('/');
  return { job: taskKey.slice(0, slash), task: taskKey.slice(slash + 1) };
}

/** Accepts a job (idempotent: a second submit of the same id changes nothing). Returns whether it was new. */
export function admitJob(state: CoordinatorState, spec: JobSpec): boolean {
  if (state.jobs[spec.id] || state.completed[spec.id]) return false;
  const tasks: Record<string, TaskRecord> = {};
  for (const task of spec.tasks)
    tasks[task.id] = {
      id: task.id,
      kind: task.kind,
      after: task.after,
      status: 'waiting',
      attempt: 0,
      failures: 0,
      node: null,
    };
  state.jobs[spec.id] = { spec, tasks, state: 'QUEUED' };
  enqueueReady(state, spec.id);
  return true;
}

/** Moves every waiting task of `jobId` whose predecessors are done onto the queue. */
function enqueueReady(state: CoordinatorState, jobId: string): void {
  const job = state.jobs[jobId];
  if (!job) return;
  for (const task of Object.values(job.tasks)) {
    if (task.status !== 'waiting') continue;
    if (task.after.every((before) => job.tasks[before]?.status === 'done')) {
      task.status = 'queued';
      state.queue.push(taskKeyOf(jobId, task.id));
    }
  }
}

function freeSlots(node: NodeRecord): number {
  return node.slots - node.running.length;
}

/**
 * Places queued tasks on trusted nodes with a free slot and the capability, least loaded first
 * (ties: topology order), URGENT jobs before NORMAL ones. Tasks of jobs scheduled to start later
 * than `nowMs`, and tasks that fit nowhere, stay queued in order.
 */
export function placeQueued(state: CoordinatorState, nowMs: number): Assignment[] {
  const assignments: Assignment[] = [];
  const stillQueued: string[] = [];
  const urgentFirst = [...state.queue].sort((left, right) => priorityRank(state, left) - priorityRank(state, right));
  for (const taskKey of urgentFirst) {
    const { job: jobId, task: taskId } = splitTaskKey(taskKey);
    const job = state.jobs[jobId];
    const task = job?.tasks[taskId];
    if (!job || !task || task.status !== 'queued') continue;
    const node = startAtMs(job, task) <= nowMs ? chooseNode(state, task.kind) : undefined;
    if (!node) {
      stillQueued.push(taskKey);
      continue;
    }
    task.status = 'dispatched';
    task.attempt += 1;
    task.node = node.id;
    task.dispatchedAtMs = nowMs;
    node.running.push(attemptKeyOf(jobId, taskId, task.attempt));
    if (job.state === 'QUEUED') job.state = 'RUNNING';
    assignments.push({ job: jobId, task: taskId, attempt: task.attempt, node: node.id });
  }
  state.queue = state.queue.filter((taskKey) => stillQueued.includes(taskKey));
  return assignments;
}

/** When a queued task may start: its job's scheduled start, or its retry time. */
function startAtMs(job: JobRecord, task: TaskRecord): number {
  return Math.max(job.spec.notBeforeMs ?? 0, task.retryAtMs ?? 0);
}

function priorityRank(state: CoordinatorState, taskKey: string): number {
  return state.jobs[splitTaskKey(taskKey).job]?.spec.priority === 'URGENT' ? 0 : 1;
}

function chooseNode(state: CoordinatorState, kind: TaskKind): NodeRecord | undefined {
  let best: NodeRecord | undefined;
  for (const id of state.nodeOrder) {
    const node = state.nodes[id];
    if (!node || !node.trusted || freeSlots(node) <= 0 || !node.capabilities.includes(kind)) continue;
    if (!best || node.running.length / node.slots < best.running.length / best.slots) best = node;
  }
  return best;
}

/** The earliest scheduled start or retry time among queued tasks that is still in the future, if any. */
export function nextScheduledStart(state: CoordinatorState, nowMs: number): number | undefined {
  let earliest: number | undefined;
  for (const taskKey of state.queue) {
    const { job: jobId, task: taskId } = splitTaskKey(taskKey);
    const job = state.jobs[jobId];
    const task = job?.tasks[taskId];
    if (!job || !task) continue;
    const atMs = startAtMs(job, task);
    if (atMs > nowMs && (earliest === undefined || atMs < earliest)) earliest = atMs;
  }
  return earliest;
}

export type Outcome = 'ok' | 'retryable' | 'fatal';

export interface Completion {
  /** The report changed the task (the first ok wins; later reports of a done task change nothing). */
  readonly accepted: boolean;
  readonly jobCompleted: boolean;
  readonly jobFailed: boolean;
  /** A retryable failure put the task back in the queue. */
  readonly requeued: boolean;
}

const NOTHING: Completion = { accepted: false, jobCompleted: false, jobFailed: false, requeued: false };

/**
 * A node reports how `attempt` of a task ended. Frees its slot. `ok`: the task is done (the first
 * report wins). `retryable`: the task goes back to the queue after an exponential back-off, until
 * `maxAttempts` failures, then the job fails. `fatal`: the job fails.
 */
export function completeTask(
  state: CoordinatorState,
  node: string,
  jobId: string,
  taskId: string,
  attempt: number,
  outcome: Outcome,
  policy: RetryPolicy,
  nowMs: number,
): Completion {
  const nodeRecord = state.nodes[node];
  if (nodeRecord)
    nodeRecord.running = nodeRecord.running.filter((entry) => entry !== attemptKeyOf(jobId, taskId, attempt));
  const job = state.jobs[jobId];
  const task = job?.tasks[taskId];
  if (!job || !task || task.status === 'done' || task.status === 'failed' || job.state === 'FAILED') return NOTHING;
  if (outcome === 'ok') {
    if (task.status === 'queued') state.queue = state.queue.filter((entry) => entry !== taskKeyOf(jobId, taskId));
    task.status = 'done';
    task.node = null;
    enqueueReady(state, jobId);
    const jobCompleted = Object.values(job.tasks).every((candidate) => candidate.status === 'done');
    if (jobCompleted) job.state = 'COMPLETED';
    return { accepted: true, jobCompleted, jobFailed: false, requeued: false };
  }
  // A failure report about an attempt that is no longer current changes nothing.
  if (task.status !== 'dispatched' || task.attempt !== attempt) return NOTHING;
  task.failures += 1;
  if (outcome === 'retryable' && task.failures < policy.maxAttempts) {
    task.status = 'queued';
    task.node = null;
    task.retryAtMs = nowMs + policy.backoffMs * 2 ** (task.failures - 1);
    state.queue.unshift(taskKeyOf(jobId, taskId));
    return { accepted: true, jobCompleted: false, jobFailed: false, requeued: true };
  }
  failJob(state, job);
  task.status = 'failed';
  return { accepted: true, jobCompleted: false, jobFailed: true, requeued: false };
}

function failJob(state: CoordinatorState, job: JobRecord): void {
  job.state = 'FAILED';
  const prefix = `${job.spec.id}/`;
  state.queue = state.queue.filter((entry) => !entry.startsWith(prefix));
}

/**
 * One attempt is presumed lost (its assignment was never acknowledged, or bounced): requeue it.
 * If its job has failed meanwhile, only its slot is released: nothing of a failed job runs again.
 */
export function reclaimAttempt(state: CoordinatorState, jobId: string, taskId: string, attempt: number): boolean {
  const job = state.jobs[jobId];
  const task = job?.tasks[taskId];
  if (!job || !task || task.status !== 'dispatched' || task.attempt !== attempt) return false;
  const node = task.node === null ? undefined : state.nodes[task.node];
  if (node) node.running = node.running.filter((entry) => entry !== attemptKeyOf(jobId, taskId, attempt));
  task.node = null;
  if (job.state === 'FAILED') {
    task.status = 'waiting';
    return false;
  }
  task.status = 'queued';
  state.queue.unshift(taskKeyOf(jobId, taskId));
  return true;
}

/**
 * Work believed to run on `node` is lost (the node is suspected dead, or came back empty after a
 * restart): its tasks go back to the front of the queue for a new attempt. Returns them. With
 * `dispatchedBeforeMs`, only attempts sent before then (a restart at that time lost those; later
 * ones reach the new incarnation).
 */
export function reclaimNode(
  state: CoordinatorState,
  node: string,
  dispatchedBeforeMs = Number.POSITIVE_INFINITY,
): Assignment[] {
  const nodeRecord = state.nodes[node];
  if (!nodeRecord) return [];
  const reclaimed: Assignment[] = [];
  for (const entry of [...nodeRecord.running]) {
    const hash = entry.lastIndexOf('#');
    const { job, task } = splitTaskKey(entry.slice(0, hash));
    const attempt = Number(entry.slice(hash + 1));
    if ((state.jobs[job]?.tasks[task]?.dispatchedAtMs ?? 0) >= dispatchedBeforeMs) continue;
    if (reclaimAttempt(state, job, task, attempt)) reclaimed.push({ job, task, attempt, node });
  }
  return reclaimed;
}

export function setTrusted(state: CoordinatorState, node: string, trusted: boolean): void {
  const nodeRecord = state.nodes[node];
  if (nodeRecord) nodeRecord.trusted = trusted;
}

export function jobState(state: CoordinatorState, jobId: string): JobState {
  return state.jobs[jobId]?.state ?? (state.completed[jobId] ? 'COMPLETED' : 'UNKNOWN');
}

/**
 * Keeps only the id of a completed job. Nothing asks more of it: every task is done, so later
 * reports of its attempts change nothing but their node's free slots, and a status read or a
 * repeated submit needs only to know it completed.
 */
export function retireJob(state: CoordinatorState, jobId: string): void {
  if (state.jobs[jobId]?.state !== 'COMPLETED') return;
  delete state.jobs[jobId];
  state.completed[jobId] = true;
}
