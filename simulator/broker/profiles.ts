/** The broker's delivery profiles, for `faultline list` and the docs. */
import type { BrokerProfile } from '../config.js';

export const BROKER_PROFILES: readonly { readonly name: BrokerProfile; readonly description: string }[] = [
  { name: 'at-most-once', description: 'auto-ack on delivery, fire-and-forget publishing (the 2017 proof-of-concept): a crashed consumer or a publish to a down broker loses work' },
  { name: 'at-least-once', description: 'manual acks, prefetch, redelivery after the ack timeout, publisher confirms with retries: duplicates, no loss' },
  { name: 'log', description: 'partitioned log with committed offsets (Kafka-like): ordered per partition, rewinds to the last commit on consumer loss; no priorities' },
];
