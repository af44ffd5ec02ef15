/** Messages between the `hybrid` components: API, job orchestrators, the scheduler and node agents. */
import type { JobSpec, TaskKind } from '../../simulator/scenario/model.js';
import type { Outcome } from '../stateful/core.js';
import type { PlacementRequest } from './matching.js';

/** Orchestrator → scheduler: place this attempt of a task. */
export interface PlaceMessage extends PlacementRequest {
  readonly type: 'place';
  readonly spec: JobSpec;
}

/** Scheduler → orchestrator: placed on `node`, under lease token `token`. */
export interface PlacedMessage {
  readonly type: 'placed';
  readonly task: string;
  readonly attempt: number;
  readonly node: string;
  readonly token: number;
}

/** Scheduler → orchestrator: the node running this attempt is gone; place the task again. */
export interface LostMessage {
  readonly type: 'lost';
  readonly task: string;
  readonly attempt: number;
  readonly node: string;
}

/** Scheduler → agent: run this attempt, fenced by `token`. */
export interface LaunchMessage {
  readonly type: 'launch';
  readonly job: JobSpec;
  readonly task: string;
  readonly attempt: number;
  readonly token: number;
  readonly orchestrator: string;
}

/** Agent → orchestrator: the attempt has started (else the orchestrator places it again). */
export interface LaunchedMessage {
  readonly type: 'launched';
  readonly task: string;
  readonly attempt: number;
  readonly token: number;
}

/** Agent → orchestrator: the attempt ended (re-sent until acknowledged). */
export interface FinishedMessage {
  readonly type: 'finished';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly token: number;
  readonly outcome: Outcome;
  readonly reason?: string;
}

/** Orchestrator → agent. */
export interface FinishedAckMessage {
  readonly type: 'finished-ack';
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
}

/** Agent → scheduler: what this node offers now. */
export interface OfferMessage {
  readonly type: 'offer';
  readonly node: string;
  readonly capabilities: readonly TaskKind[];
  readonly free: number;
}

/** Scheduler → agents, after the scheduler restarted: offer again. */
export interface OffersPleaseMessage {
  readonly type: 'offers-please';
}
