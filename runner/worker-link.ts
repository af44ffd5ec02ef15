/**
 * The messages between the runner and its worker process (`worker-process.ts` starts it,
 * `worker-main.ts` is its entry). The worker runs the strategies' workflows; the world and the
 * scheduler stay in the runner. A workflow's local activity in the worker asks the runner over
 * Node's IPC channel and returns the answer, so a killed worker loses only questions in flight:
 * Temporal replays the workflows on a new worker, which asks them again, and the scheduler answers
 * a repeated question as it did the first time (`simulator/scheduler/scheduler.ts`, `StepAnswers`).
 */
import type { SimulationActivities } from '../simulator/temporal/activities.js';

/** What a worker process is started with (in the environment variable `WORKER_CONFIG_VARIABLE`, as JSON). */
export interface WorkerConfig {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** The bundled workflow code, written by the runner. */
  readonly bundlePath: string;
  readonly maxCachedWorkflows: number;
  /** How long a workflow task waits for this worker's sticky queue before any worker may take it. */
  readonly stickyQueueScheduleToStartTimeoutMs?: number;
}

export const WORKER_CONFIG_VARIABLE = 'FAULTLINE_WORKER_CONFIG';

export type ActivityName = keyof SimulationActivities;

/** From the worker to the runner. */
export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'ask'; readonly id: number; readonly activity: ActivityName; readonly request: unknown }
  /** The worker stopped by itself (its `run()` failed): the run cannot go on. */
  | { readonly kind: 'failed'; readonly message: string };

/** From the runner to the worker. */
export type RunnerMessage =
  | { readonly kind: 'answer'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'refusal'; readonly id: number; readonly message: string; readonly type: string }
  /** Shut down gracefully (the run is over). */
  | { readonly kind: 'shutdown' };
