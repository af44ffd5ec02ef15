/**
 * The `stateful` coordinator: the 2017 state-full design (seed §3). One component holds every
 * job's and task's state, pushes each ready task to a chosen node, watches the nodes with a
 * heartbeat failure detector, and re-dispatches the work of a node it suspects or that comes
 * back empty after a restart. On Temporal its state is durable: a crash of its host loses
 * nothing, it only pauses the coordinator until the host is back.
 */
import type { ClientReply, ClientRequest } from '../../simulator/client-protocol.js';
import { isClientRequest } from '../../simulator/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import {
  admitJob,
  completeTask,
  type CoordinatorState,
  initialState,
  jobState,
  type NodeInfo,
  placeQueued,
  reclaimNode,
  setTrusted,
} from './core.js';
import type { AgentMessage, AssignMessage } from './messages.js';

export interface CoordinatorInput {
  readonly nodes: readonly (NodeInfo & { readonly agent: ComponentId })[];
  readonly heartbeatPeriodMs: number;
  readonly suspectAfterMs: number;
}

const DETECTOR_PREFIX = 'detector:';

function agentOf(input: CoordinatorInput, node: string): ComponentId {
  const agent = input.nodes.find((candidate) => candidate.id === node)?.agent;
  if (!agent) throw new Error(`stateful: no agent for node ${node}`);
  return agent;
}

/** Asks the world when the detector's verdict on `node` next flips, and sets a timer for it. */
async function watch(ctx: ComponentContext, input: CoordinatorInput, node: string, trusted: boolean): Promise<void> {
  const next = await ctx.world({
    op: 'detector.next',
    observer: ctx.node,
    node,
    periodMs: input.heartbeatPeriodMs,
    timeoutMs: input.suspectAfterMs,
    trusted,
  });
  if (next.atMs === null) ctx.cancelTimer(`${DETECTOR_PREFIX}${node}`);
  else ctx.setTimer(`${DETECTOR_PREFIX}${node}`, next.atMs, next.verdict);
}

function dispatch(state: CoordinatorState, ctx: ComponentContext, input: CoordinatorInput): void {
  for (const assignment of placeQueued(state)) {
    const job = state.jobs[assignment.job];
    if (!job) continue;
    const message: AssignMessage = { type: 'assign', job: job.spec, task: assignment.task, attempt: assignment.attempt };
    ctx.send(agentOf(input, assignment.node), message);
    ctx.record({ type: 'info', f: 'dispatch', value: { job: assignment.job, task: assignment.task, node: assignment.node, attempt: assignment.attempt } });
  }
}

function reclaim(state: CoordinatorState, ctx: ComponentContext, node: string, reason: string): void {
  for (const lost of reclaimNode(state, node)) {
    ctx.record({ type: 'info', f: 'reclaim', value: { job: lost.job, task: lost.task, node, attempt: lost.attempt, reason } });
  }
}

function answerClient(state: CoordinatorState, ctx: ComponentContext, from: ComponentId, request: ClientRequest): void {
  let reply: ClientReply;
  if (request.type === 'submit') {
    admitJob(state, request.job);
    reply = { type: 'submit-ok', op: request.op, job: request.job.id };
  } else {
    reply = { type: 'status-ok', op: request.op, job: request.job, state: jobState(state, request.job) };
  }
  ctx.send(from, reply);
}

export const statefulCoordinator: ComponentDefinition<CoordinatorState, CoordinatorInput> = {
  init: (input) => initialState(input.nodes),

  async onStart(_state, ctx, input) {
    for (const node of input.nodes) await watch(ctx, input, node.id, true);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body;
    if (isClientRequest(body)) {
      answerClient(state, ctx, message.from, body);
    } else {
      const report = body as AgentMessage;
      if (report.type === 'done') {
        const completion = completeTask(state, report.node, report.job, report.task, report.attempt);
        if (completion.jobCompleted) ctx.record({ type: 'info', f: 'job-complete', value: { job: report.job } });
      } else if (report.type === 'hello') {
        reclaim(state, ctx, report.node, 'restarted');
        setTrusted(state, report.node, true);
        ctx.record({ type: 'info', f: 'trust', value: { node: report.node, reason: 'hello' } });
        await watch(ctx, input, report.node, true);
      }
    }
    dispatch(state, ctx, input);
  },

  async onTimer(state, timer, ctx, input) {
    if (!timer.name.startsWith(DETECTOR_PREFIX)) return;
    const node = timer.name.slice(DETECTOR_PREFIX.length);
    if (timer.data === 'suspect') {
      setTrusted(state, node, false);
      ctx.record({ type: 'info', f: 'suspect', value: { node } });
      reclaim(state, ctx, node, 'suspected');
      await watch(ctx, input, node, false);
    } else {
      setTrusted(state, node, true);
      ctx.record({ type: 'info', f: 'trust', value: { node, reason: 'heartbeat' } });
      await watch(ctx, input, node, true);
    }
    dispatch(state, ctx, input);
  },

  // Temporal keeps workflow state and timers durable: a crash of the host only pauses the coordinator.
  onCrash: (state) => ({ state, keepTimers: true }),
};
