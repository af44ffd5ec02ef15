/**
 * Worker threads for runs on the direct runtime: `--parallel P` seeds at a time, each thread
 * running one seed after another (`seed-thread.ts`), and `faultline run --runtime direct`'s one
 * run. A direct run is pure computation on one thread, so seeds in threads use every core, where
 * seeds sharing the main thread would not. A seed's outcome does not depend on the thread it ran
 * in: the run holds no state outside itself, and its order of events is its own scheduler's.
 *
 * Each thread's heap is capped (DIRECT_HEAP_MIB). A long run allocates fast and keeps little —
 * 100,000 jobs hold about 0.5 GiB live — and V8, left to its own limit (a quarter of the
 * machine's memory here), lets the process grow to 2.7 GiB before it collects in earnest; with a
 * cap it collects sooner and the same run peaks at 1.3 GiB, for about a tenth more time. A worker
 * thread is where Node lets a program set its own heap limit (`resourceLimits`); the main
 * thread's is fixed when the process starts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SimulationAborted } from '../simulator/base/aborted.js';
import type { ResolvedConfig } from '../simulator/scenario/config.js';
import { ScenarioError, type ScenarioProblem } from '../simulator/scenario/errors.js';
import type { WorldProgress } from '../simulator/world/world.js';
import type { Strategy } from '../strategies/types.js';
import type { CostEstimate } from './cost.js';
import { CostRefused } from './cost.js';
import { RunInterrupted } from './execute.js';
import { RunFolderError } from './output.js';
import type { StrategyResults, StrategyWall } from '../results/run.js';
import type { RunEvents, RunOptions, RunOutcome } from './run.js';

/**
 * The old-generation heap of a thread running a direct run, in MiB: a 100,000-job run needs about 1,200
 * (FAULTLINE_HEAP_MIB, at least 64; otherwise ignored).
 */
export const DIRECT_HEAP_MIB = ((asked: number) => (Number.isFinite(asked) && asked >= 64 ? asked : 1_200))(
  Number(process.env['FAULTLINE_HEAP_MIB'] ?? 1_200),
);

export interface SeedJob {
  readonly id: number;
  readonly scenarioFile: string;
  readonly strategies: readonly string[];
  /** Default: the scenario's. */
  readonly seed?: number;
  readonly outDir?: string;
  readonly force?: boolean;
  readonly yes?: boolean;
  /** Send the run's events (RunEvents) back as they happen. */
  readonly events?: boolean;
}

/** An error as a thread reports it: enough to rebuild the class the CLI maps to an exit code. */
export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly file?: string;
  readonly problems?: readonly ScenarioProblem[];
}

/** One of the run's events, by name, with its arguments (a strategy by its name). */
export interface ThreadEvent {
  readonly id: number;
  readonly event: 'configResolved' | 'strategyStarted' | 'progress' | 'strategyFinished';
  readonly args: readonly unknown[];
}

export type SeedReply =
  | { readonly id: number; readonly outcome: RunOutcome }
  | { readonly id: number; readonly error: ThreadError }
  | ThreadEvent;

/** A thread's run passed its heap (DIRECT_HEAP_MIB): bad input for this machine, exit 2. */
export class RunOutOfMemory extends Error {
  override readonly name = 'RunOutOfMemory';
}

/**
 * Starts a thread on the entry: the compiled JavaScript next to this file, or — when faultline
 * runs from its TypeScript sources (tsx, vitest) — the source, through tsx's loader, which the
 * thread registers before it imports the entry (a worker thread does not take `--import`).
 */
