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
import { Client } from '@temporalio/client';
import type { Engine } from '../engine/types.js';
import type { ComponentStart } from '../simulator/kernel/protocol.js';
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
import { workflowBundle } from './temporal-runtime.js';

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

export async function executeOnTemporal(
  options: ExecuteOptions & { readonly engine: Engine },
): Promise<StrategyExecution> {
  const { engine, config, strategy, runId } = options;
  const startedAt = Date.now();
  const cpuAtStart = ownCpuMs();
  const serverCpuAtStart = engine.serverPid === undefined ? null : processCpuMs(engine.serverPid);
  const world = new World(config);
  const workflowIdFor = (componentId: string) => `${runId}.${componentId}`;
  const scheduler = new Scheduler(world, DRIVER_COMPONENT_ID, workflowIdFor);

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

  const timeScale =
    options.timeScale ?? (engine.timeSkipping ? timeSkippingScale(config.phases.endMs) : DEFAULT_TIME_SCALE_REAL);
  const driverInput: DriverInput = {
    runId,
    timeScale,
    phases: config.phases,
    faults: config.faults,
    children,
    ...(options.continueAsNewAfterEvents === undefined
      ? {}
      : { continueAsNewAfterEvents: options.continueAsNewAfterEvents }),
  };

  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  const worldTime = { ms: 0 };
  const taskQueue = `faultline.${runId}`;
  const client = new Client({ connection: engine.connection, namespace: engine.namespace });
  const startComponent = async (workflowType: string, workflowId: string, start: ComponentStart) => {
    await client.workflow.start(workflowType, { taskQueue, workflowId, args: [start] });
  };
  const activities = timedActivities(
    createSimulationActivities(scheduler, (error) => fail(error), startComponent),
    worldTime,
  );

  const worker = await Worker.create({
    connection: engine.nativeConnection,
    namespace: engine.namespace,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    maxConcurrentLocalActivityExecutions: 1_000,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxCachedWorkflows: Math.max(1_000, children.length * 2),
  });

  const onAbort = () => fail(new RunInterrupted());
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  let stallReported = false;
  let lastSteps = -1;
  let lastProgressAt = Date.now();
  const watchdog = setInterval(() => {
    options.onProgress?.(world.progress());
    if (scheduler.steps !== lastSteps) {
      lastSteps = scheduler.steps;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt > STALL_LIMIT_MS && !stallReported) {
      stallReported = true;
      const stalled = `the simulation stalled: no step for ${STALL_LIMIT_MS / 1000} s. Scheduler state: ${JSON.stringify(scheduler.snapshot())}`;
      void serverLockDiagnosis(engine, options.diagnosticsDir ?? tmpdir(), strategy.name)
        .catch(() => '')
        .then((diagnosis) => fail(new SimulationAborted(stalled + diagnosis)));
    }
  }, 250);

  // Cancels the long poll on the driver's result when the run stops early, before the
  // connection it runs on is closed.
  const resultPoll = new AbortController();
  // Each long poll of the result adds an abort listener that the SDK does not remove when the
  // poll returns: a few a minute of wall time. Harmless, but Node warns after ten.
  setMaxListeners(0, resultPoll.signal);
  try {
    await worker.runUntil(async () => {
      const handle = await client.workflow.start('faultlineDriver', {
        taskQueue,
        workflowId: workflowIdFor(DRIVER_COMPONENT_ID),
        args: [driverInput],
      });
      const result = client.withAbortSignal(resultPoll.signal, () => engine.awaitResult<DriverResult>(handle));
      result.catch(() => undefined);
      try {
        await Promise.race([result, failed]);
      } catch (error) {
        resultPoll.abort();
        // Children go with their parent (ParentClosePolicy.TERMINATE).
        await handle.terminate('faultline: the run stopped early').catch(() => undefined);
        throw error;
      }
    });
  } finally {
    resultPoll.abort();
    clearInterval(watchdog);
    options.signal?.removeEventListener('abort', onAbort);
  }
  world.finish();
  options.onProgress?.(world.progress());
  const serverCpuAtEnd = engine.serverPid === undefined ? null : processCpuMs(engine.serverPid);
  const profile: ExecutionProfile = {
    worldMs: Math.round(worldTime.ms),
    nodeCpuMs: Math.round(ownCpuMs() - cpuAtStart),
    serverCpuMs:
      serverCpuAtStart === null || serverCpuAtEnd === null ? null : Math.round(serverCpuAtEnd - serverCpuAtStart),
    serverPeakRssMiB: engine.serverPid === undefined ? null : processPeakRssMiB(engine.serverPid),
  };
  return {
    strategy: strategy.name,
    runtime: 'temporal',
    ...recordedBy(world, scheduler),
    historyEvents: scheduler.historyEvents(),
    largestCarry: scheduler.largestCarry(),
    wallMs: Date.now() - startedAt,
    simulatedMs: config.phases.endMs,
    profile,
  };
}
