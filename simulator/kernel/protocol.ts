/**
 * The protocol between a component's kernel (workflow code) and the world's scheduler
 * (activity code). Plain data types only: this file is imported by both sides.
 *
 * One step of a component: `due` (wait for the baton, receive the messages due now) →
 * handlers run, calling the world synchronously with `call` → `commit` (sends, records,
 * the next local timer) → ring the doorbells the scheduler returned.
 */
import type { HistoryDraft } from '../scenario/history.js';
import type { WorldCall } from './calls.js';

export type ComponentId = string;

/** A message between components, as the scheduler delivers it. */
export interface Envelope<Body = unknown> {
  readonly from: ComponentId;
  readonly to: ComponentId;
  readonly sentAtMs: number;
  readonly deliverAtMs: number;
  /** Global send order; ties at one instant are delivered in this order. */
  readonly seq: number;
  readonly body: Body;
}

/** Events the world itself injects into a component (its host crashing and restarting). */
export type SystemEvent =
  | { readonly kind: 'crash'; readonly atMs: number; readonly faultId: string }
  | { readonly kind: 'restart'; readonly atMs: number; readonly faultId: string };

export interface DueRequest {
  readonly componentId: ComponentId;
  /**
   * Step counter of the component: with the component, the idempotency key of the request. A repeated request (a
   * workflow task run again after a crashed worker or a timeout) gets the same answer.
   */
  readonly step: number;
}

export type DueResponse =
  | {
      readonly kind: 'granted';
      readonly nowMs: number;
      readonly system: readonly SystemEvent[];
      readonly messages: readonly Envelope[];
      /** How far the node's clock is off at this instant (clock-skew faults). */
      readonly clockSkewMs: number;
    }
  /** Not this component's turn: sleep until a doorbell. */
  | { readonly kind: 'parked' }
  /** The run is over: the component's workflow returns. */
  | { readonly kind: 'stop' };

export interface OutgoingMessage {
  readonly to: ComponentId;
  readonly body: unknown;
}

export interface SpawnRequest {
  readonly componentId: ComponentId;
  readonly workflowType: string;
  readonly node: string;
  readonly input: unknown;
  readonly durable?: { readonly failoverMs: number };
}

export interface CommitRequest {
  readonly componentId: ComponentId;
  readonly step: number;
  readonly nowMs: number;
  readonly sends: readonly OutgoingMessage[];
  readonly records: readonly HistoryDraft[];
  /** The component's earliest local timer, or null when it has none. */
  readonly localNextMs: number | null;
  readonly spawns: readonly SpawnRequest[];
  /**
   * With spawns: the run-wide part of their start arguments. The commit activity starts the
   * spawned workflows itself, with a client, rather than the kernel as children: the Java test
   * server leaks a time-skipping lock when a child ends after its parent continued-as-new, and
   * the clock then never skips again (see docs/temporal-test-server.md).
   */
  readonly spawnOrigin?: Pick<ComponentStart, 'runId' | 'epochMs' | 'timeScale' | 'continueAsNewAfterEvents'>;
  /** The component has stopped for good (its workflow returns); when the driver stops, the run is over. */
  readonly finished: boolean;
  /** Temporal history events of this component so far, across continue-as-new (a cost measure). */
  readonly historyEvents: number;
  /** Largest state the component has carried to a continued run so far (JSON characters; 0: none yet). */
  readonly largestCarryBytes: number;
  /**
   * The steps before this one are in Temporal's history for good (the first step of the component's current workflow
   * run), so no replay can repeat them and the scheduler forgets its answers to them. Absent: the steps before this
   * commit's (a runtime without replays).
   */
  readonly durableBefore?: number;
  /** History events of the component's current workflow run: what a new worker replays to resume it. */
  readonly runHistoryEvents?: number;
}

export interface Doorbell {
  readonly workflowId: string;
  readonly atMs: number;
}

export interface CommitResponse {
  /** When this component must next call `due` (null: only when a doorbell rings). */
  readonly wakeAtMs: number | null;
  /** Workflows the committing kernel must signal so that they wake in time. */
  readonly doorbells: readonly Doorbell[];
  /**
   * Workflow ids for the spawned components, in request order; `existing` ones were already started (the commit
   * activity starts the others).
   */
  readonly spawned: readonly {
    readonly componentId: ComponentId;
    readonly workflowId: string;
    readonly existing: boolean;
  }[];
}

export interface CallRequest {
  readonly componentId: ComponentId;
  readonly step: number;
  /** Index of the call within the step, for idempotency. */
  readonly index: number;
  readonly nowMs: number;
  readonly call: WorldCall;
}

/** What a component workflow is started with. */
export interface ComponentStart<Input = unknown> {
  readonly runId: string;
  readonly componentId: ComponentId;
  readonly node: string;
  /** Server time (ms since epoch) of simulated time 0. */
  readonly epochMs: number;
  /** Server milliseconds per simulated millisecond. */
  readonly timeScale: number;
  /** The component's first event is at this simulated time. */
  readonly startAtMs: number;
  readonly input: Input;
  /**
   * Continue-as-new once the history passes this many events (default 4,000; tests set it low to exercise
   * continue-as-new).
   */
  readonly continueAsNewAfterEvents?: number;
}

/** The signal that wakes a sleeping component earlier than planned. */
export const DOORBELL_SIGNAL = 'faultline.doorbell';
