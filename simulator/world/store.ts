/**
 * The replicated state store: a versioned key-value store with replicas in zones, read and
 * written at a chosen consistency (one, quorum, all), with compare-and-set and leases that hand
 * out fencing tokens.
 *
 * A write reaches the replicas the caller can reach at once and the others later: after the
 * replication lag, once they are up and reachable from a replica that has it. A read returns
 * what its replica has at that instant — so a read at `one` can be stale. A quorum write that
 * reaches too few replicas fails, but what it did reach stays written (as in Dynamo-style
 * stores): the caller must treat the outcome as unknown.
 */
import type { ResolvedConfig } from '../scenario/config.js';
import { stream } from '../base/random.js';
import { sampleDurationMs } from '../scenario/distributions.js';
import type { Network } from './network.js';
import type { FaultTimeline } from './timeline.js';

export type Consistency = 'one' | 'quorum' | 'all';

interface Version {
  readonly version: number;
  readonly value: unknown;
  readonly writtenAtMs: number;
  readonly writer: string;
  /** When each replica has this version (absent: never, within the run). */
  readonly arrivalMs: ReadonlyMap<string, number>;
}

interface Lease {
  holder: string;
  token: number;
  expiresAtMs: number;
}

export type StoreRead =
  | { readonly ok: true; readonly value: unknown; readonly version: number; readonly replica: string }
  | { readonly ok: false; readonly reason: string };
export type StoreWrite =
  | { readonly ok: true; readonly version: number }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly current?: { readonly value: unknown; readonly version: number };
    };
export type LeaseResult =
  | { readonly ok: true; readonly token: number; readonly expiresAtMs: number }
  | { readonly ok: false; readonly reason: string; readonly holder?: string; readonly expiresAtMs?: number };

export interface StoreFence {
  readonly resource: string;
  readonly token: number;
}

