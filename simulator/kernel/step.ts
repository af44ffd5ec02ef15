/**
 * What one step of a component means — the single statement of it, called by both runtimes
 * (`run-component.ts` inside a Temporal workflow, `runner/execute-direct.ts` in one process
 * loop) and by the unit-test harness. Pure: no Temporal, no I/O, no clock.
 *
 * A step is granted by the scheduler at one simulated instant `nowMs`, with the system events
 * (crash, restart) and messages due by then. The component's handlers run in a fixed order:
 * `onStart` once, before its first event; then every due event in time order — at one instant
 * system events, then local timers, then messages (ties by creation or send order); then every
 * timer that has fallen due by `nowMs`, including ones set while handling. Every handler sees
 * `ctx.nowMs` fixed at the step's instant. A world call that crashes the component's node cuts
 * the step short there: what was sent and recorded before stands, nothing after. What the
 * handlers did (sends, records, spawns, stop) is returned for the runtime to commit.
 */
import type { HistoryDraft } from '../scenario/history.js';
import type { CallOutcome, WorldCall, WorldCallResults } from './calls.js';
import type { ComponentContext, ComponentDefinition, Timer } from './component.js';
import type { ComponentId, DueResponse, OutgoingMessage, SpawnRequest, SystemEvent } from './protocol.js';
import { TimerSet } from './timers.js';

/** Everything a component keeps between steps: what it would carry across continue-as-new. */
export interface ComponentMemory<State> {
  state: State;
  readonly timers: TimerSet;
  timerSeq: number;
  started: boolean;
  down: boolean;
}

/** Who the component is: fixed for its whole life. */
export interface ComponentIdentity<Input> {
  readonly componentId: ComponentId;
  readonly node: string;
  readonly input: Input;
}

/** A granted step, as the scheduler hands it out. */
export type GrantedStep = Extract<DueResponse, { kind: 'granted' }>;

/** What one step's handlers did, committed at its end. */
export interface StepEffects {
  readonly sends: OutgoingMessage[];
  readonly records: HistoryDraft[];
  readonly spawns: SpawnRequest[];
  finished: boolean;
}

/** Answers a world call of the step (`index`: its position within the step, for idempotency). */
export type WorldCaller = (call: WorldCall, index: number) => Promise<CallOutcome>;

/** The result of a step. */
export interface StepOutcome {
  readonly effects: StepEffects;
  /** The component's earliest local timer after the step; null when it has none or is down. */
  readonly localNextMs: number | null;
}

/**
 * The most a component may carry to its next run (its state and timers, as JSON). Temporal's
 * server refuses a payload over 2 MiB by default; the Java test server takes up to its gRPC
 * limit of 4 MiB and then refuses the workflow task's completion without saying why, so the
 * task times out every 10 s for ever and the run stalls. Past this the component fails instead,
 * naming its size. Both runtimes enforce it (see `carryLimitError`).
 */
export const MAX_CARRY_BYTES = 2 * 1024 * 1024;

/** Thrown into a handler when a world call crashed its node: the rest of the step never happens. */
export class NodeCrashed extends Error {
  constructor() {
    super('the node crashed');
    this.name = 'NodeCrashed';
  }
}

/** A component's memory as plain JSON: what it carries across continue-as-new on Temporal. */
export interface CarriedMemory<State> {
  readonly state: State;
  readonly timers: readonly Timer[];
  readonly timerSeq: number;
  readonly started: boolean;
  readonly down: boolean;
}

export function carriedMemory<State>(memory: ComponentMemory<State>): CarriedMemory<State> {
  return {
    state: memory.state,
    timers: memory.timers.values(),
    timerSeq: memory.timerSeq,
    started: memory.started,
    down: memory.down,
  };
}

export function memoryFromCarry<State>(carried: CarriedMemory<State>): ComponentMemory<State> {
  return {
    state: carried.state,
    timers: new TimerSet(carried.timers),
    timerSeq: carried.timerSeq,
    started: carried.started,
    down: carried.down,
  };
}

/** A freshly started component's memory. */
export function initialMemory<State, Input>(
  definition: ComponentDefinition<State, Input>,
  identity: ComponentIdentity<Input>,
): ComponentMemory<State> {
  return {
    state: definition.init(identity.input, { componentId: identity.componentId, node: identity.node }),
    timers: new TimerSet(),
    timerSeq: 0,
    started: false,
    down: false,
  };
}

export function emptyEffects(): StepEffects {
  return { sends: [], records: [], spawns: [], finished: false };
}

/** Runs one granted step of a component against its memory (mutated in place). */
export async function runStep<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  identity: ComponentIdentity<Input>,
  due: GrantedStep,
  callWorld: WorldCaller,
): Promise<StepOutcome> {
  const effects = emptyEffects();
  const context = stepContext(memory, identity, due.nowMs, due.clockSkewMs, effects, callWorld);
  try {
    await handleDueEvents(definition, memory, identity, due, context);
  } catch (error) {
    if (!(error instanceof NodeCrashed)) throw error;
    // Cut short by a crash: the scheduler has queued the crash event for this very instant.
  }
  return { effects, localNextMs: localNextMs(memory) };
}

/** The earliest local timer, or null when there is none or the node is down (its timers wait for the restart). */
export function localNextMs(memory: ComponentMemory<unknown>): number | null {
  if (memory.down) return null;
  return memory.timers.earliest()?.atMs ?? null;
}

/**
 * The context handlers get during a step at `nowMs`. World calls are numbered in the order the
 * step makes them; a call whose answer is `crashed` throws {@link NodeCrashed}.
 */
