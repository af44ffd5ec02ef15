/**
 * The mechanics of the two queue profiles (`at-most-once`, `at-least-once`), which differ only in
 * acks and publisher confirms: a queue ordered URGENT before NORMAL, pushed round-robin to the
 * consumers with room (auto-ack consumers always have room: RabbitMQ ignores `basic.qos` for
 * them), and a message given back goes to the front of its priority class.
 */
import { autoAcks, type BrokerStep, deliver, heldBy, insertByPriority, type Message, prefetchOf } from '../state.js';
import type { BrokerProfileModule } from './profile.js';

/** What a queue profile is besides its name, its words, its acks and its confirms. */
export type QueueMechanics = Omit<
  BrokerProfileModule,
  'name' | 'description' | 'summary' | 'autoAck' | 'confirmsPublishes'
>;

const hasRoom = (step: BrokerStep, consumer: string) => heldBy(step.state, consumer) < prefetchOf(step, consumer);

export const queueMechanics: QueueMechanics = {
  partitions: () => 0,
  enqueue: (queue, message) => insertByPriority(queue.ready, message),

  /** Pushes ready messages to consumers with room, round-robin, until every consumer in turn is full. */
  dispatch(step, name, queue) {
    let full = 0;
    while (queue.ready.length > 0 && full < queue.consumers.length) {
      const consumer = queue.consumers[queue.cursor % queue.consumers.length] as string;
      queue.cursor = (queue.cursor + 1) % queue.consumers.length;
      if (!autoAcks(step, name, consumer) && !hasRoom(step, consumer)) {
        full++;
        continue;
      }
      full = 0;
      deliver(step, name, consumer, queue.ready.shift() as Message);
    }
  },

  subscribed: () => undefined,
  acknowledged: () => undefined,
  giveBack: (_step, queue, entry) => insertByPriority(queue.ready, entry.message, true),
  recover: (queue, entry) => insertByPriority(queue.ready, entry.message, true),
};
