/**
 * `at-least-once`: manual acks with a prefetch limit; a delivery not acknowledged within the ack
 * timeout, or held by a consumer that reconnects, is delivered again (work queues, SQS visibility
 * timeout). Publishers wait for confirms and publish again on a refusal or a missing confirm.
 * Duplicates are possible, loss is not.
 */
import type { BrokerProfileModule } from './profile.js';
import { queueMechanics } from './queue.js';

export const atLeastOnce: BrokerProfileModule = {
  name: 'at-least-once',
  description:
    'manual acks, prefetch, redelivery after the ack timeout, publisher confirms with retries: duplicates, no loss',
  summary: 'acks with redelivery',
  autoAck: false,
  confirmsPublishes: true,
  ...queueMechanics,
};
