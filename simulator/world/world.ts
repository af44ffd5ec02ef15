/**
 * The world: the simulated data plane. It answers the strategies' calls at once, at the caller's
 * simulated time, decides every outcome from the seed and the fault timeline, and keeps the
 * ground truth (the ledger) and the history. It never reads a wall clock and never draws from
 * an unseeded source; every random decision comes from a stream keyed by stable identities.
 */
import type { ResolvedConfig, ResolvedJob } from '../scenario/config.js';
import type { CrashTrigger, ResolvedFault } from '../scenario/faults/types.js';
import { describeFault, describeTrigger } from '../scenario/faults/types.js';
import { type HistoryDraft, type HistoryEntry, type LedgerEntry, stampDraft } from '../scenario/history.js';
import type { ComponentId } from '../kernel/protocol.js';
import { type JobSpec, type TaskKind, type TaskSpec, taskKey } from '../scenario/model.js';
import { stream } from '../base/random.js';
import type { ExecFinishCall, ExecStartCall, WorldCall, WorldCallResults } from '../kernel/calls.js';
import { Detector, type Post } from './detector.js';
import { sampleDurationMs } from '../scenario/distributions.js';
import { Network } from './network.js';
import { Sites } from './sites.js';
import { Store } from './store.js';
import { FaultTimeline } from './timeline.js';

/** Who is calling: the component and the node it runs on. */
export interface Caller {
  readonly component: string;
  readonly node: string;
}

/** What happened to the messages between components (the world's own notices are not counted). */
export interface MessageStats {
  /** Messages sent (a message still in flight at the end, or to a finished component, is counted only here). */
  sent: number;
  /** Copies delivered (a duplicated message counts each copy). */
  delivered: number;
  /** Lost to a loss window or a partition. */
  lost: number;
  /** Refused because the receiver's node was down when sent (the sender got a bounce). */
  refused: number;
  /** Messages that were duplicated (each counted once). */
  duplicated: number;
  /** Discarded because the receiver's node was down when they were due. */
  droppedReceiverDown: number;
  /** Heartbeats the detector computed (not sent, not in `sent`). */
  heartbeats: number;
}

export interface WorldProgress {
  readonly nowMs: number;
  readonly jobsTotal: number;
  readonly jobsCompleted: number;
  readonly activeFaults: readonly string[];
}

/** The scheduler's side of the world: where world-originated messages go. */
export interface PostOffice {
  post: Post;
  /** The driver, which records faults fired during the run. */
  readonly driverId: ComponentId;
}

interface Execution {
  readonly node: string;
  readonly job: JobSpec;
  readonly task: TaskSpec;
  readonly attempt: number;
  readonly outcome: WorldCallResults['exec.finish'];
}

/** The world's own process name in messages it sends. */
export const WORLD_SENDER = '$world';

export class World {
  readonly timeline: FaultTimeline;
  readonly network: Network;
  readonly sites: Sites;
  readonly store: Store;
  readonly history: HistoryEntry[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly messages: MessageStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    refused: 0,
    duplicated: 0,
    droppedReceiverDown: 0,
    heartbeats: 0,
  };
  private detector: Detector | undefined;
  private postOffice: PostOffice | undefined;
  private readonly jobsById: Map<string, ResolvedJob>;
  private readonly jobsByClient = new Map<string, ResolvedJob[]>();
  private readonly executionCounts = new Map<string, number>();
  private readonly executions = new Map<string, Execution>();
  private readonly tasksDone = new Map<string, Set<string>>();
  private readonly triggerCounts = new Map<string, number>();
  private jobsCompleted = 0;
  private nowMs = 0;
  private finished = false;

  constructor(readonly config: ResolvedConfig) {
    this.timeline = new FaultTimeline(config.faults, config.nodes, config.phases.endMs);
    this.network = new Network(config, this.timeline);
    this.sites = new Sites(config, this.timeline);
    this.store = new Store(config, this.timeline, this.network);
    this.jobsById = new Map(config.workload.jobs.map((job) => [job.id, job]));
    for (const job of config.workload.jobs) {
      const list = this.jobsByClient.get(job.client) ?? [];
      list.push(job);
      this.jobsByClient.set(job.client, list);
    }
  }

