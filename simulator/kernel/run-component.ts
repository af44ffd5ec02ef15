/**
 * The kernel: runs one component inside a Temporal workflow.
 *
 * Loop: sleep on a workflow timer until the next event is due (so the time-skipping server can
 * jump to it; a doorbell signal wakes it earlier) → ask the scheduler for the baton (`simDue`)
 * → run the handlers for the events due now, in a fixed order (system events, then local
 * timers, then messages) → `simCommit` what they did → ring the doorbells the scheduler names.
 * Long-lived components continue-as-new to keep their Temporal history bounded.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  ContinueAsNew,
  continueAsNew,
  defineSignal,
  getExternalWorkflowHandle,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SimulationActivities } from '../activities.js';
import type { HistoryDraft } from '../history.js';
import type { CallOutcome, WorldCall, WorldCallResults } from '../world/calls.js';
import type { ComponentContext, ComponentDefinition, Timer } from './component.js';
import { type CommitResponse, type ComponentStart, DOORBELL_SIGNAL, type DueResponse, type OutgoingMessage, type SpawnRequest, type SystemEvent } from './protocol.js';
import { serverNowMs } from './server-clock.js';

export const doorbellSignal = defineSignal<[number]>(DOORBELL_SIGNAL);

const activities = proxyLocalActivities<SimulationActivities>({
  // The scheduler answers at once; a slow answer means the run is broken, not the world slow.
  startToCloseTimeout: '60s',
  retry: { maximumAttempts: 1 },
});

/** Continue-as-new once the workflow history grows past this many events. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 4_000;

/**
 * The most a component may carry to its next run (its state and timers, as JSON). Temporal's
 * server refuses a payload over 2 MiB by default; the Java test server takes up to its gRPC
 * limit of 4 MiB and then refuses the workflow task's completion without saying why, so the
 * task times out every 10 s for ever and the run stalls. Past this the component fails instead,
 * naming its size.
 */
export const MAX_CARRY_BYTES = 2 * 1024 * 1024;

/** Everything the kernel carries across continue-as-new. */
export interface KernelCarry<State> {
  readonly state: State;
  readonly timers: readonly Timer[];
  readonly timerSeq: number;
  readonly started: boolean;
  readonly down: boolean;
  readonly step: number;
  readonly wakeAtMs: number | null;
  /** History events of the runs this one continued from. */
  readonly eventsInEarlierRuns: number;
  /** Size of the largest carry to a next run so far (JSON characters), 0 before the first. */
  readonly largestCarryBytes: number;
}

type Kernel<State> = { -readonly [Key in keyof KernelCarry<State>]: KernelCarry<State>[Key] } & { timers: Timer[] };

export interface KernelOptions {
  /**
   * Whether the kernel may continue-as-new (default true). The driver may not: it is the parent
   * of every component, and closing its run would terminate them.
   */
  readonly continueAsNew?: boolean;
}

/** What one step's handlers did, committed at its end. */
interface StepEffects {
  readonly sends: OutgoingMessage[];
  readonly records: HistoryDraft[];
  readonly spawns: SpawnRequest[];
  finished: boolean;
}

/** Thrown into a handler when a world call crashed its node: the rest of the step never happens. */
class NodeCrashed extends Error {
  constructor() {
    super('the node crashed');
    this.name = 'NodeCrashed';
  }
}

/**
 * Runs `definition` as the component `start.componentId` until the run ends. Any failure of the
 * component's own code is reported to the runner (which aborts the run with its stack) and
 * fails the workflow: it is a bug to fix, never a simulated fault.
 */
export async function runComponent<State, Input>(
  definition: ComponentDefinition<State, Input>,
  start: ComponentStart<Input>,
  carry?: KernelCarry<State>,
  options: KernelOptions = {},
): Promise<void> {
  try {
    await componentLoop(definition, start, carry, options);
  } catch (error) {
    if (error instanceof ContinueAsNew || error instanceof ActivityFailure) throw error;
    const failure = error as Error;
    await activities.simAbort({ componentId: start.componentId, message: failure.message, stack: failure.stack });
    throw ApplicationFailure.nonRetryable(`component ${start.componentId} failed: ${failure.message}`, 'ComponentFailed');
  }
}

