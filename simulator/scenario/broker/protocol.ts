/**
 * The broker's wire protocol. Strategies use it through `broker/client.ts`; the broker itself
 * is `broker/broker.ts`. Plain data only.
 */
import type { Priority } from '../model.js';

export type BrokerRequest =
  /**
   * `autoAck`: this consumer's deliveries count as acknowledged when sent, whatever the profile
   * (RabbitMQ's auto-ack). `slots`: tasks the consumer runs at once (default 1); it is offered
   * `slots × prefetch` unacknowledged deliveries over all its queues.
   */
  | { readonly type: 'broker.subscribe'; readonly queue: string; readonly autoAck?: boolean; readonly slots?: number }
  | {
      readonly type: 'broker.publish';
      readonly queue: string;
      readonly id: string;
      readonly body: unknown;
      readonly priority: Priority;
      readonly confirm: boolean;
    }
  | { readonly type: 'broker.ack'; readonly queue: string; readonly tag: number }
  | { readonly type: 'broker.nack'; readonly queue: string; readonly tag: number }
  /** Still working on it: restart the delivery's ack timeout (SQS's visibility extension). */
  | { readonly type: 'broker.touch'; readonly queue: string; readonly tag: number };

export interface Delivery {
  readonly type: 'broker.deliver';
  readonly queue: string;
  /** Acknowledge with this tag (for the log profile: it names the partition offset). */
  readonly tag: number;
  readonly id: string;
  readonly body: unknown;
  readonly priority: Priority;
  /** Delivered before and not acknowledged (a consumer died, an ack timed out, a log rewound). */
  readonly redelivered: boolean;
}

export type BrokerReply =
  | Delivery
  | { readonly type: 'broker.confirm'; readonly id: string }
  /** The broker restarted: connections were reset, consumers must subscribe again. */
  | { readonly type: 'broker.reset' };

export function isBrokerReply(body: unknown): body is BrokerReply {
  const type = (body as { type?: unknown } | null)?.type;
  return type === 'broker.deliver' || type === 'broker.confirm' || type === 'broker.reset';
}
