/**
 * A client: submits the jobs the workload assigns it, at their arrival times, to the strategy's
 * entry component for its zone, and reads the status of every job in the final-reads phase.
 * Each request is recorded as `invoke`, then `ok`/`fail` on an answer, or `info` (outcome
 * unknown) when no answer came within the request timeout.
 */
import type { ClientReply, ClientRequest } from '../client-protocol.js';
import { isClientReply } from '../client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../kernel/component.js';
import type { ComponentId } from '../kernel/protocol.js';
import type { JobSpec } from '../model.js';

export interface ClientInput {
  readonly client: string;
  /** The strategy component this client talks to. */
  readonly entry: ComponentId;
  readonly requestTimeoutMs: number;
  readonly finalReadsAtMs: number;
}

interface PendingRequest {
  readonly f: 'submit' | 'status';
  readonly job: string;
}

export interface ClientState {
  nextIndex: number;
  opCount: number;
  pending: Record<string, PendingRequest>;
}

const ARRIVAL_TIMER = 'arrival';
const FINAL_READS_TIMER = 'final-reads';
const TIMEOUT_PREFIX = 'timeout:';

async function scheduleNextArrival(state: ClientState, ctx: ComponentContext, input: ClientInput): Promise<void> {
  const { next } = await ctx.world({ op: 'workload.next', client: input.client, index: state.nextIndex });
  if (next) ctx.setTimer(ARRIVAL_TIMER, next.atMs, next.job);
}

function request(
  state: ClientState,
  ctx: ComponentContext,
  input: ClientInput,
  body: (op: string) => ClientRequest,
  pending: PendingRequest,
): void {
  const op = `${input.client}:${state.opCount++}`;
  state.pending[op] = pending;
  ctx.send(input.entry, body(op));
  ctx.record({ type: 'invoke', f: pending.f, op, value: { job: pending.job } });
  ctx.setTimer(`${TIMEOUT_PREFIX}${op}`, ctx.nowMs + input.requestTimeoutMs);
}

export const clientComponent: ComponentDefinition<ClientState, ClientInput> = {
  init: () => ({ nextIndex: 0, opCount: 0, pending: {} }),

  async onStart(state, ctx, input) {
    ctx.setTimer(FINAL_READS_TIMER, input.finalReadsAtMs);
    await scheduleNextArrival(state, ctx, input);
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name === ARRIVAL_TIMER) {
      const job = timer.data as JobSpec;
      request(state, ctx, input, (op) => ({ type: 'submit', op, job }), { f: 'submit', job: job.id });
      state.nextIndex++;
      await scheduleNextArrival(state, ctx, input);
    } else if (timer.name === FINAL_READS_TIMER) {
      const { jobIds } = await ctx.world({ op: 'workload.jobs', client: input.client });
      for (const job of jobIds) request(state, ctx, input, (op) => ({ type: 'status', op, job }), { f: 'status', job });
    } else if (timer.name.startsWith(TIMEOUT_PREFIX)) {
      const op = timer.name.slice(TIMEOUT_PREFIX.length);
      const pending = state.pending[op];
      if (!pending) return;
      delete state.pending[op];
      ctx.record({ type: 'info', f: pending.f, op, value: { job: pending.job, reason: 'timeout' } });
    }
  },

  onMessage(state, message, ctx) {
    if (!isClientReply(message.body)) return;
    const reply: ClientReply = message.body;
    const pending = state.pending[reply.op];
    if (!pending) return; // late answer to a request already recorded as unknown
    delete state.pending[reply.op];
    ctx.cancelTimer(`${TIMEOUT_PREFIX}${reply.op}`);
    switch (reply.type) {
      case 'submit-ok':
        ctx.record({ type: 'ok', f: 'submit', op: reply.op, value: { job: reply.job } });
        break;
      case 'status-ok':
        ctx.record({ type: 'ok', f: 'status', op: reply.op, value: { job: reply.job, state: reply.state } });
        break;
      case 'submit-fail':
      case 'status-fail':
        ctx.record({ type: 'fail', f: pending.f, op: reply.op, value: { job: reply.job, reason: reply.reason } });
        break;
    }
  },
};
