/**
 * The world: the simulated data plane. It answers the strategies' calls at once, at the caller's
 * simulated time, decides every outcome from the seed and the fault timeline, and keeps the
 * ground truth (the ledger) and the history. It never reads a wall clock and never draws from
 * an unseeded source; every random decision comes from a stream keyed by stable identities.
 */
import type { ResolvedConfig, ResolvedJob } from '../config.js';
import type { HistoryDraft, HistoryEntry, LedgerEntry } from '../history.js';
import { type JobSpec, SITE_EFFECT_KINDS, type TaskSpec, taskKey } from '../model.js';
import { stream } from '../random.js';
import type {
  DetectorNextCall,
  ExecFinishCall,
  ExecStartCall,
  WorldCall,
  WorldCallResults,
} from './calls.js';
import { nextDetectorTransition, type HeartbeatLinks } from './detector.js';
import { sampleDurationMs } from './distributions.js';
import { Network } from './network.js';
import { FaultTimeline } from './timeline.js';

/** Who is calling: the component and the node it runs on. */
export interface Caller {
  readonly component: string;
  readonly node: string;
}

export interface MessageStats {
  sent: number;
  delivered: number;
  droppedReceiverDown: number;
  droppedUnreachable: number;
  heartbeats: number;
}

export interface WorldProgress {
  readonly nowMs: number;
  readonly jobsTotal: number;
  readonly jobsCompleted: number;
  readonly activeFaults: readonly string[];
}