async function componentLoop<State, Input>(
  definition: ComponentDefinition<State, Input>,
  start: ComponentStart<Input>,
  carry: KernelCarry<State> | undefined,
  options: KernelOptions,
): Promise<void> {
  const kernel: Kernel<State> = {
    state: carry?.state ?? definition.init(start.input, { componentId: start.componentId, node: start.node }),
    timers: [...(carry?.timers ?? [])],
    timerSeq: carry?.timerSeq ?? 0,
    started: carry?.started ?? false,
    down: carry?.down ?? false,
    step: carry?.step ?? 0,
    wakeAtMs: carry === undefined ? start.startAtMs : carry.wakeAtMs,
    eventsInEarlierRuns: carry?.eventsInEarlierRuns ?? 0,
    largestCarryBytes: carry?.largestCarryBytes ?? 0,
  };
  const doorbell = listenForDoorbells();
  /**
   * Doorbell signals not yet acknowledged. They must all be acknowledged before this run closes
   * (return or continue-as-new): the Java test server leaks a time-skipping lock for a signal
   * still in flight when its sender's run closes, and the clock then never skips again.
   */
  let signalsInFlight: Promise<void>[] = [];
  const settleSignals = async () => {
    await Promise.all(signalsInFlight);
    signalsInFlight = [];
  };

  for (;;) {
    await sleepUntilDue(kernel, doorbell, start);
    const due = await activities.simDue({ componentId: start.componentId, step: kernel.step });
    if (due.kind === 'stop') return settleSignals();
    if (due.kind === 'parked') {
      kernel.wakeAtMs = null;
      continue;
    }
    const effects: StepEffects = { sends: [], records: [], spawns: [], finished: false };
    try {
      await handleDueEvents(definition, kernel, due, makeContext(kernel, start, due, effects), start);
    } catch (error) {
      if (!(error instanceof NodeCrashed)) throw error;
      // Cut short by a crash: the scheduler has queued the crash event for this very instant.
    }
    const localNextMs = kernel.down || kernel.timers.length === 0 ? null : Math.min(...kernel.timers.map((timer) => timer.atMs));
    const committed: CommitResponse = await activities.simCommit({
      componentId: start.componentId,
      step: kernel.step,
      nowMs: due.nowMs,
      sends: effects.sends,
      records: effects.records,
      localNextMs,
      spawns: effects.spawns,
      finished: effects.finished,
      historyEvents: kernel.eventsInEarlierRuns + workflowInfo().historyLength,
      largestCarryBytes: kernel.largestCarryBytes,
      // The commit activity starts spawned components (not children: see CommitRequest.spawnOrigin).
      ...(effects.spawns.length > 0 ? { spawnOrigin: { runId: start.runId, epochMs: start.epochMs, timeScale: start.timeScale, continueAsNewAfterEvents: start.continueAsNewAfterEvents } } : {}),
    });
    signalsInFlight.push(...ringDoorbells(committed));
    kernel.step++;
    kernel.wakeAtMs = committed.wakeAtMs;
    if (effects.finished) return settleSignals();
    const info = workflowInfo();
    if (options.continueAsNew !== false && (info.continueAsNewSuggested || info.historyLength > (start.continueAsNewAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE))) {
      await settleSignals();
      const next: KernelCarry<State> = { ...kernel, eventsInEarlierRuns: kernel.eventsInEarlierRuns + info.historyLength };
      const carryBytes = JSON.stringify([start, next]).length;
      if (carryBytes > MAX_CARRY_BYTES) {
        throw new Error(
          `its state and timers have grown to ${(carryBytes / 2 ** 20).toFixed(1)} MiB, over the ${MAX_CARRY_BYTES / 2 ** 20} MiB Temporal allows to carry to a continued run (state that grows with every job must be compacted)`,
        );
      }
      await continueAsNew<(start: ComponentStart<Input>, carry: KernelCarry<State>) => Promise<void>>(start, { ...next, largestCarryBytes: Math.max(kernel.largestCarryBytes, carryBytes) });
    }
  }
}

