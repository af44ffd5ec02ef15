/**
 * The message broker: part of the world, run as a component on the broker node, so that its
 * queues, deliveries and redeliveries happen in simulated time and it can crash like anything
 * else. Three delivery profiles — the messaging question of the 2017 debate (docs/background.md, *Messaging*):
 *
 * - `at-most-once`: auto-ack on delivery, as the 2017 proof-of-concept configured RabbitMQ.
 *   Every ready message is pushed at once (no prefetch limit, as with auto-ack); a consumer that
 *   crashes loses everything it had received.
 * - `at-least-once`: manual acks with a prefetch limit; a delivery not acknowledged within the
 *   ack timeout, or held by a consumer that reconnects, is delivered again (work queues, SQS
 *   visibility timeout). Duplicates are possible, loss is not.
 * - `log`: a partitioned log (Kafka-like): each partition is consumed in order by one consumer
 *   of the group from its committed offset; offsets commit over contiguous acks; a consumer
 *   silent past the session timeout loses its partitions, which rewind to the committed offset.
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
import type { ResolvedBroker } from '../config.js';
import type { ComponentContext, ComponentDefinition } from '../kernel/component.js';
import type { ComponentId } from '../kernel/protocol.js';
import type { Priority } from '../model.js';
import type { BrokerReply, BrokerRequest, Delivery } from './protocol.js';

/** Component id (and node id) of the broker when there is one; per-zone brokers are `broker-<zone>`. */
export const BROKER_COMPONENT_ID = 'broker';

interface Message {
  readonly id: string;
  readonly body: unknown;
  readonly priority: Priority;
  readonly seq: number;
  redelivered: boolean;
}

interface InFlight {
  readonly queue: string;
  readonly message: Message;
  readonly consumer: ComponentId;
  readonly partition?: number;
  readonly offset?: number;
}

interface Partition {
  readonly log: Message[];
  /** Every offset below is acknowledged. */
  committed: number;
  /** Next offset to deliver. */
  position: number;
  owner: ComponentId | null;
  /** Acknowledged offsets above `committed` (out of order). */
  acked: number[];
}

interface Queue {
  ready: Message[];
  consumers: ComponentId[];
  /** Consumers that subscribed with auto-ack. */
  autoAck?: ComponentId[];
  cursor: number;
  partitions: Partition[];
}

export interface BrokerState {
  queues: Record<string, Queue>;
  /** Deliveries not yet acknowledged, by tag. */
  inFlight: Record<number, InFlight>;
  nextTag: number;
  nextSeq: number;
  /** Every consumer that ever subscribed: told to reconnect after a broker restart. */
  known: ComponentId[];
  /** The slots each consumer declared when it subscribed (1 if it declared none). */
  slots: Record<ComponentId, number>;
}

const ACK_TIMEOUT = 'ack-timeout:';

function queueOf(state: BrokerState, input: ResolvedBroker, name: string): Queue {
  const partitions = input.profile === 'log' ? Array.from({ length: input.partitions }, (): Partition => ({ log: [], committed: 0, position: 0, owner: null, acked: [] })) : [];
  return (state.queues[name] ??= { ready: [], consumers: [], cursor: 0, partitions });
}

/** A stable partition for a message id. */
export function partitionFor(id: string, partitions: number): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (Math.imul(hash, 31) + id.charCodeAt(index)) | 0;
  return Math.abs(hash) % partitions;
}

/** URGENT before NORMAL; within a priority, in arrival order (or first, for a message given back). */
function insertByPriority(ready: Message[], message: Message, givenBack = false): void {
  const rank = (candidate: Message) => (candidate.priority === 'URGENT' ? 0 : 1);
  let index = ready.findIndex((other) => (givenBack ? rank(other) >= rank(message) : rank(other) > rank(message)));
  if (index < 0) index = ready.length;
  ready.splice(index, 0, message);
}

function autoAcks(state: BrokerState, input: ResolvedBroker, queue: string, consumer: ComponentId): boolean {
  return input.profile === 'at-most-once' || (state.queues[queue]?.autoAck ?? []).includes(consumer);
}

function deliver(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, queue: string, consumer: ComponentId, message: Message, place?: { partition: number; offset: number }): void {
  const tag = state.nextTag++;
  if (!autoAcks(state, input, queue, consumer)) {
    state.inFlight[tag] = { queue, message, consumer, ...(place ?? {}) };
    ctx.setTimer(`${ACK_TIMEOUT}${tag}`, ctx.nowMs + input.ackTimeoutMs);
  } else if (place) {
    // Auto-ack on a log: the offset commits as it is delivered.
    const partition = state.queues[queue]?.partitions[place.partition];
    if (partition && partition.committed === place.offset) partition.committed++;
  }
  const delivery: Delivery = { type: 'broker.deliver', queue, tag, id: message.id, body: message.body, priority: message.priority, redelivered: message.redelivered };
  ctx.send(consumer, delivery);
  message.redelivered = true;
}

