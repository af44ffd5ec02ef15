/**
 * The Temporal work a run really did, counted from the server's histories: workflow tasks,
 * timers, local and remote activities, signals sent and received, child workflows and
 * continue-as-new, over every workflow of the run and every run of each (continue-as-new chains
 * are followed back to their first run).
 */
import type { Client } from '@temporalio/client';
import type proto from '@temporalio/proto';

export interface TemporalCensus {
  readonly workflows: number;
  readonly runs: number;
  readonly events: number;
  readonly workflowTasks: number;
  readonly timers: number;
  /** Timers cancelled (`TimerCanceled`): the kernel never cancels one (see `WakeTimers` in run-component.ts). */
  readonly timersCancelled: number;
  readonly localActivities: number;
  readonly activities: number;
  readonly signalsSent: number;
  readonly signalsReceived: number;
  readonly children: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function countEvents(
  census: Mutable<TemporalCensus>,
  events: readonly proto.temporal.api.history.v1.IHistoryEvent[],
): void {
  census.events += events.length;
  for (const event of events) {
    if (event.workflowTaskCompletedEventAttributes) census.workflowTasks++;
    else if (event.timerStartedEventAttributes) census.timers++;
    else if (event.timerCanceledEventAttributes) census.timersCancelled++;
    else if (event.markerRecordedEventAttributes) census.localActivities++;
    else if (event.activityTaskScheduledEventAttributes) census.activities++;
    else if (event.signalExternalWorkflowExecutionInitiatedEventAttributes) census.signalsSent++;
    else if (event.workflowExecutionSignaledEventAttributes) census.signalsReceived++;
    else if (event.startChildWorkflowExecutionInitiatedEventAttributes) census.children++;
  }
}

export async function temporalCensus(client: Client, workflowIds: readonly string[]): Promise<TemporalCensus> {
  const census: Mutable<TemporalCensus> = {
    workflows: 0,
    runs: 0,
    events: 0,
    workflowTasks: 0,
    timers: 0,
    timersCancelled: 0,
    localActivities: 0,
    activities: 0,
    signalsSent: 0,
    signalsReceived: 0,
    children: 0,
  };
  for (const workflowId of workflowIds) {
    census.workflows++;
    let runId: string | undefined;
    for (;;) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      const events = history.events ?? [];
      census.runs++;
      countEvents(census, events);
      const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
      if (!previous) break;
      runId = previous;
    }
  }
  return census;
}

/** Each count divided by `jobs`. */
export function perJob(census: TemporalCensus, jobs: number): Record<keyof TemporalCensus, number> {
  return Object.fromEntries(Object.entries(census).map(([key, value]) => [key, value / jobs])) as Record<
    keyof TemporalCensus,
    number
  >;
}
