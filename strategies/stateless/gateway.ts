/**
 * The `stateless` gateway: the API service clients in one zone talk to. It keeps nothing: a
 * submit writes the job's status to the store (at consistency `one`) and publishes the job's
 * first tasks to their stage queues; a status read reads the store (possibly stale).
 */
import {
  type BrokerClient,
  confirmsPublishes,
  newPublisherState,
  onPublisherMessage,
  onPublisherTimer,
  publish,
  type PublisherState,
} from '../../simulator/components/broker-client.js';
import type { ClientReply } from '../../simulator/components/client-protocol.js';
import { isClientRequest } from '../../simulator/components/client-protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { ComponentId } from '../../simulator/kernel/protocol.js';
import type { JobState } from '../../simulator/scenario/model.js';
import { publishId, rootTasks, stageQueue, statusKey, type TaskMessage } from './flow.js';

export interface GatewayInput {
  readonly broker: BrokerClient;
}

interface WaitingClient {
  readonly client: ComponentId;
  readonly op: string;
  readonly job: string;
  /** Publishes still to be confirmed before the client is told. */
  outstanding: string[];
}

export interface GatewayState {
  publisher: PublisherState;
  /** Submits answered once their publishes are confirmed, by publish id. */
  waiting: Record<string, WaitingClient>;
}

function reply(ctx: ComponentContext, to: ComponentId, body: ClientReply): void {
  ctx.send(to, body);
}

async function submit(
  state: GatewayState,
  ctx: ComponentContext,
  input: GatewayInput,
  from: ComponentId,
  op: string,
  job: TaskMessage['job'],
): Promise<void> {
  const known = await ctx.world({ op: 'store.read', key: statusKey(job.id), consistency: 'one' });
  if (known.ok && known.value !== null) {
    // A retried submit of a job this gateway (or another) already took: do not start it twice.
    reply(ctx, from, { type: 'submit-ok', op, job: job.id });
    return;
  }
  await ctx.world({
    op: 'store.write',
    key: statusKey(job.id),
    value: { state: 'QUEUED' satisfies JobState, atMs: ctx.nowMs },
    consistency: 'one',
  });
  const ids = rootTasks(job).map((task) => {
    const message: TaskMessage = { job, task: task.id, done: [], attempt: 1 };
    const id = publishId(job.id, task.id, 1);
    publish(state.publisher, ctx, input.broker, {
      queue: stageQueue(task.kind),
      id,
      body: message,
      priority: job.priority,
    });
    return id;
  });
  if (!confirmsPublishes(input.broker)) {
    reply(ctx, from, { type: 'submit-ok', op, job: job.id });
    return;
  }
  const waiting: WaitingClient = { client: from, op, job: job.id, outstanding: ids };
  for (const id of ids) state.waiting[id] = waiting;
}

function onConfirm(state: GatewayState, ctx: ComponentContext, id: string): void {
  const waiting = state.waiting[id];
  if (!waiting) return;
  delete state.waiting[id];
  waiting.outstanding = waiting.outstanding.filter((candidate) => candidate !== id);
  if (waiting.outstanding.length === 0)
    reply(ctx, waiting.client, { type: 'submit-ok', op: waiting.op, job: waiting.job });
}

export const statelessGateway: ComponentDefinition<GatewayState, GatewayInput> = {
  init: () => ({ publisher: newPublisherState(), waiting: {} }),

  async onMessage(state, message, ctx, input) {
    const body = message.body;
    if (isClientRequest(body)) {
      if (body.type === 'submit') return submit(state, ctx, input, message.from, body.op, body.job);
      const read = await ctx.world({ op: 'store.read', key: statusKey(body.job), consistency: 'one' });
      if (!read.ok)
        return reply(ctx, message.from, { type: 'status-fail', op: body.op, job: body.job, reason: read.reason });
      const status = read.value as { state: JobState } | null;
      return reply(ctx, message.from, {
        type: 'status-ok',
        op: body.op,
        job: body.job,
        state: status?.state ?? 'UNKNOWN',
      });
    }
    const confirmed =
      (body as { type?: string; id?: string }).type === 'broker.confirm' ? (body as { id: string }).id : undefined;
    if (onPublisherMessage(state.publisher, ctx, input.broker, body) && confirmed !== undefined)
      onConfirm(state, ctx, confirmed);
  },

  onTimer(state, timer, ctx, input) {
    onPublisherTimer(state.publisher, ctx, input.broker, timer.name);
  },
};
