import type { DurationDistribution } from './fields.js';

/**
 * The domain model shared by the scenario, the world, the strategies and the checkers: jobs made
 * of tasks, worker nodes, compute sites. Plain data only (it crosses Temporal payloads and is
 * imported by workflow code), so no classes and no Node built-ins here.
 */

/**
 * The Airavata experiment chain (docs/background.md, *The task chain*): environment setup → input staging → job
 * submission → monitoring → output staging.
 */
export const AIRAVATA_CHAIN = [
  'ENV_SETUP',
  'INPUT_DATA_STAGING',
  'JOB_SUBMISSION',
  'MONITORING',
  'OUTPUT_DATA_STAGING',
] as const;

export type TaskKind = (typeof AIRAVATA_CHAIN)[number];

/** Task kinds whose execution is a side effect at a compute site (a job appears in its queue). */
export const SITE_EFFECT_KINDS: ReadonlySet<TaskKind> = new Set<TaskKind>(['JOB_SUBMISSION']);

export type Priority = 'NORMAL' | 'URGENT';

export interface TaskSpec {
  /** Unique within its job, e.g. `JOB_SUBMISSION`. */
  readonly id: string;
  readonly kind: TaskKind;
  /** Ids of the tasks of the same job that must finish first. */
  readonly after: readonly string[];
}

/** What a client submits: one experiment. Durations are not here: the world decides them. */
export interface JobSpec {
  readonly id: string;
  readonly type: string;
  readonly priority: Priority;
  /** Compute site the job's JOB_SUBMISSION task submits to. */
  readonly site: string;
  readonly tasks: readonly TaskSpec[];
  /** Scheduled start (Airavata's `scheduleTime`): no task may start before this simulated time. */
  readonly notBeforeMs?: number;
}

export type NodeRole = 'worker' | 'control' | 'client' | 'broker' | 'store';

export interface NodeSpec {
  readonly id: string;
  readonly zone: string;
  readonly role: NodeRole;
  /** Concurrent tasks a worker can run (0 for control and client nodes). */
  readonly slots: number;
  /** Task kinds this node can run. */
  readonly capabilities: readonly TaskKind[];
  /** The node joins the cluster at this time (absent before). */
  readonly joinAtMs?: number;
  /** The node leaves the cluster for good at this time. */
  readonly leaveAtMs?: number;
}

export type SiteKind = 'CLOUD' | 'HPC' | 'VM';

export interface SiteSpec {
  readonly id: string;
  readonly kind: SiteKind;
  readonly zone: string;
  /** Jobs the site runs at once. */
  readonly capacity: number;
  /** Wait in the site's queue before a job may start. */
  readonly queueWait: DurationDistribution;
}

/** Terminal and non-terminal states of a job as a strategy reports it to clients. */
export type JobState = 'UNKNOWN' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export const TERMINAL_JOB_STATES: ReadonlySet<JobState> = new Set<JobState>(['COMPLETED', 'FAILED']);

/** Stable key of one task of one job, used in ledgers and random stream keys. */
export function taskKey(jobId: string, taskId: string): string {
  return `${jobId}/${taskId}`;
}
