/**
 * The pure core of the `hybrid` scheduler: offers from nodes, placement requests from job
 * orchestrators, and the match between them (Mesos-style two-level scheduling, with the
 * scheduler choosing). No Temporal, no I/O.
 */
import type { Priority, TaskKind } from '../../simulator/scenario/model.js';

export interface Offer {
  readonly node: string;
  readonly capabilities: readonly TaskKind[];
  /** Free slots as last advertised (minus what was placed since). */
  free: number;
  online: boolean;
}

export interface PlacementRequest {
  readonly job: string;
  readonly task: string;
  readonly kind: TaskKind;
  readonly priority: Priority;
  readonly attempt: number;
  /** Component id of the job's orchestrator, which asked. */
  readonly orchestrator: string;
}

export interface Placement {
  readonly request: PlacementRequest;
  readonly node: string;
}

export interface MatchingState {
  offers: Record<string, Offer>;
  pending: PlacementRequest[];
  /** Node order: the tie-break. */
  readonly nodeOrder: readonly string[];
}

export function newMatchingState(nodeOrder: readonly string[]): MatchingState {
  return { offers: {}, pending: [], nodeOrder };
}

/**
 * Queues a placement request. A request for a task already waiting replaces it where it stands:
 * an orchestrator re-sends its request while it waits (its place timeout), and a re-sent request
 * must not lose its place in line — the queue is first come, first served.
 */
export function requestPlacement(state: MatchingState, request: PlacementRequest): void {
  const waiting = state.pending.findIndex((pending) => pending.job === request.job && pending.task === request.task);
  if (waiting >= 0) state.pending[waiting] = request;
  else state.pending.push(request);
}

export function recordOffer(state: MatchingState, node: string, capabilities: readonly TaskKind[], free: number): void {
  state.offers[node] = { node, capabilities, free, online: true };
}

export function setOnline(state: MatchingState, node: string, online: boolean): void {
  const offer = state.offers[node];
  if (offer) offer.online = online;
}

/**
 * Matches pending requests (URGENT first, then in arrival order) to online offers with a free
 * slot and the capability, preferring the offer with most free slots (ties: node order).
 * Removes what it places from `pending` and the slots from the offers.
 */
export function match(state: MatchingState): Placement[] {
  const placements: Placement[] = [];
  const ordered = [...state.pending].sort(
    (left, right) => Number(left.priority !== 'URGENT') - Number(right.priority !== 'URGENT'),
  );
  const placed = new Set<PlacementRequest>();
  for (const request of ordered) {
    let best: Offer | undefined;
    for (const node of state.nodeOrder) {
      const offer = state.offers[node];
      if (!offer || !offer.online || offer.free <= 0 || !offer.capabilities.includes(request.kind)) continue;
      if (!best || offer.free > best.free) best = offer;
    }
    if (!best) continue;
    best.free -= 1;
    placed.add(request);
    placements.push({ request, node: best.node });
  }
  state.pending = state.pending.filter((request) => !placed.has(request));
  return placements;
}
