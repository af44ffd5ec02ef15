/**
 * `at-most-once`: auto-ack on delivery and fire-and-forget publishing, as the 2017
 * proof-of-concept configured RabbitMQ. Every ready message is pushed at once (no prefetch limit,
 * as with auto-ack); a consumer that crashes loses everything it had received, and a publish the
 * broker never gets (it is down, the network lost it) is lost, with only a log line to say so.
 */
import type { BrokerProfileModule } from './profile.js';
import { queueMechanics } from './queue.js';

export const atMostOnce: BrokerProfileModule = {
  name: 'at-most-once',
  description:
    'auto-ack on delivery, fire-and-forget publishing (the 2017 proof-of-concept): a crashed consumer or a publish to a down broker loses work',
  summary: 'auto-ack on delivery (2017 POC)',
  autoAck: true,
  confirmsPublishes: false,
  ...queueMechanics,
};
