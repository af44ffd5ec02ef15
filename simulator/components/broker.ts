/**
 * The message broker: part of the world, run as a component on the broker node, so that its
 * queues, deliveries and redeliveries happen in simulated time and it can crash like anything
 * else. How it delivers is its profile's — the messaging question of the 2017 debate
 * (docs/background.md, *Messaging*): one module per profile in `profiles/` (`at-most-once`,
 * `at-least-once`, `log`), listed in one registry (`profiles/index.ts`). This component does what
 * every profile shares — subscribes, publishes, acks, nacks, touches, ack timeouts and evictions,
 * crashes and restarts — and asks the profile (the `profile` of a `BrokerStep`) for the rest.
 *
 * A consumer's prefetch follows its slots: it may hold `slots × prefetch` unacknowledged
 * deliveries across every queue it consumes (RabbitMQ's channel-wide `basic.qos`, as Celery
 * sets it: the worker's concurrency times its prefetch multiplier), so a node with two slots is
 * offered two tasks at a time whatever the strategy, and a node that consumes several queues
 * cannot hoard one delivery per queue beside a busy slot. On the log the same cap spans the
 * consumer's partitions, and each partition may have that many deliveries past its committed
 * offset. Auto-ack consumers have no limit (RabbitMQ ignores `basic.qos` for them): everything
 * ready is pushed round-robin at once, whatever the consumer's free slots.
 *
 * Queue profiles honour URGENT before NORMAL; the log does not. Queues survive a broker crash
 * when durable; consumers' connections do not: on restart the broker resets them and they
 * subscribe again.
 */
import type { ResolvedBroker } from '../scenario/config.js';
import type { ComponentContext, ComponentDefinition } from '../kernel/component.js';
import type { ComponentId } from '../kernel/protocol.js';
import { brokerProfile } from '../scenario/broker/profiles/index.js';
import type { BrokerReply, BrokerRequest } from '../scenario/broker/protocol.js';
import {
  ACK_TIMEOUT,
  type BrokerState,
  type BrokerStep,
  forget,
  type InFlight,
  type Message,
  queueOf,
} from '../scenario/broker/state.js';

export type { BrokerState } from '../scenario/broker/state.js';
export { partitionFor } from '../scenario/broker/profiles/log.js';

/** Component id (and node id) of the broker when there is one; per-zone brokers are `broker-<zone>`. */
export const BROKER_COMPONENT_ID = 'broker';

/** A step of the broker: its state and context, with its configuration's profile looked up. */
function stepOf(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker): BrokerStep {
  return { state, ctx, input, profile: brokerProfile(input.profile) };
}

/** Pushes ready messages to consumers with room, as the profile hands them out. */
function dispatch(step: BrokerStep): void {
  for (const [name, queue] of Object.entries(step.state.queues)) {
    if (queue.consumers.length === 0) continue;
    step.profile.dispatch(step, name, queue);
  }
}

/** Gives deliveries back to their queue, earliest first (for the log: their partitions rewind). */
function giveBack(step: BrokerStep, tags: readonly number[]): void {
  const entries = tags.map((tag) => forget(step, tag)).filter((entry): entry is InFlight => entry !== undefined);
  // Inserting at the front one by one: go latest first so that the earliest ends up first.
  entries.sort((left, right) => right.message.seq - left.message.seq);
  for (const entry of entries) step.profile.giveBack(step, queueOf(step, entry.queue), entry);
}

function tagsOf(state: BrokerState, consumer: ComponentId, queue: string): number[] {
  return Object.entries(state.inFlight)
    .filter(([, entry]) => entry.consumer === consumer && entry.queue === queue)
    .map(([tag]) => Number(tag));
}

/**
 * A consumer silent past the ack (session) timeout is presumed gone, as RabbitMQ's consumer
 * timeout or Kafka's session timeout would have it: it leaves the queue, what it held goes
 * back, its partitions go to others, and its connection is reset (if it is alive after all, it
 * subscribes again).
 */
function evict(step: BrokerStep, consumer: ComponentId, name: string): void {
  const queue = queueOf(step, name);
  queue.consumers = queue.consumers.filter((candidate) => candidate !== consumer);
  queue.cursor = 0;
  giveBack(step, tagsOf(step.state, consumer, name));
  for (const partition of queue.partitions) if (partition.owner === consumer) partition.owner = null;
  const reset: BrokerReply = { type: 'broker.reset' };
  step.ctx.send(consumer, reset);
}

