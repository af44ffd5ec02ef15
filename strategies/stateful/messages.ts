/** Messages between the `stateful` coordinator and its node agents. */
import type { JobSpec } from '../../simulator/model.js';

/** Coordinator → agent: run this attempt of a task. */
export interface AssignMessage {
  readonly type: 'assign';
  readonly job: JobSpec;
  readonly task: string;
  readonly attempt: number;
}

/** Agent → coordinator: an attempt finished. */
export interface DoneMessage {
  readonly type: 'done';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
}

/** Agent → coordinator: the node restarted with empty memory. */
export interface HelloMessage {
  readonly type: 'hello';
  readonly node: string;
}

export type AgentMessage = DoneMessage | HelloMessage;
