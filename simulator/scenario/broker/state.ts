/**
 * The broker's state and the mechanics every delivery profile shares: the component
 * (`broker.ts`) and the profiles (`profiles/`) both work on it. What differs by profile — how a
 * queue holds its messages, dispatches, commits and recovers — is in `profiles/<name>.ts`.
 */
import type { ResolvedBroker } from '../config.js';
import type { Priority } from '../model.js';
import type { BrokerProfileModule } from './profiles/profile.js';
import type { Delivery } from './protocol.js';

/** A consumer's component id (the kernel's `ComponentId`: this room sits below the kernel). */
export type ComponentId = string;

/**
 * What the broker's mechanics and profiles do to the world in a step: the part of the kernel's
 * `ComponentContext` they use, named here so that the delivery model imports nothing above the
 * scenario room (the broker component hands its context in).
 */
export interface BrokerEffects {
  readonly nowMs: number;
  send(to: ComponentId, body: unknown): void;
  setTimer(name: string, atMs: number, data?: unknown): void;
  cancelTimer(name: string): void;
}

export interface Message {
  readonly id: string;
  readonly body: unknown;
  readonly priority: Priority;
  readonly seq: number;
  redelivered: boolean;
}

export interface InFlight {
  readonly queue: string;
  readonly message: Message;
  readonly consumer: ComponentId;
  readonly partition?: number;
  readonly offset?: number;
}

export interface Partition {
  readonly log: Message[];
  /** Every offset below is acknowledged. */
  committed: number;
  /** Next offset to deliver. */
  position: number;
  owner: ComponentId | null;
  /** Acknowledged offsets above `committed` (out of order). */
  acked: number[];
}

export interface Queue {
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

/** One step of the broker, as a profile's hooks see it: its state, its context, its configuration and its profile. */
export interface BrokerStep {
  readonly state: BrokerState;
  readonly ctx: BrokerEffects;
  readonly input: ResolvedBroker;
  readonly profile: BrokerProfileModule;
}

/** Where a log delivery comes from: what its ack commits. */
export interface LogPlace {
  readonly partition: number;
  readonly offset: number;
}

export const ACK_TIMEOUT = 'ack-timeout:';

/** The queue `name`, created empty (with the profile's partitions) on first use. */
export function queueOf(step: BrokerStep, name: string): Queue {
  const partitions = Array.from({ length: step.profile.partitions(step.input) }, (): Partition => ({
    log: [],
    committed: 0,
    position: 0,
    owner: null,
    acked: [],
  }));
  return (step.state.queues[name] ??= { ready: [], consumers: [], cursor: 0, partitions });
}

/** URGENT before NORMAL; within a priority, in arrival order (or first, for a message given back). */
export function insertByPriority(ready: Message[], message: Message, givenBack = false): void {
  const rank = (candidate: Message) => (candidate.priority === 'URGENT' ? 0 : 1);
  let index = ready.findIndex((other) => (givenBack ? rank(other) >= rank(message) : rank(other) > rank(message)));
  if (index < 0) index = ready.length;
  ready.splice(index, 0, message);
}

/**
 * Whether `consumer`'s deliveries from `queue` count as acknowledged when sent: by the profile, or as it subscribed.
 */
export function autoAcks(step: BrokerStep, queue: string, consumer: ComponentId): boolean {
  return step.profile.autoAck || (step.state.queues[queue]?.autoAck ?? []).includes(consumer);
}

/** Sends `message` to `consumer`; unless it auto-acks, holds it in flight under an ack timeout. */
export function deliver(
  step: BrokerStep,
  queue: string,
  consumer: ComponentId,
  message: Message,
  place?: LogPlace,
): void {
  const { state, ctx, input } = step;
  const tag = state.nextTag++;
  if (!autoAcks(step, queue, consumer)) {
    state.inFlight[tag] = { queue, message, consumer, ...(place ?? {}) };
    ctx.setTimer(`${ACK_TIMEOUT}${tag}`, ctx.nowMs + input.ackTimeoutMs);
  } else if (place) {
    // Auto-ack on a log: the offset commits as it is delivered.
    const partition = state.queues[queue]?.partitions[place.partition];
    if (partition && partition.committed === place.offset) partition.committed++;
  }
  const delivery: Delivery = {
    type: 'broker.deliver',
    queue,
    tag,
    id: message.id,
    body: message.body,
    priority: message.priority,
    redelivered: message.redelivered,
  };
  ctx.send(consumer, delivery);
  message.redelivered = true;
}

/** Deliveries `consumer` holds unacknowledged, over every queue it consumes. */
export function heldBy(state: BrokerState, consumer: ComponentId): number {
  let held = 0;
  for (const entry of Object.values(state.inFlight)) if (entry.consumer === consumer) held++;
  return held;
}

/** How many unacknowledged deliveries `consumer` may hold: its slots times the prefetch per slot. */
export function prefetchOf(step: BrokerStep, consumer: ComponentId): number {
  return (step.state.slots[consumer] ?? 1) * step.input.prefetch;
}

/** Drops an in-flight delivery and its ack timeout; what it was, if it was still in flight. */
export function forget(step: BrokerStep, tag: number): InFlight | undefined {
  const entry = step.state.inFlight[tag];
  if (!entry) return undefined;
  delete step.state.inFlight[tag];
  step.ctx.cancelTimer(`${ACK_TIMEOUT}${tag}`);
  return entry;
}
