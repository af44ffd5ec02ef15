/**
 * The Temporal runtime: runs one strategy on one resolved configuration on a Temporal engine.
 * Registers every component with the scheduler, starts a worker for this run, starts the driver
 * workflow (which starts the others as its children) and awaits its result (time skips
 * meanwhile), then hands back what the world recorded.
 */
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from '@temporalio/worker';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Engine } from '../engine/types.js';
import { type ComponentStart, type Doorbell, DOORBELL_SIGNAL } from '../simulator/kernel/protocol.js';
import { SimulationAborted } from '../simulator/base/aborted.js';
import { createSimulationActivities, type SimulationActivities } from '../simulator/temporal/activities.js';
import { DRIVER_COMPONENT_ID } from '../simulator/components/driver.js';
import type { ChildComponent, DriverInput, DriverResult } from '../simulator/temporal/driver-workflow.js';
import { Scheduler } from '../simulator/scheduler/scheduler.js';
import { World } from '../simulator/world/world.js';
import {
  type ExecuteOptions,
  type ExecutionProfile,
  layOut,
  recordedBy,
  RunInterrupted,
  type StrategyExecution,
} from './execute.js';
import { ownCpuMs, processCpuMs, processPeakRssMiB } from './profile.js';
import { ProcessKiller } from './process-kills.js';
import type { ProcessKillsWall } from '../results/run.js';
import { workflowBundle } from './temporal-runtime.js';
import { superviseWorker, workflowBundleFile } from './worker-process.js';

/** Server milliseconds per simulated millisecond on a time-skipping server (see ARCHITECTURE.md). */
export const DEFAULT_TIME_SCALE_SKIPPING = 1_000;
/**
 * The Java test server gives every workflow an execution timeout of 10 years of server time, so
 * a run must span less: at the default scale that is 3.65 simulated days. Longer runs get a
 * smaller (whole) scale, keeping the whole run within 5 years of server time.
 */
const MAX_SERVER_SPAN_MS = 5 * 365 * 24 * 3_600_000;

/** The time scale on a time-skipping server for a run of `endMs` simulated milliseconds. */
export function timeSkippingScale(endMs: number): number {
  return Math.max(1, Math.min(DEFAULT_TIME_SCALE_SKIPPING, Math.floor(MAX_SERVER_SPAN_MS / Math.max(1, endMs))));
}
/** On a server without time skipping, simulated time runs 1000 times faster than the wall clock. */
export const DEFAULT_TIME_SCALE_REAL = 0.001;
/**
 * Workflow task timeout when the run kills its worker: a task the dead worker had started goes to the next worker only
 * when it times out (the server's default is 10 s).
 */
const WORKFLOW_TASK_TIMEOUT_WITH_KILLS_MS = 1_000;
/** Abort a run whose scheduler has not granted a step for this long (wall time). */
const STALL_LIMIT_MS = 120_000;

/**
 * For a stall message: the server's open time-skipping locks (a leaked one freezes the
 * simulated clock), with the file holding the lock events around them; '' if the server
 * cannot say.
 */
async function serverLockDiagnosis(engine: Engine, folder: string, strategy: string): Promise<string> {
  if (!engine.diagnoseLocks) return '';
  const file = join(folder, `stall-locks-${strategy}.txt`);
  if (!(await engine.diagnoseLocks(file).catch(() => false))) return '';
  const lines = (await readFile(file, 'utf8')).split('\n');
  const summary = lines.slice(
    0,
    Math.max(
      0,
      lines.findIndex((line) => line.startsWith('events #')),
    ),
  );
  return `\nServer: ${summary.join('\n')}\nLock events since the oldest open lock: ${file}`;
}

/** The activities, with the wall time spent in their bodies added to `spent.ms`. */
function timedActivities(activities: SimulationActivities, spent: { ms: number }): SimulationActivities {
  const timed =
    <Request, Response>(body: (request: Request) => Promise<Response>) =>
    async (request: Request): Promise<Response> => {
      const startedAt = performance.now();
      try {
        return await body(request);
      } finally {
        spent.ms += performance.now() - startedAt;
      }
    };
  return {
    simDue: timed(activities.simDue),
    simCall: timed(activities.simCall),
    simCommit: timed(activities.simCommit),
    simAbort: activities.simAbort,
  };
}

