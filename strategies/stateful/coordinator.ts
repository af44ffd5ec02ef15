/**
 * The `stateful` coordinator: the 2017 state-full design (docs/background.md). One component
 * holds every job's and task's state, pushes each ready task to a chosen node, watches the nodes
 * with a heartbeat failure detector, and re-dispatches the work of a node it suspects, that comes
 * back empty after a restart, or that never confirmed an assignment.
 */
import type { ClientReply, ClientRequest } from '../../simulator/components/client-protocol.js';
import { isClientRequest } from '../../simulator/components/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId, Envelope } from '../../simulator/kernel/protocol.js';
import type { JobSpec, JobState } from '../../simulator/scenario/model.js';
import type { DetectorVerdict } from '../../simulator/kernel/calls.js';
import {
  admitJob,
  attemptKeyOf,
  completeTask,
  type CoordinatorState,
  initialState,
  jobState,
  type NodeInfo,
  nextScheduledStart,
  placeQueued,
  reclaimAttempt,
  reclaimNode,
  retireJob,
  type RetryPolicy,
  setTrusted,
} from './core.js';
import type { AgentMessage, AssignMessage, DoneAckMessage, DoneMessage } from './messages.js';

export interface CoordinatorInput {
  /**
   * Where the coordinator's state lives. `temporal`: in its workflow, durable — a crash of its
   * host loses nothing. `volatile`: in memory, as the 2017 service kept it — a crash loses it
   * all, and on restart it rebuilds what it can from the job records it wrote to the store.
   */
  readonly persistence: 'temporal' | 'volatile';
  readonly nodes: readonly (NodeInfo & { readonly agent: ComponentId })[];
  readonly heartbeatPeriodMs: number;
  readonly suspectAfterMs: number;
  /** Re-dispatch an assignment not confirmed within this time. */
  readonly assignTimeoutMs: number;
  readonly retry: RetryPolicy;
}

/** Coordinator state plus the acknowledgements owed to agents at the end of the current step. */
export interface CoordinatorComponentState extends CoordinatorState {
  pendingAcks: Record<string, string[]>;
}

const ASSIGN_TIMEOUT = 'assign-timeout:';
const SCHEDULED = 'scheduled-start';

function agentOf(input: CoordinatorInput, node: string): ComponentId {
  const agent = input.nodes.find((candidate) => candidate.id === node)?.agent;
  if (!agent) throw new Error(`stateful: no agent for node ${node}`);
  return agent;
}

function nodeOfAgent(input: CoordinatorInput, agent: ComponentId): string | undefined {
  return input.nodes.find((candidate) => candidate.agent === agent)?.id;
}

/** Places what can be placed, attaching owed acknowledgements to the assignments; acknowledges the rest explicitly. */
function dispatch(state: CoordinatorComponentState, ctx: ComponentContext, input: CoordinatorInput): void {
  for (const assignment of placeQueued(state, ctx.nowMs)) {
    const job = state.jobs[assignment.job];
    if (!job) continue;
    const agent = agentOf(input, assignment.node);
    const message: AssignMessage = {
      type: 'assign',
      job: job.spec,
      task: assignment.task,
      attempt: assignment.attempt,
      acks: state.pendingAcks[agent] ?? [],
    };
    delete state.pendingAcks[agent];
    ctx.send(agent, message);
    ctx.setTimer(
      `${ASSIGN_TIMEOUT}${attemptKeyOf(assignment.job, assignment.task, assignment.attempt)}`,
      ctx.nowMs + input.assignTimeoutMs,
    );
    ctx.record({
      type: 'info',
      f: 'dispatch',
      value: { job: assignment.job, task: assignment.task, node: assignment.node, attempt: assignment.attempt },
    });
  }
  for (const [agent, acks] of Object.entries(state.pendingAcks)) {
    const ack: DoneAckMessage = { type: 'done-ack', acks };
    ctx.send(agent, ack);
  }
  state.pendingAcks = {};
  const scheduled = nextScheduledStart(state, ctx.nowMs);
  if (scheduled === undefined) ctx.cancelTimer(SCHEDULED);
  else ctx.setTimer(SCHEDULED, scheduled);
}

function reclaimAll(
  state: CoordinatorState,
  ctx: ComponentContext,
  node: string,
  reason: string,
  dispatchedBeforeMs?: number,
): void {
  for (const lost of reclaimNode(state, node, dispatchedBeforeMs)) {
    ctx.record({
      type: 'info',
      f: 'reclaim',
      value: { job: lost.job, task: lost.task, node, attempt: lost.attempt, reason },
    });
  }
}

