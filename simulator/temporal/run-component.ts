/**
 * The Temporal runtime's kernel: runs one component inside a Temporal workflow. A thin shell
 * over `step.ts`, which says what a step means; this file only moves it through Temporal.
 *
 * Loop: sleep on a workflow timer until the next event is due (so the time-skipping server can
 * jump to it; a doorbell signal wakes it earlier) → ask the scheduler for the baton (`simDue`)
 * → run the step (`runStep`, world calls as `simCall`) → `simCommit` what it did → ring the
 * doorbells the commit names (none with the worker process: the runner rings them itself). Long-lived components continue-as-new to keep their Temporal
 * history bounded.
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
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { SimulationActivities } from './activities.js';
import type { ComponentDefinition } from '../kernel/component.js';
import { type CommitResponse, type ComponentStart, DOORBELL_SIGNAL } from '../kernel/protocol.js';
import { serverNowMs } from './server-clock.js';
import {
  type CarriedMemory,
  carriedMemory,
  carryLimitError,
  type ComponentMemory,
  type GrantedStep,
  initialMemory,
  memoryFromCarry,
  runStep,
} from '../kernel/step.js';

export const doorbellSignal = defineSignal<[number]>(DOORBELL_SIGNAL);

const activities = proxyLocalActivities<SimulationActivities>({
  // The scheduler answers at once; a slow answer means the run is broken, not the world slow.
  startToCloseTimeout: '60s',
  retry: { maximumAttempts: 1 },
});

/** Continue-as-new once the workflow history grows past this many events. */
const HISTORY_EVENTS_BEFORE_CONTINUE = 4_000;

/** Everything the kernel carries across continue-as-new: the component's memory and the kernel's own counters. */
export interface KernelCarry<State> extends CarriedMemory<State> {
  readonly step: number;
  readonly wakeAtMs: number | null;
  /** History events of the runs this one continued from. */
  readonly eventsInEarlierRuns: number;
  /** Size of the largest carry to a next run so far (JSON characters), 0 before the first. */
  readonly largestCarryBytes: number;
}

type Kernel<State> = ComponentMemory<State> & {
  step: number;
  /** The step this workflow run began at: the steps before it are in Temporal's history for good. */
  readonly runFirstStep: number;
  wakeAtMs: number | null;
  eventsInEarlierRuns: number;
  largestCarryBytes: number;
};

export interface KernelOptions {
  /**
   * Whether the kernel may continue-as-new (default true). The driver may not: it is the parent
   * of every component, and closing its run would terminate them.
   */
  readonly continueAsNew?: boolean;
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
    throw ApplicationFailure.nonRetryable(
      `component ${start.componentId} failed: ${failure.message}`,
      'ComponentFailed',
    );
  }
}

async function componentLoop<State, Input>(
  definition: ComponentDefinition<State, Input>,
  start: ComponentStart<Input>,
  carry: KernelCarry<State> | undefined,
  options: KernelOptions,
): Promise<void> {
  const kernel: Kernel<State> = carry
    ? {
        ...memoryFromCarry(carry),
        step: carry.step,
        runFirstStep: carry.step,
        wakeAtMs: carry.wakeAtMs,
        eventsInEarlierRuns: carry.eventsInEarlierRuns,
        largestCarryBytes: carry.largestCarryBytes,
      }
    : {
        ...initialMemory(definition, start),
        step: 0,
        runFirstStep: 0,
        wakeAtMs: start.startAtMs,
        eventsInEarlierRuns: 0,
        largestCarryBytes: 0,
      };
  const doorbell = listenForDoorbells();
  const wakeTimers = new WakeTimers();
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
    await sleepUntilDue(kernel, doorbell, wakeTimers, start);
    const due = await activities.simDue({ componentId: start.componentId, step: kernel.step });
    if (due.kind === 'stop') return settleSignals();
    if (due.kind === 'parked') {
      kernel.wakeAtMs = null;
      continue;
    }
    const committed = await runAndCommit(definition, kernel, start, due);
    signalsInFlight.push(...ringDoorbells(committed.response));
    kernel.step++;
    kernel.wakeAtMs = committed.response.wakeAtMs;
    if (committed.finished) return settleSignals();
    const info = workflowInfo();
    if (
      options.continueAsNew !== false &&
      (info.continueAsNewSuggested ||
        info.historyLength > (start.continueAsNewAfterEvents ?? HISTORY_EVENTS_BEFORE_CONTINUE))
    ) {
      await settleSignals();
      const next: KernelCarry<State> = {
        ...carriedMemory(kernel),
        step: kernel.step,
        wakeAtMs: kernel.wakeAtMs,
        eventsInEarlierRuns: kernel.eventsInEarlierRuns + info.historyLength,
        largestCarryBytes: kernel.largestCarryBytes,
      };
      const carryBytes = JSON.stringify([start, next]).length;
      const tooLarge = carryLimitError(carryBytes);
      if (tooLarge) throw tooLarge;
      await continueAsNew<(start: ComponentStart<Input>, carry: KernelCarry<State>) => Promise<void>>(start, {
        ...next,
        largestCarryBytes: Math.max(kernel.largestCarryBytes, carryBytes),
      });
    }
  }
}