interface Doorbell {
  /** Earliest wake time rung since it was last taken, or null. */
  take(): number | null;
  /** Whether a doorbell asks for a wake earlier than `atMs`. */
  ringsBefore(atMs: number): boolean;
  rung(): boolean;
}

function listenForDoorbells(): Doorbell {
  let earliestMs: number | null = null;
  setHandler(doorbellSignal, (atMs: number) => {
    earliestMs = earliestMs === null ? atMs : Math.min(earliestMs, atMs);
  });
  return {
    take() {
      const taken = earliestMs;
      earliestMs = null;
      return taken;
    },
    ringsBefore: (atMs) => earliestMs !== null && earliestMs < atMs,
    rung: () => earliestMs !== null,
  };
}

/** Sleeps until `kernel.wakeAtMs` has come in server time, or a doorbell asks for an earlier wake. */
async function sleepUntilDue<State>(kernel: Kernel<State>, doorbell: Doorbell, start: ComponentStart<unknown>): Promise<void> {
  for (;;) {
    const rungMs = doorbell.take();
    if (rungMs !== null) kernel.wakeAtMs = kernel.wakeAtMs === null ? rungMs : Math.min(kernel.wakeAtMs, rungMs);
    const targetMs = kernel.wakeAtMs;
    if (targetMs === null) {
      await condition(() => doorbell.rung());
      continue;
    }
    const delayMs = start.epochMs + targetMs * start.timeScale - serverNowMs();
    if (delayMs <= 0) return;
    if (!(await condition(() => doorbell.ringsBefore(targetMs), delayMs))) return;
  }
}

function makeContext<State>(kernel: Kernel<State>, start: ComponentStart<unknown>, due: Extract<DueResponse, { kind: 'granted' }>, effects: StepEffects): ComponentContext {
  let callIndex = 0;
  const step = kernel.step;
  const { nowMs } = due;
  const callWorld = async <C extends WorldCall>(call: C): Promise<WorldCallResults[C['op']]> => {
    const outcome: CallOutcome = await activities.simCall({ componentId: start.componentId, step, index: callIndex++, nowMs, call });
    if (outcome.kind === 'crashed') throw new NodeCrashed();
    return outcome.result as WorldCallResults[C['op']];
  };
  return {
    nowMs,
    localClockMs: nowMs + due.clockSkewMs,
    self: start.componentId,
    node: start.node,
    send: (to, body) => effects.sends.push({ to, body }),
    record: (draft) => effects.records.push(draft),
    setTimer: (name, atMs, data) => {
      kernel.timers = kernel.timers.filter((timer) => timer.name !== name);
      kernel.timers.push({ name, atMs: Math.max(atMs, nowMs), data, seq: kernel.timerSeq++ });
    },
    cancelTimer: (name) => {
      kernel.timers = kernel.timers.filter((timer) => timer.name !== name);
    },
    hasTimer: (name) => kernel.timers.some((timer) => timer.name === name),
    world: callWorld,
    crashPoint: async (name) => {
      await callWorld({ op: 'crash.point', name });
    },
    spawn: (componentId, workflowType, node, input, options) => {
      // Idempotent within a step too: two handlers of one step (a message and its network
      // duplicate) may spawn the same component; it is started once.
      if (effects.spawns.some((spawn) => spawn.componentId === componentId)) return;
      effects.spawns.push({ componentId, workflowType, node, input, ...(options?.durable ? { durable: options.durable } : {}) });
    },
    stop: () => {
      effects.finished = true;
    },
  };
}

