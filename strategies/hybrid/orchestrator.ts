/**
 * The `hybrid` job orchestrator: one durable component per job (a Temporal workflow of its own), as
 * in the 2017 final design's per-experiment orchestration. It walks the job's DAG, asks the
 * scheduler to place each ready task, keeps the job's status in the replicated store at
 * quorum, retries retryable failures with back-off, and re-places a task whose node is lost.
 * It accepts a task's result only from the attempt holding the current lease (fencing token).
 */
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { JobSpec, JobState } from '../../simulator/scenario/model.js';
import type { RetryPolicy } from '../stateful/core.js';
import type {
  FinishedAckMessage,
  FinishedMessage,
  LaunchedMessage,
  LostMessage,
  PlacedMessage,
  PlaceMessage,
} from './messages.js';

export interface OrchestratorInput {
  readonly spec: JobSpec;
  readonly scheduler: ComponentId;
  readonly retry: RetryPolicy;
  /** Ask the scheduler again if a placement is not confirmed within this time. */
  readonly placeTimeoutMs: number;
  /** Place the task again if its node does not confirm the launch within this time. */
  readonly launchTimeoutMs: number;
}

type TaskStatus = 'waiting' | 'placing' | 'running' | 'done' | 'failed';

interface TaskProgress {
  status: TaskStatus;
  attempt: number;
  failures: number;
  token: number;
  node: string | null;
}

export interface OrchestratorState {
  tasks: Record<string, TaskProgress>;
  state: JobState;
  /** The job status last written to the store at quorum (a failed write is retried). */
  written: JobState | null;
}

export const jobKey = (job: string) => `job/${job}`;

const PLACE_TIMEOUT = 'place-timeout:';
const LAUNCH_TIMEOUT = 'launch-timeout:';
const RETRY = 'retry:';
const WRITE_STATUS = 'write-status';

function place(
  state: OrchestratorState,
  ctx: ComponentContext,
  input: OrchestratorInput,
  taskId: string,
  attempt: number,
): void {
  const task = input.spec.tasks.find((candidate) => candidate.id === taskId);
  const progress = state.tasks[taskId];
  if (!task || !progress) return;
  progress.status = 'placing';
  progress.attempt = attempt;
  progress.node = null;
  const message: PlaceMessage = {
    type: 'place',
    job: input.spec.id,
    task: taskId,
    kind: task.kind,
    priority: input.spec.priority,
    attempt,
    orchestrator: ctx.self,
    spec: input.spec,
  };
  ctx.send(input.scheduler, message);
  ctx.setTimer(`${PLACE_TIMEOUT}${taskId}`, ctx.nowMs + input.placeTimeoutMs, attempt);
}

function placeReady(state: OrchestratorState, ctx: ComponentContext, input: OrchestratorInput): void {
  for (const task of input.spec.tasks) {
    const progress = state.tasks[task.id];
    if (progress?.status !== 'waiting') continue;
    if (task.after.every((before) => state.tasks[before]?.status === 'done'))
      place(state, ctx, input, task.id, progress.attempt + 1);
  }
}

async function writeStatus(state: OrchestratorState, ctx: ComponentContext, input: OrchestratorInput): Promise<void> {
  if (state.written === state.state) return;
  const result = await ctx.world({
    op: 'store.write',
    key: jobKey(input.spec.id),
    value: { state: state.state, atMs: ctx.nowMs },
    consistency: 'quorum',
  });
  if (result.ok) {
    state.written = state.state;
    if (state.state === 'COMPLETED' || state.state === 'FAILED') ctx.stop();
  } else {
    ctx.setTimer(WRITE_STATUS, ctx.nowMs + 10_000);
  }
}

