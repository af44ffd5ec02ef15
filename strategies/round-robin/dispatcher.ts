/**
 * The worked example of docs/writing-a-strategy.md: a dispatcher that hands each ready task to
 * the next node in turn and trusts the nodes completely — no failure detection, no retries.
 * It is the smallest complete strategy: clients' requests in, tasks out, results back.
 */
import type { ClientReply } from '../../simulator/components/client-protocol.js';
import { isClientRequest } from '../../simulator/components/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { JobSpec, JobState } from '../../simulator/scenario/model.js';

export interface DispatcherInput {
  /** Worker component ids, in the order tasks go round. */
  readonly workers: readonly string[];
}

export interface DispatcherState {
  /** Per job: its spec, the tasks sent to a worker, the tasks reported done, its state. */
  jobs: Record<string, { spec: JobSpec; sent: string[]; done: string[]; state: JobState }>;
  turn: number;
}

/** Dispatcher → worker, and back. */
export interface RunTask {
  readonly type: 'run';
  readonly job: JobSpec;
  readonly task: string;
}
export interface TaskDone {
  readonly type: 'task-done';
  readonly job: string;
  readonly task: string;
  readonly ok: boolean;
}

/** Sends every task of the job not sent yet whose predecessors are all done, to the next worker in turn. */
function dispatchReady(state: DispatcherState, ctx: ComponentContext, input: DispatcherInput, jobId: string): void {
  const job = state.jobs[jobId];
  if (!job) return;
  for (const task of job.spec.tasks) {
    if (job.sent.includes(task.id) || !task.after.every((before) => job.done.includes(before))) continue;
    job.sent.push(task.id);
    const worker = input.workers[state.turn++ % input.workers.length] as string;
    const message: RunTask = { type: 'run', job: job.spec, task: task.id };
    ctx.send(worker, message);
  }
}

export const roundRobinDispatcher: ComponentDefinition<DispatcherState, DispatcherInput> = {
  init: () => ({ jobs: {}, turn: 0 }),

  onMessage(state, message, ctx, input) {
    const body = message.body;
    if (isClientRequest(body)) {
      let reply: ClientReply;
      if (body.type === 'submit') {
        if (!state.jobs[body.job.id]) {
          state.jobs[body.job.id] = { spec: body.job, sent: [], done: [], state: 'RUNNING' };
          dispatchReady(state, ctx, input, body.job.id);
        }
        reply = { type: 'submit-ok', op: body.op, job: body.job.id };
      } else {
        reply = { type: 'status-ok', op: body.op, job: body.job, state: state.jobs[body.job]?.state ?? 'UNKNOWN' };
      }
      ctx.send(message.from, reply);
      return;
    }
    const done = body as TaskDone;
    const job = state.jobs[done.job];
    if (done.type !== 'task-done' || !job || job.done.includes(done.task)) return;
    if (!done.ok) {
      job.state = 'FAILED';
      return;
    }
    job.done.push(done.task);
    if (job.done.length === job.spec.tasks.length) job.state = 'COMPLETED';
    else dispatchReady(state, ctx, input, done.job);
  },
};
