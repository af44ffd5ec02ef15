/**
 * Heartbeat-based failure detection, computed analytically. A node's agent sends a heartbeat
 * every `periodMs` (with a per-node phase) while it is up (not crashed, not paused); each one
 * reaches the observer after a sampled latency unless the link is cut. The detector suspects
 * the node once nothing has arrived for `timeoutMs`, and trusts it again at the next arrival.
 *
 * Heartbeats carry nothing, so simulating each as a message would cost a workflow task per node
 * per period and change no outcome. Instead, when a strategy watches a node, the world walks the
 * heartbeat sequence against the fault timeline and posts the observer a `detector` message at
 * the instant the verdict next flips; when one is delivered it computes the next. A crash
 * triggered during the run re-plans the watches on that node. The verdict times are exactly
 * those a stream of real heartbeat messages would give; heartbeats are counted in message cost.
 */
import type { DetectorVerdict } from '../kernel/calls.js';
import type { ComponentId } from '../kernel/protocol.js';

export interface HeartbeatLinks {
  /** Simulated end of the run; nothing is predicted past it. */
  readonly endMs: number;
  /** Whether `node` is up (able to send) at `atMs`. */
  isUp(node: string, atMs: number): boolean;
  /** Whether a message sent from `from` to `to` at `atMs` can get through. */
  reachable(from: string, to: string, atMs: number): boolean;
  /** Latency of heartbeat number `sequence` from `from` to `to`. */
  heartbeatLatencyMs(from: string, to: string, sequence: number, atMs: number): number;
  /** Offset of `node`'s heartbeat schedule within one period, in [0, periodMs). */
  heartbeatPhaseMs(node: string, periodMs: number): number;
}

export interface DetectorQuery {
  readonly observer: string;
  readonly node: string;
  /** Now: the verdict is being re-planned at this instant. */
  readonly fromMs: number;
  /** The detector last (re)started trusting the node at this instant (counts as a heartbeat). */
  readonly sinceMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly trusted: boolean;
}

export interface Transition {
  /** When the verdict flips, or null if not before the run ends. */
  readonly atMs: number | null;
  readonly verdict: 'suspect' | 'trust';
  /** Heartbeats that arrive between now and the flip. */
  readonly heartbeats: number;
}

/** Arrival times of `node`'s heartbeats at `observer`, in send order, from those sent at `fromMs` on. */
function* arrivals(links: HeartbeatLinks, query: DetectorQuery, fromMs: number): Generator<number> {
  if (![fromMs, query.periodMs, links.endMs].every(Number.isFinite) || query.periodMs <= 0)
    throw new Error(`detector: bad query ${JSON.stringify(query)}`);
  const phaseMs = links.heartbeatPhaseMs(query.node, query.periodMs);
  let sequence = Math.max(0, Math.ceil((fromMs - phaseMs) / query.periodMs));
  for (;;) {
    const sentMs = phaseMs + sequence * query.periodMs;
    if (sentMs > links.endMs) return;
    if (links.isUp(query.node, sentMs) && links.reachable(query.node, query.observer, sentMs)) {
      yield sentMs + links.heartbeatLatencyMs(query.node, query.observer, sequence, sentMs);
    }
    sequence++;
  }
}

export function nextDetectorTransition(links: HeartbeatLinks, query: DetectorQuery): Transition {
  if (!query.trusted) {
    for (const arrivalMs of arrivals(links, query, query.fromMs - query.timeoutMs)) {
      if (arrivalMs > query.fromMs)
        return { atMs: arrivalMs <= links.endMs ? arrivalMs : null, verdict: 'trust', heartbeats: 1 };
    }
    return { atMs: null, verdict: 'trust', heartbeats: 0 };
  }
  let lastArrivalMs = query.sinceMs;
  let heartbeats = 0;
  for (const arrivalMs of arrivals(links, query, query.sinceMs - query.timeoutMs)) {
    if (arrivalMs <= lastArrivalMs) continue;
    if (arrivalMs - lastArrivalMs > query.timeoutMs) break;
    lastArrivalMs = arrivalMs;
    if (arrivalMs > query.fromMs) heartbeats++;
  }
  const suspectAtMs = Math.max(query.fromMs, lastArrivalMs + query.timeoutMs);
  return { atMs: suspectAtMs <= links.endMs ? suspectAtMs : null, verdict: 'suspect', heartbeats };
}