/** The strategy's run on the engine: what its steps share. */
interface TemporalRun {
  readonly options: ExecuteOptions & { readonly engine: Engine };
  readonly world: World;
  readonly scheduler: Scheduler;
  readonly workflowIdFor: (componentId: string) => string;
  readonly driverInput: DriverInput;
  readonly taskQueue: string;
  readonly client: Client;
  /** Rejects with what stops the run early: an activity's failure, an abort, a stall. */
  readonly failed: Promise<never>;
  readonly fail: (error: Error) => void;
  /** Wall time spent in the activities' bodies (the world's share of the run). */
  readonly worldTime: { ms: number };
}

/** When the run started, by the wall clock and by this process's and the server's CPU time. */
interface RunStart {
  readonly startedAt: number;
  readonly cpuAtStart: number;
  readonly serverCpuAtStart: number | null;
}

/** Runs the strategy: its worker and the driver workflow, watched for an abort and a stall, until the driver ends. */
export async function executeOnTemporal(
  options: ExecuteOptions & { readonly engine: Engine },
): Promise<StrategyExecution> {
  const start = measureStart(options.engine);
  const run = prepareRun(options);
  const inProcess = options.worker === 'in-process';
  const activities = timedActivities(
    createSimulationActivities(
      run.scheduler,
      (error) => run.fail(error),
      startComponentWith(run),
      // With the worker process, the runner rings the doorbells; in process, the committing workflow does (the path
      // before issue 20, kept for comparison).
      inProcess ? undefined : ringDoorbellWith(run),
    ),
    run.worldTime,
  );
  const worker = inProcess ? await inProcessWorker(run, activities) : await startWorkerProcess(run, activities);
  const forgetAbort = failOnAbort(run);
  const watchdog = startStallWatchdog(run, worker.killer);
  let kills: ProcessKillsWall | null;
  try {
    await runDriverToEnd(run, worker.runUntil);
  } finally {
    // The poll on the driver's result was cancelled first, in runDriverToEnd.
    clearInterval(watchdog);
    forgetAbort();
    kills = worker.killer?.stop() ?? null;
    await worker.stop();
  }
  run.world.finish();
  options.onProgress?.(run.world.progress());
  return { ...executionOf(run, start), processKills: kills };
}

/** Where the run's workflows run: a worker in this process, or a worker process of their own (killable). */
interface RunWorker {
  /** Runs `body` (start the driver, await it) while the worker serves. */
  readonly runUntil: (body: () => Promise<void>) => Promise<void>;
  readonly killer: ProcessKiller | null;
  readonly stop: () => Promise<void>;
}

function measureStart(engine: Engine): RunStart {
  return {
    startedAt: Date.now(),
    cpuAtStart: ownCpuMs(),
    serverCpuAtStart: engine.serverPid === undefined ? null : processCpuMs(engine.serverPid),
  };
}

/** The world, the scheduler with every component registered, the driver's input and the client. */
function prepareRun(options: ExecuteOptions & { readonly engine: Engine }): TemporalRun {
  const { engine, config, runId } = options;
  const world = new World(config);
  const workflowIdFor = (componentId: string) => `${runId}.${componentId}`;
  const scheduler = new Scheduler(world, DRIVER_COMPONENT_ID, workflowIdFor);
  const children = registerComponents(options, scheduler, workflowIdFor);
  const driverInput = driverInputFor(options, children);
  const { failed, fail } = failure();
  return {
    options,
    world,
    scheduler,
    workflowIdFor,
    driverInput,
    taskQueue: `faultline.${runId}`,
    client: new Client({ connection: engine.connection, namespace: engine.namespace }),
    failed,
    fail,
    worldTime: { ms: 0 },
  };
}

/** Registers every component of the strategy with the scheduler; returns those the driver starts (all but itself). */
function registerComponents(
  { config, strategy }: ExecuteOptions,
  scheduler: Scheduler,
  workflowIdFor: (componentId: string) => string,
): ChildComponent[] {
  const children: ChildComponent[] = [];
  for (const component of layOut(config, strategy)) {
    const workflowId = workflowIdFor(component.componentId);
    scheduler.register({
      id: component.componentId,
      workflowId,
      node: component.node,
      startAtMs: 0,
      durable: component.durable,
    });
    if (component.componentId !== DRIVER_COMPONENT_ID)
      children.push({
        componentId: component.componentId,
        workflowId,
        workflowType: component.workflowType,
        node: component.node,
        input: component.input,
      });
  }
  return children;
}

