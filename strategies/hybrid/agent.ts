/**
 * The `hybrid` node agent: advertises what its node offers, runs what the scheduler launches
 * under a lease, and reports. Every action is fenced: the site refuses a submission whose token
 * is older than one it has seen (and recognises a resubmission by its idempotency key), and the
 * store refuses a result written under a superseded lease — so a zombie's late work changes
 * nothing. A node that cannot reach a store quorum (the minority side of a partition) takes no
 * new work.
 */
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { TaskKind } from '../../simulator/scenario/model.js';
import { leaseResource } from './scheduler.js';
import type { FinishedAckMessage, FinishedMessage, LaunchedMessage, LaunchMessage, OfferMessage } from './messages.js';

export interface HybridAgentInput {
  readonly node: string;
  readonly slots: number;
  readonly capabilities: readonly TaskKind[];
  readonly scheduler: ComponentId;
  readonly leaseTtlMs: number;
  readonly resendMs: number;
}

interface Running {
  readonly launch: LaunchMessage;
  readonly execution: number;
}

export interface HybridAgentState {
  running: Record<string, Running>;
  /** Reports not yet acknowledged (or results not yet written), by attempt key. */
  reports: Record<string, { readonly report: FinishedMessage; readonly to: ComponentId; written: boolean }>;
}

const FINISH = 'finish:';
const RESEND = 'resend:';
const attemptKey = (job: string, task: string, attempt: number) => `${job}/${task}#${attempt}`;

function offer(state: HybridAgentState, ctx: ComponentContext, input: HybridAgentInput): void {
  const message: OfferMessage = {
    type: 'offer',
    node: input.node,
    capabilities: input.capabilities,
    free: input.slots - Object.keys(state.running).length,
  };
  ctx.send(input.scheduler, message);
}

async function launch(
  state: HybridAgentState,
  ctx: ComponentContext,
  input: HybridAgentInput,
  message: LaunchMessage,
): Promise<void> {
  const key = attemptKey(message.job.id, message.task, message.attempt);
  if (state.running[key] || state.reports[key]) {
    // A launch of an attempt already here: the scheduler counted a slot for it; say what is free.
    offer(state, ctx, input);
    return;
  }
  // Still the holder, with a quorum behind it? (Renewing its own lease keeps the token.)
  const lease = await ctx.world({
    op: 'lease.acquire',
    resource: leaseResource(message.job.id, message.task),
    owner: `${message.job.id}/${message.task}#${message.attempt}`,
    ttlMs: input.leaseTtlMs,
  });
  if (!lease.ok || lease.token !== message.token) {
    ctx.record({
      type: 'info',
      f: 'refuse-launch',
      value: {
        job: message.job.id,
        task: message.task,
        node: input.node,
        attempt: message.attempt,
        reason: lease.ok ? 'superseded' : lease.reason,
      },
    });
    offer(state, ctx, input);
    return;
  }
  const started = await ctx.world({
    op: 'exec.start',
    node: input.node,
    job: message.job,
    task: message.task,
    attempt: message.attempt,
    fence: message.token,
    idempotencyKey: `${message.job.id}/${message.task}`,
  });
  if (!started.started) {
    ctx.record({
      type: 'info',
      f: 'fenced',
      value: {
        job: message.job.id,
        task: message.task,
        node: input.node,
        attempt: message.attempt,
        reason: started.reason,
      },
    });
    offer(state, ctx, input);
    return;
  }
  state.running[key] = { launch: message, execution: started.execution };
  ctx.setTimer(`${FINISH}${key}`, ctx.nowMs + started.durationMs);
  const launched: LaunchedMessage = {
    type: 'launched',
    task: message.task,
    attempt: message.attempt,
    token: message.token,
  };
  ctx.send(message.orchestrator, launched);
}

/** Writes the result under the lease (fenced) and reports it; retried while the store is out of reach. */
async function deliver(
  state: HybridAgentState,
  ctx: ComponentContext,
  input: HybridAgentInput,
  key: string,
): Promise<void> {
  const entry = state.reports[key];
  if (!entry) return;
  if (!entry.written) {
    const { report } = entry;
    const write = await ctx.world({
      op: 'store.write',
      key: `result/${report.job}/${report.task}`,
      value: { outcome: report.outcome, attempt: report.attempt, node: report.node },
      consistency: 'quorum',
      fence: { resource: leaseResource(report.job, report.task), token: report.token },
    });
    if (!write.ok && write.reason.startsWith('stale fencing token')) {
      // A newer attempt owns this task: this one's work is void.
      ctx.record({
        type: 'info',
        f: 'fenced',
        value: { job: report.job, task: report.task, node: input.node, attempt: report.attempt, reason: write.reason },
      });
      delete state.reports[key];
      return;
    }
    entry.written = write.ok;
  }
  if (entry.written) ctx.send(entry.to, entry.report);
  ctx.setTimer(`${RESEND}${key}`, ctx.nowMs + input.resendMs);
}

export const hybridAgent: ComponentDefinition<HybridAgentState, HybridAgentInput> = {
  init: () => ({ running: {}, reports: {} }),

  onStart(state, ctx, input) {
    offer(state, ctx, input);
  },

  onRestart(state, ctx, input) {
    offer(state, ctx, input);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body as LaunchMessage | FinishedAckMessage | { type: 'offers-please' };
    if (body.type === 'launch') await launch(state, ctx, input, body);
    else if (body.type === 'offers-please') offer(state, ctx, input);
    else if (body.type === 'finished-ack') {
      const key = attemptKey(body.job, body.task, body.attempt);
      delete state.reports[key];
      ctx.cancelTimer(`${RESEND}${key}`);
    }
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name.startsWith(RESEND)) return deliver(state, ctx, input, timer.name.slice(RESEND.length));
    if (!timer.name.startsWith(FINISH)) return;
    const key = timer.name.slice(FINISH.length);
    const running = state.running[key];
    if (!running) return;
    delete state.running[key];
    const { launch: started } = running;
    const finished = await ctx.world({
      op: 'exec.finish',
      node: input.node,
      job: started.job.id,
      task: started.task,
      execution: running.execution,
    });
    const report: FinishedMessage = {
      type: 'finished',
      node: input.node,
      job: started.job.id,
      task: started.task,
      attempt: started.attempt,
      token: started.token,
      outcome: finished.outcome,
      reason: finished.reason,
    };
    state.reports[key] = { report, to: started.orchestrator, written: false };
    await deliver(state, ctx, input, key);
    offer(state, ctx, input);
  },
};
