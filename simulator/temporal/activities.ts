/**
 * The activities every component calls: the boundary between Temporal workflows (the control
 * plane) and the world (the data plane). They answer within milliseconds of wall time — the
 * time-skipping server's clock cannot jump while one is outstanding — and faults enter the run
 * only here, through the world's answers. Registered as local activities by the runner.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  CallRequest,
  CommitRequest,
  CommitResponse,
  ComponentStart,
  Doorbell,
  DueRequest,
  DueResponse,
} from '../kernel/protocol.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import { SimulationAborted } from '../base/aborted.js';
import type { CallOutcome } from '../kernel/calls.js';

export interface AbortRequest {
  readonly componentId: string;
  readonly message: string;
  readonly stack?: string;
}

export interface SimulationActivities {
  simDue(request: DueRequest): Promise<DueResponse>;
  simCall(request: CallRequest): Promise<CallOutcome>;
  simCommit(request: CommitRequest): Promise<CommitResponse>;
  /** A component's handler threw: the run is broken and must stop. */
  simAbort(request: AbortRequest): Promise<void>;
}

/** Starts a component's workflow (with the runner's client, on the run's task queue). */
export type StartComponent = (workflowType: string, workflowId: string, start: ComponentStart) => Promise<void>;

/**
 * Rings a component's doorbell from the runner (a signal sent with its client; a finished workflow is fine), so that
 * the committing workflow need not: a signal a workflow sends costs it a workflow task more, when the server reports
 * the signal delivered.
 */
export type RingDoorbell = (doorbell: Doorbell) => Promise<void>;

export function createSimulationActivities(
  scheduler: Scheduler,
  onFatal: (error: SimulationAborted) => void,
  startComponent: StartComponent,
  ringDoorbell?: RingDoorbell,
): SimulationActivities {
  /** Reports a failure that breaks the run and returns the activity failure to throw. */
  const guardFailure = (componentId: string, what: string, error: unknown): ApplicationFailure => {
    const message = `${what} for ${componentId} failed: ${(error as Error).stack ?? String(error)}`;
    onFatal(new SimulationAborted(message, componentId));
    return ApplicationFailure.nonRetryable(message, 'SimulationAborted');
  };
  const guard = <T>(componentId: string, what: string, body: () => T): T => {
    try {
      return body();
    } catch (error) {
      throw guardFailure(componentId, what, error);
    }
  };
  return {
    async simDue(request) {
      return guard(request.componentId, 'due', () => scheduler.due(request));
    },
    async simCall(request) {
      return guard(request.componentId, `world call ${request.call.op}`, () => scheduler.call(request));
    },
    async simCommit(request) {
      const response = guard(request.componentId, 'commit', () => scheduler.commit(request));
      // Spawned components are started here rather than as the committer's children (see
      // CommitRequest.spawnOrigin), before the commit answers, so that the clock cannot skip
      // past their start.
      for (const spawn of request.spawns) {
        const spawned = response.spawned.find((candidate) => candidate.componentId === spawn.componentId);
        if (!spawned)
          throw guardFailure(
            request.componentId,
            'commit',
            new Error(`the scheduler did not register ${spawn.componentId}`),
          );
        if (spawned.existing) continue;
        if (!request.spawnOrigin)
          throw guardFailure(request.componentId, 'commit', new Error('spawns without a spawnOrigin'));
        const start: ComponentStart = {
          ...request.spawnOrigin,
          componentId: spawn.componentId,
          node: spawn.node,
          startAtMs: request.nowMs + 1,
          input: spawn.input,
        };
        try {
          await startComponent(spawn.workflowType, spawned.workflowId, start);
        } catch (error) {
          throw guardFailure(request.componentId, `starting ${spawn.componentId}`, error);
        }
      }
      if (!ringDoorbell) return response;
      try {
        await Promise.all(response.doorbells.map(ringDoorbell));
      } catch (error) {
        throw guardFailure(request.componentId, 'ringing a doorbell', error);
      }
      return { ...response, doorbells: [] };
    },
    async simAbort(request) {
      onFatal(
        new SimulationAborted(
          `component ${request.componentId} failed: ${request.stack ?? request.message}`,
          request.componentId,
        ),
      );
    },
  };
}