  /** Connects the world to the scheduler that delivers its messages. */
  attach(postOffice: PostOffice): void {
    this.postOffice = postOffice;
    const { seed } = this.config;
    this.detector = new Detector(
      {
        endMs: this.config.phases.endMs,
        isUp: (node, atMs) => this.timeline.isUp(node, atMs),
        reachable: (from, to, atMs) => this.timeline.reachable(from, to, atMs),
        heartbeatLatencyMs: (from, to, sequence, atMs) =>
          this.network.latencyMs(from, to, atMs, stream(seed, 'heartbeat', from, to, sequence)),
        heartbeatPhaseMs: (node, periodMs) => stream(seed, 'heartbeat-phase', node).int(0, periodMs - 1),
      },
      postOffice.post,
    );
  }

  get now(): number {
    return this.nowMs;
  }

  /** Advances the world's notion of now; the scheduler calls it as it hands out events. */
  advanceTo(nowMs: number): void {
    if (nowMs < this.nowMs) throw new Error(`world: time went backwards (${nowMs} < ${this.nowMs})`);
    this.nowMs = nowMs;
  }

  record(process: string, timeMs: number, draft: HistoryDraft): void {
    this.history.push(stampDraft(draft, this.history.length, timeMs, process));
  }

  isNodeDown(node: string, atMs: number): boolean {
    return this.timeline.isDown(node, atMs);
  }

  progress(): WorldProgress {
    return {
      nowMs: this.nowMs,
      jobsTotal: this.config.workload.jobs.length,
      jobsCompleted: this.jobsCompleted,
      activeFaults: this.timeline.activeAt(this.nowMs).map(describeFault),
    };
  }

  /**
   * Ends the run: records in the ledger what each store replica holds when the run ends
   * (`phases.endMs`), one `store-final` entry per key, keys in sorted order — the only record of
   * the replicas' final contents, for the checkers. The runner calls it once the driver has
   * returned; later calls do nothing.
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const endMs = this.config.phases.endMs;
    const snapshot = this.store.snapshot(endMs);
    for (const key of Object.keys(snapshot).sort())
      this.ledger.push({ kind: 'store-final', timeMs: endMs, key, versions: snapshot[key] ?? {} });
  }

  /** Heartbeats the detectors accounted for. */
  get heartbeats(): number {
    return this.detector?.heartbeats ?? 0;
  }

  /** The full spec of a job as its client submits it. */
  jobSpec(jobId: string): JobSpec {
    const job = this.jobsById.get(jobId);
    if (!job) throw new Error(`world: unknown job ${jobId}`);
    const type = this.config.workload.jobTypes[job.type];
    if (!type) throw new Error(`world: unknown job type ${job.type}`);
    const spec: JobSpec = { id: job.id, type: job.type, priority: job.priority, site: job.site, tasks: type.tasks };
    return job.notBeforeMs === undefined ? spec : { ...spec, notBeforeMs: job.notBeforeMs };
  }

  /** Answers one call; `crashedCaller` when it fired a crash trigger that took the caller's node down. */
  handle(
    call: WorldCall,
    caller: Caller,
    nowMs: number,
  ): { readonly result: unknown; readonly crashedCaller: boolean } {
    const downBefore = this.timeline.isDown(caller.node, nowMs);
    const result = this.dispatch(call, caller, nowMs);
    return { result, crashedCaller: !downBefore && this.timeline.isDown(caller.node, nowMs) };
  }

