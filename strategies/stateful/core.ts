/**
 * The pure decision core of the `stateful` coordinator: admission, readiness, placement,
 * completion and recovery, over plain serialisable state. No Temporal, no I/O — unit-tested
 * directly; the coordinator component sequences these around messages and timers.
 */
import type { JobSpec, JobState, TaskKind } from '../../simulator/model.js';

export type TaskStatus = 'waiting' | 'queued' | 'dispatched' | 'done';

export interface TaskRecord {
  readonly id: string;
  readonly kind: TaskKind;
  readonly after: readonly string[];
  status: TaskStatus;
  /** Dispatch count; the current (latest) attempt while dispatched. */
  attempt: number;
  node: string | null;
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
  readonly jobs: Record<string, JobRecord>;
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
}

export function initialState(nodes: readonly NodeInfo[]): CoordinatorState {
  return {
    jobs: {},
    nodes: Object.fromEntries(nodes.map((node) => [node.id, { ...node, trusted: true, running: [] }])),
    nodeOrder: nodes.map((node) => node.id),
    queue: [],
  };
}

const key = (job: string, task: string) => `${job}/${task}`;
const runningKey = (job: string, task: string, attempt: number) => `${job}/${task}#${attempt}`;

function splitKey(taskKey: string): { job: string; task: string } {
  const slash = taskKey.lastIndexOf('/');
  return { job: taskKey.slice(0, slash), task: taskKey.slice(slash + 1) };
}

/** Accepts a job (idempotent: a second submit of the same id changes nothing). Returns whether it was new. */
export function admitJob(state: CoordinatorState, spec: JobSpec): boolean {
  if (state.jobs[spec.id]) return false;
  const tasks: Record<string, TaskRecord> = {};
  for (const task of spec.tasks) tasks[task.id] = { id: task.id, kind: task.kind, after: task.after, status: 'waiting', attempt: 0, node: null };
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
      state.queue.push(key(jobId, task.id));
    }
  }
}

function freeSlots(node: NodeRecord): number {
  return node.slots - node.running.length;
}

/**
 * Places queued tasks on trusted nodes with a free slot and the capability, least loaded first
 * (ties: topology order). Tasks that fit nowhere stay queued, in order.
 */
export function placeQueued(state: CoordinatorState): Assignment[] {
  const assignments: Assignment[] = [];
  const stillQueued: string[] = [];
  for (const taskKey of state.queue) {
    const { job: jobId, task: taskId } = splitKey(taskKey);
    const task = state.jobs[jobId]?.tasks[taskId];
    if (!task || task.status !== 'queued') continue;
    const node = chooseNode(state, task.kind);
    if (!node) {
      stillQueued.push(taskKey);
      continue;
    }
    task.status = 'dispatched';
    task.attempt += 1;
    task.node = node.id;
    node.running.push(runningKey(jobId, taskId, task.attempt));
    const job = state.jobs[jobId];
    if (job && job.state === 'QUEUED') job.state = 'RUNNING';
    assignments.push({ job: jobId, task: taskId, attempt: task.attempt, node: node.id });
  }
  state.queue = stillQueued;
  return assignments;
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

export interface Completion {
  /** The task was not done before this report (the first report wins). */
  readonly accepted: boolean;
  /** This report completed the job. */
  readonly jobCompleted: boolean;
}

/** A node reports that it finished `attempt` of a task. Frees the slot; the first report of a task wins. */
export function completeTask(state: CoordinatorState, node: string, jobId: string, taskId: string, attempt: number): Completion {
  const nodeRecord = state.nodes[node];
  if (nodeRecord) nodeRecord.running = nodeRecord.running.filter((entry) => entry !== runningKey(jobId, taskId, attempt));
  const job = state.jobs[jobId];
  const task = job?.tasks[taskId];
  if (!job || !task || task.status === 'done') return { accepted: false, jobCompleted: false };
  if (task.status === 'queued') state.queue = state.queue.filter((entry) => entry !== key(jobId, taskId));
  task.status = 'done';
  task.node = null;
  enqueueReady(state, jobId);
  const jobCompleted = Object.values(job.tasks).every((candidate) => candidate.status === 'done');
  if (jobCompleted) job.state = 'COMPLETED';
  return { accepted: true, jobCompleted };
}

/**
 * Work believed to run on `node` is lost (the node is suspected dead, or came back empty after a
 * restart): its tasks go back to the front of the queue for a new attempt. Returns them.
 */
export function reclaimNode(state: CoordinatorState, node: string): Assignment[] {
  const nodeRecord = state.nodes[node];
  if (!nodeRecord) return [];
  const reclaimed: Assignment[] = [];
  const requeue: string[] = [];
  for (const entry of nodeRecord.running) {
    const hash = entry.lastIndexOf('#');
    const { job: jobId, task: taskId } = splitKey(entry.slice(0, hash));
    const attempt = Number(entry.slice(hash + 1));
    const task = state.jobs[jobId]?.tasks[taskId];
    if (!task || task.status !== 'dispatched' || task.attempt !== attempt || task.node !== node) continue;
    task.status = 'queued';
    task.node = null;
    requeue.push(key(jobId, taskId));
    reclaimed.push({ job: jobId, task: taskId, attempt, node });
  }
  nodeRecord.running = [];
  state.queue = [...requeue, ...state.queue];
  return reclaimed;
}

export function setTrusted(state: CoordinatorState, node: string, trusted: boolean): void {
  const nodeRecord = state.nodes[node];
  if (nodeRecord) nodeRecord.trusted = trusted;
}

export function jobState(state: CoordinatorState, jobId: string): JobState {
  return state.jobs[jobId]?.state ?? 'UNKNOWN';
}