const jobRecordKey = (job: string) => `job/${job}`;

/** The volatile coordinator keeps a record of each job in the store (the 2017 MySQL row): what it can rebuild from. */
async function recordJob(
  ctx: ComponentContext,
  input: CoordinatorInput,
  spec: JobSpec,
  jobState: JobState,
): Promise<void> {
  if (input.persistence !== 'volatile') return;
  await ctx.world({
    op: 'store.write',
    key: jobRecordKey(spec.id),
    value: { spec, state: jobState },
    consistency: 'one',
  });
}

async function answerClient(
  state: CoordinatorState,
  ctx: ComponentContext,
  input: CoordinatorInput,
  from: ComponentId,
  request: ClientRequest,
): Promise<void> {
  let reply: ClientReply;
  if (request.type === 'submit') {
    if (admitJob(state, request.job)) await recordJob(ctx, input, request.job, 'QUEUED');
    reply = { type: 'submit-ok', op: request.op, job: request.job.id };
  } else {
    reply = { type: 'status-ok', op: request.op, job: request.job, state: jobState(state, request.job) };
  }
  ctx.send(from, reply);
}

async function onDone(
  state: CoordinatorComponentState,
  ctx: ComponentContext,
  input: CoordinatorInput,
  from: ComponentId,
  done: DoneMessage,
): Promise<void> {
  const key = attemptKeyOf(done.job, done.task, done.attempt);
  (state.pendingAcks[from] ??= []).push(key);
  ctx.cancelTimer(`${ASSIGN_TIMEOUT}${key}`);
  const completion = completeTask(
    state,
    done.node,
    done.job,
    done.task,
    done.attempt,
    done.outcome,
    input.retry,
    ctx.nowMs,
  );
  // Step boundaries where a scenario may crash the coordinator. Its state is durable and a
  // workflow task is atomic, so such a crash only delays it (see docs/strategies.md).
  if (completion.accepted) await ctx.crashPoint('after-state-update');
  if (completion.jobCompleted) await ctx.crashPoint('after-last-task');
  if (completion.requeued)
    ctx.record({
      type: 'info',
      f: 'retry',
      value: { job: done.job, task: done.task, attempt: done.attempt, reason: done.reason ?? done.outcome },
    });
  const spec = state.jobs[done.job]?.spec;
  if (completion.jobCompleted) ctx.record({ type: 'info', f: 'job-complete', value: { job: done.job } });
  if (completion.jobFailed)
    ctx.record({
      type: 'info',
      f: 'job-failed',
      value: { job: done.job, task: done.task, reason: done.reason ?? done.outcome },
    });
  if (spec && (completion.jobCompleted || completion.jobFailed))
    await recordJob(ctx, input, spec, completion.jobCompleted ? 'COMPLETED' : 'FAILED');
  if (completion.jobCompleted) retireJob(state, done.job);
}

/** Volatile coordinator after a restart: every job it had recorded and not finished starts over. */
async function rebuild(state: CoordinatorState, ctx: ComponentContext): Promise<void> {
  const listed = await ctx.world({ op: 'store.keys', prefix: 'job/' });
  if (!listed.ok) return;
  for (const key of listed.keys) {
    const read = await ctx.world({ op: 'store.read', key, consistency: 'one' });
    const record = read.ok ? (read.value as { spec: JobSpec; state: JobState } | null) : null;
    if (!record || record.state === 'COMPLETED' || record.state === 'FAILED') continue;
    if (admitJob(state, record.spec))
      ctx.record({ type: 'info', f: 'rebuild', value: { job: record.spec.id, reason: 'restarted from its record' } });
  }
}

function onVerdict(state: CoordinatorState, ctx: ComponentContext, verdict: DetectorVerdict): void {
  if (verdict.verdict === 'suspect') {
    setTrusted(state, verdict.node, false);
    ctx.record({ type: 'info', f: 'suspect', value: { node: verdict.node } });
    reclaimAll(state, ctx, verdict.node, 'suspected');
  } else if (!state.nodes[verdict.node]?.trusted) {
    setTrusted(state, verdict.node, true);
    ctx.record({ type: 'info', f: 'trust', value: { node: verdict.node, reason: 'heartbeat' } });
  }
}