export function stepContext<State>(
  memory: ComponentMemory<State>,
  identity: ComponentIdentity<unknown>,
  nowMs: number,
  clockSkewMs: number,
  effects: StepEffects,
  callWorld: WorldCaller,
): ComponentContext {
  let callIndex = 0;
  const world = async <C extends WorldCall>(call: C): Promise<WorldCallResults[C['op']]> => {
    const outcome = await callWorld(call, callIndex++);
    if (outcome.kind === 'crashed') throw new NodeCrashed();
    return outcome.result as WorldCallResults[C['op']];
  };
  return {
    nowMs,
    localClockMs: nowMs + clockSkewMs,
    self: identity.componentId,
    node: identity.node,
    send: (to, body) => effects.sends.push({ to, body }),
    record: (draft) => effects.records.push(draft),
    setTimer: (name, atMs, data) =>
      memory.timers.add({ name, atMs: Math.max(atMs, nowMs), data, seq: memory.timerSeq++ }),
    cancelTimer: (name) => memory.timers.delete(name),
    hasTimer: (name) => memory.timers.has(name),
    world,
    crashPoint: async (name) => {
      await world({ op: 'crash.point', name });
    },
    spawn: (componentId, workflowType, node, input, options) => {
      // Idempotent within a step too: two handlers of one step (a message and its network
      // duplicate) may spawn the same component; it is started once.
      if (effects.spawns.some((spawn) => spawn.componentId === componentId)) return;
      effects.spawns.push({
        componentId,
        workflowType,
        node,
        input,
        ...(options?.durable ? { durable: options.durable } : {}),
      });
    },
    stop: () => {
      effects.finished = true;
    },
  };
}

/** Runs `onStart` if the component has not started yet. */
export async function startIfNeeded<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  identity: ComponentIdentity<Input>,
  context: ComponentContext,
): Promise<void> {
  if (memory.started) return;
  memory.started = true;
  await definition.onStart?.(memory.state, context, identity.input);
}

/**
 * Runs the handlers for one granted step. Events are handled in time order — system events,
 * then timers, then messages at one instant — which matters when a paused or failed-over
 * component catches up on everything that waited for it.
 */
async function handleDueEvents<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  identity: ComponentIdentity<Input>,
  due: GrantedStep,
  context: ComponentContext,
): Promise<void> {
  await startIfNeeded(definition, memory, identity, context);
  type Due = { atMs: number; rank: number; seq: number; run: () => Promise<void> | void };
  const events: Due[] = [
    ...due.system.map((event, index): Due => ({
      atMs: event.atMs,
      rank: 0,
      seq: index,
      run: () => handleSystemEvent(definition, memory, identity, event, context),
    })),
    ...due.messages.map((message): Due => ({
      atMs: message.deliverAtMs,
      rank: 2,
      seq: message.seq,
      run: () => (memory.down ? undefined : definition.onMessage(memory.state, message, context, identity.input)),
    })),
  ];
  for (const timer of memory.timers.dueBy(due.nowMs)) {
    events.push({
      atMs: timer.atMs,
      rank: 1,
      seq: timer.seq,
      // An earlier handler may have cancelled or replaced it.
      run: () =>
        memory.down || !memory.timers.holds(timer)
          ? undefined
          : fireTimer(definition, memory, timer, context, identity.input),
    });
  }
  events.sort((left, right) => left.atMs - right.atMs || left.rank - right.rank || left.seq - right.seq);
  for (const event of events) await event.run();
  if (!memory.down) await fireDueTimers(definition, memory, context, identity.input, due.nowMs);
}

/** Applies a crash (what `onCrash` keeps, by default nothing) or a restart (`onRestart`). */
export async function handleSystemEvent<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  identity: ComponentIdentity<Input>,
  event: Pick<SystemEvent, 'kind'>,
  context: ComponentContext,
): Promise<void> {
  if (event.kind === 'crash') {
    const outcome = definition.onCrash?.(memory.state, identity.input) ?? {
      state: definition.init(identity.input, { componentId: identity.componentId, node: identity.node }),
      keepTimers: false,
    };
    memory.state = outcome.state;
    if (!outcome.keepTimers) memory.timers.clear();
    memory.down = true;
  } else {
    memory.down = false;
    await definition.onRestart?.(memory.state, context, identity.input);
  }
}

async function fireTimer<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  timer: Timer,
  context: ComponentContext,
  input: Input,
): Promise<void> {
  memory.timers.delete(timer.name);
  await definition.onTimer?.(memory.state, timer, context, input);
}

/** Fires every timer due at `nowMs`, in (time, creation) order, including ones set while firing. */
export async function fireDueTimers<State, Input>(
  definition: ComponentDefinition<State, Input>,
  memory: ComponentMemory<State>,
  context: ComponentContext,
  input: Input,
  nowMs: number,
): Promise<void> {
  for (let guard = 0; guard < 100_000; guard++) {
    const next = memory.timers.earliest();
    if (!next || next.atMs > nowMs) return;
    await fireTimer(definition, memory, next, context, input);
  }
  throw new Error('kernel: a timer handler keeps setting timers for now (100000 in one step)');
}

/**
 * The error for a component whose carried state has grown past {@link MAX_CARRY_BYTES}, or null
 * while it is within it. `carryBytes` is the JSON size of what it would carry.
 */
export function carryLimitError(carryBytes: number): Error | null {
  if (carryBytes <= MAX_CARRY_BYTES) return null;
  return new Error(
    `its state and timers have grown to ${(carryBytes / 2 ** 20).toFixed(1)} MiB, over the ${MAX_CARRY_BYTES / 2 ** 20} MiB Temporal allows to carry to a continued run (state that grows with every job must be compacted)`,
  );
}