/** Deliveries `consumer` holds unacknowledged, over every queue it consumes. */
function heldBy(state: BrokerState, consumer: ComponentId): number {
  let held = 0;
  for (const entry of Object.values(state.inFlight)) if (entry.consumer === consumer) held++;
  return held;
}

/** How many unacknowledged deliveries `consumer` may hold: its slots times the prefetch per slot. */
function prefetchOf(state: BrokerState, input: ResolvedBroker, consumer: ComponentId): number {
  return (state.slots[consumer] ?? 1) * input.prefetch;
}

const hasRoom = (state: BrokerState, input: ResolvedBroker, consumer: ComponentId) => heldBy(state, consumer) < prefetchOf(state, input, consumer);

/** Pushes ready messages to consumers with room, round-robin. */
function dispatch(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker): void {
  for (const [name, queue] of Object.entries(state.queues)) {
    if (queue.consumers.length === 0) continue;
    if (input.profile === 'log') {
      dispatchLog(state, ctx, input, name, queue);
      continue;
    }
    let full = 0;
    while (queue.ready.length > 0 && full < queue.consumers.length) {
      const consumer = queue.consumers[queue.cursor % queue.consumers.length] as ComponentId;
      queue.cursor = (queue.cursor + 1) % queue.consumers.length;
      if (!autoAcks(state, input, name, consumer) && !hasRoom(state, input, consumer)) {
        full++;
        continue;
      }
      full = 0;
      deliver(state, ctx, input, name, consumer, queue.ready.shift() as Message);
    }
  }
}

/**
 * Delivers each partition in offset order to its owner while the owner has room, one message per
 * partition in turn (starting after the partition served first last time), so that a busy
 * partition cannot starve the owner's others.
 */
function dispatchLog(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, name: string, queue: Queue): void {
  const count = queue.partitions.length;
  queue.partitions.forEach((partition, index) => {
    if (partition.owner === null || !queue.consumers.includes(partition.owner)) partition.owner = queue.consumers[index % queue.consumers.length] ?? null;
  });
  const canDeliver = (partition: Partition): partition is Partition & { owner: ComponentId } => {
    const owner = partition.owner;
    if (owner === null || partition.position >= partition.log.length) return false;
    if (autoAcks(state, input, name, owner)) return true;
    const limit = prefetchOf(state, input, owner);
    return partition.position - partition.committed < limit && heldBy(state, owner) < limit;
  };
  let served: number | undefined;
  let delivered = true;
  while (delivered) {
    delivered = false;
    for (let step = 0; step < count; step++) {
      const index = (queue.cursor + step) % count;
      const partition = queue.partitions[index] as Partition;
      if (!canDeliver(partition)) continue;
      const offset = partition.position++;
      deliver(state, ctx, input, name, partition.owner, partition.log[offset] as Message, { partition: index, offset });
      served = index;
      delivered = true;
    }
  }
  if (served !== undefined) queue.cursor = (served + 1) % count;
}

function forget(state: BrokerState, ctx: ComponentContext, tag: number): InFlight | undefined {
  const entry = state.inFlight[tag];
  if (!entry) return undefined;
  delete state.inFlight[tag];
  ctx.cancelTimer(`${ACK_TIMEOUT}${tag}`);
  return entry;
}

