/**
 * The world's synchronous API as strategies see it (`ctx.world(call)`): each call is answered at
 * once, at the caller's simulated time, by the data plane. The interfaces could equally be
 * backed by real adapters (SSH, a batch scheduler, a key-value store). Plain data only.
 */
import type { JobSpec } from '../scenario/model.js';

/** Start running a task on the caller's node. For JOB_SUBMISSION this submits to the site. */
export interface ExecStartCall {
  readonly op: 'exec.start';
  readonly node: string;
  readonly job: JobSpec;
  readonly task: string;
  /** The strategy's label for this attempt (dispatch count, lease token...). */
  readonly attempt: number;
  /** For JOB_SUBMISSION: the submitter's fencing token; the site refuses one lower than it has seen. */
  readonly fence?: number;
  /**
   * For JOB_SUBMISSION: an idempotency key (like Aurora's job key = experiment id). A site that
   * already has a job with this key returns it instead of creating a second one.
   */
  readonly idempotencyKey?: string;
}

export type ExecStartResult =
  | {
      readonly started: true;
      /** Simulated run time: the caller finishes the task after it, with a workflow timer. */
      readonly durationMs: number;
      /** Ordinal of this execution of the task across the run (0 = first). */
      readonly execution: number;
    }
  | { readonly started: false; readonly reason: string };

/** The task started by `exec.start` has run for its duration: how did it end? */
export interface ExecFinishCall {
  readonly op: 'exec.finish';
  readonly node: string;
  readonly job: string;
  readonly task: string;
  readonly execution: number;
}

export type TaskOutcome = 'ok' | 'retryable' | 'fatal';

export interface ExecFinishResult {
  readonly outcome: TaskOutcome;
  readonly reason?: string;
  /** The site job a JOB_SUBMISSION created, or a MONITORING task watched. */
  readonly siteJob?: string;
}

/**
 * Watch `node` with a heartbeat failure detector: the world posts the caller a
 * `{ type: 'detector', node, verdict }` message (from `$world`) each time the verdict flips.
 */
export interface DetectorWatchCall {
  readonly op: 'detector.watch';
  readonly node: string;
  readonly periodMs: number;
  readonly timeoutMs: number;
}

/** What a watcher receives from `$world` (`world/detector.ts`) each time the verdict on the node flips. */
export interface DetectorVerdict {
  readonly type: 'detector';
  readonly node: string;
  readonly verdict: 'suspect' | 'trust';
}

export interface DetectorUnwatchCall {
  readonly op: 'detector.unwatch';
  readonly node: string;
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

/** Every job a client submits, for the final reads. */
export interface WorkloadJobsCall {
  readonly op: 'workload.jobs';
  readonly client: string;
}

export type Consistency = 'one' | 'quorum' | 'all';

export interface StoreReadCall {
  readonly op: 'store.read';
  readonly key: string;
  readonly consistency: Consistency;
}

export interface StoreWriteCall {
  readonly op: 'store.write';
  readonly key: string;
  readonly value: unknown;
  readonly consistency: Consistency;
  /** Refused if a newer lease on `resource` has been handed out than the one whose token this is. */
  readonly fence?: { readonly resource: string; readonly token: number };
}

export interface StoreCasCall {
  readonly op: 'store.cas';
  readonly key: string;
  readonly expectedVersion: number;
  readonly value: unknown;
  readonly fence?: { readonly resource: string; readonly token: number };
}

export interface LeaseAcquireCall {
  readonly op: 'lease.acquire';
  readonly resource: string;
  readonly owner: string;
  readonly ttlMs: number;
  /** Take the lease even from a live holder (it gets a higher token; the old one is fenced out). */
  readonly preempt?: boolean;
}

/** Keys with a prefix, as the nearest reachable replica knows them. */
export interface StoreKeysCall {
  readonly op: 'store.keys';
  readonly prefix: string;
}

export interface LeaseReleaseCall {
  readonly op: 'lease.release';
  readonly resource: string;
  readonly owner: string;
  readonly token: number;
}

/** A named step boundary: a `crash` fault with `when: { on: point }` may crash the caller here. */
export interface CrashPointCall {
  readonly op: 'crash.point';
  readonly name: string;
}

export type WorldCall =
  | ExecStartCall
  | ExecFinishCall
  | DetectorWatchCall
  | DetectorUnwatchCall
  | WorkloadNextCall
  | WorkloadJobsCall
  | StoreReadCall
  | StoreWriteCall
  | StoreCasCall
  | LeaseAcquireCall
  | LeaseReleaseCall
  | StoreKeysCall
  | CrashPointCall;

export interface WorldCallResults {
  'exec.start': ExecStartResult;
  'exec.finish': ExecFinishResult;
  'detector.watch': Record<string, never>;
  'detector.unwatch': Record<string, never>;
  'workload.next': WorkloadNextResult;
  'workload.jobs': { readonly jobIds: readonly string[] };
  'store.read':
    | { readonly ok: true; readonly value: unknown; readonly version: number; readonly replica: string }
    | { readonly ok: false; readonly reason: string };
  'store.write':
    | { readonly ok: true; readonly version: number }
    | {
        readonly ok: false;
        readonly reason: string;
        readonly current?: { readonly value: unknown; readonly version: number };
      };
  'store.cas': WorldCallResults['store.write'];
  'lease.acquire':
    | { readonly ok: true; readonly token: number; readonly expiresAtMs: number }
    | { readonly ok: false; readonly reason: string; readonly holder?: string; readonly expiresAtMs?: number };
  'lease.release': Record<string, never>;
  'store.keys':
    { readonly ok: true; readonly keys: readonly string[] } | { readonly ok: false; readonly reason: string };
  'crash.point': Record<string, never>;
}

export type WorldCallResult<C extends WorldCall> = WorldCallResults[C['op']];

/** What the activity returns for a call: the result, or word that the caller's node crashed just now. */
export type CallOutcome = { readonly kind: 'result'; readonly result: unknown } | { readonly kind: 'crashed' };