function acknowledge(step: BrokerStep, consumer: ComponentId, tag: number): void {
  if (step.state.inFlight[tag]?.consumer !== consumer) return; // not this consumer's delivery (or already given back)
  const entry = forget(step, tag);
  if (!entry) return; // late acks of redelivered messages are harmless
  step.profile.acknowledged(queueOf(step, entry.queue), entry);
}

function subscribe(step: BrokerStep, consumer: ComponentId, name: string, autoAck: boolean, slots: number): void {
  const { state } = step;
  const queue = queueOf(step, name);
  if (!state.known.includes(consumer)) state.known.push(consumer);
  state.slots[consumer] = slots;
  const withAutoAck = (queue.autoAck ?? []).filter((candidate) => candidate !== consumer);
  queue.autoAck = autoAck ? [...withAutoAck, consumer] : withAutoAck;
  // A consumer that subscribes again has reconnected: what it held is delivered again.
  giveBack(step, tagsOf(state, consumer, name));
  if (!queue.consumers.includes(consumer)) queue.consumers.push(consumer);
  step.profile.subscribed(state, name, queue);
}

function publish(
  step: BrokerStep,
  from: ComponentId,
  request: Extract<BrokerRequest, { type: 'broker.publish' }>,
): void {
  const queue = queueOf(step, request.queue);
  const message: Message = {
    id: request.id,
    body: request.body,
    priority: request.priority,
    seq: step.state.nextSeq++,
    redelivered: false,
  };
  step.profile.enqueue(queue, message, step.input);
  if (request.confirm) {
    const confirm: BrokerReply = { type: 'broker.confirm', id: request.id };
    step.ctx.send(from, confirm);
  }
}

/**
 * What survives a crash: durable queues with unacknowledged deliveries recovered as the profile says; no connections.
 */
function afterCrash(state: BrokerState, input: ResolvedBroker): BrokerState {
  const fresh: BrokerState = {
    queues: {},
    inFlight: {},
    nextTag: state.nextTag,
    nextSeq: state.nextSeq,
    known: state.known,
    slots: state.slots,
  };
  if (!input.durable) return fresh;
  const profile = brokerProfile(input.profile);
  const survivor: BrokerState = { ...fresh, queues: state.queues };
  for (const entry of Object.values(state.inFlight).sort((left, right) => right.message.seq - left.message.seq)) {
    const queue = survivor.queues[entry.queue];
    if (queue) profile.recover(queue, entry);
  }
  for (const queue of Object.values(survivor.queues)) {
    queue.consumers = [];
    queue.cursor = 0;
    for (const partition of queue.partitions) partition.owner = null;
  }
  return survivor;
}

export const brokerComponent: ComponentDefinition<BrokerState, ResolvedBroker> = {
  init: () => ({ queues: {}, inFlight: {}, nextTag: 1, nextSeq: 0, known: [], slots: {} }),

  onMessage(state, message, ctx, input) {
    const request = message.body as BrokerRequest;
    const step = stepOf(state, ctx, input);
    switch (request.type) {
      case 'broker.subscribe':
        subscribe(step, message.from, request.queue, request.autoAck === true, request.slots ?? 1);
        break;
      case 'broker.publish':
        publish(step, message.from, request);
        break;
      case 'broker.ack':
        acknowledge(step, message.from, request.tag);
        break;
      case 'broker.nack':
        if (state.inFlight[request.tag]?.consumer === message.from) giveBack(step, [request.tag]);
        break;
      case 'broker.touch':
        if (state.inFlight[request.tag]) ctx.setTimer(`${ACK_TIMEOUT}${request.tag}`, ctx.nowMs + input.ackTimeoutMs);
        return;
      default:
        return;
    }
    dispatch(step);
  },

  onTimer(state, timer, ctx, input) {
    if (!timer.name.startsWith(ACK_TIMEOUT)) return;
    const step = stepOf(state, ctx, input);
    const entry = state.inFlight[Number(timer.name.slice(ACK_TIMEOUT.length))];
    if (entry) evict(step, entry.consumer, entry.queue);
    dispatch(step);
  },

  onCrash: (state, input) => ({ state: afterCrash(state, input), keepTimers: false }),

  onRestart(state, ctx) {
    const reset: BrokerReply = { type: 'broker.reset' };
    for (const consumer of state.known) ctx.send(consumer, reset);
  },
};