/** Gives deliveries back to their queue, earliest first (for the log: their partitions rewind). */
function giveBack(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, tags: readonly number[]): void {
  const entries = tags.map((tag) => forget(state, ctx, tag)).filter((entry): entry is InFlight => entry !== undefined);
  // Inserting at the front one by one: go latest first so that the earliest ends up first.
  entries.sort((left, right) => right.message.seq - left.message.seq);
  for (const entry of entries) {
    const queue = queueOf(state, input, entry.queue);
    if (entry.partition === undefined) {
      insertByPriority(queue.ready, entry.message, true);
      continue;
    }
    const partition = queue.partitions[entry.partition];
    if (!partition) continue;
    partition.position = partition.committed;
    partition.acked = [];
    for (const [otherTag, other] of Object.entries(state.inFlight)) {
      if (other.queue === entry.queue && other.partition === entry.partition) forget(state, ctx, Number(otherTag));
    }
  }
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
function evict(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, consumer: ComponentId, name: string): void {
  const queue = queueOf(state, input, name);
  queue.consumers = queue.consumers.filter((candidate) => candidate !== consumer);
  queue.cursor = 0;
  giveBack(state, ctx, input, tagsOf(state, consumer, name));
  for (const partition of queue.partitions) if (partition.owner === consumer) partition.owner = null;
  const reset: BrokerReply = { type: 'broker.reset' };
  ctx.send(consumer, reset);
}

/** Log: spreads partitions with nothing in flight over the consumers, round-robin. */
function rebalance(state: BrokerState, name: string, queue: Queue): void {
  if (queue.consumers.length === 0) return;
  queue.partitions.forEach((partition, index) => {
    const busy = Object.values(state.inFlight).some((entry) => entry.queue === name && entry.partition === index);
    if (!busy) partition.owner = queue.consumers[index % queue.consumers.length] ?? null;
  });
}

function acknowledge(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, consumer: ComponentId, tag: number): void {
  if (state.inFlight[tag]?.consumer !== consumer) return; // not this consumer's delivery (or already given back)
  const entry = forget(state, ctx, tag);
  if (!entry || entry.partition === undefined || entry.offset === undefined) return; // late acks of redelivered messages are harmless
  const partition = queueOf(state, input, entry.queue).partitions[entry.partition];
  if (!partition) return;
  partition.acked.push(entry.offset);
  while (partition.acked.includes(partition.committed)) {
    const committed = partition.committed;
    partition.acked = partition.acked.filter((offset) => offset !== committed);
    partition.committed++;
  }
}

function subscribe(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, consumer: ComponentId, name: string, autoAck: boolean, slots: number): void {
  const queue = queueOf(state, input, name);
  if (!state.known.includes(consumer)) state.known.push(consumer);
  state.slots[consumer] = slots;
  const withAutoAck = (queue.autoAck ?? []).filter((candidate) => candidate !== consumer);
  queue.autoAck = autoAck ? [...withAutoAck, consumer] : withAutoAck;
  // A consumer that subscribes again has reconnected: what it held is delivered again.
  giveBack(state, ctx, input, tagsOf(state, consumer, name));
  if (!queue.consumers.includes(consumer)) queue.consumers.push(consumer);
  if (input.profile === 'log') rebalance(state, name, queue);
}

function publish(state: BrokerState, ctx: ComponentContext, input: ResolvedBroker, from: ComponentId, request: Extract<BrokerRequest, { type: 'broker.publish' }>): void {
  const queue = queueOf(state, input, request.queue);
  const message: Message = { id: request.id, body: request.body, priority: request.priority, seq: state.nextSeq++, redelivered: false };
  if (input.profile === 'log') queue.partitions[partitionFor(request.id, input.partitions)]?.log.push(message);
  else insertByPriority(queue.ready, message);
  if (request.confirm) {
    const confirm: BrokerReply = { type: 'broker.confirm', id: request.id };
    ctx.send(from, confirm);
  }
}

/** What survives a crash: durable queues with unacknowledged deliveries given back; no connections. */
function afterCrash(state: BrokerState, input: ResolvedBroker): BrokerState {
  const fresh: BrokerState = { queues: {}, inFlight: {}, nextTag: state.nextTag, nextSeq: state.nextSeq, known: state.known, slots: state.slots };
  if (!input.durable) return fresh;
  const survivor: BrokerState = { ...fresh, queues: state.queues };
  for (const entry of Object.values(state.inFlight).sort((left, right) => right.message.seq - left.message.seq)) {
    const queue = survivor.queues[entry.queue];
    if (!queue) continue;
    if (entry.partition === undefined) insertByPriority(queue.ready, entry.message, true);
    else {
      const partition = queue.partitions[entry.partition];
      if (partition) {
        partition.position = partition.committed;
        partition.acked = [];
      }
    }
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
    switch (request.type) {
      case 'broker.subscribe':
        subscribe(state, ctx, input, message.from, request.queue, request.autoAck === true, request.slots ?? 1);
        break;
      case 'broker.publish':
        publish(state, ctx, input, message.from, request);
        break;
      case 'broker.ack':
        acknowledge(state, ctx, input, message.from, request.tag);
        break;
      case 'broker.nack':
        if (state.inFlight[request.tag]?.consumer === message.from) giveBack(state, ctx, input, [request.tag]);
        break;
      case 'broker.touch':
        if (state.inFlight[request.tag]) ctx.setTimer(`${ACK_TIMEOUT}${request.tag}`, ctx.nowMs + input.ackTimeoutMs);
        return;
      default:
        return;
    }
    dispatch(state, ctx, input);
  },

  onTimer(state, timer, ctx, input) {
    if (!timer.name.startsWith(ACK_TIMEOUT)) return;
    const entry = state.inFlight[Number(timer.name.slice(ACK_TIMEOUT.length))];
    if (entry) evict(state, ctx, input, entry.consumer, entry.queue);
    dispatch(state, ctx, input);
  },

  onCrash: (state, input) => ({ state: afterCrash(state, input), keepTimers: false }),

  onRestart(state, ctx) {
    const reset: BrokerReply = { type: 'broker.reset' };
    for (const consumer of state.known) ctx.send(consumer, reset);
  },
};