/** One granted step: the handlers (world calls as `simCall`), then `simCommit`. */
async function runAndCommit<State, Input>(
  definition: ComponentDefinition<State, Input>,
  kernel: Kernel<State>,
  start: ComponentStart<Input>,
  due: GrantedStep,
): Promise<{ response: CommitResponse; finished: boolean }> {
  const { componentId } = start;
  const step = kernel.step;
  const { effects, localNextMs } = await runStep(definition, kernel, start, due, (call, index) =>
    activities.simCall({ componentId, step, index, nowMs: due.nowMs, call }),
  );
  const response = await activities.simCommit({
    componentId,
    step,
    nowMs: due.nowMs,
    sends: effects.sends,
    records: effects.records,
    localNextMs,
    spawns: effects.spawns,
    finished: effects.finished,
    historyEvents: kernel.eventsInEarlierRuns + workflowInfo().historyLength,
    largestCarryBytes: kernel.largestCarryBytes,
    durableBefore: kernel.runFirstStep,
    runHistoryEvents: workflowInfo().historyLength,
    // The commit activity starts spawned components (not children: see CommitRequest.spawnOrigin).
    ...(effects.spawns.length > 0
      ? {
          spawnOrigin: {
            runId: start.runId,
            epochMs: start.epochMs,
            timeScale: start.timeScale,
            continueAsNewAfterEvents: start.continueAsNewAfterEvents,
          },
        }
      : {}),
  });
  return { response, finished: effects.finished };
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

/**
 * The kernel's workflow timers, which it never cancels. A `CancelTimer` races the timer firing
 * in real time: on the Java test server, a cancel that arrives in the completion of a workflow
 * task during which the timer fired is refused ("invalid history builder state for action"),
 * the task's completion is lost with the `TimerFired`, and two time-skipping locks leak, so the
 * clock never skips again (sdk-java issues 2606 and 3088; ARCHITECTURE.md, *Test-server
 * quirks*). Under CPU load, when workflow tasks take hundreds of milliseconds, that stalled about
 * one run in eight. So a timer that a doorbell made obsolete is left to fire unheeded, and a
 * pending timer for the same instant is reused rather than started twice.
 */
class WakeTimers {
  private readonly pending = new Map<number, { fired: boolean }>();

  /**
   * A timer that fires at server time `atServerMs` (`delayMs` from now): a pending one for that instant, or a new one.
   */
  at(atServerMs: number, delayMs: number): { readonly fired: boolean } {
    const existing = this.pending.get(atServerMs);
    if (existing) return existing;
    const timer = { fired: false };
    this.pending.set(atServerMs, timer);
    void sleep(delayMs).then(
      () => {
        timer.fired = true;
        this.pending.delete(atServerMs);
      },
      () => undefined,
    );
    return timer;
  }
}

/** Sleeps until `kernel.wakeAtMs` has come in server time, or a doorbell asks for an earlier wake. */
async function sleepUntilDue(
  kernel: Kernel<unknown>,
  doorbell: Doorbell,
  wakeTimers: WakeTimers,
  start: ComponentStart<unknown>,
): Promise<void> {
  for (;;) {
    const rungMs = doorbell.take();
    if (rungMs !== null) kernel.wakeAtMs = kernel.wakeAtMs === null ? rungMs : Math.min(kernel.wakeAtMs, rungMs);
    const targetMs = kernel.wakeAtMs;
    if (targetMs === null) {
      await condition(() => doorbell.rung());
      continue;
    }
    const atServerMs = start.epochMs + targetMs * start.timeScale;
    const delayMs = atServerMs - serverNowMs();
    if (delayMs <= 0) return;
    const timer = wakeTimers.at(atServerMs, delayMs);
    await condition(() => timer.fired || doorbell.ringsBefore(targetMs));
    if (!doorbell.ringsBefore(targetMs)) return;
  }
}

/** Signals the workflows the scheduler named; a finished target is fine. Returns the acknowledgements. */
function ringDoorbells(committed: CommitResponse): Promise<void>[] {
  return committed.doorbells.map((doorbell) =>
    getExternalWorkflowHandle(doorbell.workflowId)
      .signal(doorbellSignal, doorbell.atMs)
      .catch(() => undefined),
  );
}
