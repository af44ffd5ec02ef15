/**
 * A client: submits the jobs the workload assigns it, at their arrival times, to the strategy's
 * entry component for its zone, and reads the status of every job in the final-reads phase
 * (and periodically, if the scenario asks). Each request is recorded as `invoke`, then
 * `ok`/`fail` on an answer, or `info` (outcome unknown) when no answer came within the request
 * timeout; a submit without an answer is sent again, under the same job id, up to
 * SUBMIT_ATTEMPTS times (a final read, FINAL_READ_ATTEMPTS times), as a real client would.
 * With several entry components, attempt n goes to entry n (round the list), and a request the
 * network refuses (the entry's node is down) is recorded as `fail` and tried at the next entry
 * at once (with a single entry, after a request timeout's wait).
 */
import type { ClientReply, ClientRequest } from './client-protocol.js';
import { isClientReply } from './client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../kernel/component.js';
import type { ComponentId } from '../kernel/protocol.js';
import { type JobSpec, TERMINAL_JOB_STATES } from '../scenario/model.js';

export interface ClientInput {
  readonly client: string;
  /** The strategy components this client talks to, in the order it tries them. */
  readonly entries: readonly ComponentId[];
  readonly requestTimeoutMs: number;
  readonly finalReadsAtMs: number;
  /** Re-read each accepted job's status this often until it ends (null: final reads only). */
  readonly statusReadEveryMs: number | null;
}

interface PendingRequest {
  readonly f: 'submit' | 'status';
  readonly job: string;
  readonly attempt: number;
  /** The job, for a submit (to send it again). */
  readonly spec?: JobSpec;
  /** A final read (sent again if unanswered). */
  readonly final?: boolean;
}

export const SUBMIT_ATTEMPTS = 3;
export const FINAL_READ_ATTEMPTS = 2;

export interface ClientState {
  nextIndex: number;
  opCount: number;
  pending: Record<string, PendingRequest>;
}

const ARRIVAL_TIMER = 'arrival';
const FINAL_READS_TIMER = 'final-reads';
const TIMEOUT_PREFIX = 'timeout:';
const READ_PREFIX = 'read:';
const RETRY_PREFIX = 'retry:';

/** Plans the next periodic status read of `job`, if reads are on and it falls before the final reads. */
function planRead(ctx: ComponentContext, input: ClientInput, job: string): void {
  if (input.statusReadEveryMs === null) return;
  const atMs = ctx.nowMs + input.statusReadEveryMs;
  if (atMs < input.finalReadsAtMs) ctx.setTimer(`${READ_PREFIX}${job}`, atMs);
}

async function scheduleNextArrival(state: ClientState, ctx: ComponentContext, input: ClientInput): Promise<void> {
  const { next } = await ctx.world({ op: 'workload.next', client: input.client, index: state.nextIndex });
  if (next) ctx.setTimer(ARRIVAL_TIMER, next.atMs, next.job);
}

function submit(state: ClientState, ctx: ComponentContext, input: ClientInput, job: JobSpec, attempt: number): void {
  request(state, ctx, input, (op) => ({ type: 'submit', op, job }), { f: 'submit', job: job.id, attempt, spec: job });
}

function read(
  state: ClientState,
  ctx: ComponentContext,
  input: ClientInput,
  job: string,
  attempt: number,
  final: boolean,
): void {
  request(state, ctx, input, (op) => ({ type: 'status', op, job }), {
    f: 'status',
    job,
    attempt,
    ...(final ? { final } : {}),
  });
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
  ctx.send(input.entries[(pending.attempt - 1) % input.entries.length]!, body(op));
  ctx.record({ type: 'invoke', f: pending.f, op, value: { job: pending.job } });
  ctx.setTimer(`${TIMEOUT_PREFIX}${op}`, ctx.nowMs + input.requestTimeoutMs);
}