function driverInputFor(
  options: ExecuteOptions & { readonly engine: Engine },
  children: ChildComponent[],
): DriverInput {
  const { engine, config, runId } = options;
  const timeScale =
    options.timeScale ?? (engine.timeSkipping ? timeSkippingScale(config.phases.endMs) : DEFAULT_TIME_SCALE_REAL);
  return {
    runId,
    timeScale,
    phases: config.phases,
    faults: config.faults,
    children,
    ...((config.processKills?.length ?? 0) > 0 ? { workflowTaskTimeoutMs: WORKFLOW_TASK_TIMEOUT_WITH_KILLS_MS } : {}),
    ...(options.continueAsNewAfterEvents === undefined
      ? {}
      : { continueAsNewAfterEvents: options.continueAsNewAfterEvents }),
  };
}

/** A promise that rejects when `fail` is called (and never counts as unhandled). */
function failure(): { failed: Promise<never>; fail: (error: Error) => void } {
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  return { failed, fail };
}

/** Starts a component's workflow with the runner's client, on the run's task queue. */
function startComponentWith(run: TemporalRun) {
  return async (workflowType: string, workflowId: string, start: ComponentStart) => {
    const { workflowTaskTimeoutMs } = run.driverInput;
    await run.client.workflow
      .start(workflowType, {
        taskQueue: run.taskQueue,
        workflowId,
        args: [start],
        ...(workflowTaskTimeoutMs === undefined ? {} : { workflowTaskTimeout: workflowTaskTimeoutMs }),
      })
      .catch((error: unknown) => {
        // A commit repeated by a replay (its first answer lost with a killed worker) starts what it started before:
        // the workflow id is the component's, so the workflow running is that one.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      });
  };
}

/**
 * Signals a component's workflow from the runner; a workflow that has finished needs no waking. Any other failure
 * fails the commit, and so the run, rather than leave the receiver asleep.
 */
function ringDoorbellWith(run: TemporalRun) {
  return async (doorbell: Doorbell) => {
    await run.client.workflow
      .getHandle(doorbell.workflowId)
      .signal(DOORBELL_SIGNAL, doorbell.atMs)
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  };
}

/** The worker of this run's task queue in this process, carrying the simulation's activities. */
async function inProcessWorker(run: TemporalRun, activities: SimulationActivities): Promise<RunWorker> {
  const { engine } = run.options;
  const worker = await Worker.create({
    connection: engine.nativeConnection,
    namespace: engine.namespace,
    taskQueue: run.taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    maxConcurrentLocalActivityExecutions: 1_000,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxCachedWorkflows: maxCachedWorkflows(run),
  });
  return { runUntil: (body) => worker.runUntil(body), killer: null, stop: async () => undefined };
}

function maxCachedWorkflows(run: TemporalRun): number {
  return Math.max(1_000, run.driverInput.children.length * 2);
}

/**
 * The run's workflows in a worker process of their own, which the scenario's process kills may kill and replace; its
 * local activities ask this process, which holds the world and the scheduler.
 */
async function startWorkerProcess(run: TemporalRun, activities: SimulationActivities): Promise<RunWorker> {
  const { engine, config } = run.options;
  const kills = config.processKills ?? [];
  const supervised: { current?: Awaited<ReturnType<typeof superviseWorker>> } = {};
  const killer =
    kills.length === 0
      ? null
      : new ProcessKiller(kills, run.scheduler, {
          killWorker: () => supervised.current?.replace() ?? Promise.resolve(),
          ...(engine.restartServer ? { killServer: () => engine.restartServer?.() ?? Promise.resolve() } : {}),
          ...(run.options.onProcessKill ? { onKill: run.options.onProcessKill } : {}),
        });
  const worker = await superviseWorker(
    {
      address: engine.address,
      namespace: engine.namespace,
      taskQueue: run.taskQueue,
      bundlePath: await workflowBundleFile(),
      // The Java test server never moves a workflow task off a dead worker's sticky queue (it has no sticky
      // schedule-to-start timeout and no ResetStickyTaskQueue), so with kills there it runs without the workflow cache,
      // and so without a sticky queue: every workflow task replays its workflow's history.
      maxCachedWorkflows: killer && engine.timeSkipping ? 0 : maxCachedWorkflows(run),
      ...(killer ? { stickyQueueScheduleToStartTimeoutMs: 1_000 } : {}),
    },
    killer ? killer.wrap(activities) : activities,
  );
  supervised.current = worker;
  worker.lost.catch((error: Error) => run.fail(new SimulationAborted(error.message)));
  return { runUntil: (body) => body(), killer, stop: () => worker.stop() };
}

/** Fails the run with RunInterrupted when the caller's signal aborts; returns the function that stops listening. */
function failOnAbort(run: TemporalRun): () => void {
  const { signal } = run.options;
  const onAbort = () => run.fail(new RunInterrupted());
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return () => signal?.removeEventListener('abort', onAbort);
}

/** Every 250 ms: reports progress, and fails the run once the scheduler has granted no step for STALL_LIMIT_MS. */
function startStallWatchdog(run: TemporalRun, killer: ProcessKiller | null): ReturnType<typeof setInterval> {
  const { options, world, scheduler } = run;
  let stallReported = false;
  let lastSteps = -1;
  let lastProgressAt = Date.now();
  return setInterval(() => {
    options.onProgress?.(world.progress());
    if (scheduler.steps !== lastSteps) {
      lastSteps = scheduler.steps;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt > STALL_LIMIT_MS && !stallReported) {
      stallReported = true;
      const stalled = `the simulation stalled: no step for ${STALL_LIMIT_MS / 1000} s.${killer?.lastKill() ?? ''} Scheduler state: ${JSON.stringify(scheduler.snapshot())}`;
      void serverLockDiagnosis(options.engine, options.diagnosticsDir ?? tmpdir(), options.strategy.name)
        .catch(() => '')
        .then((diagnosis) => run.fail(new SimulationAborted(stalled + diagnosis)));
    }
  }, 250);
}

/** Runs the worker until the driver workflow has finished, or the run has failed (then the driver is terminated). */
async function runDriverToEnd(run: TemporalRun, runUntil: RunWorker['runUntil']): Promise<void> {
  // Cancels the long poll on the driver's result when the run stops early, before the
  // connection it runs on is closed.
  const resultPoll = new AbortController();
  // Each long poll of the result adds an abort listener that the SDK does not remove when the
  // poll returns: a few a minute of wall time. Harmless, but Node warns after ten.
  setMaxListeners(0, resultPoll.signal);
  try {
    await runUntil(async () => {
      const handle = await run.client.workflow.start('faultlineDriver', {
        taskQueue: run.taskQueue,
        workflowId: run.workflowIdFor(DRIVER_COMPONENT_ID),
        args: [run.driverInput],
        ...(run.driverInput.workflowTaskTimeoutMs === undefined
          ? {}
          : { workflowTaskTimeout: run.driverInput.workflowTaskTimeoutMs }),
      });
      const result = run.client.withAbortSignal(resultPoll.signal, () =>
        run.options.engine.awaitResult<DriverResult>(handle),
      );
      result.catch(() => undefined);
      try {
        await Promise.race([result, run.failed]);
      } catch (error) {
        resultPoll.abort();
        // Children go with their parent (ParentClosePolicy.TERMINATE).
        await handle.terminate('faultline: the run stopped early').catch(() => undefined);
        throw error;
      }
    });
  } finally {
    resultPoll.abort();
  }
}

/** What the finished run hands back: the world's records, the scheduler's counts and the profile. */
function executionOf(run: TemporalRun, start: RunStart): StrategyExecution {
  const { engine, config, strategy } = run.options;
  const serverCpuAtEnd = engine.serverPid === undefined ? null : processCpuMs(engine.serverPid);
  const profile: ExecutionProfile = {
    worldMs: Math.round(run.worldTime.ms),
    nodeCpuMs: Math.round(ownCpuMs() - start.cpuAtStart),
    serverCpuMs:
      start.serverCpuAtStart === null || serverCpuAtEnd === null
        ? null
        : Math.round(serverCpuAtEnd - start.serverCpuAtStart),
    serverPeakRssMiB: engine.serverPid === undefined ? null : processPeakRssMiB(engine.serverPid),
  };
  return {
    strategy: strategy.name,
    runtime: 'temporal',
    ...recordedBy(run.world, run.scheduler),
    historyEvents: run.scheduler.historyEvents(),
    largestCarry: run.scheduler.largestCarry(),
    wallMs: Date.now() - start.startedAt,
    simulatedMs: config.phases.endMs,
    profile,
  };
}
