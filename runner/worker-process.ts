/**
 * The runner's side of the worker process: starts `worker-main` as a child process with an IPC
 * channel, answers its local activities with the simulation's (the world and the scheduler stay
 * here), and kills, replaces and stops it. Every wait is bounded.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulationActivities } from '../simulator/temporal/activities.js';
import { workflowBundle } from './temporal-runtime.js';
import { type RunnerMessage, WORKER_CONFIG_VARIABLE, type WorkerConfig, type WorkerMessage } from './worker-link.js';

/** How long a new worker process may take to connect and register (it loads the SDK and the bundle). */
const READY_BUDGET_MS = 60_000;
/** How long a worker asked to shut down may take before it is killed. */
const SHUTDOWN_BUDGET_MS = 10_000;

export interface WorkerProcess {
  readonly pid: number;
  /** Rejects when the process ends without being asked to (killed from outside, or its worker failed). */
  readonly lost: Promise<never>;
  /** SIGKILL, and wait until it has exited. */
  kill(): Promise<void>;
  /** Asks it to shut down, and kills it if it has not within a few seconds. Idempotent. */
  stop(): Promise<void>;
}

/** The worker's entry, next to this file in dist/ (JavaScript) or in the sources (TypeScript, run through tsx). */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = join(here, 'worker-main.js');
  if (existsSync(compiled)) return { path: compiled, execArgv: [] };
  return { path: join(here, 'worker-main.ts'), execArgv: ['--import', 'tsx'] };
}

let bundleFile: Promise<string> | undefined;

/** The workflow bundle written to a file once per process (removed when the process exits), for worker processes. */
export function workflowBundleFile(): Promise<string> {
  bundleFile ??= workflowBundle().then(({ code }) => {
    const folder = mkdtempSync(join(tmpdir(), 'faultline-bundle-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    const path = join(folder, 'workflows.js');
    writeFileSync(path, code);
    return path;
  });
  return bundleFile;
}

/** Starts a worker process and waits until its worker polls (bounded). */
export async function startWorkerProcess(
  config: WorkerConfig,
  activities: SimulationActivities,
): Promise<WorkerProcess> {
  const entry = workerEntry();
  const child = fork(entry.path, [], {
    execArgv: entry.execArgv,
    env: { ...process.env, [WORKER_CONFIG_VARIABLE]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let expected = false;
  let failure = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // A process that could not be started never exits.
    child.once('error', (error) => {
      failure ||= `could not start it: ${error.message}`;
      if (child.pid === undefined) resolve();
    });
  });
  // Never settles for an exit that was asked for (kill, stop).
  const lost = exited.then((): Promise<never> =>
    expected
      ? new Promise<never>(() => undefined)
      : Promise.reject(
          new Error(`the worker process (pid ${child.pid ?? '?'}) ended unasked${failure ? `: ${failure}` : ''}`),
        ),
  );
  lost.catch(() => undefined);
  const ready = new Promise<void>((resolve) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.kind === 'ready') resolve();
      else if (message.kind === 'failed') failure = message.message;
      else void answer(child, activities, message);
    });
  });
  const kill = async () => {
    expected = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  await waitReady(ready, lost, kill);
  return {
    pid: child.pid ?? -1,
    lost,
    kill,
    stop: async () => {
      if (expected) return exited;
      expected = true;
      sendTo(child, { kind: 'shutdown' });
      const timer = setTimeout(() => child.kill('SIGKILL'), SHUTDOWN_BUDGET_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitReady(ready: Promise<void>, lost: Promise<never>, kill: () => Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the worker process did not start within ${READY_BUDGET_MS / 1000} s`)),
      READY_BUDGET_MS,
    );
  });
  try {
    await Promise.race([ready, lost, late]);
  } catch (error) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Answers one local activity of the worker; an answer for a worker that has gone meanwhile is dropped. */
async function answer(
  child: ChildProcess,
  activities: SimulationActivities,
  message: Extract<WorkerMessage, { kind: 'ask' }>,
): Promise<void> {
  let reply: RunnerMessage;
  try {
    const body = activities[message.activity] as (request: unknown) => Promise<unknown>;
    reply = { kind: 'answer', id: message.id, result: await body(message.request) };
  } catch (error) {
    const failure = error as Error & { type?: string };
    reply = { kind: 'refusal', id: message.id, message: failure.message, type: failure.type ?? failure.name };
  }
  sendTo(child, reply);
}

/** Sends to the worker if its channel is open; a channel closing meanwhile (the worker killed) is no error. */
function sendTo(child: ChildProcess, message: RunnerMessage): void {
  if (child.connected) child.send(message, () => undefined);
}

/** The run's worker process, replaced when killed: what the runner races its driver against. */
export interface SupervisedWorker {
  /** Rejects when the current worker process ends unasked. */
  readonly lost: Promise<never>;
  readonly pid: () => number;
  /** SIGKILL the worker process and start another (Temporal replays the workflows on it). */
  replace(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a worker process and keeps one running across `replace`. */
export async function superviseWorker(
  config: WorkerConfig,
  activities: SimulationActivities,
): Promise<SupervisedWorker> {
  let reportLoss: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => {
    reportLoss = reject;
  });
  lost.catch(() => undefined);
  const watch = (worker: WorkerProcess) => worker.lost.catch((error: Error) => reportLoss(error));
  let current = await startWorkerProcess(config, activities);
  void watch(current);
  let stopped = false;
  return {
    lost,
    pid: () => current.pid,
    async replace() {
      await current.kill();
      if (stopped) return;
      const next = await startWorkerProcess(config, activities);
      current = next;
      void watch(next);
      // Stopped while the new one started (Ctrl-C during a restart): it goes too.
      if (stopped) await next.stop();
    },
    async stop() {
      stopped = true;
      await current.stop();
    },
  };
}
