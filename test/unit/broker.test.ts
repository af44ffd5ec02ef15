/**
 * The message broker component (`simulator/components/broker.ts`) and its client helpers
 * (`simulator/components/broker-client.ts`), driven directly through the component harness: no Temporal,
 * no network. Every delivery is checked whole (body, recipient, time).
 */
import { describe, expect, it } from 'vitest';
import {
  BROKER_COMPONENT_ID,
  brokerComponent,
  type BrokerState,
  partitionFor,
} from '../../simulator/components/broker.js';
import {
  acknowledge,
  type BrokerClient,
  newPublisherState,
  onPublisherMessage,
  onPublisherTimer,
  publish,
  type PublisherState,
  type PublishOptions,
} from '../../simulator/components/broker-client.js';
import type { BrokerReply, BrokerRequest, Delivery } from '../../simulator/scenario/broker/protocol.js';
import type { BrokerProfile, ResolvedBroker } from '../../simulator/scenario/config.js';
import type { ComponentDefinition } from '../../simulator/kernel/component.js';
import type { Priority } from '../../simulator/scenario/model.js';
import { type ComponentHarness, harness, type SentMessage } from '../helpers/component-harness.js';

const ACK_TIMEOUT_MS = 60_000;

function brokerConfig(profile: BrokerProfile, overrides: Partial<ResolvedBroker> = {}): ResolvedBroker {
  // `ResolvedBroker` is moving from `node`/`zone` to `instances` (work in progress elsewhere); the
  // broker component reads neither. This literal carries both shapes so that it types under either.
  const literal = {
    node: 'broker',
    zone: 'z1',
    instances: [{ node: 'broker', zone: 'z1' }],
    profile,
    ackTimeoutMs: ACK_TIMEOUT_MS,
    prefetch: 1,
    partitions: 2,
    durable: true,
  };
  const config: ResolvedBroker = literal;
  return { ...config, ...overrides };
}

async function startBroker(
  profile: BrokerProfile,
  overrides: Partial<ResolvedBroker> = {},
): Promise<ComponentHarness<BrokerState>> {
  const h = harness(brokerComponent, brokerConfig(profile, overrides), { self: BROKER_COMPONENT_ID, node: 'broker' });
  await h.start(0);
  return h;
}

const subscribeTo = (queue = 'q'): BrokerRequest => ({ type: 'broker.subscribe', queue });
const publishOf = (id: string, priority: Priority = 'NORMAL', confirm = false): BrokerRequest => ({
  type: 'broker.publish',
  queue: 'q',
  id,
  body: { job: id },
  priority,
  confirm,
});
const ackOf = (tag: number): BrokerRequest => ({ type: 'broker.ack', queue: 'q', tag });
const nackOf = (tag: number): BrokerRequest => ({ type: 'broker.nack', queue: 'q', tag });

/** What the broker sends to `to` at `atMs` when it delivers message `id` under `tag`. */
function delivered(
  to: string,
  atMs: number,
  tag: number,
  id: string,
  options: { priority?: Priority; redelivered?: boolean } = {},
): SentMessage {
  const body: Delivery = {
    type: 'broker.deliver',
    queue: 'q',
    tag,
    id,
    body: { job: id },
    priority: options.priority ?? 'NORMAL',
    redelivered: options.redelivered ?? false,
  };
  return { to, body, atMs };
}

const reset = (to: string, atMs: number): SentMessage => ({
  to,
  body: { type: 'broker.reset' } satisfies BrokerReply,
  atMs,
});
const confirmed = (to: string, atMs: number, id: string): SentMessage => ({
  to,
  body: { type: 'broker.confirm', id } satisfies BrokerReply,
  atMs,
});
const ackTimer = (tag: number, atMs: number) => ({ name: `ack-timeout:${tag}`, atMs });

const timersOf = (h: ComponentHarness<unknown>) => h.timers.map(({ name, atMs }) => ({ name, atMs }));
const readyIds = (h: ComponentHarness<BrokerState>, queue = 'q') =>
  h.state.queues[queue]?.ready.map((message) => message.id);
const inFlightTags = (h: ComponentHarness<BrokerState>) => Object.keys(h.state.inFlight).map(Number);

/** Publishes each id (NORMAL, no confirm) from `p1`, one per millisecond from `atMs`. */
async function publishAll(h: ComponentHarness<BrokerState>, ids: readonly string[], atMs: number): Promise<void> {
  for (const [index, id] of ids.entries()) await h.deliver('p1', publishOf(id), atMs + index);
}

