/**
 * Heartbeat-based failure detection, computed analytically. A node's agent sends a heartbeat
 * every `periodMs` (with a per-node phase) while it is up; each one reaches the observer after
 * a sampled network latency unless the link is cut. The detector suspects the node when nothing
 * has arrived for `timeoutMs`, and trusts it again at the next arrival.
 *
 * Heartbeats carry nothing, so simulating each as a Temporal signal would cost thousands of
 * workflow tasks per node-day and change no outcome. Instead the world walks the heartbeat
 * sequence against the fault timeline and returns the instant the verdict next flips; the
 * strategy sets one workflow timer for it. The walk visits the same heartbeats, with the same
 * latencies, that individual messages would have had, so the verdict times are exact.
 */
import type { DetectorNextResult } from './calls.js';

export interface HeartbeatLinks {
  /** Simulated end of the run; nothing is predicted past it. */
  readonly endMs: number;
  /** Whether `node` is up (able to send) at `atMs`. */
  isUp(node: string, atMs: number): boolean;
  /** Whether a message sent from `from` to `to` at `atMs` can get through. */
  reachable(from: string, to: string, atMs: number): boolean;
  /** Latency of heartbeat number `sequence` from `from` to `to`. */
  heartbeatLatencyMs(from: string, to: string, sequence: number): number;
  /** Offset of `node`'s heartbeat schedule within one period, in [0, periodMs). */
  heartbeatPhaseMs(node: string, periodMs: number): number;
}

export interface DetectorQuery {
  readonly observer: string;
  readonly node: string;
  readonly fromMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly trusted: boolean;
}

/** Arrival times of `node`'s heartbeats at `observer`, in send order, from the first sent at or after `fromMs`. */
function* arrivals(links: HeartbeatLinks, query: DetectorQuery): Generator<number> {
  const phaseMs = links.heartbeatPhaseMs(query.node, query.periodMs);
  let sequence = Math.max(0, Math.ceil((query.fromMs - phaseMs) / query.periodMs));
  for (;;) {
    const sentMs = phaseMs + sequence * query.periodMs;
    if (sentMs > links.endMs) return;
    if (links.isUp(query.node, sentMs) && links.reachable(query.node, query.observer, sentMs)) {
      yield sentMs + links.heartbeatLatencyMs(query.node, query.observer, sequence);
    }
    sequence++;
  }
}

export function nextDetectorTransition(links: HeartbeatLinks, query: DetectorQuery): DetectorNextResult {
  let heartbeats = 0;
  if (!query.trusted) {
    for (const arrivalMs of arrivals(links, query)) {
      if (arrivalMs > query.fromMs) return { atMs: arrivalMs <= links.endMs ? arrivalMs : null, verdict: 'trust', heartbeats: 1 };
    }
    return { atMs: null, verdict: 'trust', heartbeats: 0 };
  }
  // Trusted as of fromMs (the caller just heard from the node, or just started watching it).
  let lastArrivalMs = query.fromMs;
  for (const arrivalMs of arrivals(links, query)) {
    if (arrivalMs <= lastArrivalMs) continue;
    if (arrivalMs - lastArrivalMs > query.timeoutMs) break;
    lastArrivalMs = arrivalMs;
    heartbeats++;
  }
  const suspectAtMs = lastArrivalMs + query.timeoutMs;
  return { atMs: suspectAtMs <= links.endMs ? suspectAtMs : null, verdict: 'suspect', heartbeats };
}
