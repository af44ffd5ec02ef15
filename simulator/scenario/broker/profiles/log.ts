/**
 * `log`: a partitioned log (Kafka-like). Each partition is consumed in order by one consumer of
 * the group from its committed offset; offsets commit over contiguous acks; a consumer silent
 * past the session timeout (the ack timeout) loses its partitions, which rewind to the committed
 * offset. Messages go to a partition by their id; there are no priorities.
 */
import {
  autoAcks,
  type ComponentId,
  type BrokerState,
  type BrokerStep,
  deliver,
  forget,
  heldBy,
  type Message,
  type Partition,
  prefetchOf,
  type Queue,
} from '../state.js';
import type { BrokerProfileModule } from './profile.js';

/** A stable partition for a message id. */
export function partitionFor(id: string, partitions: number): number {
  let hash = 0;
  for (let index = 0; index < id.length; index++) hash = (Math.imul(hash, 31) + id.charCodeAt(index)) | 0;
  return Math.abs(hash) % partitions;
}

/**
 * Whether `partition` has a message for its owner, and the owner room for it (past the committed offset and over its
 * partitions).
 */
function canDeliver(
  step: BrokerStep,
  name: string,
  partition: Partition,
): partition is Partition & { owner: ComponentId } {
  const owner = partition.owner;
  if (owner === null || partition.position >= partition.log.length) return false;
  if (autoAcks(step, name, owner)) return true;
  const limit = prefetchOf(step, owner);
  return partition.position - partition.committed < limit && heldBy(step.state, owner) < limit;
}

/**
 * Delivers each partition in offset order to its owner while the owner has room, one message per
 * partition in turn (starting after the partition served first last time), so that a busy
 * partition cannot starve the owner's others.
 */
function dispatchLog(step: BrokerStep, name: string, queue: Queue): void {
  const count = queue.partitions.length;
  queue.partitions.forEach((partition, index) => {
    if (partition.owner === null || !queue.consumers.includes(partition.owner))
      partition.owner = queue.consumers[index % queue.consumers.length] ?? null;
  });
  let served: number | undefined;
  let delivered = true;
  while (delivered) {
    delivered = false;
    for (let turn = 0; turn < count; turn++) {
      const index = (queue.cursor + turn) % count;
      const partition = queue.partitions[index] as Partition;
      if (!canDeliver(step, name, partition)) continue;
      const offset = partition.position++;
      deliver(step, name, partition.owner, partition.log[offset] as Message, { partition: index, offset });
      served = index;
      delivered = true;
    }
  }
  if (served !== undefined) queue.cursor = (served + 1) % count;
}

/** Spreads partitions with nothing in flight over the consumers, round-robin. */
function rebalance(state: BrokerState, name: string, queue: Queue): void {
  if (queue.consumers.length === 0) return;
  queue.partitions.forEach((partition, index) => {
    const busy = Object.values(state.inFlight).some((entry) => entry.queue === name && entry.partition === index);
    if (!busy) partition.owner = queue.consumers[index % queue.consumers.length] ?? null;
  });
}

/** Back to the committed offset: everything past it is delivered again. */
function rewind(partition: Partition): void {
  partition.position = partition.committed;
  partition.acked = [];
}

export const log: BrokerProfileModule = {
  name: 'log',
  description:
    'partitioned log with committed offsets (Kafka-like): ordered per partition, rewinds to the last commit on consumer loss; no priorities',
  summary: 'a partitioned log with committed offsets',
  autoAck: false,
  confirmsPublishes: true,
  partitions: (input) => input.partitions,
  enqueue: (queue, message, input) =>
    void queue.partitions[partitionFor(message.id, input.partitions)]?.log.push(message),
  dispatch: dispatchLog,
  subscribed: rebalance,

  /** Commits the offset, and every acknowledged one contiguous with it. */
  acknowledged(queue, entry) {
    if (entry.partition === undefined || entry.offset === undefined) return;
    const partition = queue.partitions[entry.partition];
    if (!partition) return;
    partition.acked.push(entry.offset);
    while (partition.acked.includes(partition.committed)) {
      const committed = partition.committed;
      partition.acked = partition.acked.filter((offset) => offset !== committed);
      partition.committed++;
    }
  },

  /** The partition rewinds, and whatever else of it was in flight is forgotten (it comes again). */
  giveBack(step, queue, entry) {
    const partition = entry.partition === undefined ? undefined : queue.partitions[entry.partition];
    if (!partition) return;
    rewind(partition);
    for (const [otherTag, other] of Object.entries(step.state.inFlight)) {
      if (other.queue === entry.queue && other.partition === entry.partition) forget(step, Number(otherTag));
    }
  },

  recover(queue, entry) {
    const partition = entry.partition === undefined ? undefined : queue.partitions[entry.partition];
    if (partition) rewind(partition);
  },
};
