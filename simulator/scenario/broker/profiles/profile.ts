/**
 * What a broker delivery profile is. Everything faultline knows about one profile lives in one
 * module, `profiles/<name>.ts`, exporting a `BrokerProfileModule`; the registry
 * (`profiles/index.ts`) lists them. The scenario schema, `faultline list`, the broker component
 * and its client reach a profile only through this contract and the registry, never by its name.
 *
 * A profile decides; the broker carries it out. The broker component still takes subscribes,
 * publishes, acks, nacks and touches, runs the ack timeouts and evicts silent consumers; a
 * profile says how a queue holds its messages and hands them out, what an ack commits, what a
 * delivery given back becomes and what a durable queue keeps through a crash. The two queue
 * profiles share their mechanics (`queue.ts`); the log has its own (`log.ts`).
 */
import type { ResolvedBroker } from '../../config.js';
import type { BrokerState, BrokerStep, InFlight, Message, Queue } from '../state.js';

export interface BrokerProfileModule {
  /** What scenarios write in `topology.broker.profile`; the key of the registry. */
  readonly name: string;
  /** One line for `faultline list`. */
  readonly description: string;
  /** A few words for the scenario schema's description of `profile` (`acks with redelivery`). */
  readonly summary: string;
  /**
   * Every delivery counts as acknowledged when sent (RabbitMQ's auto-ack, as the 2017
   * proof-of-concept configured it): no prefetch limit, no ack timeout, and the client sends no
   * acks or touches. A consumer may still ask for auto-ack when it subscribes, whatever the profile.
   */
  readonly autoAck: boolean;
  /**
   * Publishers wait for the broker's confirm, and publish again on a refusal or when no confirm
   * came in time (a duplicate, never a loss); otherwise a publish is fire-and-forget.
   */
  readonly confirmsPublishes: boolean;
  /** How many partitions a new queue has (none: a queue, not a log). */
  partitions(input: ResolvedBroker): number;
  /** Takes a published message into `queue`. */
  enqueue(queue: Queue, message: Message, input: ResolvedBroker): void;
  /** Hands out what `queue` (named `name`, with consumers) has ready to the consumers with room. */
  dispatch(step: BrokerStep, name: string, queue: Queue): void;
  /** After `queue` gained a consumer (the log spreads its partitions again). */
  subscribed(state: BrokerState, name: string, queue: Queue): void;
  /** After an ack of `entry` (already out of flight): what it commits (the log's offsets). */
  acknowledged(queue: Queue, entry: InFlight): void;
  /** A delivery given back (a nack, a reconnect, an eviction): it is delivered again, in the profile's order. */
  giveBack(step: BrokerStep, queue: Queue, entry: InFlight): void;
  /** A delivery unacknowledged when the broker crashed, in a durable queue that survives it. */
  recover(queue: Queue, entry: InFlight): void;
}
