/**
 * The progress display while strategies run: simulated time, jobs done of total, faults
 * active. A live bar on a terminal; one line per strategy otherwise (CI logs, pipes).
 */
import { SingleBar } from 'cli-progress';
import type { ResolvedConfig } from '../../simulator/config.js';
import { formatClockMs } from '../../simulator/time.js';
import type { WorldProgress } from '../../simulator/world/world.js';

export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private readonly live: boolean;

  constructor(private readonly enabled: boolean) {
    this.live = enabled && Boolean(process.stderr.isTTY);
  }

  start(strategy: string, config: ResolvedConfig): void {
    if (!this.enabled) return;
    if (!this.live) {
      process.stderr.write(`running ${strategy}...\n`);
      return;
    }
    this.bar = new SingleBar({
      stream: process.stderr,
      format: `${strategy.padEnd(12)} {bar} {clock} / {end} sim | jobs {jobs}/{total} | faults: {faults}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(config.phases.endMs, 0, { clock: formatClockMs(0), end: formatClockMs(config.phases.endMs), jobs: 0, total: config.workload.jobs.length, faults: 'none' });
  }

  update(progress: WorldProgress): void {
    this.bar?.update(progress.nowMs, {
      clock: formatClockMs(progress.nowMs),
      jobs: progress.jobsCompleted,
      total: progress.jobsTotal,
      faults: progress.activeFaults.length === 0 ? 'none' : progress.activeFaults.join(', '),
    });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
