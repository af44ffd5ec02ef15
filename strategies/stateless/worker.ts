/**
 * The `stateless` worker: a competing consumer of the stage queues its node can serve. For each
 * delivery it runs the task, marks it done in the store, publishes the job's next tasks with the
 * job's context, updates the job's status, and only then acknowledges the delivery — so a crash
 * anywhere before the ack means a redelivery (a duplicate run), never a loss, under the
 * at-least-once profile; under at-most-once (auto-ack) it means a loss.
 */
import {
  acknowledge,
  type BrokerClient,
  confirmsPublishes,
  newPublisherState,
  onPublisherMessage,
  onPublisherTimer,
  publish,
  type PublisherState,
  subscribe,
  touch,
} from '../../simulator/components/broker-client.js';
import type { Delivery } from '../../simulator/scenario/broker/protocol.js';
import type { ComponentContext, ComponentDefinition } from '../../simulator/kernel/component.js';
import type { JobState, TaskKind } from '../../simulator/scenario/model.js';
import {
  doneKey,
  publishId,
  readySuccessors,
  stageQueue,
  statusAfter,
  statusKey,
  type TaskMessage,
  unknownJoinInputs,
} from './flow.js';

export interface WorkerInput {
  readonly node: string;
  readonly slots: number;
  readonly kinds: readonly TaskKind[];
  readonly broker: BrokerClient;
  readonly maxAttempts: number;
  readonly backoffMs: number;
}

interface Running {
  readonly delivery: Delivery;
  readonly execution: number;
}

export interface WorkerState {
  publisher: PublisherState;
  running: Record<string, Running>;
  /** Deliveries waiting for a free slot, in arrival order (in memory: lost in a crash). */
  backlog: Delivery[];
  /** Deliveries to acknowledge once these publishes are confirmed, by publish id. */
  ackAfter: Record<string, Delivery>;
}

const FINISH = 'finish:';
const RETRY = 'retry:';
const TOUCH = 'touch:';

const messageOf = (delivery: Delivery) => delivery.body as TaskMessage;

/**
 * Consumes every stage queue the node can serve, offered as many deliveries as it has slots (times the broker's
 * prefetch).
 */
function subscribeAll(ctx: ComponentContext, input: WorkerInput): void {
  for (const kind of input.kinds) subscribe(ctx, input.broker, stageQueue(kind), { slots: input.slots });
}

async function startNext(state: WorkerState, ctx: ComponentContext, input: WorkerInput): Promise<void> {
  while (Object.keys(state.running).length < input.slots && state.backlog.length > 0) {
    const delivery = state.backlog.shift() as Delivery;
    const message = messageOf(delivery);
    const key = publishId(message.job.id, message.task, message.attempt);
    if (state.running[key]) continue; // the same task delivered twice to this worker
    const started = await ctx.world({
      op: 'exec.start',
      node: input.node,
      job: message.job,
      task: message.task,
      attempt: message.attempt,
    });
    if (!started.started) {
      // This node cannot run it after all: give it back to the queue.
      ctx.send(input.broker.broker, { type: 'broker.nack', queue: delivery.queue, tag: delivery.tag });
      continue;
    }
    state.running[key] = { delivery, execution: started.execution };
    ctx.setTimer(`${FINISH}${key}`, ctx.nowMs + started.durationMs);
    // A task longer than the ack timeout would be redelivered while it runs: touch it in time.
    if (started.durationMs >= input.broker.ackTimeoutMs / 2)
      ctx.setTimer(`${TOUCH}${key}`, ctx.nowMs + input.broker.ackTimeoutMs / 2);
  }
}

/** Publishes `message`, and acknowledges `delivery` when the broker confirms it (at once, for fire-and-forget). */
function publishThenAck(
  state: WorkerState,
  ctx: ComponentContext,
  input: WorkerInput,
  message: TaskMessage,
  delivery: Delivery | undefined,
): void {
  const kind = message.job.tasks.find((task) => task.id === message.task)?.kind ?? '';
  const id = publishId(message.job.id, message.task, message.attempt);
  publish(state.publisher, ctx, input.broker, {
    queue: stageQueue(kind),
    id,
    body: message,
    priority: message.job.priority,
  });
  if (delivery && confirmsPublishes(input.broker)) state.ackAfter[id] = delivery;
}

async function setStatus(ctx: ComponentContext, job: string, value: JobState): Promise<void> {
  await ctx.world({
    op: 'store.write',
    key: statusKey(job),
    value: { state: value, atMs: ctx.nowMs },
    consistency: 'one',
  });
}