export class World {
  readonly timeline: FaultTimeline;
  readonly network: Network;
  readonly history: HistoryEntry[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly messages: MessageStats = { sent: 0, delivered: 0, droppedReceiverDown: 0, droppedUnreachable: 0, heartbeats: 0 };
  private readonly jobsById: Map<string, ResolvedJob>;
  private readonly jobsByClient = new Map<string, ResolvedJob[]>();
  private readonly executions = new Map<string, number>();
  private readonly siteJobs = new Map<string, number>();
  private readonly tasksDone = new Map<string, Set<string>>();
  private jobsCompleted = 0;
  private nowMs = 0;

  constructor(readonly config: ResolvedConfig) {
    this.timeline = new FaultTimeline(config.faults);
    this.network = new Network(config);
    this.jobsById = new Map(config.workload.jobs.map((job) => [job.id, job]));
    for (const job of config.workload.jobs) {
      const list = this.jobsByClient.get(job.client) ?? [];
      list.push(job);
      this.jobsByClient.set(job.client, list);
    }
  }

  /** Advances the world's notion of now; the scheduler calls it as it hands out events. */
  advanceTo(nowMs: number): void {
    if (nowMs < this.nowMs) throw new Error(`world: time went backwards (${nowMs} < ${this.nowMs})`);
    this.nowMs = nowMs;
  }

  record(process: string, timeMs: number, draft: HistoryDraft): void {
    const { process: onBehalfOf, ...rest } = draft;
    this.history.push({ index: this.history.length, timeMs, process: onBehalfOf ?? process, ...rest });
  }

  isNodeDown(node: string, atMs: number): boolean {
    return this.timeline.isDown(node, atMs);
  }

  progress(): WorldProgress {
    return {
      nowMs: this.nowMs,
      jobsTotal: this.config.workload.jobs.length,
      jobsCompleted: this.jobsCompleted,
      activeFaults: this.timeline.activeAt(this.nowMs).map((fault) => `${fault.kind} ${fault.node}`),
    };
  }

  /** The full spec of a job as its client submits it. */
  jobSpec(jobId: string): JobSpec {
    const job = this.jobsById.get(jobId);
    if (!job) throw new Error(`world: unknown job ${jobId}`);
    const tasks = this.config.workload.jobTypes[job.type];
    if (!tasks) throw new Error(`world: unknown job type ${job.type}`);
    return { id: job.id, type: job.type, priority: job.priority, site: job.site, tasks };
  }

  handle<C extends WorldCall>(call: C, caller: Caller, nowMs: number): WorldCallResults[C['op']] {
    return this.dispatch(call, caller, nowMs) as WorldCallResults[C['op']];
  }

  private dispatch(call: WorldCall, caller: Caller, nowMs: number): WorldCallResults[WorldCall['op']] {
    switch (call.op) {
      case 'exec.start':
        return this.execStart(call, caller, nowMs);
      case 'exec.finish':
        return this.execFinish(call, caller, nowMs);
      case 'detector.next':
        return this.detectorNext(call, caller, nowMs);
      case 'workload.next': {
        const jobs = this.jobsByClient.get(call.client) ?? [];
        const job = jobs[call.index];
        return { next: job ? { index: call.index, atMs: job.arrivalMs, job: this.jobSpec(job.id) } : null };
      }
      case 'workload.jobs':
        return { jobIds: (this.jobsByClient.get(call.client) ?? []).map((job) => job.id) };
    }
  }

  private execStart(call: ExecStartCall, caller: Caller, nowMs: number): WorldCallResults['exec.start'] {
    this.assertCallerOnNode(caller, call.node);
    const task = this.taskOf(call.job, call.task);
    const key = taskKey(call.job.id, call.task);
    const execution = this.executions.get(key) ?? 0;
    this.executions.set(key, execution + 1);
    const durationMs = sampleDurationMs(
      this.config.workload.durations[task.kind],
      stream(this.config.seed, 'exec', call.job.id, call.task, execution),
      1,
    );
    this.ledger.push({ kind: 'exec-start', timeMs: nowMs, node: call.node, job: call.job.id, task: call.task, attempt: call.attempt, execution, durationMs });
    let siteJob: string | undefined;
    if (SITE_EFFECT_KINDS.has(task.kind)) {
      const count = (this.siteJobs.get(call.job.site) ?? 0) + 1;
      this.siteJobs.set(call.job.site, count);
      siteJob = `${call.job.site}#${count}`;
      this.ledger.push({ kind: 'site-effect', timeMs: nowMs, site: call.job.site, node: call.node, job: call.job.id, task: call.task, attempt: call.attempt, siteJob });
    }
    return { durationMs, execution, siteJob };
  }

  private execFinish(call: ExecFinishCall, caller: Caller, nowMs: number): WorldCallResults['exec.finish'] {
    this.assertCallerOnNode(caller, call.node);
    this.ledger.push({ kind: 'exec-end', timeMs: nowMs, node: call.node, job: call.job, task: call.task, attempt: call.attempt, execution: call.execution, outcome: 'ok' });
    const done = this.tasksDone.get(call.job) ?? new Set<string>();
    const before = done.size;
    done.add(call.task);
    this.tasksDone.set(call.job, done);
    const spec = this.jobSpec(call.job);
    if (before < spec.tasks.length && done.size === spec.tasks.length) this.jobsCompleted++;
    return { outcome: 'ok' };
  }

  private detectorNext(call: DetectorNextCall, caller: Caller, nowMs: number): WorldCallResults['detector.next'] {
    const result = nextDetectorTransition(this.heartbeatLinks(), {
      observer: caller.node,
      node: call.node,
      fromMs: nowMs,
      periodMs: call.periodMs,
      timeoutMs: call.timeoutMs,
      trusted: call.trusted,
    });
    this.messages.heartbeats += result.heartbeats;
    return result;
  }

  private heartbeatLinks(): HeartbeatLinks {
    const { seed } = this.config;
    return {
      endMs: this.config.phases.endMs,
      isUp: (node, atMs) => !this.timeline.isDown(node, atMs),
      reachable: (from, to, atMs) => this.network.reachable(from, to, atMs),
      heartbeatLatencyMs: (from, to, sequence) => this.network.latencyMs(from, to, ['heartbeat', from, to, sequence]),
      heartbeatPhaseMs: (node, periodMs) => stream(seed, 'heartbeat-phase', node).int(0, periodMs - 1),
    };
  }

  private taskOf(job: JobSpec, taskId: string): TaskSpec {
    const task = job.tasks.find((candidate) => candidate.id === taskId);
    if (!task) throw new Error(`world: job ${job.id} has no task ${taskId}`);
    return task;
  }

  private assertCallerOnNode(caller: Caller, node: string): void {
    if (caller.node !== node) throw new Error(`world: ${caller.component} runs on ${caller.node} but acted for node ${node}`);
  }
}