async function onFinished(
  state: OrchestratorState,
  ctx: ComponentContext,
  input: OrchestratorInput,
  from: ComponentId,
  report: FinishedMessage,
): Promise<void> {
  const ack: FinishedAckMessage = { type: 'finished-ack', job: report.job, task: report.task, attempt: report.attempt };
  ctx.send(from, ack);
  const progress = state.tasks[report.task];
  // Only the attempt holding the current lease counts; a zombie's report is ignored.
  if (!progress || progress.status !== 'running' || progress.token !== report.token) return;
  ctx.cancelTimer(`${LAUNCH_TIMEOUT}${report.task}`);
  if (report.outcome === 'ok') {
    progress.status = 'done';
    state.state = Object.values(state.tasks).every((task) => task.status === 'done') ? 'COMPLETED' : 'RUNNING';
    if (state.state === 'COMPLETED') ctx.record({ type: 'info', f: 'job-complete', value: { job: report.job } });
    placeReady(state, ctx, input);
  } else if (report.outcome === 'retryable' && progress.failures + 1 < input.retry.maxAttempts) {
    progress.failures += 1;
    progress.status = 'waiting';
    ctx.record({
      type: 'info',
      f: 'retry',
      value: { job: report.job, task: report.task, attempt: report.attempt, reason: report.reason ?? report.outcome },
    });
    ctx.setTimer(`${RETRY}${report.task}`, ctx.nowMs + input.retry.backoffMs * 2 ** (progress.failures - 1));
  } else {
    progress.status = 'failed';
    state.state = 'FAILED';
    ctx.record({
      type: 'info',
      f: 'job-failed',
      value: { job: report.job, task: report.task, reason: report.reason ?? report.outcome },
    });
  }
  await writeStatus(state, ctx, input);
}

export const hybridOrchestrator: ComponentDefinition<OrchestratorState, OrchestratorInput> = {
  init: (input) => ({
    tasks: Object.fromEntries(
      input.spec.tasks.map((task) => [task.id, { status: 'waiting', attempt: 0, failures: 0, token: 0, node: null }]),
    ),
    state: 'QUEUED',
    written: 'QUEUED',
  }),

  onStart(state, ctx, input) {
    placeReady(state, ctx, input);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body as PlacedMessage | LaunchedMessage | LostMessage | FinishedMessage;
    if (body.type === 'placed') {
      const progress = state.tasks[body.task];
      if (!progress || progress.status !== 'placing' || progress.attempt !== body.attempt) return;
      ctx.cancelTimer(`${PLACE_TIMEOUT}${body.task}`);
      progress.status = 'running';
      progress.token = body.token;
      progress.node = body.node;
      ctx.setTimer(`${LAUNCH_TIMEOUT}${body.task}`, ctx.nowMs + input.launchTimeoutMs, body.attempt);
      if (state.state === 'QUEUED') state.state = 'RUNNING';
      ctx.record({
        type: 'info',
        f: 'dispatch',
        value: { job: input.spec.id, task: body.task, node: body.node, attempt: body.attempt, token: body.token },
      });
      await writeStatus(state, ctx, input);
    } else if (body.type === 'launched') {
      const progress = state.tasks[body.task];
      if (progress?.attempt === body.attempt) ctx.cancelTimer(`${LAUNCH_TIMEOUT}${body.task}`);
    } else if (body.type === 'lost') {
      const progress = state.tasks[body.task];
      if (!progress || progress.status !== 'running' || progress.attempt !== body.attempt) return;
      ctx.record({
        type: 'info',
        f: 'reclaim',
        value: { job: input.spec.id, task: body.task, node: body.node, attempt: body.attempt, reason: 'node lost' },
      });
      place(state, ctx, input, body.task, body.attempt + 1);
    } else if (body.type === 'finished') {
      await onFinished(state, ctx, input, message.from, body);
    }
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name.startsWith(LAUNCH_TIMEOUT)) {
      const taskId = timer.name.slice(LAUNCH_TIMEOUT.length);
      const progress = state.tasks[taskId];
      if (progress?.status !== 'running' || progress.attempt !== timer.data) return;
      ctx.record({
        type: 'info',
        f: 'reclaim',
        value: {
          job: input.spec.id,
          task: taskId,
          node: progress.node,
          attempt: progress.attempt,
          reason: 'launch unconfirmed',
        },
      });
      place(state, ctx, input, taskId, progress.attempt + 1);
    } else if (timer.name.startsWith(PLACE_TIMEOUT)) {
      const taskId = timer.name.slice(PLACE_TIMEOUT.length);
      const progress = state.tasks[taskId];
      if (progress?.status === 'placing' && progress.attempt === timer.data)
        place(state, ctx, input, taskId, progress.attempt);
    } else if (timer.name.startsWith(RETRY)) {
      const taskId = timer.name.slice(RETRY.length);
      const progress = state.tasks[taskId];
      if (progress?.status === 'waiting') place(state, ctx, input, taskId, progress.attempt + 1);
    } else if (timer.name === WRITE_STATUS) {
      await writeStatus(state, ctx, input);
    }
  },

  // Durable: Temporal keeps it all.
  onCrash: (state) => ({ state, keepTimers: true }),
};