describe('broker, at-most-once', () => {
  it('at-most-once: a publish goes at once to a subscribed consumer, with no ack needed and no ack-timeout timer', async () => {
    const h = await startBroker('at-most-once');
    await h.deliver('c1', subscribeTo(), 10);
    await h.deliver('p1', publishOf('m1'), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 1, 'm1')]);
    expect(h.timers).toEqual([]);
    expect(h.state.inFlight).toEqual({});
    await h.advanceTo(10 * ACK_TIMEOUT_MS);
    expect(h.sent).toEqual([]);
  });

  it('at-most-once: ready messages are pushed round-robin with no prefetch limit', async () => {
    const h = await startBroker('at-most-once', { prefetch: 1 });
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await publishAll(h, ['m1', 'm2', 'm3', 'm4', 'm5'], 10);
    expect(h.takeSent()).toEqual([
      delivered('c1', 10, 1, 'm1'),
      delivered('c2', 11, 2, 'm2'),
      delivered('c1', 12, 3, 'm3'),
      delivered('c2', 13, 4, 'm4'),
      delivered('c1', 14, 5, 'm5'),
    ]);
    expect(readyIds(h)).toEqual([]);
  });

  it('at-most-once: messages published before anyone subscribed wait, then all go out on subscribe', async () => {
    const h = await startBroker('at-most-once');
    await publishAll(h, ['m1', 'm2', 'm3'], 10);
    expect(h.takeSent()).toEqual([]);
    expect(readyIds(h)).toEqual(['m1', 'm2', 'm3']);
    await h.deliver('c1', subscribeTo(), 50);
    expect(h.takeSent()).toEqual([
      delivered('c1', 50, 1, 'm1'),
      delivered('c1', 50, 2, 'm2'),
      delivered('c1', 50, 3, 'm3'),
    ]);
  });

  it('at-most-once: URGENT messages waiting go out before NORMAL ones', async () => {
    const h = await startBroker('at-most-once');
    await h.deliver('p1', publishOf('n1'), 10);
    await h.deliver('p1', publishOf('u1', 'URGENT'), 11);
    await h.deliver('p1', publishOf('n2'), 12);
    await h.deliver('p1', publishOf('u2', 'URGENT'), 13);
    await h.deliver('c1', subscribeTo(), 20);
    expect(h.takeSent()).toEqual([
      delivered('c1', 20, 1, 'u1', { priority: 'URGENT' }),
      delivered('c1', 20, 2, 'u2', { priority: 'URGENT' }),
      delivered('c1', 20, 3, 'n1'),
      delivered('c1', 20, 4, 'n2'),
    ]);
  });

  it('at-most-once: a consumer that crashes and subscribes again gets nothing back: the work it held is lost', async () => {
    const h = await startBroker('at-most-once');
    await h.deliver('c1', subscribeTo(), 10);
    await publishAll(h, ['m1', 'm2'], 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 1, 'm1'), delivered('c1', 21, 2, 'm2')]);
    await h.deliver('c1', subscribeTo(), 1_000);
    expect(h.takeSent()).toEqual([]);
    expect(readyIds(h)).toEqual([]);
    expect(h.state.queues.q?.consumers).toEqual(['c1']);
    await h.advanceTo(10 * ACK_TIMEOUT_MS);
    expect(h.sent).toEqual([]);
  });

  it('at-most-once: a fire-and-forget publish is never confirmed', async () => {
    const h = await startBroker('at-most-once');
    await h.deliver('p1', publishOf('m1'), 10);
    await h.deliver('c1', subscribeTo(), 20);
    await h.deliver('p1', publishOf('m2'), 30);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 1, 'm1'), delivered('c1', 30, 2, 'm2')]);
    expect(h.sent.filter((message) => message.to === 'p1')).toEqual([]);
  });
});

