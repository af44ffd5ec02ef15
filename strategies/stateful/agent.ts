/**
 * The `stateful` node agent: runs what the coordinator assigns it and reports back. All its
 * state is in memory: a crash loses the tasks it was running (their site effects, if any,
 * stay done at the site). When its node restarts it says hello, so the coordinator can
 * re-dispatch at once instead of waiting for the failure detector.
 */
import type { ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { AssignMessage, DoneMessage, HelloMessage } from './messages.js';

export interface AgentInput {
  readonly node: string;
  readonly coordinator: ComponentId;
}

interface RunningTask {
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly execution: number;
}

export interface AgentState {
  running: Record<string, RunningTask>;
}

export const statefulAgent: ComponentDefinition<AgentState, AgentInput> = {
  init: () => ({ running: {} }),

  async onMessage(state, message, ctx, input) {
    const body = message.body as AssignMessage;
    if (body.type !== 'assign') return;
    const started = await ctx.world({ op: 'exec.start', node: input.node, job: body.job, task: body.task, attempt: body.attempt });
    const name = `finish:${body.job.id}/${body.task}#${body.attempt}`;
    state.running[name] = { job: body.job.id, task: body.task, attempt: body.attempt, execution: started.execution };
    ctx.setTimer(name, ctx.nowMs + started.durationMs);
  },

  async onTimer(state, timer, ctx, input) {
    const task = state.running[timer.name];
    if (!task) return;
    delete state.running[timer.name];
    await ctx.world({ op: 'exec.finish', node: input.node, job: task.job, task: task.task, attempt: task.attempt, execution: task.execution });
    const done: DoneMessage = { type: 'done', node: input.node, job: task.job, task: task.task, attempt: task.attempt };
    ctx.send(input.coordinator, done);
  },

  onRestart(_state, ctx, input) {
    const hello: HelloMessage = { type: 'hello', node: input.node };
    ctx.send(input.coordinator, hello);
  },
};
