/**
 * The simulated network between nodes. Each message's fate — lost, refused, delayed, duplicated,
 * held back — is decided when it is sent, from the fault state at that instant and from random
 * streams keyed by the message's identity (sender, sequence), so it depends on nothing else.
 *
 * A message to a node that is down at send time is *refused* (the sender gets a bounce, as a
 * refused TCP connection would tell it); a message across a partition, or lost, vanishes.
 */
import type { ResolvedConfig } from '../scenario/config.js';
import type { NodeSpec } from '../scenario/model.js';
import { type RandomStream, stream } from '../base/random.js';
import type { DurationDistribution } from '../scenario/fields.js';
import { sampleDurationMs } from '../scenario/distributions.js';
import type { FaultTimeline } from './timeline.js';

/** No message arrives in the same simulated millisecond it was sent. */
export const MIN_LATENCY_MS = 1;

export type Fate =
  | { readonly kind: 'delivered'; readonly arrivalsMs: readonly number[] }
  | { readonly kind: 'lost'; readonly reason: 'partition' | 'loss' }
  | { readonly kind: 'refused'; readonly bounceAtMs: number };

export class Network {
  private readonly nodes: ReadonlyMap<string, NodeSpec>;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly timeline: FaultTimeline,
  ) {
    this.nodes = new Map(config.nodes.map((node) => [node.id, node]));
  }

  zoneOf(node: string): string {
    const spec = this.nodes.get(node);
    if (!spec) throw new Error(`network: unknown node ${node}`);
    return spec.zone;
  }

  private baseLatency(fromZone: string, toZone: string): DurationDistribution {
    const link = this.config.network.links.find(
      (candidate) =>
        candidate.zones.includes(fromZone) &&
        candidate.zones.includes(toZone) &&
        (fromZone !== toZone || candidate.zones[0] === candidate.zones[1]),
    );
    if (link) return link.latency;
    return fromZone === toZone ? this.config.network.sameZoneLatency : this.config.network.crossZoneLatency;
  }

  /** One-way latency of a message sent at `atMs`, drawn from `random`, with any delay window added. */
  latencyMs(from: string, to: string, atMs: number, random: RandomStream): number {
    const fromZone = this.zoneOf(from);
    const toZone = this.zoneOf(to);
    let latencyMs = sampleDurationMs(this.baseLatency(fromZone, toZone), random, MIN_LATENCY_MS);
    for (const window of this.timeline.networkWindows(fromZone, toZone, atMs)) {
      if (window.delay) latencyMs += sampleDurationMs(window.delay, random);
    }
    return latencyMs;
  }

  reachable(from: string, to: string, atMs: number): boolean {
    return this.timeline.reachable(from, to, atMs);
  }

  /**
   * The fate of one message sent at `sentAtMs`, identified by `key`. `durableReceiver`: the
   * receiver is a Temporal-durable component, reached through Temporal, so its host being down
   * does not refuse the message.
   */
  send(from: string, to: string, sentAtMs: number, key: readonly (string | number)[], durableReceiver = false): Fate {
    const random = stream(this.config.seed, 'net', ...key);
    if (!this.reachable(from, to, sentAtMs)) return { kind: 'lost', reason: 'partition' };
    const latencyMs = this.latencyMs(from, to, sentAtMs, random);
    if (!durableReceiver && this.timeline.isDown(to, sentAtMs))
      return { kind: 'refused', bounceAtMs: sentAtMs + 2 * latencyMs };
    const windows = this.timeline.networkWindows(this.zoneOf(from), this.zoneOf(to), sentAtMs);
    const worst = (pick: (probabilities: { loss: number; duplicate: number; reorder: number }) => number) =>
      Math.max(pick(this.config.network), ...windows.map(pick));
    if (random.chance(worst((p) => p.loss))) return { kind: 'lost', reason: 'loss' };
    let arrivalMs = sentAtMs + latencyMs;
    // Held back long enough to be overtaken by messages sent after it.
    if (random.chance(worst((p) => p.reorder)))
      arrivalMs += Math.round(random.float() * 10 * latencyMs) + MIN_LATENCY_MS;
    const arrivalsMs = [arrivalMs];
    if (random.chance(worst((p) => p.duplicate)))
      arrivalsMs.push(sentAtMs + this.latencyMs(from, to, sentAtMs, random) + MIN_LATENCY_MS);
    return { kind: 'delivered', arrivalsMs };
  }
}