describe('broker, at-least-once', () => {
  it('at-least-once: prefetch limits unacknowledged deliveries per consumer; an ack frees room and the next message goes out', async () => {
    const h = await startBroker('at-least-once', { prefetch: 1 });
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await publishAll(h, ['m1', 'm2', 'm3'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c2', 11, 2, 'm2')]);
    expect(readyIds(h)).toEqual(['m3']);
    expect(timersOf(h)).toEqual([ackTimer(1, 10 + ACK_TIMEOUT_MS), ackTimer(2, 11 + ACK_TIMEOUT_MS)]);

    await h.deliver('c1', ackOf(1), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 3, 'm3')]);
    expect(readyIds(h)).toEqual([]);
    expect(inFlightTags(h)).toEqual([2, 3]);
    expect(timersOf(h)).toEqual([ackTimer(2, 11 + ACK_TIMEOUT_MS), ackTimer(3, 20 + ACK_TIMEOUT_MS)]);
  });

  it('at-least-once: a prefetch of 2 lets a consumer hold two deliveries, not three', async () => {
    const h = await startBroker('at-least-once', { prefetch: 2 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['m1', 'm2', 'm3'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm2')]);
    await h.deliver('c1', ackOf(2), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 3, 'm3')]);
  });

  it('at-least-once: a consumer of several queues holds slots × prefetch deliveries over all of them, not that many per queue', async () => {
    const h = await startBroker('at-least-once', { prefetch: 1 });
    await h.deliver('c1', { type: 'broker.subscribe', queue: 'q', slots: 2 }, 1);
    await h.deliver('c1', { type: 'broker.subscribe', queue: 'other', slots: 2 }, 2);
    await publishAll(h, ['m1', 'm2', 'm3'], 10);
    await h.deliver(
      'p1',
      { type: 'broker.publish', queue: 'other', id: 'o1', body: { job: 'o1' }, priority: 'NORMAL', confirm: false },
      20,
    );
    // Two slots: two deliveries from q; the third and the one on the other queue wait.
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm2')]);
    expect(readyIds(h, 'other')).toEqual(['o1']);
    await h.deliver('c1', ackOf(1), 30);
    expect(h.takeSent()).toEqual([delivered('c1', 30, 3, 'm3')]);
    await h.deliver('c1', ackOf(2), 40);
    expect(h.takeSent()).toEqual([
      {
        to: 'c1',
        atMs: 40,
        body: {
          type: 'broker.deliver',
          queue: 'other',
          tag: 4,
          id: 'o1',
          body: { job: 'o1' },
          priority: 'NORMAL',
          redelivered: false,
        },
      },
    ]);
  });

  it('at-least-once: a delivery not acknowledged within ackTimeoutMs evicts its consumer (reset) and is redelivered, flagged, to another', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await h.deliver('p1', publishOf('m1'), 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1')]);
    await h.advanceTo(10 + ACK_TIMEOUT_MS - 1);
    expect(h.sent).toEqual([]);
    await h.advanceTo(10 + ACK_TIMEOUT_MS);
    expect(h.takeSent()).toEqual([
      reset('c1', 10 + ACK_TIMEOUT_MS),
      delivered('c2', 10 + ACK_TIMEOUT_MS, 2, 'm1', { redelivered: true }),
    ]);
    expect(h.state.inFlight).toEqual({ 2: expect.objectContaining({ consumer: 'c2', queue: 'q' }) });
    expect(h.state.queues.q?.consumers).toEqual(['c2']);
    expect(timersOf(h)).toEqual([ackTimer(2, 10 + 2 * ACK_TIMEOUT_MS)]);
  });

  it('at-least-once: a consumer that subscribes again gets its unacknowledged message redelivered', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['m1', 'm2'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1')]);
    await h.deliver('c1', subscribeTo(), 100);
    expect(h.takeSent()).toEqual([delivered('c1', 100, 2, 'm1', { redelivered: true })]);
    expect(readyIds(h)).toEqual(['m2']);
    expect(h.state.queues.q?.consumers).toEqual(['c1']);
    expect(timersOf(h)).toEqual([ackTimer(2, 100 + ACK_TIMEOUT_MS)]);
  });

  it('at-least-once: a consumer that subscribes again gets every unacknowledged message redelivered (prefetch 2)', async () => {
    const h = await startBroker('at-least-once', { prefetch: 2 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['m1', 'm2'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm2')]);
    await h.deliver('c1', subscribeTo(), 100);
    const again = h.takeSent();
    // Which of the two goes first is not specified (today: m2, see the report on given-back order).
    expect(
      again
        .map(({ to, atMs, body }) => ({
          to,
          atMs,
          id: (body as Delivery).id,
          redelivered: (body as Delivery).redelivered,
        }))
        .sort((left, right) => left.id.localeCompare(right.id)),
    ).toEqual([
      { to: 'c1', atMs: 100, id: 'm1', redelivered: true },
      { to: 'c1', atMs: 100, id: 'm2', redelivered: true },
    ]);
    expect(again.map(({ body }) => (body as Delivery).tag).sort()).toEqual([3, 4]);
    expect(inFlightTags(h)).toEqual([3, 4]);
  });

  it('at-least-once: a late ack of a message already redelivered is harmless', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await h.deliver('p1', publishOf('m1'), 10);
    await h.advanceTo(10 + ACK_TIMEOUT_MS);
    expect(h.takeSent()).toEqual([
      delivered('c1', 10, 1, 'm1'),
      reset('c1', 10 + ACK_TIMEOUT_MS),
      delivered('c2', 10 + ACK_TIMEOUT_MS, 2, 'm1', { redelivered: true }),
    ]);

    await h.deliver('c1', ackOf(1), 10 + ACK_TIMEOUT_MS + 50);
    expect(h.takeSent()).toEqual([]);
    expect(h.state.inFlight).toEqual({ 2: expect.objectContaining({ consumer: 'c2' }) });
    expect(timersOf(h)).toEqual([ackTimer(2, 10 + 2 * ACK_TIMEOUT_MS)]);
    expect(readyIds(h)).toEqual([]);

    await h.deliver('c2', ackOf(2), 10 + ACK_TIMEOUT_MS + 60);
    expect(h.state.inFlight).toEqual({});
    expect(h.timers).toEqual([]);
    await h.advanceTo(10 * ACK_TIMEOUT_MS);
    expect(h.sent).toEqual([]);
  });

  // `broker.touch` is being added to the protocol right now (work in progress elsewhere); sent untyped here.
  it('at-least-once: a broker.touch restarts the ack timeout of a delivery still held; a touch of an unknown tag is harmless', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('p1', publishOf('m1'), 10);
    await h.deliver('c1', { type: 'broker.touch', queue: 'q', tag: 1 }, 30_000);
    await h.deliver('c1', { type: 'broker.touch', queue: 'q', tag: 99 }, 30_001);
    expect(timersOf(h)).toEqual([ackTimer(1, 30_000 + ACK_TIMEOUT_MS)]);
    await h.advanceTo(30_000 + ACK_TIMEOUT_MS - 1);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1')]);
    // Silent past the (extended) timeout: evicted and reset; it gets the message back when it subscribes again.
    await h.advanceTo(30_000 + ACK_TIMEOUT_MS);
    expect(h.takeSent()).toEqual([reset('c1', 30_000 + ACK_TIMEOUT_MS)]);
    await h.deliver('c1', subscribeTo(), 30_000 + ACK_TIMEOUT_MS + 5);
    expect(h.takeSent()).toEqual([delivered('c1', 30_000 + ACK_TIMEOUT_MS + 5, 2, 'm1', { redelivered: true })]);
  });

  it('at-least-once: URGENT messages overtake NORMAL ones waiting', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['n0', 'n1', 'n2'], 10);
    await h.deliver('p1', publishOf('u1', 'URGENT'), 13);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'n0')]);
    expect(readyIds(h)).toEqual(['u1', 'n1', 'n2']);
    await h.deliver('c1', ackOf(1), 20);
    await h.deliver('c1', ackOf(2), 30);
    await h.deliver('c1', ackOf(3), 40);
    expect(h.takeSent()).toEqual([
      delivered('c1', 20, 2, 'u1', { priority: 'URGENT' }),
      delivered('c1', 30, 3, 'n1'),
      delivered('c1', 40, 4, 'n2'),
    ]);
  });

  it('at-least-once: a publish with confirm gets a broker.confirm (before its delivery); one without gets none', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('p1', publishOf('m1', 'NORMAL', true), 10);
    expect(h.takeSent()).toEqual([confirmed('p1', 10, 'm1')]);
    await h.deliver('c1', subscribeTo(), 20);
    await h.deliver('c1', ackOf(1), 25);
    await h.deliver('p1', publishOf('m2', 'NORMAL', true), 30);
    await h.deliver('p1', publishOf('m3', 'NORMAL', true), 40);
    await h.deliver('p1', publishOf('m4', 'NORMAL', false), 50);
    expect(h.takeSent()).toEqual([
      delivered('c1', 20, 1, 'm1'),
      confirmed('p1', 30, 'm2'),
      delivered('c1', 30, 2, 'm2'),
      confirmed('p1', 40, 'm3'),
    ]);
    expect(readyIds(h)).toEqual(['m3', 'm4']);
  });

  it('at-least-once: a nack puts the message back at the front of its priority class', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['n0', 'n1'], 10);
    await h.deliver('p1', publishOf('u1', 'URGENT'), 12);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'n0')]);
    expect(readyIds(h)).toEqual(['u1', 'n1']);

    await h.deliver('c1', nackOf(1), 20);
    // n0 went back ahead of n1 but behind u1, which now goes out.
    expect(h.takeSent()).toEqual([delivered('c1', 20, 2, 'u1', { priority: 'URGENT' })]);
    expect(readyIds(h)).toEqual(['n0', 'n1']);
    expect(timersOf(h)).toEqual([ackTimer(2, 20 + ACK_TIMEOUT_MS)]);

    await h.deliver('c1', ackOf(2), 30);
    await h.deliver('c1', ackOf(3), 40);
    expect(h.takeSent()).toEqual([delivered('c1', 30, 3, 'n0', { redelivered: true }), delivered('c1', 40, 4, 'n1')]);
  });

  it('at-least-once: a nacked URGENT message goes back ahead of the other URGENT ones', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('p1', publishOf('u0', 'URGENT'), 10);
    await h.deliver('p1', publishOf('n1'), 11);
    await h.deliver('p1', publishOf('u1', 'URGENT'), 12);
    expect(readyIds(h)).toEqual(['u1', 'n1']);
    await h.deliver('c1', nackOf(1), 20);
    expect(h.takeSent()).toEqual([
      delivered('c1', 10, 1, 'u0', { priority: 'URGENT' }),
      delivered('c1', 20, 2, 'u0', { priority: 'URGENT', redelivered: true }),
    ]);
    expect(readyIds(h)).toEqual(['u1', 'n1']);
  });
});