async function succeeded(
  state: WorkerState,
  ctx: ComponentContext,
  input: WorkerInput,
  delivery: Delivery,
): Promise<void> {
  const message = messageOf(delivery);
  const { job, task } = message;
  const done = new Set([...message.done, task]);
  // Joins: what other branches finished is only in the store (read at quorum: a join read at
  // `one` could miss a branch and leave the job stuck).
  const lookups = unknownJoinInputs(job, task, done);
  const consistency = lookups.length > 0 ? 'quorum' : 'one';
  await ctx.world({ op: 'store.write', key: doneKey(job.id, task), value: true, consistency });
  for (const before of lookups) {
    const read = await ctx.world({ op: 'store.read', key: doneKey(job.id, before), consistency: 'quorum' });
    if (read.ok && read.value === true) done.add(before);
  }
  const next = readySuccessors(job, task, done);
  await setStatus(ctx, job.id, statusAfter(job, done));
  for (const successor of next)
    publishThenAck(state, ctx, input, { job, task: successor.id, done: [...done].sort(), attempt: 1 }, undefined);
  const lastId = next.length > 0 ? publishId(job.id, next[next.length - 1]?.id ?? '', 1) : undefined;
  if (lastId !== undefined && confirmsPublishes(input.broker)) state.ackAfter[lastId] = delivery;
  else acknowledge(ctx, input.broker, delivery);
}

async function finished(state: WorkerState, ctx: ComponentContext, input: WorkerInput, key: string): Promise<void> {
  const running = state.running[key];
  if (!running) return;
  delete state.running[key];
  ctx.cancelTimer(`${TOUCH}${key}`);
  const message = messageOf(running.delivery);
  const result = await ctx.world({
    op: 'exec.finish',
    node: input.node,
    job: message.job.id,
    task: message.task,
    execution: running.execution,
  });
  if (result.outcome === 'ok') {
    await succeeded(state, ctx, input, running.delivery);
  } else if (result.outcome === 'retryable' && message.attempt < input.maxAttempts) {
    // Retry after a back-off; the delivery stays unacknowledged until the retry is published.
    const backoffMs = Math.min(input.backoffMs * 2 ** (message.attempt - 1), input.broker.confirmTimeoutMs * 4);
    ctx.setTimer(
      `${RETRY}${publishId(message.job.id, message.task, message.attempt + 1)}`,
      ctx.nowMs + backoffMs,
      running.delivery,
    );
  } else {
    await setStatus(ctx, message.job.id, 'FAILED');
    ctx.record({
      type: 'info',
      f: 'job-failed',
      value: { job: message.job.id, task: message.task, reason: result.reason ?? result.outcome },
    });
    acknowledge(ctx, input.broker, running.delivery);
  }
  await startNext(state, ctx, input);
}

export const statelessWorker: ComponentDefinition<WorkerState, WorkerInput> = {
  init: () => ({ publisher: newPublisherState(), running: {}, backlog: [], ackAfter: {} }),

  onStart(_state, ctx, input) {
    subscribeAll(ctx, input);
  },

  onRestart(_state, ctx, input) {
    subscribeAll(ctx, input);
  },

  async onMessage(state, message, ctx, input) {
    const body = message.body as { type?: string; id?: string };
    if (body.type === 'broker.deliver') {
      state.backlog.push(body as Delivery);
      await startNext(state, ctx, input);
    } else if (body.type === 'broker.reset') {
      subscribeAll(ctx, input);
    } else if (body.type === 'broker.confirm' && body.id !== undefined) {
      onPublisherMessage(state.publisher, ctx, input.broker, body);
      const delivery = state.ackAfter[body.id];
      delete state.ackAfter[body.id];
      if (delivery) acknowledge(ctx, input.broker, delivery);
    } else {
      onPublisherMessage(state.publisher, ctx, input.broker, body);
    }
  },

  async onTimer(state, timer, ctx, input) {
    if (timer.name.startsWith(FINISH)) return finished(state, ctx, input, timer.name.slice(FINISH.length));
    if (timer.name.startsWith(TOUCH)) {
      const running = state.running[timer.name.slice(TOUCH.length)];
      if (!running) return;
      touch(ctx, input.broker, running.delivery);
      ctx.setTimer(timer.name, ctx.nowMs + input.broker.ackTimeoutMs / 2);
      return;
    }
    if (timer.name.startsWith(RETRY)) {
      const delivery = timer.data as Delivery;
      const message = messageOf(delivery);
      publishThenAck(state, ctx, input, { ...message, attempt: message.attempt + 1 }, delivery);
      if (!confirmsPublishes(input.broker)) acknowledge(ctx, input.broker, delivery);
      return;
    }
    onPublisherTimer(state.publisher, ctx, input.broker, timer.name);
  },
};
