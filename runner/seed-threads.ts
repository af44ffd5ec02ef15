/**
 * Worker threads for seeds on the direct runtime: `--parallel P` seeds at a time, each thread
 * running one seed after another (`seed-thread.ts`). A direct run is pure computation on one
 * thread, so seeds in threads use every core, where seeds sharing the main thread would not.
 * A seed's outcome does not depend on the thread it ran in: the run holds no state outside
 * itself, and its order of events is its own scheduler's.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SimulationAborted } from '../simulator/aborted.js';
import { RunInterrupted } from './execute.js';
import type { RunOutcome } from './run.js';

export interface SeedJob {
  readonly id: number;
  readonly scenarioFile: string;
  readonly strategies: readonly string[];
  readonly seed: number;
  readonly outDir: string;
}

export type SeedReply =
  | { readonly id: number; readonly outcome: RunOutcome }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/**
 * Starts a thread on the entry: the compiled JavaScript next to this file, or — when faultline
 * runs from its TypeScript sources (tsx, vitest) — the source, through tsx's loader, which the
 * thread registers before it imports the entry (a worker thread does not take `--import`).
 */
function startThread(): Worker {
  const compiled = new URL('./seed-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const source = new URL('./seed-thread.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`, { eval: true });
}

/**
 * An error as the thread reported it, as the class the CLI maps to an exit code where there is
 * one. (Scenario errors cannot arise there: the scenario is read in the main thread first.)
 */
function revive(error: { readonly name: string; readonly message: string; readonly stack?: string }): Error {
  const revived = error.name === 'SimulationAborted' ? new SimulationAborted(error.message) : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}

export class SeedThreads {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private nextId = 0;
  private closed = false;

  constructor(size: number) {
    for (let index = 0; index < size; index++) {
      const worker = startThread();
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Runs one seed on a free thread. */
  async run(job: Omit<SeedJob, 'id'>): Promise<RunOutcome> {
    const worker = await this.acquire();
    try {
      return await this.send(worker, { ...job, id: this.nextId++ });
    } finally {
      this.release(worker);
    }
  }

  /** Stops every thread at once (a run in one is abandoned). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, job: SeedJob): Promise<RunOutcome> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: SeedReply) => {
        if (reply.id !== job.id) return;
        cleanUp();
        if ('outcome' in reply) resolve(reply.outcome);
        else reject(revive(reply.error));
      };
      const onError = (error: Error) => {
        cleanUp();
        reject(error);
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
