/** The worked example's worker: runs what it is sent, for as long as the world says, and reports. */
import type { ComponentDefinition } from '../../simulator/kernel/component.js';
import type { RunTask, TaskDone } from './dispatcher.js';

export interface WorkerInput {
  readonly node: string;
  readonly dispatcher: string;
}

export interface WorkerState {
  running: Record<string, { job: string; task: string; execution: number }>;
}

export const roundRobinWorker: ComponentDefinition<WorkerState, WorkerInput> = {
  init: () => ({ running: {} }),

  async onMessage(state, message, ctx, input) {
    const run = message.body as RunTask;
    if (run.type !== 'run') return;
    // The world decides how long the task takes (and how it ends); we wait with a timer.
    const started = await ctx.world({ op: 'exec.start', node: input.node, job: run.job, task: run.task, attempt: 1 });
    if (!started.started) return;
    const name = `${run.job.id}/${run.task}`;
    state.running[name] = { job: run.job.id, task: run.task, execution: started.execution };
    ctx.setTimer(name, ctx.nowMs + started.durationMs);
  },

  async onTimer(state, timer, ctx, input) {
    const running = state.running[timer.name];
    if (!running) return;
    delete state.running[timer.name];
    const finished = await ctx.world({
      op: 'exec.finish',
      node: input.node,
      job: running.job,
      task: running.task,
      execution: running.execution,
    });
    const done: TaskDone = { type: 'task-done', job: running.job, task: running.task, ok: finished.outcome === 'ok' };
    ctx.send(input.dispatcher, done);
  },
};
