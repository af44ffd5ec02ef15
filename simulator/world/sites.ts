/**
 * Compute sites (CLOUD, HPC, VM): a submission is a side effect — a job appears in the site's
 * queue and will run there, whether or not the submitter lives to hear about it. A second
 * submission of the same task is a second job, which takes a slot like any other.
 *
 * Each site runs at most `capacity` jobs at once, first come first served; a job may start
 * after its queue wait, once a slot is free, and runs for the job type's run time. Slow-site
 * faults stretch both; a site outage refuses submissions and polls (jobs already there go on).
 */
import type { ResolvedConfig } from '../scenario/config.js';
import type { SiteSpec } from '../scenario/model.js';
import { stream } from '../base/random.js';
import { sampleDurationMs } from '../scenario/distributions.js';
import type { FaultTimeline } from './timeline.js';

export interface SiteJob {
  readonly id: string;
  readonly site: string;
  readonly job: string;
  readonly task: string;
  readonly submittedAtMs: number;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
}

export type SubmitResult =
  | {
      readonly accepted: true;
      readonly siteJob: SiteJob;
      /** An idempotent resubmission: the existing job, no new one. */ readonly reused: boolean;
    }
  | { readonly accepted: false; readonly reason: string };

export interface Fence {
  /** The lease the submitter holds; tokens only grow. */
  readonly token: number;
}

/** Consecutive failed polls after which a monitor gives up (the 2017 JobMonitor gave up after 10 refusals). */
export const POLL_FAILURES_BEFORE_GIVING_UP = 3;

export type MonitorResult =
  | { readonly outcome: 'ok'; readonly durationMs: number; readonly siteJob: string }
  | { readonly outcome: 'retryable'; readonly durationMs: number; readonly reason: string; readonly siteJob?: string }
  | { readonly outcome: 'fatal'; readonly durationMs: number; readonly reason: string };

export class Sites {
  private readonly specs: ReadonlyMap<string, SiteSpec>;
  /** Per site: when each of its slots is next free. */
  private readonly slotsFreeAtMs = new Map<string, number[]>();
  private readonly jobsByJob = new Map<string, SiteJob[]>();
  private readonly highestFence = new Map<string, number>();
  private readonly byIdempotencyKey = new Map<string, SiteJob>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: ResolvedConfig,
    private readonly timeline: FaultTimeline,
  ) {
    this.specs = new Map(config.sites.map((site) => [site.id, site]));
  }

  private spec(site: string): SiteSpec {
    const spec = this.specs.get(site);
    if (!spec) throw new Error(`sites: unknown site ${site}`);
    return spec;
  }

  /** Submits a job for `task` of `job`. Refused when the site is out, or the fencing token is stale. */
  submit(
    siteId: string,
    job: string,
    jobType: string,
    task: string,
    nowMs: number,
    fence?: Fence,
    idempotencyKey?: string,
  ): SubmitResult {
    const site = this.spec(siteId);
    if (this.timeline.siteDown(siteId, nowMs)) return { accepted: false, reason: 'site unreachable' };
    const known = idempotencyKey === undefined ? undefined : this.byIdempotencyKey.get(`${siteId}|${idempotencyKey}`);
    const fenceKey = `${job}/${task}`;
    if (fence) {
      const highest = this.highestFence.get(fenceKey) ?? Number.NEGATIVE_INFINITY;
      if (fence.token < highest) return { accepted: false, reason: `stale fencing token ${fence.token} < ${highest}` };
      this.highestFence.set(fenceKey, fence.token);
    }
    if (known) return { accepted: true, siteJob: known, reused: true };
    const count = (this.counts.get(siteId) ?? 0) + 1;
    this.counts.set(siteId, count);
    const submissions = this.jobsByJob.get(job) ?? [];
    const slow = this.timeline.siteSlowFactor(siteId, nowMs);
    const queueWaitMs = sampleDurationMs(site.queueWait, stream(this.config.seed, 'site-queue', siteId, count)) * slow;
    const type = this.config.workload.jobTypes[jobType];
    if (!type) throw new Error(`sites: unknown job type ${jobType}`);
    const runtimeMs =
      sampleDurationMs(type.runtime, stream(this.config.seed, 'site-runtime', job, submissions.length), 1) * slow;
    const slots = this.slotsFreeAtMs.get(siteId) ?? Array.from({ length: site.capacity }, () => 0);
    const slot = slots.indexOf(Math.min(...slots));
    const startsAtMs = Math.round(Math.max(nowMs + queueWaitMs, slots[slot] ?? 0));
    const endsAtMs = Math.round(startsAtMs + runtimeMs);
    slots[slot] = endsAtMs;
    this.slotsFreeAtMs.set(siteId, slots);
    const siteJob: SiteJob = {
      id: `${siteId}#${count}`,
      site: siteId,
      job,
      task,
      submittedAtMs: nowMs,
      startsAtMs,
      endsAtMs,
    };
    submissions.push(siteJob);
    this.jobsByJob.set(job, submissions);
    if (idempotencyKey !== undefined) this.byIdempotencyKey.set(`${siteId}|${idempotencyKey}`, siteJob);
    return { accepted: true, siteJob, reused: false };
  }

  /** Site jobs created for `job`, in submission order. */
  jobsOf(job: string): readonly SiteJob[] {
    return this.jobsByJob.get(job) ?? [];
  }

  /**
   * A monitoring task started at `nowMs` polls the job's latest site job every `pollMs` until it
   * has ended. Returns when the task ends and how. No site job: NOT_FOUND (fatal), as the 2017
   * code answered for HPC. The site unreachable at several polls in a row: the monitor gives up
   * (retryable), though the job may well finish there — status divergence.
   */
  monitor(siteId: string, job: string, nowMs: number, pollMs: (poll: number) => number): MonitorResult {
    const submitted = this.jobsOf(job).filter((siteJob) => siteJob.site === siteId && siteJob.submittedAtMs <= nowMs);
    const latest = submitted[submitted.length - 1];
    const firstPollMs = pollMs(0);
    if (!latest) return { outcome: 'fatal', durationMs: firstPollMs, reason: 'NOT_FOUND: no job at the site' };
    let atMs = nowMs;
    let failures = 0;
    for (let poll = 0; poll < 1_000_000; poll++) {
      atMs += pollMs(poll);
      if (this.timeline.siteDown(siteId, atMs)) {
        failures++;
        if (failures >= POLL_FAILURES_BEFORE_GIVING_UP)
          return {
            outcome: 'retryable',
            durationMs: atMs - nowMs,
            reason: 'site unreachable while monitoring',
            siteJob: latest.id,
          };
        continue;
      }
      failures = 0;
      if (atMs >= latest.endsAtMs) return { outcome: 'ok', durationMs: atMs - nowMs, siteJob: latest.id };
    }
    throw new Error('sites: monitoring never ended');
  }
}