export class Store {
  private readonly replicas: ResolvedConfig['store']['replicas'];
  private readonly versions = new Map<string, Version[]>();
  private readonly leases = new Map<string, Lease>();
  private writes = 0;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly timeline: FaultTimeline,
    private readonly network: Network,
  ) {
    this.replicas = config.store.replicas;
  }

  private get majority(): number {
    return Math.floor(this.replicas.length / 2) + 1;
  }

  private needed(consistency: Consistency): number {
    return consistency === 'one' ? 1 : consistency === 'quorum' ? this.majority : this.replicas.length;
  }

  /** Replicas a caller on `node` can talk to (both ways) at `atMs`, nearest first. */
  private reachableReplicas(node: string, atMs: number): ResolvedConfig['store']['replicas'] {
    const zone = this.network.zoneOf(node);
    return this.replicas
      .filter(
        (replica) =>
          !this.timeline.isDown(replica.node, atMs) && this.timeline.pausedUntil(replica.node, atMs) === undefined,
      )
      .filter(
        (replica) =>
          this.timeline.reachable(node, replica.node, atMs) && this.timeline.reachable(replica.node, node, atMs),
      )
      .sort(
        (left, right) => Number(left.zone !== zone) - Number(right.zone !== zone) || left.id.localeCompare(right.id),
      );
  }

  private valueAt(key: string, replica: string, atMs: number): Version | undefined {
    const history = this.versions.get(key) ?? [];
    for (let index = history.length - 1; index >= 0; index--) {
      const version = history[index] as Version;
      const arrival = version.arrivalMs.get(replica);
      if (arrival !== undefined && arrival <= atMs) return version;
    }
    return undefined;
  }

  read(key: string, consistency: Consistency, node: string, atMs: number): StoreRead {
    const reachable = this.reachableReplicas(node, atMs);
    const needed = consistency === 'all' ? this.replicas.length : consistency === 'quorum' ? this.majority : 1;
    if (reachable.length < needed)
      return {
        ok: false,
        reason: `store unavailable: ${reachable.length} of ${this.replicas.length} replicas reachable, ${needed} needed`,
      };
    let best: { version: Version | undefined; replica: string } | undefined;
    for (const replica of reachable.slice(0, needed)) {
      const version = this.valueAt(key, replica.id, atMs);
      if (!best || (version?.version ?? 0) > (best.version?.version ?? 0)) best = { version, replica: replica.id };
    }
    return {
      ok: true,
      value: best?.version?.value ?? null,
      version: best?.version?.version ?? 0,
      replica: best?.replica ?? '',
    };
  }

  write(
    key: string,
    value: unknown,
    consistency: Consistency,
    node: string,
    atMs: number,
    fence?: StoreFence,
  ): StoreWrite {
    if (fence && !this.fenceValid(fence))
      return { ok: false, reason: `stale fencing token ${fence.token} for ${fence.resource}` };
    const reachable = this.reachableReplicas(node, atMs);
    if (reachable.length === 0) return { ok: false, reason: 'store unavailable: no replica reachable' };
    const version = this.apply(key, value, node, atMs, reachable);
    const needed = this.needed(consistency);
    if (reachable.length < needed)
      return {
        ok: false,
        reason: `write reached ${reachable.length} of ${needed} replicas needed (it may still become visible)`,
      };
    return { ok: true, version };
  }

  /** Writes `value` if the key's latest version (read at quorum) is `expectedVersion`. */
  compareAndSet(
    key: string,
    expectedVersion: number,
    value: unknown,
    node: string,
    atMs: number,
    fence?: StoreFence,
  ): StoreWrite {
    if (fence && !this.fenceValid(fence))
      return { ok: false, reason: `stale fencing token ${fence.token} for ${fence.resource}` };
    const current = this.read(key, 'quorum', node, atMs);
    if (!current.ok) return current;
    if (current.version !== expectedVersion)
      return { ok: false, reason: 'version changed', current: { value: current.value, version: current.version } };
    return this.write(key, value, 'quorum', node, atMs);
  }

  /**
   * Takes or renews the lease on `resource` for `owner`, for `ttlMs`. Needs a quorum. A new
   * holder gets a higher fencing token than every holder before it; a renewal keeps its token.
   * Expiry is judged by true (simulated) time, not by any node's clock.
   */
  acquireLease(
    resource: string,
    owner: string,
    ttlMs: number,
    node: string,
    atMs: number,
    preempt = false,
  ): LeaseResult {
    const reachable = this.reachableReplicas(node, atMs);
    if (reachable.length < this.majority)
      return {
        ok: false,
        reason: `store unavailable: ${reachable.length} of ${this.replicas.length} replicas reachable`,
      };
    const lease = this.leases.get(resource);
    if (lease && lease.holder !== owner && lease.expiresAtMs > atMs && !preempt)
      return { ok: false, reason: 'held by another', holder: lease.holder, expiresAtMs: lease.expiresAtMs };
    const token =
      lease === undefined ? 1 : lease.holder === owner && lease.expiresAtMs > atMs ? lease.token : lease.token + 1;
    const expiresAtMs = atMs + ttlMs;
    this.leases.set(resource, { holder: owner, token, expiresAtMs });
    return { ok: true, token, expiresAtMs };
  }

  /** Keys starting with `prefix` that the nearest reachable replica holds at `atMs`. */
  keys(prefix: string, node: string, atMs: number): { ok: true; keys: string[] } | { ok: false; reason: string } {
    const [replica] = this.reachableReplicas(node, atMs);
    if (!replica) return { ok: false, reason: 'store unavailable: no replica reachable' };
    const keys = [...this.versions.keys()]
      .filter((key) => key.startsWith(prefix) && this.valueAt(key, replica.id, atMs) !== undefined)
      .sort();
    return { ok: true, keys };
  }

  releaseLease(resource: string, owner: string, token: number): void {
    const lease = this.leases.get(resource);
    if (lease && lease.holder === owner && lease.token === token) lease.expiresAtMs = 0;
  }

  /** The latest token handed out for `resource` (0 if none). */
  currentToken(resource: string): number {
    return this.leases.get(resource)?.token ?? 0;
  }

  private fenceValid(fence: StoreFence): boolean {
    return fence.token >= this.currentToken(fence.resource);
  }

  /**
   * Records a write: at once on the reached replicas; on each other replica after the replication
   * lag, at the first instant it is up (not down, not paused) and reachable from some replica
   * that has the write by then — or never, within the run.
   */
  private apply(
    key: string,
    value: unknown,
    writer: string,
    atMs: number,
    reached: ResolvedConfig['store']['replicas'],
  ): number {
    const history = this.versions.get(key) ?? [];
    const version = (history[history.length - 1]?.version ?? 0) + 1;
    const random = stream(this.config.seed, 'store', ++this.writes);
    const arrivalMs = new Map<string, number>();
    for (const replica of reached)
      arrivalMs.set(replica.id, atMs + this.network.latencyMs(writer, replica.node, atMs, random));
    const lagMs = new Map(
      this.replicas.map((replica) => [replica.id, sampleDurationMs(this.config.store.replicationLag, random)]),
    );
    const up = (node: string, t: number) => this.timeline.isUp(node, t);
    // Replicas that catch up can pass the write on: repeat until nothing changes.
    for (let changed = true; changed;) {
      changed = false;
      for (const replica of this.replicas) {
        const known = arrivalMs.get(replica.id);
        const fromMs = atMs + (lagMs.get(replica.id) ?? 0);
        // The answer changes only when a fault starts or stops, or when a source gets the write.
        const candidates = [
          fromMs,
          ...this.timeline.changesAfter(fromMs),
          ...[...arrivalMs.values()].filter((t) => t > fromMs),
        ].sort((a, b) => a - b);
        const catchUp = candidates.find(
          (t) =>
            up(replica.node, t) &&
            this.replicas.some(
              (source) =>
                source !== replica &&
                (arrivalMs.get(source.id) ?? Number.POSITIVE_INFINITY) <= t &&
                up(source.node, t) &&
                this.timeline.reachable(source.node, replica.node, t),
            ),
        );
        if (catchUp !== undefined && (known === undefined || catchUp < known) && !reached.includes(replica)) {
          arrivalMs.set(replica.id, catchUp);
          changed = true;
        }
      }
    }
    history.push({ version, value, writtenAtMs: atMs, writer, arrivalMs });
    this.versions.set(key, history);
    return version;
  }

  /** What each replica holds at `atMs`, per key: for the checkers' end-of-run comparison. */
  snapshot(atMs: number): Record<string, Record<string, number>> {
    const result: Record<string, Record<string, number>> = {};
    for (const key of [...this.versions.keys()].sort()) {
      result[key] = Object.fromEntries(
        this.replicas.map((replica) => [replica.id, this.valueAt(key, replica.id, atMs)?.version ?? 0]),
      );
    }
    return result;
  }
}
