/**
 * The progress display while strategies run: which strategy of how many, simulated time out of
 * the run's length, jobs done out of the scenario's jobs, the faults active, and an estimate of
 * the wall time left for this strategy (from the simulated time covered so far). A live bar on a
 * terminal; without one (CI logs, pipes, `--no-progress`) a line when a strategy starts and then
 * at least every 30 s, so that a long run is never silent for minutes.
 */
import { SingleBar } from 'cli-progress';
import type { ResolvedConfig } from '../../simulator/scenario/config.js';
import { formatClockMs, formatDurationMs } from '../../simulator/base/time.js';
import type { WorldProgress } from '../../simulator/world/world.js';

/** Without a live bar, a progress line at least this often (wall ms). */
export const QUIET_LINE_EVERY_MS = 30_000;

interface Running {
  readonly label: string;
  readonly endMs: number;
  readonly startedAt: number;
  lastLineAt: number;
}

export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private running: Running | undefined;
  private readonly live: boolean;

  /** `live`: a bar that redraws in place (a terminal, unless --no-progress); otherwise lines. */
  constructor(
    live: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.live = live && Boolean(process.stderr.isTTY);
  }

  start(strategy: string, config: ResolvedConfig, index = 0, count = 1): void {
    const label = count > 1 ? `${strategy} (${index + 1}/${count})` : strategy;
    const startedAt = this.now();
    this.running = { label, endMs: config.phases.endMs, startedAt, lastLineAt: startedAt };
    const jobsTotal = config.workload.jobs.length;
    if (!this.live) {
      process.stderr.write(
        `running ${label}: ${jobsTotal} jobs over ${formatDurationMs(config.phases.endMs)} simulated\n`,
      );
      return;
    }
    this.bar = new SingleBar({
      stream: process.stderr,
      format: `${label.padEnd(22)} {bar} {clock} / {end} sim | jobs {jobs}/{jobsTotal} | left ≈ {left} | faults: {faults}`,
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
    });
    this.bar.start(config.phases.endMs, 0, {
      clock: formatClockMs(0),
      end: formatClockMs(config.phases.endMs),
      jobs: 0,
      jobsTotal,
      left: '?',
      faults: 'none',
    });
  }

  update(progress: WorldProgress): void {
    const running = this.running;
    if (!running) return;
    const faults = progress.activeFaults.length === 0 ? 'none' : progress.activeFaults.join(', ');
    const left = this.timeLeft(running, progress.nowMs);
    if (this.bar) {
      this.bar.update(progress.nowMs, {
        clock: formatClockMs(progress.nowMs),
        jobs: progress.jobsCompleted,
        jobsTotal: progress.jobsTotal,
        left,
        faults,
      });
      return;
    }
    const now = this.now();
    if (now - running.lastLineAt < QUIET_LINE_EVERY_MS) return;
    running.lastLineAt = now;
    const percent = Math.floor((100 * progress.nowMs) / Math.max(1, running.endMs));
    process.stderr.write(
      `  ${running.label}: ${formatClockMs(progress.nowMs)} of ${formatClockMs(running.endMs)} simulated (${percent}%), jobs ${progress.jobsCompleted}/${progress.jobsTotal}, about ${left} left; faults: ${faults}\n`,
    );
  }

  /** A line about the run (a process kill), above the bar if there is one (it redraws on its next update). */
  note(line: string): void {
    process.stderr.write(this.bar ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.running = undefined;
  }

  /** Wall time left for this strategy, extrapolated from the simulated time covered so far. */
  private timeLeft(running: Running, nowMs: number): string {
    const elapsed = this.now() - running.startedAt;
    if (nowMs <= 0 || elapsed < 2_000) return '?';
    return formatDurationMs(Math.round((elapsed * (running.endMs - nowMs)) / nowMs));
  }
}