/** After a request got no answer or was refused: the next attempt (at the next entry), if any is left. */
function retry(state: ClientState, ctx: ComponentContext, input: ClientInput, pending: PendingRequest): void {
  if (pending.spec && pending.attempt < SUBMIT_ATTEMPTS) submit(state, ctx, input, pending.spec, pending.attempt + 1);
  else if (pending.final && pending.attempt < FINAL_READ_ATTEMPTS)
    read(state, ctx, input, pending.job, pending.attempt + 1, true);
  else if (!pending.final) planRead(ctx, input, pending.job);
}

/** The network's bounce of a request whose receiver's node refused the connection. */
function isRefusal(body: unknown): body is { type: 'undeliverable'; body: { op: string } } {
  const bounce = body as { type?: unknown; body?: { op?: unknown } } | null;
  return bounce?.type === 'undeliverable' && typeof bounce.body?.op === 'string';
}

export const clientComponent: ComponentDefinition<ClientState, ClientInput> = {
  init: () => ({ nextIndex: 0, opCount: 0, pending: {} }),

  async onStart(state, ctx, input) {
    ctx.setTimer(FINAL_READS_TIMER, input.finalReadsAtMs);
    await scheduleNextArrival(state, ctx, input);
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name === ARRIVAL_TIMER) {
      submit(state, ctx, input, timer.data as JobSpec, 1);
      state.nextIndex++;
      await scheduleNextArrival(state, ctx, input);
    } else if (timer.name === FINAL_READS_TIMER) {
      const { jobIds } = await ctx.world({ op: 'workload.jobs', client: input.client });
      for (const job of jobIds) read(state, ctx, input, job, 1, true);
    } else if (timer.name.startsWith(READ_PREFIX)) {
      read(state, ctx, input, timer.name.slice(READ_PREFIX.length), 1, false);
    } else if (timer.name.startsWith(RETRY_PREFIX)) {
      retry(state, ctx, input, timer.data as PendingRequest);
    } else if (timer.name.startsWith(TIMEOUT_PREFIX)) {
      const op = timer.name.slice(TIMEOUT_PREFIX.length);
      const pending = state.pending[op];
      if (!pending) return;
      delete state.pending[op];
      ctx.record({ type: 'info', f: pending.f, op, value: { job: pending.job, reason: 'timeout' } });
      retry(state, ctx, input, pending);
    }
  },

  onMessage(state, message, ctx, input) {
    if (isRefusal(message.body)) {
      const op = message.body.body.op;
      const pending = state.pending[op];
      if (!pending) return;
      delete state.pending[op];
      ctx.cancelTimer(`${TIMEOUT_PREFIX}${op}`);
      ctx.record({ type: 'fail', f: pending.f, op, value: { job: pending.job, reason: 'refused' } });
      // Another entry is tried at once; the only one, after the time a timeout would have taken.
      if (input.entries.length > 1) retry(state, ctx, input, pending);
      else ctx.setTimer(`${RETRY_PREFIX}${op}`, ctx.nowMs + input.requestTimeoutMs, pending);
      return;
    }
    if (!isClientReply(message.body)) return;
    const reply: ClientReply = message.body;
    const pending = state.pending[reply.op];
    if (!pending) return; // late answer to a request already recorded as unknown
    delete state.pending[reply.op];
    ctx.cancelTimer(`${TIMEOUT_PREFIX}${reply.op}`);
    switch (reply.type) {
      case 'submit-ok':
        ctx.record({ type: 'ok', f: 'submit', op: reply.op, value: { job: reply.job } });
        planRead(ctx, input, reply.job);
        break;
      case 'status-ok':
        ctx.record({
          type: 'ok',
          f: 'status',
          op: reply.op,
          value: { job: reply.job, state: reply.state, ...(pending.final ? { final: true } : {}) },
        });
        if (!pending.final && !TERMINAL_JOB_STATES.has(reply.state)) planRead(ctx, input, reply.job);
        break;
      case 'submit-fail':
      case 'status-fail':
        ctx.record({ type: 'fail', f: pending.f, op: reply.op, value: { job: reply.job, reason: reply.reason } });
        break;
    }
  },
};
