/** Messages between the `stateful` coordinator and its node agents. */
import type { JobSpec } from '../../simulator/scenario/model.js';
import type { Outcome } from './core.js';

/** Coordinator → agent: run this attempt of a task. Carries acknowledgements of earlier reports. */
export interface AssignMessage {
  readonly type: 'assign';
  readonly job: JobSpec;
  readonly task: string;
  readonly attempt: number;
  readonly acks: readonly string[];
}

/** Agent → coordinator: the attempt has started (else the coordinator re-dispatches it). */
export interface StartedMessage {
  readonly type: 'started';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
}

/** Agent → coordinator: an attempt ended; re-sent until acknowledged. */
export interface DoneMessage {
  readonly type: 'done';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly outcome: Outcome;
  readonly reason?: string;
}

/** Coordinator → agent: these reports (attempt keys) arrived. */
export interface DoneAckMessage {
  readonly type: 'done-ack';
  readonly acks: readonly string[];
}

/** Agent → coordinator: the node (re)started with empty memory at `bootMs`. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly node: string;
  readonly bootMs: number;
}

export type AgentMessage = StartedMessage | DoneMessage | HelloMessage;
export type CoordinatorMessage = AssignMessage | DoneAckMessage;
