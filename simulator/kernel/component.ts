/**
 * The component contract. A component is one process of a simulated system — a coordinator, a
 * node agent, a client — written as event handlers over plain, JSON-serialisable state. The
 * kernel (`run-component.ts`) runs it inside a Temporal workflow: it sleeps on workflow timers,
 * hands the handlers their events in the scheduler's order, and commits what they did.
 *
 * Handlers must be deterministic (they run in the workflow sandbox and are replayed): no I/O,
 * no wall clock, no unseeded randomness. They reach the data plane only through `ctx.world`.
 */
import type { HistoryDraft } from '../scenario/history.js';
import type { WorldCall, WorldCallResults } from './calls.js';
import type { ComponentId, Envelope } from './protocol.js';

/** A local timer: fires once at `atMs`. Names are unique per component; setting one replaces it. */
export interface Timer<Data = unknown> {
  readonly name: string;
  readonly atMs: number;
  readonly data?: Data;
  /** Creation order, which breaks ties between timers due at the same instant. */
  readonly seq: number;
}

export interface ComponentContext {
  /** The simulated time of the event being handled: true time, as the world knows it. */
  readonly nowMs: number;
  /**
   * What the node's own clock reads now: `nowMs` plus any clock-skew fault on the node. Use it for anything a real
   * process would time with its own clock (lease expiry).
   */
  readonly localClockMs: number;
  readonly self: ComponentId;
  readonly node: string;
  /** Sends a message through the simulated network; it arrives later, or not at all. */
  send(to: ComponentId, body: unknown): void;
  /** Appends to the run's history (the world stamps time and process); `f` decides the rest (`HistoryValues`). */
  record(draft: HistoryDraft): void;
  /** Sets (or replaces) the timer `name` to fire at `atMs` (not before now). */
  setTimer(name: string, atMs: number, data?: unknown): void;
  cancelTimer(name: string): void;
  hasTimer(name: string): boolean;
  /**
   * Calls the world synchronously, at `nowMs`. If the call crashes this component's node (a
   * crash trigger), the handler is cut short there: what it sent before stands, nothing after.
   */
  world<C extends WorldCall>(call: C): Promise<WorldCallResults[C['op']]>;
  /** A named step boundary where a scenario may crash this node (`crash` with `when: { on: point }`). */
  crashPoint(name: string): Promise<void>;
  /**
   * Starts a new component (a child workflow) on `node`; it begins 1 ms later. A component id
   * already in use is not started again. `durable`: its state lives in Temporal (see
   * ComponentPlacement.durable).
   */
  spawn(
    componentId: ComponentId,
    workflowType: string,
    node: string,
    input: unknown,
    options?: { readonly durable?: { readonly failoverMs: number } },
  ): void;
  /** This component stops for good after the current step. */
  stop(): void;
}

export interface CrashOutcome<State> {
  /** What is left after the crash: durable state, or a fresh start. */
  readonly state: State;
  /** Whether pending timers survive (durable workflow timers do; a process's in-memory timers do not). */
  readonly keepTimers: boolean;
}

export interface ComponentDefinition<State, Input> {
  /** The state of a freshly started (or restarted from nothing) process. */
  init(input: Input, self: { readonly componentId: ComponentId; readonly node: string }): State;
  /** Runs once, at the component's first event. */
  onStart?(state: State, ctx: ComponentContext, input: Input): Promise<void> | void;
  onMessage(state: State, message: Envelope, ctx: ComponentContext, input: Input): Promise<void> | void;
  onTimer?(state: State, timer: Timer, ctx: ComponentContext, input: Input): Promise<void> | void;
  /**
   * The host node crashed. Return what survives. Default: nothing — the state is re-initialised
   * and every timer is lost, as for a process that kept its state in memory.
   */
  onCrash?(state: State, input: Input): CrashOutcome<State>;
  /** The host node is back; runs after `onCrash`'s state is in place. */
  onRestart?(state: State, ctx: ComponentContext, input: Input): Promise<void> | void;
}

/**
 * A component definition of any state and input, as registries hold them (state and input are
 * each component's own business; the runtimes pass them through untouched).
 */
// A heterogeneous registry: each entry's own types are checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type AnyComponentDefinition = ComponentDefinition<any, any>;
