/**
 * The simulated network between nodes: a one-way latency per message drawn from the scenario's
 * distributions (same zone or across zones), keyed by the message's stable identity.
 */
import type { ResolvedConfig } from '../config.js';
import type { NodeSpec } from '../model.js';
import { stream } from '../random.js';
import { sampleDurationMs } from './distributions.js';

/** No message arrives in the same simulated millisecond it was sent. */
export const MIN_LATENCY_MS = 1;

export type Delivery = { readonly delivered: true; readonly deliverAtMs: number } | { readonly delivered: false; readonly reason: string };

export class Network {
  private readonly nodes: ReadonlyMap<string, NodeSpec>;

  constructor(private readonly config: ResolvedConfig) {
    this.nodes = new Map(config.nodes.map((node) => [node.id, node]));
  }

  zoneOf(node: string): string {
    const spec = this.nodes.get(node);
    if (!spec) throw new Error(`network: unknown node ${node}`);
    return spec.zone;
  }

  /** Latency of one message, drawn from the stream `key`. */
  latencyMs(from: string, to: string, key: readonly (string | number)[]): number {
    const distribution = this.zoneOf(from) === this.zoneOf(to) ? this.config.network.sameZoneLatency : this.config.network.crossZoneLatency;
    return sampleDurationMs(distribution, stream(this.config.seed, 'latency', ...key), MIN_LATENCY_MS);
  }

  /** Whether a message from `from` to `to` sent at `atMs` gets through (partitions arrive with issue 3). */
  reachable(from: string, to: string, atMs: number): boolean {
    void from;
    void to;
    void atMs;
    return true;
  }

  /** The fate of one message sent at `sentAtMs`, identified by `key`. */
  send(from: string, to: string, sentAtMs: number, key: readonly (string | number)[]): Delivery {
    if (!this.reachable(from, to, sentAtMs)) return { delivered: false, reason: 'unreachable' };
    return { delivered: true, deliverAtMs: sentAtMs + this.latencyMs(from, to, key) };
  }
}
