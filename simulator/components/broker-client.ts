/**
 * The broker client strategies use: subscribe, acknowledge, and publish with the profile's
 * publishing discipline (its module in `profiles/` says which; the client never compares names).
 *
 * - A profile without publisher confirms (`at-most-once`) publishes fire-and-forget, like the
 *   2017 code: a publish that the broker never gets (it is down: the connection is refused; the
 *   network lost it) is lost, and only a log line would say so.
 * - A profile with confirms (`at-least-once`, `log`): the publisher keeps the message until the
 *   broker confirms it, and publishes again on a refusal (after `retryMs`) or when no confirm
 *   came within `confirmTimeoutMs` — so a lost confirm makes a duplicate, never a loss.
 * - Under an auto-ack profile (`at-most-once`) acks and touches are not sent: there is nothing to
 *   acknowledge.
 */
import type { BrokerProfile } from '../scenario/config.js';
import type { ComponentContext } from '../kernel/component.js';
import type { ComponentId } from '../kernel/protocol.js';
import type { Priority } from '../scenario/model.js';
import { brokerProfile } from '../scenario/broker/profiles/index.js';
import type { BrokerRequest, Delivery } from '../scenario/broker/protocol.js';

export interface PublishOptions {
  readonly queue: string;
  /** Identifies the message; a retried publish keeps it. */
  readonly id: string;
  readonly body: unknown;
  readonly priority: Priority;
}

export interface PublisherState {
  /** Publishes awaiting their confirm, by id. */
  pending: Record<string, PublishOptions>;
}

export interface BrokerClient {
  readonly broker: ComponentId;
  /** The profile's name (plain data: a client travels in workflow inputs); its module is looked up in the registry. */
  readonly profile: BrokerProfile;
  readonly confirmTimeoutMs: number;
  readonly retryMs: number;
  /** The broker's ack timeout: a consumer still working on a delivery touches it before this. */
  readonly ackTimeoutMs: number;
}

const REPUBLISH = 'republish:';

/** Whether publishes through `client` wait for the broker's confirm (and are retried), rather than fire-and-forget. */
export function confirmsPublishes(client: Pick<BrokerClient, 'profile'>): boolean {
  return brokerProfile(client.profile).confirmsPublishes;
}

/** Whether deliveries under `client`'s profile must be acknowledged (not auto-acked on delivery). */
export function acksManually(client: Pick<BrokerClient, 'profile'>): boolean {
  return !brokerProfile(client.profile).autoAck;
}

export function newPublisherState(): PublisherState {
  return { pending: {} };
}

function send(ctx: ComponentContext, client: BrokerClient, options: PublishOptions, confirm: boolean): void {
  const request: BrokerRequest = {
    type: 'broker.publish',
    queue: options.queue,
    id: options.id,
    body: options.body,
    priority: options.priority,
    confirm,
  };
  ctx.send(client.broker, request);
}

export function publish(
  state: PublisherState,
  ctx: ComponentContext,
  client: BrokerClient,
  options: PublishOptions,
): void {
  if (!confirmsPublishes(client)) {
    send(ctx, client, options, false);
    return;
  }
  state.pending[options.id] = options;
  send(ctx, client, options, true);
  ctx.setTimer(`${REPUBLISH}${options.id}`, ctx.nowMs + client.confirmTimeoutMs);
}

/**
 * Handles what the broker (or the network) says about publishes: confirms and refusals.
 * Returns true if the message was one of those.
 */
export function onPublisherMessage(
  state: PublisherState,
  ctx: ComponentContext,
  client: BrokerClient,
  body: unknown,
): boolean {
  const message = body as { type?: string; id?: string; to?: string; body?: { type?: string; id?: string } };
  if (message.type === 'broker.confirm' && message.id !== undefined) {
    delete state.pending[message.id];
    ctx.cancelTimer(`${REPUBLISH}${message.id}`);
    return true;
  }
  if (message.type === 'undeliverable' && message.to === client.broker && message.body?.type === 'broker.publish') {
    const id = message.body.id;
    // Refused (the broker is down): fire-and-forget publishers lose it; the others try again shortly.
    if (id !== undefined && state.pending[id]) ctx.setTimer(`${REPUBLISH}${id}`, ctx.nowMs + client.retryMs);
    return true;
  }
  return false;
}

/** Republishes on its timer. Returns true if the timer was one of the publisher's. */
export function onPublisherTimer(
  state: PublisherState,
  ctx: ComponentContext,
  client: BrokerClient,
  timerName: string,
): boolean {
  if (!timerName.startsWith(REPUBLISH)) return false;
  const options = state.pending[timerName.slice(REPUBLISH.length)];
  if (options) {
    send(ctx, client, options, true);
    ctx.setTimer(timerName, ctx.nowMs + client.confirmTimeoutMs);
  }
  return true;
}

/**
 * Subscribes to `queue`; with `autoAck`, deliveries count as acknowledged on sending (the 2017
 * configuration). `slots`: the tasks the consumer runs at once, which sets how many deliveries
 * it is offered unacknowledged (slots × the broker's prefetch, over all its queues).
 */
export function subscribe(
  ctx: ComponentContext,
  client: BrokerClient,
  queue: string,
  options: { readonly autoAck?: boolean; readonly slots?: number } = {},
): void {
  const request: BrokerRequest = {
    type: 'broker.subscribe',
    queue,
    ...(options.autoAck ? { autoAck: true } : {}),
    ...(options.slots !== undefined ? { slots: options.slots } : {}),
  };
  ctx.send(client.broker, request);
}

/** Keeps a delivery from being redelivered while it is still being worked on. */
export function touch(ctx: ComponentContext, client: BrokerClient, delivery: Delivery): void {
  if (!acksManually(client)) return;
  const request: BrokerRequest = { type: 'broker.touch', queue: delivery.queue, tag: delivery.tag };
  ctx.send(client.broker, request);
}

export function acknowledge(ctx: ComponentContext, client: BrokerClient, delivery: Delivery): void {
  if (!acksManually(client)) return;
  const request: BrokerRequest = { type: 'broker.ack', queue: delivery.queue, tag: delivery.tag };
  ctx.send(client.broker, request);
}