interface Watch {
  readonly observer: ComponentId;
  readonly observerNode: string;
  readonly node: string;
  readonly periodMs: number;
  readonly timeoutMs: number;
  trusted: boolean;
  sinceMs: number;
  /** The current plan: heartbeats were counted up to `plannedUntilMs`. */
  plannedFromMs: number;
  plannedUntilMs: number;
}

/** Posts a message from the world to a component; a later post with the same key replaces it. */
export type Post = (
  to: ComponentId,
  body: unknown,
  deliverAtMs: number,
  replaceKey: string,
  onDelivered?: () => void,
) => void;

/** The watches strategies set up, and the verdict messages they are owed. */
export class Detector {
  private readonly watches = new Map<string, Watch>();
  heartbeats = 0;

  constructor(
    private readonly links: HeartbeatLinks,
    private readonly post: Post,
  ) {}

  watch(
    observer: ComponentId,
    observerNode: string,
    node: string,
    periodMs: number,
    timeoutMs: number,
    nowMs: number,
  ): void {
    const previous = this.watches.get(`${observer}|${node}`);
    if (previous) this.uncount(previous, nowMs);
    const watch: Watch = {
      observer,
      observerNode,
      node,
      periodMs,
      timeoutMs,
      trusted: true,
      sinceMs: nowMs,
      plannedFromMs: nowMs,
      plannedUntilMs: nowMs,
    };
    this.watches.set(`${observer}|${node}`, watch);
    this.plan(watch, nowMs);
  }

  unwatch(observer: ComponentId, node: string, nowMs: number): void {
    const watch = this.watches.get(`${observer}|${node}`);
    if (!watch) return;
    this.uncount(watch, nowMs);
    this.watches.delete(`${observer}|${node}`);
    this.post(observer, null, Number.POSITIVE_INFINITY, `detector:${node}`);
  }

  /** The fault timeline changed around `node` at `nowMs` (a triggered crash): re-plan its watches. */
  replan(node: string, nowMs: number): void {
    for (const watch of this.watches.values()) {
      if (watch.node !== node) continue;
      this.uncount(watch, nowMs);
      this.plan(watch, nowMs);
    }
  }

  /** A plan is dropped at `nowMs`: the heartbeats it counted after `nowMs` will not arrive under it. */
  private uncount(watch: Watch, nowMs: number): void {
    if (watch.plannedUntilMs <= nowMs) return;
    let counted = 0;
    for (const arrivalMs of arrivals(
      this.links,
      {
        observer: watch.observerNode,
        node: watch.node,
        fromMs: nowMs,
        sinceMs: watch.sinceMs,
        periodMs: watch.periodMs,
        timeoutMs: watch.timeoutMs,
        trusted: watch.trusted,
      },
      nowMs - watch.timeoutMs,
    )) {
      if (arrivalMs > watch.plannedUntilMs) break;
      if (arrivalMs > nowMs && arrivalMs > watch.plannedFromMs) counted++;
    }
    this.heartbeats -= counted;
  }

  private plan(watch: Watch, nowMs: number): void {
    const next = nextDetectorTransition(this.links, {
      observer: watch.observerNode,
      node: watch.node,
      fromMs: nowMs,
      sinceMs: watch.sinceMs,
      periodMs: watch.periodMs,
      timeoutMs: watch.timeoutMs,
      trusted: watch.trusted,
    });
    this.heartbeats += next.heartbeats;
    watch.plannedFromMs = nowMs;
    watch.plannedUntilMs = next.atMs ?? this.links.endMs;
    const key = `detector:${watch.node}`;
    if (next.atMs === null) {
      this.post(watch.observer, null, Number.POSITIVE_INFINITY, key);
      return;
    }
    const atMs = next.atMs;
    const verdict: DetectorVerdict = { type: 'detector', node: watch.node, verdict: next.verdict };
    this.post(watch.observer, verdict, atMs, key, () => {
      watch.trusted = next.verdict === 'trust';
      if (watch.trusted) watch.sinceMs = atMs;
      if (this.watches.get(`${watch.observer}|${watch.node}`) === watch) this.plan(watch, atMs);
    });
  }
}