function onUndeliverable(
  state: CoordinatorState,
  ctx: ComponentContext,
  input: CoordinatorInput,
  bounce: { to: ComponentId; body: unknown },
): void {
  const assign = bounce.body as AssignMessage;
  const node = nodeOfAgent(input, bounce.to);
  if (assign.type !== 'assign' || node === undefined) return;
  // Connection refused: the node is down. Take this attempt back and stop placing work there.
  if (reclaimAttempt(state, assign.job.id, assign.task, assign.attempt)) {
    ctx.record({
      type: 'info',
      f: 'reclaim',
      value: { job: assign.job.id, task: assign.task, node, attempt: assign.attempt, reason: 'refused' },
    });
  }
  if (state.nodes[node]?.trusted) {
    setTrusted(state, node, false);
    ctx.record({ type: 'info', f: 'suspect', value: { node, reason: 'refused' } });
  }
}

async function onMessage(
  state: CoordinatorComponentState,
  message: Envelope,
  ctx: ComponentContext,
  input: CoordinatorInput,
): Promise<void> {
  const body = message.body as { type?: string };
  if (isClientRequest(body)) return answerClient(state, ctx, input, message.from, body);
  if (body.type === 'detector') return onVerdict(state, ctx, body as DetectorVerdict);
  if (body.type === 'undeliverable')
    return onUndeliverable(state, ctx, input, body as { to: ComponentId; body: unknown });
  const report = body as AgentMessage;
  if (report.type === 'started')
    ctx.cancelTimer(`${ASSIGN_TIMEOUT}${attemptKeyOf(report.job, report.task, report.attempt)}`);
  else if (report.type === 'done') await onDone(state, ctx, input, message.from, report);
  else if (report.type === 'hello') {
    // What was sent before the node booted died with its previous incarnation.
    reclaimAll(state, ctx, report.node, 'restarted', report.bootMs);
    if (!state.nodes[report.node]?.trusted)
      ctx.record({ type: 'info', f: 'trust', value: { node: report.node, reason: 'hello' } });
    setTrusted(state, report.node, true);
    await ctx.world({
      op: 'detector.watch',
      node: report.node,
      periodMs: input.heartbeatPeriodMs,
      timeoutMs: input.suspectAfterMs,
    });
  }
}

export const statefulCoordinator: ComponentDefinition<CoordinatorComponentState, CoordinatorInput> = {
  init: (input) => ({ ...initialState(input.nodes), pendingAcks: {} }),

  async onStart(_state, ctx, input) {
    for (const node of input.nodes) {
      if (node.present)
        await ctx.world({
          op: 'detector.watch',
          node: node.id,
          periodMs: input.heartbeatPeriodMs,
          timeoutMs: input.suspectAfterMs,
        });
    }
  },

  async onMessage(state, message, ctx, input) {
    await onMessage(state, message, ctx, input);
    dispatch(state, ctx, input);
  },

  onTimer(state, timer, ctx, input) {
    if (timer.name.startsWith(ASSIGN_TIMEOUT)) {
      const key = timer.name.slice(ASSIGN_TIMEOUT.length);
      const hash = key.lastIndexOf('#');
      const slash = key.lastIndexOf('/', hash);
      const job = key.slice(0, slash);
      const task = key.slice(slash + 1, hash);
      const attempt = Number(key.slice(hash + 1));
      const node = state.jobs[job]?.tasks[task]?.node;
      if (reclaimAttempt(state, job, task, attempt))
        ctx.record({ type: 'info', f: 'reclaim', value: { job, task, node, attempt, reason: 'unconfirmed' } });
    }
    dispatch(state, ctx, input);
  },

  // Temporal keeps workflow state and timers durable: a crash of the host loses nothing. The
  // volatile (2017) coordinator loses everything.
  onCrash: (state, input) =>
    input.persistence === 'temporal'
      ? { state, keepTimers: true }
      : { state: { ...initialState(input.nodes), pendingAcks: {} }, keepTimers: false },

  async onRestart(state, ctx, input) {
    if (input.persistence !== 'volatile') return;
    await rebuild(state, ctx);
    for (const node of input.nodes)
      await ctx.world({
        op: 'detector.watch',
        node: node.id,
        periodMs: input.heartbeatPeriodMs,
        timeoutMs: input.suspectAfterMs,
      });
    dispatch(state as CoordinatorComponentState, ctx, input);
  },
};