/**
 * Runs the handlers for one granted step. Events are handled in time order — system events,
 * then timers, then messages at one instant — which matters when a paused or failed-over
 * component catches up on everything that waited for it.
 */
async function handleDueEvents<State, Input>(
  definition: ComponentDefinition<State, Input>,
  kernel: Kernel<State>,
  due: Extract<DueResponse, { kind: 'granted' }>,
  context: ComponentContext,
  start: ComponentStart<Input>,
): Promise<void> {
  if (!kernel.started) {
    kernel.started = true;
    await definition.onStart?.(kernel.state, context, start.input);
  }
  type Due = { atMs: number; rank: number; seq: number; run: () => Promise<void> | void };
  const events: Due[] = [
    ...due.system.map((event, index): Due => ({ atMs: event.atMs, rank: 0, seq: index, run: () => handleSystemEvent(definition, kernel, event, context, start) })),
    ...due.messages.map((message): Due => ({ atMs: message.deliverAtMs, rank: 2, seq: message.seq, run: () => (kernel.down ? undefined : definition.onMessage(kernel.state, message, context, start.input)) })),
  ];
  for (const timer of kernel.timers) {
    if (timer.atMs > due.nowMs) continue;
    events.push({
      atMs: timer.atMs,
      rank: 1,
      seq: timer.seq,
      // An earlier handler may have cancelled or replaced it.
      run: () => (kernel.down || !kernel.timers.includes(timer) ? undefined : fireTimer(definition, kernel, timer, context, start.input)),
    });
  }
  events.sort((left, right) => left.atMs - right.atMs || left.rank - right.rank || left.seq - right.seq);
  for (const event of events) await event.run();
  if (!kernel.down) await fireDueTimers(definition, kernel, context, start.input, due.nowMs);
}

async function handleSystemEvent<State, Input>(
  definition: ComponentDefinition<State, Input>,
  kernel: Kernel<State>,
  event: SystemEvent,
  context: ComponentContext,
  start: ComponentStart<Input>,
): Promise<void> {
  if (event.kind === 'crash') {
    const outcome = definition.onCrash?.(kernel.state, start.input) ?? {
      state: definition.init(start.input, { componentId: start.componentId, node: start.node }),
      keepTimers: false,
    };
    kernel.state = outcome.state;
    if (!outcome.keepTimers) kernel.timers = [];
    kernel.down = true;
  } else {
    kernel.down = false;
    await definition.onRestart?.(kernel.state, context, start.input);
  }
}

async function fireTimer<State, Input>(definition: ComponentDefinition<State, Input>, kernel: Kernel<State>, timer: Timer, context: ComponentContext, input: Input): Promise<void> {
  kernel.timers = kernel.timers.filter((candidate) => candidate !== timer);
  await definition.onTimer?.(kernel.state, timer, context, input);
}

/** Signals the workflows the scheduler named; a finished target is fine. Returns the acknowledgements. */
export function ringDoorbells(committed: CommitResponse): Promise<void>[] {
  return committed.doorbells.map((doorbell) =>
    getExternalWorkflowHandle(doorbell.workflowId)
      .signal(doorbellSignal, doorbell.atMs)
      .catch(() => undefined),
  );
}

/** Fires every timer due at `nowMs`, in (time, creation) order, including ones set while firing. */
async function fireDueTimers<State, Input>(
  definition: ComponentDefinition<State, Input>,
  kernel: Kernel<State>,
  context: ComponentContext,
  input: Input,
  nowMs: number,
): Promise<void> {
  for (let guard = 0; guard < 100_000; guard++) {
    let next: Timer | undefined;
    for (const timer of kernel.timers) {
      if (timer.atMs > nowMs) continue;
      if (!next || timer.atMs < next.atMs || (timer.atMs === next.atMs && timer.seq < next.seq)) next = timer;
    }
    if (!next) return;
    await fireTimer(definition, kernel, next, context, input);
  }
  throw new Error('kernel: a timer handler keeps setting timers for now (100000 in one step)');
}