  private dispatch(call: WorldCall, caller: Caller, nowMs: number): WorldCallResults[WorldCall['op']] {
    switch (call.op) {
      case 'exec.start':
        return this.execStart(call, caller, nowMs);
      case 'exec.finish':
        return this.execFinish(call, caller, nowMs);
      case 'detector.watch':
        this.requireDetector().watch(caller.component, caller.node, call.node, call.periodMs, call.timeoutMs, nowMs);
        return {};
      case 'detector.unwatch':
        this.requireDetector().unwatch(caller.component, call.node, nowMs);
        return {};
      case 'workload.next': {
        const job = (this.jobsByClient.get(call.client) ?? [])[call.index];
        return { next: job ? { index: call.index, atMs: job.arrivalMs, job: this.jobSpec(job.id) } : null };
      }
      case 'workload.jobs':
        return { jobIds: (this.jobsByClient.get(call.client) ?? []).map((job) => job.id) };
      case 'store.read':
        return this.store.read(call.key, call.consistency, caller.node, nowMs);
      case 'store.write':
        return this.store.write(call.key, call.value, call.consistency, caller.node, nowMs, call.fence);
      case 'store.cas':
        return this.store.compareAndSet(call.key, call.expectedVersion, call.value, caller.node, nowMs, call.fence);
      case 'lease.acquire':
        return this.store.acquireLease(call.resource, call.owner, call.ttlMs, caller.node, nowMs, call.preempt);
      case 'store.keys':
        return this.store.keys(call.prefix, caller.node, nowMs);
      case 'lease.release':
        this.store.releaseLease(call.resource, call.owner, call.token);
        return {};
      case 'crash.point':
        this.fireTriggers({ on: 'point', point: call.name }, caller.node, nowMs);
        return {};
    }
  }

  private requireDetector(): Detector {
    if (!this.detector) throw new Error('world: not attached to a scheduler');
    return this.detector;
  }

  private execStart(call: ExecStartCall, caller: Caller, nowMs: number): WorldCallResults['exec.start'] {
    this.assertCallerOnNode(caller, call.node);
    const task = call.job.tasks.find((candidate) => candidate.id === call.task);
    if (!task) throw new Error(`world: job ${call.job.id} has no task ${call.task}`);
    const node = this.config.nodes.find((candidate) => candidate.id === call.node);
    if (!node?.capabilities.includes(task.kind))
      return { started: false, reason: `${call.node} cannot run ${task.kind}` };
    const key = taskKey(call.job.id, call.task);
    const execution = this.executionCounts.get(key) ?? 0;
    const random = stream(this.config.seed, 'exec', call.job.id, call.task, execution);
    const slow = this.timeline.slowFactor(call.node, nowMs);
    let durationMs = Math.round(sampleDurationMs(this.config.workload.durations[task.kind], random, 1) * slow);
    let outcome = this.drawOutcome(call.job, task.kind, random);

    if (task.kind === 'JOB_SUBMISSION' && outcome.outcome === 'ok') {
      const submitted = this.sites.submit(
        call.job.site,
        call.job.id,
        call.job.type,
        call.task,
        nowMs,
        call.fence === undefined ? undefined : { token: call.fence },
        call.idempotencyKey,
      );
      if (!submitted.accepted) {
        if (submitted.reason.startsWith('stale fencing token')) return { started: false, reason: submitted.reason };
        outcome = { outcome: 'retryable', reason: submitted.reason };
      } else if (submitted.reused) {
        outcome = { outcome: 'ok', siteJob: submitted.siteJob.id };
      } else {
        const { siteJob } = submitted;
        outcome = { outcome: 'ok', siteJob: siteJob.id };
        this.ledger.push({
          kind: 'site-effect',
          timeMs: nowMs,
          site: siteJob.site,
          node: call.node,
          job: call.job.id,
          task: call.task,
          attempt: call.attempt,
          siteJob: siteJob.id,
          startsAtMs: siteJob.startsAtMs,
          endsAtMs: siteJob.endsAtMs,
        });
      }
    } else if (task.kind === 'MONITORING' && outcome.outcome === 'ok') {
      const pollRandom = stream(this.config.seed, 'poll', call.job.id, call.task, execution);
      const monitored = this.sites.monitor(call.job.site, call.job.id, nowMs, () =>
        Math.round(sampleDurationMs(this.config.workload.durations.MONITORING, pollRandom, 1) * slow),
      );
      durationMs = monitored.durationMs;
      outcome =
        monitored.outcome === 'ok'
          ? { outcome: 'ok', siteJob: monitored.siteJob }
          : { outcome: monitored.outcome, reason: monitored.reason };
    }

    this.executionCounts.set(key, execution + 1);
    this.executions.set(`${key}/${execution}`, {
      node: call.node,
      job: call.job,
      task,
      attempt: call.attempt,
      outcome,
    });
    this.ledger.push({
      kind: 'exec-start',
      timeMs: nowMs,
      node: call.node,
      job: call.job.id,
      task: call.task,
      taskKind: task.kind,
      attempt: call.attempt,
      execution,
      durationMs,
    });
    this.fireTriggers({ on: 'task-start', kind: task.kind }, call.node, nowMs);
    if (task.kind === 'JOB_SUBMISSION' && outcome.siteJob) this.fireTriggers({ on: 'site-submit' }, call.node, nowMs);
    return { started: true, durationMs, execution };
  }

