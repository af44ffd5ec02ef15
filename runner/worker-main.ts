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
  process.send?.(message);
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

async function main(): Promise<void> {
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