describe('broker, log', () => {
  // With 2 partitions: m1, m3, m5 land in partition 0; m2, m4, m6 in partition 1.
  const P0 = ['m1', 'm3', 'm5'];
  const P1 = ['m2', 'm4', 'm6'];
  const logIds = (h: ComponentHarness<BrokerState>, partition: number) =>
    h.state.queues.q?.partitions[partition]?.log.map((message) => message.id);

  it('log: messages of one id always go to the same partition (partitionFor)', async () => {
    expect(P0.map((id) => partitionFor(id, 2))).toEqual([0, 0, 0]);
    expect(P1.map((id) => partitionFor(id, 2))).toEqual([1, 1, 1]);
    expect(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => partitionFor(id, 3))).toEqual([2, 0, 1, 2, 0, 1]);
    for (const id of ['', 'job-1', 'a-rather-longer-identifier-that-overflows-32-bits', '\u{1F600}']) {
      const partition = partitionFor(id, 7);
      expect(partition).toBe(partitionFor(id, 7));
      expect(Number.isInteger(partition) && partition >= 0 && partition < 7).toBe(true);
    }

    const h = await startBroker('log');
    await publishAll(h, ['m1', 'm2', 'm1', 'm3', 'm2'], 10);
    expect(logIds(h, 0)).toEqual(['m1', 'm1', 'm3']);
    expect(logIds(h, 1)).toEqual(['m2', 'm2']);
    expect(readyIds(h)).toEqual([]);
  });

  it('log: each partition is delivered in offset order to one owner', async () => {
    const h = await startBroker('log', { prefetch: 10 });
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await publishAll(h, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], 10);
    const sent = h.takeSent();
    expect(sent).toHaveLength(6);
    for (const [partition, ids] of [P0, P1].entries()) {
      const deliveries = sent.filter(({ body }) => ids.includes((body as Delivery).id));
      expect(deliveries.map(({ body }) => (body as Delivery).id)).toEqual(ids);
      expect(new Set(deliveries.map(({ to }) => to)).size).toBe(1);
      expect(deliveries[0]?.to).toBe(h.state.queues.q?.partitions[partition]?.owner);
    }
    // Each delivery went out as its message was published.
    expect(sent.map(({ atMs, body }) => [atMs, (body as Delivery).tag])).toEqual(
      [10, 11, 12, 13, 14, 15].map((atMs, index) => [atMs, index + 1]),
    );
  });

  it('log: a consumer holds at most slots × prefetch deliveries over its partitions, served partition by partition in turn', async () => {
    const h = await startBroker('log', { prefetch: 1 });
    await h.deliver('c1', { type: 'broker.subscribe', queue: 'q', slots: 2 }, 1);
    await publishAll(h, ['m1', 'm3', 'm2', 'm4'], 10);
    // Two slots: partition 0 may run two past its committed offset, and nothing is left for partition 1.
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm3')]);
    expect(h.state.inFlight).toEqual({
      1: expect.objectContaining({ partition: 0, offset: 0 }),
      2: expect.objectContaining({ partition: 0, offset: 1 }),
    });
    // The room an ack frees goes to the partition after the one served last.
    await h.deliver('c1', ackOf(1), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 3, 'm2')]);
    await h.deliver('c1', ackOf(2), 30);
    expect(h.takeSent()).toEqual([delivered('c1', 30, 4, 'm4')]);
  });

  it('log: with one slot and prefetch 1 a consumer holds one delivery over all its partitions', async () => {
    const h = await startBroker('log', { prefetch: 1 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['m1', 'm3', 'm2', 'm4'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1')]);
    await h.deliver('c1', ackOf(1), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 20, 2, 'm2')]);
  });

  it('log: acks commit over contiguous offsets only (ack of offset 1 before 0 does not commit)', async () => {
    const h = await startBroker('log', { prefetch: 2 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, P0, 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm3')]);
    const partition = () => h.state.queues.q?.partitions[0];

    await h.deliver('c1', ackOf(2), 20);
    expect(partition()).toMatchObject({ committed: 0, position: 2, acked: [1] });
    expect(h.takeSent()).toEqual([]); // the window counts from the committed offset

    await h.deliver('c1', ackOf(1), 30);
    expect(partition()).toMatchObject({ committed: 2, position: 3, acked: [] });
    expect(h.takeSent()).toEqual([delivered('c1', 30, 3, 'm5')]);
  });

  it('log: a delivery not acknowledged in time rewinds its partition to the committed offset and moves it to another consumer, duplicating acked offsets', async () => {
    const h = await startBroker('log', { prefetch: 3 });
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    await publishAll(h, P0, 10);
    expect(h.state.queues.q?.partitions[0]?.owner).toBe('c1');
    expect(h.takeSent()).toEqual([
      delivered('c1', 10, 1, 'm1'),
      delivered('c1', 11, 2, 'm3'),
      delivered('c1', 12, 3, 'm5'),
    ]);
    await h.deliver('c1', ackOf(1), 20); // commits offset 0
    await h.deliver('c1', ackOf(3), 30); // offset 2: acknowledged, not committed
    expect(h.state.queues.q?.partitions[0]).toMatchObject({ committed: 1, acked: [2] });
    expect(timersOf(h)).toEqual([ackTimer(2, 11 + ACK_TIMEOUT_MS)]);

    await h.advanceTo(11 + ACK_TIMEOUT_MS);
    expect(h.takeSent()).toEqual([
      reset('c1', 11 + ACK_TIMEOUT_MS),
      delivered('c2', 11 + ACK_TIMEOUT_MS, 4, 'm3', { redelivered: true }),
      delivered('c2', 11 + ACK_TIMEOUT_MS, 5, 'm5', { redelivered: true }),
    ]);
    expect(h.state.queues.q?.partitions[0]).toMatchObject({ owner: 'c2', committed: 1, position: 3, acked: [] });

    // The old owner's late ack changes nothing.
    await h.deliver('c1', ackOf(2), 11 + ACK_TIMEOUT_MS + 5);
    expect(h.state.queues.q?.partitions[0]).toMatchObject({ owner: 'c2', committed: 1, position: 3, acked: [] });
    expect(inFlightTags(h)).toEqual([4, 5]);
    expect(h.takeSent()).toEqual([]);
  });

  // Regression: the partition once went straight back to the silent consumer when its index
  // mapped to the last slot of the reordered consumer list.
  it('log: a partition whose delivery timed out moves away from the silent consumer whatever its index (partition 1)', async () => {
    const h = await startBroker('log');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo(), 2);
    // Subscribing rebalances: partition 1 (where m2 goes) belongs to c2 now.
    expect(h.state.queues.q?.partitions.map((partition) => partition.owner)).toEqual(['c1', 'c2']);
    await h.deliver('p1', publishOf('m2'), 10);
    expect(h.takeSent()).toEqual([delivered('c2', 10, 1, 'm2')]);
    await h.advanceTo(10 + ACK_TIMEOUT_MS);
    expect(h.takeSent()).toEqual([
      reset('c2', 10 + ACK_TIMEOUT_MS),
      delivered('c1', 10 + ACK_TIMEOUT_MS, 2, 'm2', { redelivered: true }),
    ]);
  });

  it('log: priorities are not honoured: a partition is FIFO', async () => {
    const h = await startBroker('log', { prefetch: 10 });
    await h.deliver('p1', publishOf('m1'), 10);
    await h.deliver('p1', publishOf('m3', 'URGENT'), 11);
    await h.deliver('p1', publishOf('m5'), 12);
    await h.deliver('c1', subscribeTo(), 20);
    expect(h.takeSent()).toEqual([
      delivered('c1', 20, 1, 'm1'),
      delivered('c1', 20, 2, 'm3', { priority: 'URGENT' }),
      delivered('c1', 20, 3, 'm5'),
    ]);
  });

  it('log: a consumer that subscribes again gets its partition rewound to the committed offset', async () => {
    const h = await startBroker('log', { prefetch: 2 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, P0, 10);
    await h.deliver('c1', ackOf(2), 20);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm3')]);
    await h.deliver('c1', subscribeTo(), 30);
    expect(h.takeSent()).toEqual([
      delivered('c1', 30, 3, 'm1', { redelivered: true }),
      delivered('c1', 30, 4, 'm3', { redelivered: true }),
    ]);
    expect(h.state.queues.q?.partitions[0]).toMatchObject({ owner: 'c1', committed: 0, position: 2, acked: [] });
  });
});

describe('broker crash and restart', () => {
  it('at-least-once, durable: ready and unacknowledged messages survive, consumers are dropped, known consumers get broker.reset, delivery resumes on subscribe', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.deliver('c2', subscribeTo('other'), 2);
    await publishAll(h, ['m1', 'm2'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1')]);

    await h.crash(100);
    expect(h.timers).toEqual([]);
    expect(h.state.inFlight).toEqual({});
    expect(readyIds(h)).toEqual(['m1', 'm2']);
    expect(h.state.queues.q?.consumers).toEqual([]);
    expect(h.state.queues.other?.consumers).toEqual([]);
    await h.advanceTo(100 + 2 * ACK_TIMEOUT_MS); // the ack timer died with the broker
    expect(h.sent).toEqual([]);

    const restartAt = 100 + 2 * ACK_TIMEOUT_MS;
    await h.restart(restartAt);
    expect(h.takeSent()).toEqual([reset('c1', restartAt), reset('c2', restartAt)]);

    // Nobody is subscribed: a new publish waits too.
    await h.deliver('p1', publishOf('m3'), restartAt + 5);
    expect(h.takeSent()).toEqual([]);

    await h.deliver('c1', subscribeTo(), restartAt + 10);
    // Tags are not reused after a restart, so the pre-crash tag 1 cannot be confused with a new delivery.
    expect(h.takeSent()).toEqual([delivered('c1', restartAt + 10, 2, 'm1', { redelivered: true })]);
    await h.deliver('c1', ackOf(1), restartAt + 15);
    expect(h.takeSent()).toEqual([]);
    await h.deliver('c1', ackOf(2), restartAt + 20);
    await h.deliver('c1', ackOf(3), restartAt + 30);
    expect(h.takeSent()).toEqual([delivered('c1', restartAt + 20, 3, 'm2'), delivered('c1', restartAt + 30, 4, 'm3')]);
  });

  it('at-most-once, durable: messages waiting survive a broker crash and go out after the consumer subscribes again', async () => {
    const h = await startBroker('at-most-once');
    await h.deliver('c1', subscribeTo('other'), 1);
    await publishAll(h, ['m1', 'm2'], 10);
    await h.crash(100);
    await h.restart(200);
    expect(h.takeSent()).toEqual([reset('c1', 200)]);
    await h.deliver('c1', subscribeTo(), 210);
    expect(h.takeSent()).toEqual([delivered('c1', 210, 1, 'm1'), delivered('c1', 210, 2, 'm2')]);
  });

  it('log, durable: a broker crash rewinds partitions to their committed offsets; after the reset and a new subscribe, delivery resumes there', async () => {
    const h = await startBroker('log', { prefetch: 2 });
    await h.deliver('c1', subscribeTo(), 1);
    await publishAll(h, ['m1', 'm3', 'm5', 'm2'], 10);
    expect(h.takeSent()).toEqual([delivered('c1', 10, 1, 'm1'), delivered('c1', 11, 2, 'm3')]); // the consumer's two deliveries
    await h.deliver('c1', ackOf(1), 20); // partition 0 commits offset 0
    expect(h.takeSent()).toEqual([delivered('c1', 20, 3, 'm2')]);
    await h.deliver('c1', ackOf(3), 21); // partition 1 commits offset 0
    expect(h.takeSent()).toEqual([delivered('c1', 21, 4, 'm5')]);
    await h.deliver('c1', ackOf(4), 23); // partition 0: offset 2 acknowledged, offset 1 not

    await h.crash(100);
    expect(h.timers).toEqual([]);
    expect(h.state.inFlight).toEqual({});
    expect(h.state.queues.q?.partitions).toEqual([
      expect.objectContaining({ committed: 1, position: 1, acked: [], owner: null }),
      expect.objectContaining({ committed: 1, position: 1, acked: [], owner: null }),
    ]);
    await h.restart(200);
    expect(h.takeSent()).toEqual([reset('c1', 200)]);
    await h.deliver('c1', subscribeTo(), 210);
    expect(h.takeSent()).toEqual([
      delivered('c1', 210, 5, 'm3', { redelivered: true }),
      delivered('c1', 210, 6, 'm5', { redelivered: true }),
    ]);
  });

  it.each<BrokerProfile>(['at-most-once', 'at-least-once', 'log'])(
    '%s, durable: false: the queues are empty after a restart, but known consumers still get broker.reset',
    async (profile) => {
      const h = await startBroker(profile, { durable: false });
      await h.deliver('c1', subscribeTo(), 1);
      await publishAll(h, ['m1', 'm3', 'm5'], 10);
      h.takeSent();
      await h.crash(100);
      expect(h.state).toEqual({
        queues: {},
        inFlight: {},
        nextTag: expect.any(Number),
        nextSeq: 3,
        known: ['c1'],
        slots: { c1: 1 },
      });
      await h.restart(200);
      expect(h.takeSent()).toEqual([reset('c1', 200)]);
      await h.deliver('c1', subscribeTo(), 210);
      await h.advanceTo(210 + 2 * ACK_TIMEOUT_MS);
      expect(h.takeSent()).toEqual([]);
    },
  );

  it('a broker that is down handles nothing until it restarts', async () => {
    const h = await startBroker('at-least-once');
    await h.deliver('c1', subscribeTo(), 1);
    await h.crash(100);
    expect(await h.deliver('p1', publishOf('m1'), 150)).toBe(false);
    await h.restart(200);
    await h.deliver('c1', subscribeTo(), 210);
    expect(h.takeSent()).toEqual([reset('c1', 200)]);
    expect(readyIds(h)).toEqual([]);
  });
});

describe('broker client helpers', () => {
  interface PublisherTest {
    readonly publisher: PublisherState;
    /** What the publisher's message handler returned, in order. */
    readonly handled: boolean[];
  }
  const clientFor = (profile: BrokerProfile): BrokerClient => {
    // `ackTimeoutMs` is new in BrokerClient (work in progress elsewhere); a non-literal types under either shape.
    const client = {
      broker: BROKER_COMPONENT_ID,
      profile,
      confirmTimeoutMs: 5_000,
      retryMs: 1_000,
      ackTimeoutMs: ACK_TIMEOUT_MS,
    };
    return client;
  };
  const options: PublishOptions = { queue: 'q', id: 'm1', body: { job: 'm1' }, priority: 'URGENT' };
  const publishRequest = (confirm: boolean): BrokerRequest => ({
    type: 'broker.publish',
    queue: 'q',
    id: 'm1',
    body: { job: 'm1' },
    priority: 'URGENT',
    confirm,
  });
  const toBroker = (body: unknown, atMs: number): SentMessage => ({ to: BROKER_COMPONENT_ID, body, atMs });
  const refused = (body: unknown) => ({ type: 'undeliverable', to: BROKER_COMPONENT_ID, body, reason: 'refused' });

  /** A bare publisher: routes messages and timers to the client helpers. */
  const publisherComponent: ComponentDefinition<PublisherTest, BrokerClient> = {
    init: () => ({ publisher: newPublisherState(), handled: [] }),
    onMessage(state, message, ctx, client) {
      state.handled.push(onPublisherMessage(state.publisher, ctx, client, message.body));
    },
    onTimer(state, timer, ctx, client) {
      onPublisherTimer(state.publisher, ctx, client, timer.name);
    },
  };

  async function startPublisher(profile: BrokerProfile): Promise<ComponentHarness<PublisherTest>> {
    const h = harness(publisherComponent, clientFor(profile), { self: 'p1', node: 'n1' });
    await h.start(0);
    return h;
  }

  it('at-most-once client: publish sends once, asks for no confirm, keeps nothing and sets no timer; a refusal loses it', async () => {
    const h = await startPublisher('at-most-once');
    await h.act((state, ctx) => publish(state.publisher, ctx, clientFor('at-most-once'), options), 100);
    expect(h.takeSent()).toEqual([toBroker(publishRequest(false), 100)]);
    expect(h.timers).toEqual([]);
    expect(h.state.publisher.pending).toEqual({});
    await h.deliver('$network', refused(publishRequest(false)), 150);
    expect(h.state.handled).toEqual([true]);
    expect(h.timers).toEqual([]);
    await h.advanceTo(1_000_000);
    expect(h.sent).toEqual([]);
  });

  it('at-least-once client: publish asks for a confirm, keeps the message and republishes it every confirmTimeoutMs until confirmed', async () => {
    const h = await startPublisher('at-least-once');
    await h.act((state, ctx) => publish(state.publisher, ctx, clientFor('at-least-once'), options), 100);
    expect(h.takeSent()).toEqual([toBroker(publishRequest(true), 100)]);
    expect(h.state.publisher.pending).toEqual({ m1: options });
    expect(timersOf(h)).toEqual([{ name: 'republish:m1', atMs: 5_100 }]);

    await h.advanceTo(5_099);
    expect(h.sent).toEqual([]);
    await h.advanceTo(10_100);
    expect(h.takeSent()).toEqual([toBroker(publishRequest(true), 5_100), toBroker(publishRequest(true), 10_100)]);
    expect(timersOf(h)).toEqual([{ name: 'republish:m1', atMs: 15_100 }]);

    await h.deliver(BROKER_COMPONENT_ID, { type: 'broker.confirm', id: 'm1' } satisfies BrokerReply, 12_000);
    expect(h.state.handled).toEqual([true]);
    expect(h.state.publisher.pending).toEqual({});
    expect(h.timers).toEqual([]);
    await h.advanceTo(1_000_000);
    expect(h.sent).toEqual([]);
  });

  it('at-least-once client: a publish refused by the network is republished after retryMs', async () => {
    const h = await startPublisher('at-least-once');
    await h.act((state, ctx) => publish(state.publisher, ctx, clientFor('at-least-once'), options), 100);
    h.takeSent();
    await h.deliver('$network', refused(publishRequest(true)), 150);
    expect(h.state.handled).toEqual([true]);
    expect(timersOf(h)).toEqual([{ name: 'republish:m1', atMs: 1_150 }]);
    await h.advanceTo(1_150);
    expect(h.takeSent()).toEqual([toBroker(publishRequest(true), 1_150)]);
    expect(timersOf(h)).toEqual([{ name: 'republish:m1', atMs: 6_150 }]);
  });

  it('at-least-once client: a confirm stops the publish; a refusal bounced after the confirm does not revive it', async () => {
    const h = await startPublisher('at-least-once');
    await h.act((state, ctx) => publish(state.publisher, ctx, clientFor('at-least-once'), options), 100);
    h.takeSent();
    await h.deliver(BROKER_COMPONENT_ID, { type: 'broker.confirm', id: 'm1' } satisfies BrokerReply, 200);
    await h.deliver('$network', refused(publishRequest(true)), 250);
    await h.deliver(BROKER_COMPONENT_ID, { type: 'broker.confirm', id: 'm1' } satisfies BrokerReply, 300); // a duplicate's confirm
    expect(h.state.handled).toEqual([true, true, true]);
    expect(h.state.publisher.pending).toEqual({});
    expect(h.timers).toEqual([]);
    await h.advanceTo(1_000_000);
    expect(h.sent).toEqual([]);
  });

  it('client: messages that are not about publishes are left to the caller', async () => {
    const h = await startPublisher('at-least-once');
    const delivery: Delivery = {
      type: 'broker.deliver',
      queue: 'q',
      tag: 1,
      id: 'x',
      body: null,
      priority: 'NORMAL',
      redelivered: false,
    };
    await h.deliver(BROKER_COMPONENT_ID, delivery, 10);
    await h.deliver(BROKER_COMPONENT_ID, { type: 'broker.reset' } satisfies BrokerReply, 20);
    await h.deliver(
      '$network',
      { type: 'undeliverable', to: 'someone-else', body: publishRequest(true), reason: 'refused' },
      30,
    );
    expect(h.state.handled).toEqual([false, false, false]);
    expect(h.sent).toEqual([]);
  });

  it('log client: publishes with confirms, like at-least-once', async () => {
    const h = await startPublisher('log');
    await h.act((state, ctx) => publish(state.publisher, ctx, clientFor('log'), options), 100);
    expect(h.takeSent()).toEqual([toBroker(publishRequest(true), 100)]);
    expect(timersOf(h)).toEqual([{ name: 'republish:m1', atMs: 5_100 }]);
  });

  it('client: acknowledge sends nothing for at-most-once and a broker.ack for the other profiles', async () => {
    const h = await startPublisher('at-most-once');
    const delivery: Delivery = {
      type: 'broker.deliver',
      queue: 'q',
      tag: 7,
      id: 'm1',
      body: null,
      priority: 'NORMAL',
      redelivered: false,
    };
    await h.act((_state, ctx) => acknowledge(ctx, clientFor('at-most-once'), delivery), 10);
    expect(h.takeSent()).toEqual([]);
    await h.act((_state, ctx) => acknowledge(ctx, clientFor('at-least-once'), delivery), 20);
    await h.act((_state, ctx) => acknowledge(ctx, clientFor('log'), delivery), 30);
    expect(h.takeSent()).toEqual([
      toBroker({ type: 'broker.ack', queue: 'q', tag: 7 } satisfies BrokerRequest, 20),
      toBroker({ type: 'broker.ack', queue: 'q', tag: 7 } satisfies BrokerRequest, 30),
    ]);
  });

  it('at-least-once client and broker: a lost confirm makes a duplicate delivery, never a loss', async () => {
    const broker = await startBroker('at-least-once', { prefetch: 10 });
    const publisher = await startPublisher('at-least-once');
    await broker.deliver('c1', subscribeTo(), 1);
    await publisher.act((state, ctx) => publish(state.publisher, ctx, clientFor('at-least-once'), options), 100);
    /** Carries what the publisher sent to the broker, 5 ms later; returns what the broker sent. */
    const carry = async () => {
      for (const message of publisher.takeSent()) await broker.deliver('p1', message.body, message.atMs + 5);
      return broker.takeSent();
    };
    const m1 = (tag: number, atMs: number): SentMessage => ({
      to: 'c1',
      body: {
        type: 'broker.deliver',
        queue: 'q',
        tag,
        id: 'm1',
        body: { job: 'm1' },
        priority: 'URGENT',
        redelivered: false,
      } satisfies Delivery,
      atMs,
    });
    expect(await carry()).toEqual([confirmed('p1', 105, 'm1'), m1(1, 105)]); // the confirm is lost on the way back
    await publisher.advanceTo(5_100);
    // The broker cannot tell the republished copy from a new message: c1 gets m1 again, not flagged.
    expect(await carry()).toEqual([confirmed('p1', 5_105, 'm1'), m1(2, 5_105)]);
    expect(publisher.state.publisher.pending).toEqual({ m1: options });
    await publisher.deliver(BROKER_COMPONENT_ID, { type: 'broker.confirm', id: 'm1' } satisfies BrokerReply, 5_110);
    expect(publisher.state.publisher.pending).toEqual({});
    await publisher.advanceTo(100_000);
    expect(publisher.sent).toEqual([]);
  });
});

describe('component harness', () => {
  interface Probe {
    events: string[];
  }
  const probe: ComponentDefinition<Probe, null> = {
    init: () => ({ events: [] }),
    onStart(state, ctx) {
      state.events.push(`start@${ctx.nowMs}`);
    },
    onMessage(state, message, ctx) {
      state.events.push(`msg ${String(message.body)}@${ctx.nowMs}#${message.seq}`);
      if (message.body === 'set') {
        ctx.setTimer('b', ctx.nowMs + 10);
        ctx.setTimer('a', ctx.nowMs + 10);
        ctx.setTimer('now', ctx.nowMs - 5);
      }
      if (message.body === 'replace') ctx.setTimer('a', ctx.nowMs + 100, 'replaced');
      if (message.body === 'cancel') ctx.cancelTimer('b');
    },
    onTimer(state, timer, ctx) {
      state.events.push(`timer ${timer.name}${timer.data === undefined ? '' : `(${String(timer.data)})`}@${ctx.nowMs}`);
    },
    onRestart(state, ctx) {
      state.events.push(`restart@${ctx.nowMs}`);
    },
  };
  const probeHarness = () => harness(probe, null, { self: 'probe', node: 'n1' });

  it('harness: fires timers in (atMs, seq) order, each at its own time; replacing and cancelling work; time never goes backwards', async () => {
    const h = probeHarness();
    await h.deliver('x', 'set', 10);
    expect(h.state.events).toEqual(['start@10', 'msg set@10#0', 'timer now@10']);
    await h.deliver('x', 'replace', 15);
    expect(h.timers.map(({ name, atMs, data }) => ({ name, atMs, data }))).toEqual([
      { name: 'b', atMs: 20, data: undefined },
      { name: 'a', atMs: 115, data: 'replaced' },
    ]);
    await h.deliver('x', 'tick', 20); // the timer due at 20 fires before the message at 20
    await h.advanceTo(200);
    expect(h.state.events.slice(3)).toEqual([
      'msg replace@15#1',
      'timer b@20',
      'msg tick@20#2',
      'timer a(replaced)@115',
    ]);
    expect(h.nowMs).toBe(200);
    await expect(h.advanceTo(199)).rejects.toThrow(/backwards/);
    await expect(h.deliver('x', 'late', 150)).rejects.toThrow(/backwards/);
  });

  it('harness: ctx.world throws without a world callback', async () => {
    const h = harness(
      {
        ...probe,
        onMessage: (_state, _message, ctx) =>
          ctx.world({ op: 'store.read', key: 'k', consistency: 'one' }).then(() => undefined),
      },
      null,
      { self: 'probe', node: 'n1' },
    );
    await expect(h.deliver('x', 'world', 1)).rejects.toThrow(/no `world` option/);
    const calls: unknown[] = [];
    const withWorld = harness(
      {
        ...probe,
        onMessage: (_state, _message, ctx) => ctx.world({ op: 'crash.point', name: 'x' }).then(() => undefined),
      },
      null,
      {
        self: 'probe',
        node: 'n1',
        world: (call, at) => {
          calls.push({ call, at });
          return {};
        },
      },
    );
    await withWorld.deliver('x', 'world', 7);
    expect(calls).toEqual([{ call: { op: 'crash.point', name: 'x' }, at: { nowMs: 7, self: 'probe', node: 'n1' } }]);
  });

  it('harness: a default crash re-initialises the state and drops the timers; keepTimers keeps them for the restart', async () => {
    const h = probeHarness();
    await h.deliver('x', 'set', 10);
    await h.crash(15);
    expect(h.state.events).toEqual([]);
    expect(h.timers).toEqual([]);
    expect(h.down).toBe(true);
    expect(await h.deliver('x', 'lost', 16)).toBe(false);
    await expect(h.crash(17)).rejects.toThrow(/already down/);
    await h.restart(30);
    expect(h.state.events).toEqual(['restart@30']);

    const keeping = harness({ ...probe, onCrash: (state) => ({ state, keepTimers: true }) }, null, {
      self: 'probe',
      node: 'n1',
    });
    await keeping.deliver('x', 'set', 10);
    await keeping.deliver('x', 'cancel', 12);
    expect(keeping.timer('b')).toBeUndefined();
    await keeping.crash(20); // at one instant, the crash comes before the timers due then
    await keeping.advanceTo(25);
    expect(keeping.timers.map(({ name, atMs }) => ({ name, atMs }))).toEqual([{ name: 'a', atMs: 20 }]);
    await keeping.restart(30);
    expect(keeping.state.events).toEqual([
      'start@10',
      'msg set@10#0',
      'timer now@10',
      'msg cancel@12#1',
      'restart@30',
      'timer a@30',
    ]);
  });
});
