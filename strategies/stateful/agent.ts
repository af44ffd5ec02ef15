/**
 * The `stateful` node agent: runs what the coordinator assigns it and reports back. Its state is
 * in memory: a crash loses the tasks it was running (their site effects, if any, stay done at
 * the site). It confirms each assignment, re-sends each report until acknowledged (messages can
 * be lost), and says hello when its node (re)starts so the coordinator can re-dispatch at once.
 */
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import { attemptKeyOf } from './core.js';
import type { AssignMessage, CoordinatorMessage, DoneMessage, HelloMessage, StartedMessage } from './messages.js';

export interface AgentInput {
  readonly node: string;
  readonly coordinator: ComponentId;
  /** Re-send an unacknowledged report this often. */
  readonly resendMs: number;
}

interface RunningTask {
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly execution: number;
}

export interface AgentState {
  /** Attempts running here, by attempt key. */
  running: Record<string, RunningTask>;
  /** Reports sent and not yet acknowledged, by attempt key. */
  unacked: Record<string, DoneMessage>;
}

const FINISH = 'finish:';
const RESEND = 'resend:';

function acknowledge(state: AgentState, ctx: ComponentContext, acks: readonly string[]): void {
  for (const key of acks) {
    delete state.unacked[key];
    ctx.cancelTimer(`${RESEND}${key}`);
  }
}

function report(state: AgentState, ctx: ComponentContext, input: AgentInput, done: DoneMessage): void {
  const key = attemptKeyOf(done.job, done.task, done.attempt);
  state.unacked[key] = done;
  ctx.send(input.coordinator, done);
  ctx.setTimer(`${RESEND}${key}`, ctx.nowMs + input.resendMs);
}

async function start(
  state: AgentState,
  ctx: ComponentContext,
  input: AgentInput,
  assign: AssignMessage,
): Promise<void> {
  const key = attemptKeyOf(assign.job.id, assign.task, assign.attempt);
  if (state.running[key] || state.unacked[key]) return; // a duplicated assignment
  const started = await ctx.world({
    op: 'exec.start',
    node: input.node,
    job: assign.job,
    task: assign.task,
    attempt: assign.attempt,
  });
  if (!started.started) {
    report(state, ctx, input, {
      type: 'done',
      node: input.node,
      job: assign.job.id,
      task: assign.task,
      attempt: assign.attempt,
      outcome: 'retryable',
      reason: started.reason,
    });
    return;
  }
  state.running[key] = { job: assign.job.id, task: assign.task, attempt: assign.attempt, execution: started.execution };
  ctx.setTimer(`${FINISH}${key}`, ctx.nowMs + started.durationMs);
  const confirmation: StartedMessage = {
    type: 'started',
    node: input.node,
    job: assign.job.id,
    task: assign.task,
    attempt: assign.attempt,
  };
  ctx.send(input.coordinator, confirmation);
}

export const statefulAgent: ComponentDefinition<AgentState, AgentInput> = {
  init: () => ({ running: {}, unacked: {} }),

  onStart(_state, ctx, input) {
    const hello: HelloMessage = { type: 'hello', node: input.node, bootMs: ctx.nowMs };
    ctx.send(input.coordinator, hello);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body as CoordinatorMessage;
    if (body.type === 'assign') {
      acknowledge(state, ctx, body.acks);
      await start(state, ctx, input, body);
    } else if (body.type === 'done-ack') {
      acknowledge(state, ctx, body.acks);
    }
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name.startsWith(FINISH)) {
      const key = timer.name.slice(FINISH.length);
      const task = state.running[key];
      if (!task) return;
      delete state.running[key];
      const finished = await ctx.world({
        op: 'exec.finish',
        node: input.node,
        job: task.job,
        task: task.task,
        execution: task.execution,
      });
      report(state, ctx, input, {
        type: 'done',
        node: input.node,
        job: task.job,
        task: task.task,
        attempt: task.attempt,
        outcome: finished.outcome,
        reason: finished.reason,
      });
    } else if (timer.name.startsWith(RESEND)) {
      const key = timer.name.slice(RESEND.length);
      const done = state.unacked[key];
      if (done) report(state, ctx, input, done);
    }
  },

  onRestart(_state, ctx, input) {
    const hello: HelloMessage = { type: 'hello', node: input.node, bootMs: ctx.nowMs };
    ctx.send(input.coordinator, hello);
  },
};
