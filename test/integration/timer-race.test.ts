/**
 * The stall at step 10 under CPU load, reproduced on purpose (see ARCHITECTURE.md, *Test-server
 * quirks*). A workflow sleeps on a timer; a doorbell signal wakes it first; the workflow task
 * that handles the doorbell then runs a local activity longer than the timer had left (on a
 * loaded machine, a workflow task of the kernel takes hundreds of milliseconds), so the timer
 * falls due, in server time, while the task is open. If that task's completion cancels the
 * timer, the Java test server refuses it ("invalid history builder state for action"), drops
 * the fired timer with the completion and leaks time-skipping locks: the workflow never moves
 * again. The kernel therefore never cancels a timer (`WakeTimers` in run-component.ts); left to
 * fire unheeded, the timer does no harm. `strategies.test.ts` checks that real runs cancel none.
 */
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../engine/index.js';
import type { Engine } from '../../engine/types.js';
import { installQuietRuntime } from '../../runner/temporal-runtime.js';

const TIMER_MS = 1_000;
/** Longer than the timer has left when the doorbell's task starts, by a wide margin on any machine. */
const PAUSE_MS = 2_500;
/** After the pause, a workflow that can still move completes within a timer or two; a stuck one never does. */
const STUCK_AFTER_MS = PAUSE_MS + 4 * TIMER_MS + 5_000;

let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;

beforeAll(async () => {
  installQuietRuntime();
  bundle = await bundleWorkflowCode({
    workflowsPath: new URL('../fixtures/workflows/timer-race.ts', import.meta.url).pathname,
    logger: new DefaultLogger('ERROR'),
  });
}, 120_000);

/**
 * Runs `body` against a server of its own (a stalled workflow leaves time-skipping locks behind) and a worker for the
 * fixture.
 */
async function withServer<T>(body: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await startEngine();
  const worker = await Worker.create({
    connection: engine.nativeConnection,
    namespace: engine.namespace,
    taskQueue: 'timer-race',
    workflowBundle: bundle,
    activities: { pause: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) },
  });
  const running = worker.run();
  try {
    return await body(engine);
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await engine.stop();
  }
}

/** Starts the workflow, rings its doorbell as soon as its timer is set, and says how it ended within the budget. */
async function race(
  engine: Engine,
  workflowType: 'sleepWithCancel' | 'sleepWithoutCancel',
): Promise<{ outcome: string; events: string[] }> {
  const client = new Client({ connection: engine.connection, namespace: engine.namespace });
  const handle = await client.workflow.start(workflowType, {
    taskQueue: 'timer-race',
    workflowId: `race-${workflowType}`,
    args: [TIMER_MS, PAUSE_MS],
    workflowTaskTimeout: '30s',
  });
  for (;;) {
    const history = await handle.fetchHistory();
    if (history.events?.some((event) => event.timerStartedEventAttributes)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await handle.signal('ring');
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    engine.awaitResult<string>(handle),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve('stuck'), STUCK_AFTER_MS))),
  ]).finally(() => clearTimeout(timer));
  const history = await handle.fetchHistory();
  const events = (history.events ?? []).map(
    (event) =>
      Object.keys(event)
        .find((key) => key.endsWith('EventAttributes'))
        ?.replace('EventAttributes', '') ?? '?',
  );
  await handle.terminate('test over').catch(() => undefined);
  return { outcome, events };
}

describe('a timer that falls due while the task that would cancel it is open', () => {
  it('stalls the test server when the task cancels it (the kernel’s old sleep)', async () => {
    const { outcome, events } = await withServer((engine) => race(engine, 'sleepWithCancel'));
    expect(outcome).toBe('stuck');
    // The doorbell's task started and never completed, failed or timed out; the fired timer is gone.
    expect(events.slice(-3)).toEqual(['workflowExecutionSignaled', 'workflowTaskScheduled', 'workflowTaskStarted']);
    expect(events).not.toContain('timerFired');
  }, 60_000);

  it('does no harm when the timer is left to fire unheeded (the kernel’s sleep)', async () => {
    const { outcome, events } = await withServer((engine) => race(engine, 'sleepWithoutCancel'));
    expect(outcome).toBe('rung');
    expect(events).not.toContain('timerCanceled');
    expect(events).toContain('timerFired');
  }, 60_000);
});
