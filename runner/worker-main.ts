/**
 * The worker process's entry: a Temporal worker for one run's task queue, running the strategies'
 * workflows. Its local activities ask the runner, which holds the world and the scheduler, over
 * the IPC channel (`worker-link.ts`). It exits when the runner asks, or when the runner goes away
 * (the channel closes), so it never outlives its run.
 */
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { SimulationActivities } from '../simulator/temporal/activities.js';
import { installQuietRuntime } from './temporal-runtime.js';
import {
  type ActivityName,
  type RunnerMessage,
  WORKER_CONFIG_VARIABLE,
  type WorkerConfig,
  type WorkerMessage,
} from './worker-link.js';

function send(message: WorkerMessage): void {
  process.send?.(message, undefined, undefined, () => undefined);
}

/** Local activities that forward each request to the runner and return its answer. */
function forwardingActivities(): { activities: SimulationActivities; answered: (message: RunnerMessage) => void } {
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const ask =
    (activity: ActivityName) =>
    (request: unknown): Promise<never> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send({ kind: 'ask', id, activity, request });
      });
  const answered = (message: RunnerMessage) => {
    if (message.kind === 'shutdown') return;
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.kind === 'answer') pending.resolve(message.result);
    else pending.reject(ApplicationFailure.nonRetryable(message.message, message.type));
  };
  return {
    activities: {
      simDue: ask('simDue'),
      simCall: ask('simCall'),
      simCommit: ask('simCommit'),
      simAbort: ask('simAbort'),
    },
    answered,
  };
}

/**
 * A lighter workflow sandbox than the SDK's, for this process only (it runs nothing but the run's workflows). A
 * profile of a run put about half the workflow thread's time in two things faultline does not use:
 *
 * - The deadlock detector: the SDK enters the sandbox with `vm` `runInContext({ timeout })`, and Node starts a
 *   watchdog for every call with a timeout. Here the calls go without one. A workflow stuck in a loop then hangs
 *   instead of failing its task after 5 s; the runner's stall watchdog (no step for 120 s) ends such a run.
 * - The stack trace of every promise a workflow creates (a `v8` promise hook, for the `__stack_trace` query). Here the
 *   hook is never installed, and the query answers without stacks.
 *
 * Both live in the SDK's shared sandbox code, reached through `node:vm` and `node:v8`: with `debugMode` the
 * workflows run on this process's main thread, where these patched modules are the ones the SDK uses. Neither changes
 * what a workflow does (`npm run identity -- --runtime temporal` and every cross-runtime test hold the bytes); if a
 * later SDK enters the sandbox another way, the patches do nothing and the run is only slower.
 */
async function lightenSandbox(): Promise<void> {
  const vm = (await import('node:vm')).default;
  const v8 = (await import('node:v8')).default;
  const withoutTimeout = <Options extends { timeout?: number }>(options?: Options) => {
    if (!options) return options;
    const { timeout: _timeout, ...rest } = options;
    return rest;
  };
  const runScript = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (this: InstanceType<typeof vm.Script>, context, options) {
    return runScript.call(this, context, withoutTimeout(options));
  };
  const runCode = vm.runInContext;
  vm.runInContext = (code, context, options) =>
    runCode(code, context, typeof options === 'string' ? options : withoutTimeout(options));
  v8.promiseHooks.createHook = () => () => undefined;
}

async function main(): Promise<void> {
  await lightenSandbox();
  const config = JSON.parse(process.env[WORKER_CONFIG_VARIABLE] ?? 'null') as WorkerConfig | null;
  if (!config || !process.send) {
    process.stderr.write('faultline worker: start it through the runner (it needs its IPC channel and config)\n');
    process.exit(2);
  }
  // The runner gone (even killed), the channel closes: nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  installQuietRuntime();
  const { activities, answered } = forwardingActivities();
  const connection = await NativeConnection.connect({ address: config.address });
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: config.bundlePath },
    activities,
    maxConcurrentLocalActivityExecutions: 1_000,
    maxConcurrentWorkflowTaskExecutions: 200,
    maxCachedWorkflows: config.maxCachedWorkflows,
    // The workflows on this process's main thread, in the lighter sandbox (see lightenSandbox).
    debugMode: true,
    ...(config.stickyQueueScheduleToStartTimeoutMs === undefined
      ? {}
      : { stickyQueueScheduleToStartTimeout: config.stickyQueueScheduleToStartTimeoutMs }),
  });
  process.on('message', (message: RunnerMessage) => {
    if (message.kind === 'shutdown') worker.shutdown();
    else answered(message);
  });
  send({ kind: 'ready' });
  try {
    await worker.run();
  } finally {
    await connection.close().catch(() => undefined);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: (error as Error).stack ?? String(error) });
  process.exit(1);
});