  private drawOutcome(
    job: JobSpec,
    kind: TaskKind,
    random: ReturnType<typeof stream>,
  ): WorldCallResults['exec.finish'] {
    const rates = this.config.workload.jobTypes[job.type]?.failures[kind];
    const draw = random.float();
    if (rates && draw < rates.fatal) return { outcome: 'fatal', reason: `${kind} failed for good` };
    if (rates && draw < rates.fatal + rates.retryable)
      return { outcome: 'retryable', reason: `${kind} failed (retryable)` };
    return { outcome: 'ok' };
  }

  private execFinish(call: ExecFinishCall, caller: Caller, nowMs: number): WorldCallResults['exec.finish'] {
    this.assertCallerOnNode(caller, call.node);
    const execution = this.executions.get(`${taskKey(call.job, call.task)}/${call.execution}`);
    if (!execution)
      throw new Error(
        `world: ${call.node} finished ${call.job}/${call.task} execution ${call.execution}, which never started`,
      );
    if (execution.node !== call.node)
      throw new Error(
        `world: execution ${call.execution} of ${call.job}/${call.task} started on ${execution.node}, not ${call.node}`,
      );
    const { outcome } = execution;
    this.ledger.push({
      kind: 'exec-end',
      timeMs: nowMs,
      node: call.node,
      job: call.job,
      task: call.task,
      taskKind: execution.task.kind,
      attempt: execution.attempt,
      execution: call.execution,
      outcome: outcome.outcome,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    });
    if (outcome.outcome === 'ok') {
      const done = this.tasksDone.get(call.job) ?? new Set<string>();
      const before = done.size;
      done.add(call.task);
      this.tasksDone.set(call.job, done);
      if (before < execution.job.tasks.length && done.size === execution.job.tasks.length) this.jobsCompleted++;
    }
    this.fireTriggers({ on: 'task-finish', kind: execution.task.kind }, call.node, nowMs);
    return outcome;
  }

  /**
   * Counts an event against the crash triggers; the nth matching one crashes a node now.
   * Triggers belong to the crash kind (`scenario/faults/kinds/crash.ts` resolves `when` into them), but
   * firing one needs the run's events as they happen, which only the world sees: so the
   * mechanism stays here, and what it adds to the timeline is an ordinary crash.
   */
  private fireTriggers(
    event: { on: CrashTrigger['on']; kind?: TaskKind; point?: string },
    node: string,
    nowMs: number,
  ): void {
    if (nowMs >= this.config.phases.faultEndMs) return; // healed: no more faults
    for (const trigger of this.config.crashTriggers) {
      if (trigger.on !== event.on) continue;
      if (trigger.taskKind !== undefined && trigger.taskKind !== event.kind) continue;
      if (trigger.point !== undefined && trigger.point !== event.point) continue;
      // A trigger aimed at given nodes counts only what happens on them.
      if (trigger.nodes.length > 0 && !trigger.nodes.includes(node)) continue;
      const count = (this.triggerCounts.get(trigger.id) ?? 0) + 1;
      this.triggerCounts.set(trigger.id, count);
      if (count !== trigger.nth) continue;
      const endMs = Math.min(this.config.phases.faultEndMs, nowMs + trigger.durationMs);
      const fault: ResolvedFault = {
        id: trigger.id,
        kind: 'crash',
        nodes: trigger.nodes.length > 0 ? trigger.nodes : [node],
        startMs: nowMs,
        endMs,
        triggeredBy: describeTrigger(trigger),
      };
      this.timeline.add(fault);
      for (const crashed of fault.kind === 'crash' ? fault.nodes : []) this.detector?.replan(crashed, nowMs);
      this.postOffice?.post(this.postOffice.driverId, { type: 'fault-fired', fault }, nowMs, `fault:${fault.id}`);
    }
  }

  private assertCallerOnNode(caller: Caller, node: string): void {
    if (caller.node !== node)
      throw new Error(`world: ${caller.component} runs on ${caller.node} but acted for node ${node}`);
  }
}
