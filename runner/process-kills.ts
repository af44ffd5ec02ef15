/**
 * The scenario's process kills (`processKills`): faultline's own worker process or Temporal
 * server killed with SIGKILL at a simulated time, and replaced. They are not world faults: the
 * world never hears of them, and the run's history, ledger and results must come out byte for
 * byte as without them. What they cost (recovery time, repeated requests) goes under `wall`.
 *
 * A kill fires in the commit of the first step at or after its time, once the scheduler has
 * applied the commit: a worker kill drops the commit's answer (the worker is gone before it
 * arrives), so the replay on the next worker must repeat the step and get the same answers; a
 * server kill restarts the server before the answer goes out.
 */
import type { ResolvedProcessKill } from '../simulator/scenario/config.js';
import type { ProcessKillReport, ProcessKillsWall } from '../results/run.js';
import type { SimulationActivities } from '../simulator/temporal/activities.js';
import type { Scheduler } from '../simulator/scheduler/scheduler.js';

/** How the runner kills and restarts its processes. */
export interface KillActions {
  /** SIGKILL the worker process and start another. */
  killWorker(): Promise<void>;
  /** SIGKILL the Temporal server and start it again on its database (dev server only). */
  killServer?(): Promise<void>;
  /** Told as a kill begins. */
  onKill?(kill: ResolvedProcessKill & { readonly firedAtMs: number }): void;
}

interface Measuring {
  readonly report: Omit<ProcessKillReport, 'recoveryMs' | 'repeatedRequests'>;
  readonly killedAt: number;
  readonly stepsAtKill: number;
  readonly repeatedAtKill: number;
  recoveryMs: number | null;
}

export class ProcessKiller {
  private next = 0;
  private readonly done: Measuring[] = [];
  private readonly watch: ReturnType<typeof setInterval>;

  constructor(
    private readonly kills: readonly ResolvedProcessKill[],
    private readonly scheduler: Scheduler,
    private readonly actions: KillActions,
  ) {
    // Recovery: the first step granted after a kill. Polled, as the grant happens in the scheduler.
    this.watch = setInterval(() => this.noteRecoveries(), 20);
  }

  /** The activities with the kills fired in their commits. */
  wrap(activities: SimulationActivities): SimulationActivities {
    return {
      ...activities,
      simCommit: async (request) => {
        const response = await activities.simCommit(request);
        await this.fireDue(request.nowMs);
        return response;
      },
    };
  }

  /** A sentence for a stall message: the last kill, if the run stalled after one. */
  lastKill(): string {
    const last = this.done.at(-1);
    if (!last) return '';
    return ` The last process kill (${last.report.kind} at ${last.report.firedAtMs} ms simulated) ${
      last.recoveryMs === null ? 'never recovered' : `recovered in ${last.recoveryMs} ms`
    }.`;
  }

  stop(): ProcessKillsWall {
    clearInterval(this.watch);
    this.noteRecoveries();
    const kills = this.done.map((measured, index): ProcessKillReport => {
      const repeatedUntil = this.done[index + 1]?.repeatedAtKill ?? this.scheduler.repeatedRequests;
      return {
        ...measured.report,
        recoveryMs: measured.recoveryMs,
        repeatedRequests: repeatedUntil - measured.repeatedAtKill,
      };
    });
    return {
      kills,
      totalRecoveryMs: kills.reduce((total, kill) => total + (kill.recoveryMs ?? 0), 0),
      repeatedRequests: kills.reduce((total, kill) => total + kill.repeatedRequests, 0),
      historyEventsToReplay: kills.reduce((total, kill) => total + (kill.historyEventsToReplay ?? 0), 0),
    };
  }

  private async fireDue(nowMs: number): Promise<void> {
    for (;;) {
      const kill = this.kills[this.next];
      if (!kill || kill.atMs > nowMs) return;
      this.next++;
      const killedAt = Date.now();
      const measuring: Measuring = {
        report: {
          kind: kill.kind,
          atMs: kill.atMs,
          firedAtMs: nowMs,
          restartMs: 0,
          historyEventsToReplay: kill.kind === 'worker-process-kill' ? this.scheduler.liveRunHistoryEvents() : null,
        },
        killedAt,
        stepsAtKill: this.scheduler.steps,
        repeatedAtKill: this.scheduler.repeatedRequests,
        recoveryMs: null,
      };
      this.actions.onKill?.({ ...kill, firedAtMs: nowMs });
      if (kill.kind === 'worker-process-kill') await this.actions.killWorker();
      else if (this.actions.killServer) await this.actions.killServer();
      else throw new Error('server-kill needs the dev server (--server dev)');
      this.done.push({ ...measuring, report: { ...measuring.report, restartMs: Date.now() - killedAt } });
    }
  }

  private noteRecoveries(): void {
    for (const measured of this.done) {
      if (measured.recoveryMs === null && this.scheduler.steps > measured.stepsAtKill)
        measured.recoveryMs = Date.now() - measured.killedAt;
    }
  }
}