function startThread(heapMiB: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMiB };
  const compiled = new URL('./seed-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, { resourceLimits });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const source = new URL('./seed-thread.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`,
    { eval: true, resourceLimits },
  );
}

/**
 * An error as the thread reported it, as the class the CLI maps to an exit code where there is
 * one (a single direct run reads its scenario in the thread; seeds read theirs in the main
 * thread first).
 */
function revive(error: ThreadError): Error {
  const revived = (() => {
    switch (error.name) {
      case 'SimulationAborted':
        return new SimulationAborted(error.message);
      case 'ScenarioError':
        return new ScenarioError(error.file ?? '', error.problems ?? []);
      case 'RunFolderError':
        return new RunFolderError(error.message);
      case 'CostRefused':
        return new CostRefused(error.message);
      default:
        return new Error(error.message);
    }
  })();
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** The thread's run events as RunEvents calls: a strategy named in the thread is the caller's object. */
function deliver(message: ThreadEvent, events: RunEvents, strategies: readonly Strategy[]): void {
  const strategy = () => strategies.find((candidate) => candidate.name === message.args[0]) as Strategy;
  const args = message.args;
  if (message.event === 'configResolved')
    events.configResolved?.(
      args[0] as ResolvedConfig,
      args[1] as string,
      args[2] as ScenarioProblem[],
      args[3] as CostEstimate,
    );
  else if (message.event === 'strategyStarted') events.strategyStarted?.(strategy(), args[1] as ResolvedConfig);
  else if (message.event === 'progress') events.progress?.(strategy(), args[1] as WorldProgress);
  else events.strategyFinished?.(strategy(), args[1] as StrategyResults, args[2] as StrategyWall);
}

/**
 * `faultline run --runtime direct`: the run in a thread of its own, for its capped heap, with its
 * events delivered here as they happen. Aborting the signal stops the thread (RunInterrupted).
 */
export async function runScenarioInThread(options: RunOptions, heapMiB = DIRECT_HEAP_MIB): Promise<RunOutcome> {
  const threads = new SeedThreads(1, heapMiB);
  const stop = () => void threads.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    const { scenarioFile, seed, outDir, force, yes, strategies } = options;
    const outcome = await threads.run(
      { scenarioFile, seed, outDir, force, yes, strategies: strategies.map((strategy) => strategy.name), events: true },
      options.events && { events: options.events, strategies },
    );
    // The report is written here, on the caller's thread: a writer cannot be posted to a thread.
    await options.report?.(outcome.folder);
    return outcome;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await threads.close();
  }
}

export class SeedThreads {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    size: number,
    private readonly heapMiB = DIRECT_HEAP_MIB,
  ) {
    for (let index = 0; index < size; index++) {
      const worker = startThread(heapMiB);
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one seed on a free thread. */
  async run(
    job: Omit<SeedJob, 'id'>,
    listener?: { readonly events: RunEvents; readonly strategies: readonly Strategy[] },
  ): Promise<RunOutcome> {
    const worker = await this.acquire();
    try {
      return await this.send(worker, { ...job, id: this.nextId++ }, listener);
    } finally {
      this.release(worker);
    }
  }

  /** Stops every thread at once (a run in one is abandoned). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private send(
    worker: Worker,
    job: SeedJob,
    listener?: { readonly events: RunEvents; readonly strategies: readonly Strategy[] },
  ): Promise<RunOutcome> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: SeedReply) => {
        if (reply.id !== job.id) return;
        if ('event' in reply) {
          if (listener) deliver(reply, listener.events, listener.strategies);
          return;
        }
        cleanUp();
        if ('outcome' in reply) resolve(reply.outcome);
        else reject(revive(reply.error));
      };
      const onError = (error: Error & { code?: string }) => {
        cleanUp();
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new RunOutOfMemory(
                `the run${job.seed === undefined ? '' : ` of seed ${job.seed}`} passed the direct runtime's heap of ${this.heapMiB} MiB (enough for about 100,000 jobs); run fewer jobs, or raise it with FAULTLINE_HEAP_MIB=<MiB> if the machine has the memory`,
              )
            : error,
        );
      };
      const onExit = () => {
        cleanUp();
        reject(this.closed ? new RunInterrupted() : new Error(`the thread running seed ${job.seed} exited`));
      };
      const cleanUp = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  private acquire(): Promise<Worker> {
    const worker = this.idle.pop();
    if (worker) return Promise.resolve(worker);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }
}
