/**
 * The world's synchronous API as strategies see it: each call is answered at once, at the
 * caller's simulated time. Its interfaces could equally be backed by real adapters (SSH, a
 * batch scheduler, a broker). Plain data only: imported by workflow code.
 */
import type { JobSpec } from '../model.js';

/** Start running a task on the caller's node. For JOB_SUBMISSION tasks this submits to the site. */
export interface ExecStartCall {
  readonly op: 'exec.start';
  readonly node: string;
  readonly job: JobSpec;
  readonly task: string;
  readonly attempt: number;
}

export interface ExecStartResult {
  /** Simulated run time: the caller finishes the task after it, with a workflow timer. */
  readonly durationMs: number;
  /** Ordinal of this execution of the task across the whole run (0 = first). */
  readonly execution: number;
  /** Site job created by a JOB_SUBMISSION task. */
  readonly siteJob?: string;
}

/** Report that a started task has finished on the caller's node. */
export interface ExecFinishCall {
  readonly op: 'exec.finish';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly attempt: number;
  readonly execution: number;
}

export interface ExecFinishResult {
  readonly outcome: 'ok';
}

/**
 * The failure detector's view of `node`'s heartbeats, as `observer` receives them. Heartbeats
 * are periodic and carry nothing, so instead of one message each, the world computes when the
 * detector's verdict next changes: when a trusted node has been silent for `timeoutMs`, or when
 * a suspected node is heard again. The caller sets a workflow timer for that instant.
 */
export interface DetectorNextCall {
  readonly op: 'detector.next';
  readonly observer: string;
  readonly node: string;
  readonly periodMs: number;
  readonly timeoutMs: number;
  /** The detector's current verdict about `node`. */
  readonly trusted: boolean;
}

export interface DetectorNextResult {
  /** When the verdict flips, or null if it does not before the run ends. */
  readonly atMs: number | null;
  readonly verdict: 'suspect' | 'trust';
  /** Heartbeats received between now and `atMs` (counted in message cost). */
  readonly heartbeats: number;
}

/** The next job a client submits, after the `index`-th. */
export interface WorkloadNextCall {
  readonly op: 'workload.next';
  readonly client: string;
  readonly index: number;
}

export interface WorkloadNextResult {
  readonly next: { readonly index: number; readonly atMs: number; readonly job: JobSpec } | null;
}

/** Every job a client submitted, for the final reads. */
export interface WorkloadJobsCall {
  readonly op: 'workload.jobs';
  readonly client: string;
}

export interface WorkloadJobsResult {
  readonly jobIds: readonly string[];
}

export type WorldCall = ExecStartCall | ExecFinishCall | DetectorNextCall | WorkloadNextCall | WorkloadJobsCall;

export interface WorldCallResults {
  'exec.start': ExecStartResult;
  'exec.finish': ExecFinishResult;
  'detector.next': DetectorNextResult;
  'workload.next': WorkloadNextResult;
  'workload.jobs': WorkloadJobsResult;
}

export type WorldCallResult<C extends WorldCall> = WorldCallResults[C['op']];
